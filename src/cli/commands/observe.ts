/** `qsize observe --url URL`: read a running cluster (read-only), compare qsize's prediction with it, plan the next step. */
import type { Argv, CommandModule } from 'yargs';
import { QsizeInputError } from '../../errors.js';
import { parseBytes } from '../../spec/units.js';
import { constraintOptions, currencyOption, numberFlag, outputOption, pathFlag } from '../flags.js';
import { emitOptions } from './emit.js';
import type { Args } from './shared.js';

const OBSERVE = 'Cluster to read:';
const NEXT = 'Next step:';

function memoryLimit(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = parseBytes(String(raw));
  if (!Number.isFinite(n) || n <= 0 || n > 1024 ** 5) throw new QsizeInputError('--memory-limit', String(raw), 'a memory size such as 16Gi or 64GB');
  return n;
}

export const observeOptions = {
  url: { type: 'string', array: true, group: OBSERVE, describe: 'REST URL of a peer (repeat for each peer; others are found through GET /cluster where their address can be derived)', requiresArg: true },
  from: { type: 'string', group: OBSERVE, describe: 'Replay a recording saved with --record instead of asking a cluster', requiresArg: true, coerce: pathFlag('from', 'a JSON recording written by qsize observe --record') },
  record: { type: 'string', group: OBSERVE, describe: 'Save the raw replies to this JSON file (no API key in it)', requiresArg: true, coerce: pathFlag('record', 'a file to save the recording to') },
  'api-key-file': { type: 'string', group: OBSERVE, describe: 'File holding the API key (else the QDRANT_API_KEY environment variable; never a flag value)', requiresArg: true, coerce: pathFlag('api-key-file', 'a file holding the API key') },
  cacert: { type: 'string', group: OBSERVE, describe: 'PEM CA bundle for https peers', requiresArg: true, coerce: pathFlag('cacert', 'a PEM CA bundle file') },
  timeout: { type: 'string', group: OBSERVE, describe: 'Seconds per request (default 10)', requiresArg: true, coerce: numberFlag('timeout', 0.1, 600) },
  retries: { type: 'string', group: OBSERVE, describe: 'Extra attempts after a failure or 5xx (default 2)', requiresArg: true, coerce: numberFlag('retries', 0, 10, true) },
  collection: { type: 'string', array: true, group: OBSERVE, describe: 'Only these collections (default: all)', requiresArg: true },
  sample: { type: 'boolean', group: OBSERVE, default: true, describe: 'Read 256 points per collection to measure payload and vector averages (--no-sample: do not)' },
  'memory-limit': { type: 'string', group: OBSERVE, describe: 'Memory limit per peer when the server reports none (16Gi)', requiresArg: true, coerce: memoryLimit },
  'ram-ceiling': { ...constraintOptions['ram-ceiling'], group: OBSERVE },
  writes: { ...constraintOptions.writes, group: OBSERVE, describe: 'Points written per second to each collection, sustained (2k accepted): the prediction\'s WAL holds a flush interval of them beyond its full segments, and with --growth the runway does too and the re-plan sizes their CPU (the API reports no write rate)' },
  zones: { ...constraintOptions.zones, group: OBSERVE, describe: 'Availability zones the peers spread over: whether losing one leaves a live replica of every shard (live replicas > ceil(peers / zones)); with --growth the re-plan survives it too (default 1, no zone check)' },
  'spec-out': { type: 'string', group: OBSERVE, describe: 'Write each collection\'s recovered spec to DIR/<collection>.yaml', requiresArg: true, coerce: pathFlag('spec-out', 'a folder to write the recovered specs into') },
  growth: { ...constraintOptions.growth, group: NEXT, describe: 'Points added per month to each collection: runway per peer, shard-count limit and a re-plan' },
  horizon: { ...constraintOptions.horizon, group: NEXT },
  currency: { ...currencyOption.currency, group: NEXT, describe: `With --growth: the re-plan's cost in this currency. ${currencyOption.currency.describe}` },
  emit: { type: 'string', group: NEXT, describe: 'With --growth: write the re-plan\'s files to DIR/<collection>/', requiresArg: true, coerce: pathFlag('emit', "a folder to write the re-plan's files into") },
  force: emitOptions.force,
  target: { ...emitOptions.target, group: NEXT },
  'customer-id': { ...emitOptions['customer-id'], group: NEXT },
  namespace: { ...emitOptions.namespace, group: NEXT },
  'api-key-secret': { ...emitOptions['api-key-secret'], group: NEXT },
  'tls-secret': { ...emitOptions['tls-secret'], group: NEXT },
  'storage-class': { ...emitOptions['storage-class'], group: NEXT },
} as const;

export const observeFlags = { ...observeOptions, ...outputOption };

export const observeCommand: CommandModule<object, Args> = {
  command: 'observe',
  describe: 'Read a running Qdrant cluster: recovered spec, shard placement, predicted vs measured memory and disk, growth runway',
  builder: (y: Argv) =>
    y
      .options(observeFlags)
      .example('$0 observe --url http://localhost:6333', 'What runs there, where every shard replica is, and how right qsize is about it')
      .example('QDRANT_API_KEY=... $0 observe --url https://qdrant-0:6333 --cacert ca.pem -o json', 'With an API key (from the environment) and TLS')
      .example('$0 observe --url http://q0:6333 --growth 2M --memory-limit 32Gi --emit next/', 'When do the peers fill up at 2M points a month, and the files for the next layout')
      .example('$0 observe --url http://q0:6333 --zones 3', 'Would every shard keep a live replica if one of 3 zones went down?') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { runObserve } = await import('../render/observe.js');
    await runObserve(argv);
  },
};
