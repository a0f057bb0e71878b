/** `qsize emit --target helm --out DIR`: writes the deployment files for the recommended plan. */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, currencyOption, outputOption, workloadOptions } from '../flags.js';
import { emitOptions, TARGETS, type Target } from '../emit-options.js';
import type { Args } from './shared.js';

export { emitOptions, TARGETS, type Target };

export const emitFlags = { ...emitOptions, ...workloadOptions, ...constraintOptions, ...outputOption, ...currencyOption };

export const emitCommand: CommandModule<object, Args> = {
  command: 'emit',
  describe: 'Write the deployment files (Helm values, QdrantCluster, KubeBlocks, collection request, NetworkPolicy)',
  builder: (y: Argv) =>
    y
      .options(emitFlags)
      .example('$0 emit --vectors 100M --dim 768 --target helm --out deploy/', 'Helm values for the recommended plan')
      .example('$0 emit --spec plan.yaml --target all --out deploy/ --customer-id acme --force', 'Every file, replacing what is there')
      .example('$0 emit --vectors 10M --dim 768 --region uaenorth --currency AED --out deploy/', "The README's cost lines in UAE dirham") as unknown as Argv<Args>,
  handler: async (argv) => {
    const { runEmit } = await import('../render/emit.js');
    await runEmit(argv);
  },
};
