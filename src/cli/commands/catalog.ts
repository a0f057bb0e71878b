/** `qsize catalog`: the instance catalog with its date and sources, filtered. */
import type { Argv, CommandModule } from 'yargs';
import { QsizeInputError } from '../../errors.js';
import { formatSizeExact, parseBytes } from '../../spec/units.js';

/** 1 PiB: past any instance in the catalogs (the largest hold a few TiB); qsize's own bound on the filter. */
const MAX_MIN_MEMORY_BYTES = 1024 ** 5;
import { CLOUDS, lower, numberFlag, outputOption } from '../flags.js';
import { emitResult, type Args } from './shared.js';

const ARCHES = ['amd64', 'arm64'] as const;

/**
 * `--min-memory` in bytes, the one reading of the flag: the option keeps the text as given (so a message that names the
 * flag, `catalog --regions --min-memory 1Ti`, shows `1Ti`, not 1099511627776), checked here when parsed, and the listing
 * (render/catalog.ts) reads the bytes through this same function.
 */
export function minMemoryBytes(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new QsizeInputError('--min-memory', raw.map(String).join(' '), 'one value (the flag was given more than once)');
  const text = String(raw);
  const n = parseBytes(text);
  if (!Number.isFinite(n)) throw new QsizeInputError('--min-memory', text, 'a memory size such as 64Gi or 512GB');
  if (n < 0 || n > MAX_MIN_MEMORY_BYTES) throw new QsizeInputError('--min-memory', text, `a memory size from 0 to ${formatSizeExact(MAX_MIN_MEMORY_BYTES)}`);
  return n;
}

const minMemory = (raw: unknown): string | undefined => (minMemoryBytes(raw) === undefined ? undefined : String(raw));

const list = (flag: string) => (raw: unknown) => {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim());
  if (values.some((v) => v === '')) throw new QsizeInputError(`--${flag}`, String(raw), 'names, comma-separated');
  return values;
};

export const catalogOptions = {
  cloud: { choices: CLOUDS, describe: 'Only this cloud', requiresArg: true, coerce: lower('cloud') },
  region: { type: 'string', describe: 'Only this region', requiresArg: true },
  family: { type: 'string', array: true, describe: 'Only these families (r6i,n2-highmem)', requiresArg: true, coerce: list('family') },
  gpu: { type: 'boolean', describe: 'GPU instances only (--no-gpu: CPU only)' },
  arch: { choices: ARCHES, describe: 'Only this CPU architecture', requiresArg: true, coerce: lower('arch') },
  'min-memory': { type: 'string', describe: 'At least this much memory (64Gi)', requiresArg: true, coerce: minMemory },
  'min-vcpus': { type: 'string', describe: 'At least this many vCPUs', requiresArg: true, coerce: numberFlag('min-vcpus', 0, 10_000, true) },
  'include-unverified': { type: 'boolean', describe: 'Include rows the sources mark as unverified' },
  regions: { type: 'boolean', describe: 'List the priced regions (and what each lacks)' },
} as const;

export const catalogFlags = { ...catalogOptions, ...outputOption };

export const catalogCommand: CommandModule<object, Args> = {
  command: 'catalog',
  describe: 'List the instance catalog (prices, specs) with its date and sources',
  builder: (y: Argv) =>
    y
      .options(catalogFlags)
      .example('$0 catalog --cloud aws --min-memory 64Gi', 'AWS instances with at least 64 GiB of memory, cheapest first')
      .example('$0 catalog --gpu --output csv', 'GPU instances as CSV')
      .example('$0 catalog --regions --cloud gcp', 'GCP regions with prices, and the families each lacks')
      .example('$0 catalog --region me-central1', 'Instances priced in GCP me-central1 (Doha)') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { catalogResult } = await import('../render/catalog.js');
    if (argv['regions'] !== true && typeof argv['region'] !== 'string') return emitResult(argv, catalogResult(argv));
    // --regions lists every priced region of each cloud: only --cloud narrows it. A filter beside it was dropped
    // without a word (`catalog --regions --region uaenorth` or `--family n2-highmem` listed everything): refused.
    if (argv['regions'] === true) {
      const ignored = ['region', 'family', 'gpu', 'arch', 'min-memory', 'min-vcpus', 'include-unverified'].find((k) => argv[k] !== undefined);
      if (ignored !== undefined) {
        const value = argv[ignored];
        throw new QsizeInputError(`--${ignored}`, Array.isArray(value) ? value.join(',') : value, 'no such filter beside --regions (it lists every priced region of each cloud and the families each lacks; only --cloud narrows it)');
      }
    }
    // Only a region question loads the regional tables; their staleness goes to stderr.
    const { findInRegion, regionsResult, regionWarnings } = await import('../render/regions.js');
    const result = argv['regions'] === true ? regionsResult(argv) : catalogResult(argv, findInRegion);
    await emitResult(argv, result, regionWarnings(new Date()));
  },
};
