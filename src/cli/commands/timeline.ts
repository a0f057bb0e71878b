/** `qsize timeline --vectors 10M --dim 768 --growth 2M`: the plan's cluster month by month over the growth horizon. */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, currencyOption, outputOption, workloadOptions } from '../flags.js';
import { emitResult, quotedPlan, type Args } from './shared.js';

export const timelineFlags = { ...workloadOptions, ...constraintOptions, ...outputOption, ...currencyOption };

export const timelineCommand: CommandModule<object, Args> = {
  command: 'timeline',
  describe: 'Growth month by month: points, peers, node type and cost per month, when peers are added, and the shard-count limit',
  builder: (y: Argv) =>
    y
      .options(timelineFlags)
      .example('$0 timeline --vectors 10M --dim 768 --growth 2M', 'The next 12 months at 2M points a month')
      .example('$0 timeline --vectors 50M --dim 1024 --growth 5M --horizon 24 -o csv', 'Two years, one CSV row per month')
      .example('$0 timeline --vectors 10M --dim 768 --growth 2M --region me-central1 --currency AED', 'In GCP Doha, in UAE dirham') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { timelineResult } = await import('../render/timeline.js');
    const { plan, view, warnings } = await quotedPlan(argv, { maxAlternatives: 0 });
    await emitResult(argv, timelineResult(plan, view), warnings);
  },
};
