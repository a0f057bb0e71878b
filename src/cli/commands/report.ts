/** `qsize --vectors 100M --dim 768`: the quote (topology, resources, cost, checks, alternatives). */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, currencyOption, outputOption, workloadOptions } from '../flags.js';
import { emitResult, quotedPlan, type Args } from './shared.js';

/** The flags of the default command (also the list its unknown-flag messages suggest from). */
export const reportFlags = { ...workloadOptions, ...constraintOptions, ...outputOption, ...currencyOption };

export const reportCommand: CommandModule<object, Args> = {
  command: '$0',
  describe: 'Recommend a topology for the workload and price it (the default command)',
  builder: (y: Argv) =>
    y
      .options(reportFlags)
      .example('$0 --vectors 100M --dim 768', 'What do I need for 100M 768-d vectors, and what will it cost?')
      .example('$0 --vectors 1B --dim 1536 --quantization binary-1.5 --always-ram --on-disk', 'A billion vectors: binary quantization kept in RAM, originals on disk')
      .example('$0 --vectors 50M --dim 1024 --cloud gcp --replication 3 --qps 2k', 'On GCP, three copies, 2,000 searches per second')
      .example('$0 --spec plan.yaml --output json', 'Replay a kept spec file; versioned JSON on stdout')
      .example('$0 --vectors 10M --dim 768 --region me-central1 --currency AED', 'In GCP me-central1 (Doha), priced in UAE dirham') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { recommendationResult, localCurrency } = await import('../render/plan.js');
    const { plan, view, warnings } = await quotedPlan(argv);
    await emitResult(argv, recommendationResult(plan, view && localCurrency(view, plan)), warnings);
  },
};
