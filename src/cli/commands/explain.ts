/** `qsize explain`: every number with its formula, the substituted inputs and the source. */
import type { Argv, CommandModule } from 'yargs';
import { outputOption, workloadOptions } from '../flags.js';
import { emitResult, withInputs, type Args } from './shared.js';

export const explainCommand: CommandModule<object, Args> = {
  command: 'explain',
  describe: 'Show every number with its formula, substituted inputs and upstream source',
  builder: (y: Argv) =>
    y
      .options({ ...workloadOptions, ...outputOption })
      .example('$0 explain --vectors 10M --dim 768 --quantization scalar', 'Why does scalar quantization need this much RAM?')
      .example('$0 explain --spec plan.yaml --output csv', 'Every line item with its formula, as CSV') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { estimate } = await import('../../model/estimate.js');
    const { explainResult } = await import('../render/estimate.js');
    const e = await withInputs(argv, (workload) => estimate(workload as never));
    await emitResult(argv, explainResult(e), e.warnings);
  },
};
