import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize, STACK_LINE } from './run.js';

/** Flags and values a user might type, good and bad, including near misses and absurd sizes. */
const FLAGS = [
  '--vectors', '--points', '--dim', '--distance', '--datatype', '--quantization', '--on-disk', '--always-ram', '--m',
  '--ef-construct', '--payload-bytes', '--shards', '--replication', '--cloud', '--family', '--max-nodes', '--qps',
  '--growth', '--output', '--spec', '--dimm', '--vector', '-o', '--no-snapshots', '--node-cpus', '--id-type',
] as const;
const VALUES = [
  '100M', '1.5B', '1e15', '-5', '0', '768', '1', '65537', 'abc', '', '4Gi', '2KiB', '1.5TB', 'NaN', 'Infinity',
  'scalar', 'pq-x3', 'binary-1.5', 'aws', 'gcp', 'json', 'csv', 'yaml', 'markdown', 'r6i', 'true', '1e308', '0.5',
] as const;
const COMMANDS = ['', 'explain', 'compare', 'catalog', 'explain', 'compare quantization', 'nonsense'] as const;

const argList = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(fc.constantFrom(...VALUES), { nil: undefined })), { maxLength: 6 }),
  )
  .map(([command, pairs]) => [
    ...command.split(' ').filter((w) => w !== ''),
    ...pairs.flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value])),
  ]);

beforeAll(() => ensureBuilt(), 180_000);

describe('the command line under random arguments', () => {
  it('never crashes: exit code 0, 2 or 3, no stack trace, no NaN or Infinity on stdout', () => {
    fc.assert(
      fc.property(argList, (args) => {
        const r = qsize(args, { timeoutMs: 20_000 });
        expect([0, 2, 3], `qsize ${args.join(' ')}\n${r.stderr}`).toContain(r.status);
        expect(r.stderr).not.toMatch(STACK_LINE);
        expect(r.stdout).not.toMatch(/\bNaN\b|\bInfinity\b/);
      }),
      {
        numRuns: 60,
        examples: [
          [['--vectors', '1e15', '--dim', '768']],
          [['--dim', '0', '--vectors', '1M']],
          [['--vectors', 'Infinity', '--dim', '8']],
        ],
      },
    );
  }, 120_000);
});
