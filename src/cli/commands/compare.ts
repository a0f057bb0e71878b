/** `qsize compare quantization none scalar binary-1`: several options side by side, as one table. */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, currencyOption, outputOption, workloadOptions } from '../flags.js';
import type { Args } from './shared.js';

/** What may vary, and the values compared when none are given. */
export const COMPARE_AXES = {
  quantization: ['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4'],
  datatype: ['float32', 'float16', 'uint8'],
  m: ['8', '16', '32', '64'],
  'on-disk': ['false', 'true'],
  cloud: ['aws', 'gcp', 'azure'],
  family: [],
  replication: ['1', '2', '3'],
} as const satisfies Record<string, readonly string[]>;
export type CompareAxis = keyof typeof COMPARE_AXES;
export const AXES = Object.keys(COMPARE_AXES) as CompareAxis[];

export const compareFlags = { ...workloadOptions, ...constraintOptions, ...outputOption, ...currencyOption };

export const compareCommand: CommandModule<object, Args> = {
  command: 'compare <axis> [values..]',
  describe: 'Compare options side by side: quantization modes, datatypes, m, clouds, families, replication',
  builder: (y: Argv) =>
    y
      .positional('axis', { choices: AXES, describe: 'What to vary' })
      .positional('values', { type: 'string', array: true, describe: 'Values to compare (default: the usual ones)' })
      .options(compareFlags)
      .example('$0 compare quantization --vectors 100M --dim 768', 'RAM, disk and cost of every quantization mode')
      .example('$0 compare cloud --vectors 100M --dim 1536', 'The cheapest plan on AWS, GCP and Azure')
      .example('$0 compare replication 1 2 3 --vectors 20M --dim 1024 --output csv', 'Replication factors, as CSV')
      .example('$0 compare cloud --vectors 10M --dim 768 --currency EUR', 'The clouds side by side, in euro') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { runCompare } = await import('../render/compare.js');
    await runCompare(argv);
  },
};
