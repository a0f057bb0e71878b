/** `qsize compare quantization none scalar binary-1`: several options side by side, as one table. */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, currencyOption, DATATYPES, outputOption, workloadOptions } from '../flags.js';
import type { Args } from './shared.js';
import { QUERY_APIS } from '../../topology/throughput.js';

/**
 * What may vary, and the values compared when none are given; those the workload's Qdrant version lacks are left out
 * (src/cli/render/compare.ts, usualValues). The datatypes are the flag's own list (every one); the quantization modes
 * a usual few of --quantization's (one product-quantization ratio, every binary and TurboQuant width from 4 bits up).
 */
export const COMPARE_AXES = {
  quantization: ['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4', 'turbo-8'],
  datatype: DATATYPES,
  m: ['8', '16', '32', '64'],
  'on-disk': ['false', 'true'],
  cloud: ['aws', 'gcp', 'azure'],
  family: [],
  replication: ['1', '2', '3'],
  api: QUERY_APIS,
} as const satisfies Record<string, readonly string[]>;
export type CompareAxis = keyof typeof COMPARE_AXES;
export const AXES = Object.keys(COMPARE_AXES) as CompareAxis[];

export const compareFlags = { ...workloadOptions, ...constraintOptions, ...outputOption, ...currencyOption };

/**
 * A negative number among the values (`compare m -1`) must reach the axis's own check ("compare m: got "-1", expected a
 * whole number from 0 to 512"). yargs-parser 22 with short-option-groups off (src/cli/run.ts) reads any token that begins
 * with "-" as a flag, negative numbers included, so `-1` came out as "unknown flag -1". Before parsing, such a token in a
 * value's place (after the axis, not a flag's value) is marked with a NUL, which no argv of a real process can hold;
 * the values are read back through `compareValue`. No yargs-parser setting does it instead (checked against 22.0.0):
 * with short-option-groups off, its branch for `--flag` and `-flag` (`/^-[^-]+/`) takes `-1` before any test for a
 * negative number; `unknown-options-as-args` exempts negative numbers from being args; and turning short-option-groups
 * back on, under which `-1` is a positional, splits "-acme-" into -a -c -m -e again (src/cli/run.ts). Its own negative
 * pattern also misses `-1e3`, which this one takes.
 */
const NEGATIVE = /^-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const MARK = '\u0000';

export function markNegativeValues(args: readonly string[]): string[] {
  const at = args.indexOf('compare');
  if (at < 0) return [...args];
  const table = compareFlags as Record<string, { type?: string; array?: boolean; alias?: string }>;
  const option = (name: string) => table[name] ?? Object.values(table).find((o) => o.alias === name) ?? (name.startsWith('no-') ? table[name.slice(3)] : undefined);
  const out = args.slice(0, at + 1);
  let axis = false;
  let eats: 'none' | 'one' | 'many' = 'none';
  for (let i = at + 1; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') {
      out.push(...args.slice(i));
      break;
    }
    const negative = NEGATIVE.test(token);
    if (token.startsWith('-') && !negative) {
      // A flag: what its value takes (yargs: a string flag the next token, an array flag every token up to the next flag).
      const name = token.replace(/^-+/, '');
      const o = name.includes('=') ? undefined : option(name);
      eats = name.includes('=') || o?.type === 'boolean' || name === 'help' || name === 'h' || name === 'version' ? 'none' : o?.array ? 'many' : 'one';
      out.push(token);
      continue;
    }
    if (eats !== 'none') {
      if (eats === 'one') eats = 'none';
      out.push(token);
      continue;
    }
    if (negative && axis) out.push(`${MARK}${token}`);
    else out.push(token);
    axis = true;
  }
  return out;
}

/** A value as the user typed it (markNegativeValues undone). */
export function compareValue(raw: unknown): string {
  const text = String(raw);
  return text.startsWith(MARK) ? text.slice(MARK.length) : text;
}

export const compareCommand: CommandModule<object, Args> = {
  command: 'compare <axis> [values..]',
  describe: 'Compare options side by side: quantization modes, datatypes, m, clouds, families, replication, client API',
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
