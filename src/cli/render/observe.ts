/** `qsize observe`: record (or replay) a cluster, observe it, render the report, write specs and re-plan files. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { raftMajority } from '../../topology/raft.js';
import { describeValue, QsizeFileError, QsizeInputError, QsizeValidationError } from '../../errors.js';
import { COLLECTION_NAME, COLLECTION_NAME_RULE } from '../../emit/options.js';
import { escapeChar, jsonSyntaxProblem, printable } from '../errors.js';
import { projectGrowth, type GrowthObservation } from '../../observe/growth.js';
import { observe, type Comparison, type Observation } from '../../observe/observe.js';
import { recordingProblem, type ClusterRecording } from '../../observe/recording.js';
import { formatBytes, formatCount } from '../../spec/units.js';
import { INPUT_LIMITS } from '../../spec/limits.js';
import { fsReason, readBoundedText } from '../inputs.js';
import { cliPlanCatalog } from '../catalogs.js';
import type { Target } from '../commands/emit.js';
import { emitResult, type Args } from '../commands/shared.js';
import type { Doc } from '../doc.js';
import { loadYaml, type Row } from '../output.js';
import { decimal } from './numbers.js';
import { currencyData, currencyFromFlags, showUsd, type CurrencyView } from '../currency.js';
import { quoteStaleness } from '../staleness.js';
import { emitOptionsFromFlags } from '../emit-options.js';
import { writePlanFiles } from './emit.js';
import { pathInside } from '../write-set.js';
import { counted } from '../../util/plural.js';

/**
 * One YAML comment line: the names in it come from the cluster (collection, payload fields) or a recording, and a line
 * break in one would end the comment and write the rest into the spec as YAML. Control characters are escaped as on
 * the terminal (printable), and the line breaks it keeps there (LF, U+2028, U+2029) too.
 */
export function commentLine(text: string): string {
  return printable(text).replace(/[\n\u2028\u2029]/g, escapeChar);
}

/** A collection name as one path segment: Qdrant names may hold characters a file name should not. */
export function fileNameOf(collection: string): string {
  const safe = collection.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe;
}

/** A file a flag names, read with the size limit of its kind (src/cli/inputs.ts readBoundedText). */
function readText(flag: 'from' | 'api-key-file' | 'cacert', path: string): string {
  if (flag === 'from') return readBoundedText(path, { flag: '--from', kind: 'JSON recording', limit: INPUT_LIMITS.recordingBytes, limitName: 'the recording size limit' });
  const kind = flag === 'cacert' ? 'PEM CA bundle' : 'API key';
  return readBoundedText(path, { flag: `--${flag}`, kind, limit: INPUT_LIMITS.credentialFileBytes, limitName: `the ${kind} file size limit` });
}

/** The API key: the file named by --api-key-file, else QDRANT_API_KEY; never a flag value, never printed. */
function apiKey(argv: Args): string | undefined {
  const file = argv['api-key-file'];
  if (typeof file === 'string') {
    const key = readText('api-key-file', file).trim();
    if (key === '') throw new QsizeInputError('--api-key-file', file, 'a file holding the API key (it is empty)');
    // A key goes into the api-key header: a second line or a control character made the request fail, blamed on --url
    // ("Invalid character in header content"). Said here, without the key.
    if (/[\u0000-\u001f\u007f]/.test(key)) throw new QsizeInputError('--api-key-file', file, `a file holding the API key on one line (it has ${key.split(/\r?\n/).length > 1 ? `${key.split(/\r?\n/).length} lines` : 'a control character'}; the key is not shown)`);
    return key;
  }
  const env = process.env['QDRANT_API_KEY']?.trim();
  if (env !== undefined && /[\u0000-\u001f\u007f]/.test(env)) {
    throw new QsizeValidationError([{ field: 'QDRANT_API_KEY', message: 'expected the API key on one line, without control characters (it holds a line break or another control character; the key is not shown)' }]);
  }
  return env !== undefined && env !== '' ? env : undefined;
}

async function recording(argv: Args): Promise<ClusterRecording> {
  const urls = (argv['url'] as string[] | undefined) ?? [];
  const from = argv['from'];
  if (typeof from === 'string') {
    if (urls.length > 0) throw new QsizeInputError('--from', from, 'either --from or --url, not both');
    // --collection narrows what is asked of a cluster; a recording holds what it was recorded with, and the filter was
    // dropped without a word (`--from rec.json --collection nope` showed every collection, exit 0).
    const only = argv['collection'] as string[] | undefined;
    if (only !== undefined) {
      throw new QsizeInputError('--collection', only.join(','), 'no --collection beside --from: a recording holds the collections it was recorded with (record with --url ... --collection to narrow it)');
    }
    let data: unknown;
    try {
      data = JSON.parse(readText('from', from));
    } catch (error) {
      if (error instanceof QsizeInputError) throw error;
      throw new QsizeInputError('--from', from, `a JSON recording written by qsize observe --record (${jsonSyntaxProblem(error)})`);
    }
    const problem = recordingProblem(data);
    if (problem !== undefined) throw new QsizeInputError('--from', from, 'a recording with schemaVersion qsize.observe-recording/v1 (written by qsize observe --record)', problem);
    return data as ClusterRecording;
  }
  if (urls.length === 0) throw new QsizeInputError('--url', undefined, 'the REST URL of a Qdrant peer (e.g. --url http://localhost:6333), or --from a recording');
  const { recordCluster } = await import('../../observe/http.js');
  const key = apiKey(argv);
  const ca = typeof argv['cacert'] === 'string' ? readText('cacert', argv['cacert']) : undefined;
  const collections = argv['collection'] as string[] | undefined;
  return recordCluster({
    urls,
    ...(key !== undefined ? { apiKey: key } : {}),
    ...(ca !== undefined ? { caCert: ca } : {}),
    ...(typeof argv['timeout'] === 'number' ? { timeoutMs: argv['timeout'] * 1000 } : {}),
    ...(typeof argv['retries'] === 'number' ? { retries: argv['retries'] } : {}),
    ...(collections ? { collections } : {}),
    sample: argv['sample'] !== false,
  });
}

const bytes = (n: number) => formatBytes(n, { binary: true });
const value = (c: Comparison, n: number) => (c.unit === 'count' ? String(n) : bytes(n));
const pct = (n: number | null) => (n === null ? '-' : `${n > 0 ? '+' : ''}${decimal(n, 1, 1)}%`);
const yes = (b: boolean | null) => (b === null ? '-' : b ? 'yes' : 'no');
const short = (id: string) => id;

function comparisonRows(cs: Comparison[]): string[][] {
  return cs.map((c) => [
    c.what,
    c.measured === null ? 'not reported' : value(c, c.measured),
    value(c, c.predicted.expected),
    c.predicted.low === c.predicted.high ? '-' : `${value(c, c.predicted.low)} - ${value(c, c.predicted.high)}`,
    pct(c.errorPct),
    yes(c.inRange),
    yes(c.withinBar),
  ]);
}

function doc(o: Observation, g: GrowthObservation | undefined, written: string[], view: CurrencyView | undefined): Doc {
  const up = o.peers.filter((p) => p.status === 'up').length;
  const bar = `within ${o.accuracyBarPct}%`;
  const d: Doc = [
    { kind: 'heading', text: `qsize observe: ${counted(o.peers.length, 'peer')}, ${up} answering; Qdrant ${o.qdrantVersion ?? 'unknown'}; recorded ${o.recordedAt}` },
  ];
  if (o.findings.length > 0) d.push({ kind: 'list', items: o.findings });
  d.push({ kind: 'heading', text: 'Peers: predicted against measured' });
  d.push({
    kind: 'table',
    head: ['peer', 'status', 'replicas', 'points', 'resident measured', 'predicted', 'error', 'in range', 'segments m/p', 'memory limit', 'headroom'],
    right: [2, 3, 4, 5, 6, 9, 10],
    rows: o.peers.map((p) => {
      const r = p.comparisons.find((c) => c.what === 'resident memory');
      const s = p.comparisons.find((c) => c.what === 'segments');
      return [
        `${short(p.peerId)}${p.leader ? ' (leader)' : ''}`,
        p.status,
        String(p.shardReplicas),
        formatCount(p.points),
        r?.measured != null ? bytes(r.measured) : '-',
        r ? `${bytes(r.predicted.expected)} (${bytes(r.predicted.low)} - ${bytes(r.predicted.high)})` : '-',
        pct(r?.errorPct ?? null),
        yes(r?.inRange ?? null),
        s ? `${s.measured ?? '-'}/${s.predicted.expected}` : '-',
        p.memoryLimitBytes === null ? 'none reported' : bytes(p.memoryLimitBytes),
        p.headroomBytes === null ? '-' : bytes(p.headroomBytes),
      ];
    }),
  });
  const pc = o.peers.find((p) => p.comparisons.length > 0);
  if (pc) {
    d.push({
      kind: 'para',
      text: `Per peer, predicted at the layout the peer reports. Resident measured = RssAnon as the API shows it: the allocator's active pages (GET /metrics memory_active_bytes, re-read until steady) + 2.0 MB of non-allocator anonymous memory (measured 1.4-2.4 MB); v1.19.0 reports no process RSS. No API reveals a peer's page cache or allocated disk; predicted: ${o.peers
        .map((p) => `${short(p.peerId)} page cache ${bytes(p.comparisons.find((c) => c.what === 'page cache')?.predicted.expected ?? 0)}, disk ${bytes(p.comparisons.find((c) => c.what === 'disk')?.predicted.expected ?? 0)}`)
        .join(', ')}.`,
    });
  }
  for (const c of o.collections) {
    d.push({ kind: 'heading', text: `Collection "${c.name}": ${formatCount(c.points)} points, shard_number ${c.shardNumber}, replication_factor ${c.replicationFactor}, status ${c.status ?? 'unknown'}` });
    d.push({
      kind: 'table',
      head: ['shard', 'replicas (peer: state, points)', 'served'],
      right: [0],
      rows: c.placement.map((s) => [
        String(s.shardId),
        s.replicas.map((r) => `${short(r.peerId)}: ${r.state}${r.peerUp ? '' : ' (peer down)'}${r.points !== null ? `, ${r.points}` : ''}`).join('; '),
        s.served ? `yes (${s.activeReplicas} active)` : 'NO',
      ]),
    });
    d.push({ kind: 'kv', rows: Object.entries(c.replicasPerPeer).map(([p, n]) => [`replicas on ${short(p)}`, String(n)]) });
    d.push({ kind: 'para', text: `Predicted against measured, the whole collection (every replica), bar ${bar}:` });
    d.push({ kind: 'table', head: ['what', 'measured', 'predicted', 'range', 'error', 'in range', bar], right: [1, 2, 4], rows: comparisonRows(c.comparisons) });
    d.push({
      kind: 'para',
      text: "Disk: no v1.19.0 API reports allocated bytes (compare du of each peer's storage); file lengths is the memory report's disk_bytes, the segment files at their full length, sparse preallocated pages and chunks included. Qdrant's expected page cache is every populated file at its full length; qsize's is the bytes a search needs hot (docs/observe.md).",
    });
    d.push({ kind: 'para', text: `Recovered spec (${c.recovered.sampledPoints} points sampled; -o yaml or --spec-out DIR for the file). Assumptions:` });
    d.push({ kind: 'list', items: c.recovered.assumptions.length > 0 ? c.recovered.assumptions : ['none'] });
  }
  if (o.zones) {
    const z = o.zones;
    d.push({ kind: 'heading', text: `Losing a zone: ${counted(z.peers, 'peer')} over ${z.zones} zones, at most ceil(${z.peers}/${z.zones}) = ${z.peersPerZoneMax} in one` });
    d.push({
      kind: 'table',
      head: ['collection', 'survives', 'fewest live replicas', `shards with ≤ ${z.peersPerZoneMax} live`],
      right: [2],
      rows: z.collections.map((c) => [c.collection, c.survivesZoneLoss ? 'yes' : 'NO', String(c.minLiveReplicas), c.failingShards.length === 0 ? '-' : c.failingShards.map((s) => `${s.shardId} (${s.liveReplicas})`).join(', ')]),
    });
    d.push({
      kind: 'para',
      text: `Live replicas: Active, on a peer that answered, one per peer. Qdrant places replicas without regard to zones and the scheduler picks each pod's zone, so a shard survives every assignment exactly when its live replicas exceed ${z.peersPerZoneMax} (docs/observe.md). Raft ${z.raftMajorityAfterZoneLoss ? 'keeps' : 'loses'} its majority with the fullest zone (${z.livePeersAfterZoneLoss} of ${z.peers} peers left up${z.livePeers < z.peers ? `, ${z.peers - z.livePeers} already down` : ''}).`,
    });
  }
  if (g) {
    d.push({ kind: 'heading', text: `Growth: ${formatCount(g.pointsPerMonth)} points per month per collection` });
    d.push({
      kind: 'table',
      head: ['peer', 'need now', 'usable', 'runs out at month', 'detail'],
      right: [1, 2, 3],
      rows: g.peers.map((p) => [short(p.peerId), p.needNowBytes === null ? '-' : bytes(p.needNowBytes), p.usableBytes === null ? '-' : bytes(p.usableBytes), p.month === null ? '-' : String(p.month), p.detail]),
    });
    for (const s of g.shardLimits) d.push({ kind: 'para', text: `"${s.collection}": shard_number ${s.shardNumber} x ${s.replicationFactor} replicas: ${s.label}: ${s.detail}` });
    for (const r of g.replans) {
      d.push({
        kind: 'para',
        text: `Re-plan "${r.collection}" for ${g.horizonMonths} months: ${r.peers} x ${r.instanceType}, shard_number ${r.shardNumber}, replication_factor ${r.replicationFactor}, memory ${bytes(r.memoryRequestBytes)} per peer, ${showUsd(view, r.monthlyUsd)}/month${r.shardNumberChanged ? ' (shard count changes)' : ' (same shard count)'}`,
      });
      if (r.migration) d.push({ kind: 'para', text: `Migration: ${r.migration.detail}: ${bytes(r.migration.diskBytes)} during the copy.` });
    }
    if (view && g.replans.length > 0) d.push({ kind: 'para', text: view.note });
    for (const e of g.errors) d.push({ kind: 'para', text: e });
  }
  if (written.length > 0) {
    d.push({ kind: 'heading', text: 'Files written' });
    d.push({ kind: 'list', items: written });
  }
  return d;
}

function rows(o: Observation): Row[] {
  const out: Row[] = [];
  const push = (scope: string, c: Comparison) =>
    out.push({ scope, what: c.what, unit: c.unit, measured: c.measured, predicted: c.predicted.expected, low: c.predicted.low, high: c.predicted.high, errorPct: c.errorPct, inRange: c.inRange, withinBar: c.withinBar, measuredFrom: c.measuredFrom });
  for (const p of o.peers) for (const c of p.comparisons) push(`peer ${p.peerId}`, c);
  for (const col of o.collections) for (const c of col.comparisons) push(`collection ${col.name}`, c);
  // --zones: the zone table's rows in the same columns, as plan CSV carries its zone sentence (a row per check):
  // measured = the live count found, predicted = the count the check needs, inRange = the verdict.
  const z = o.zones;
  if (z) {
    const scope = `zones: ${counted(z.peers, 'peer')} over ${z.zones}, at most ceil(${z.peers}/${z.zones}) = ${z.peersPerZoneMax} in one`;
    const zoneRow = (what: string, measured: number, predicted: number, ok: boolean, from: string) =>
      out.push({ scope, what, unit: 'count', measured, predicted, low: predicted, high: predicted, errorPct: null, inRange: ok, withinBar: null, measuredFrom: from });
    for (const c of z.collections) {
      const failing = c.failingShards.length === 0 ? 'none' : c.failingShards.map((s) => `${s.shardId} (${s.liveReplicas})`).join(', ');
      zoneRow(`collection ${c.collection}: fewest live replicas of a shard, against the ${z.liveReplicasNeeded} that survive losing a zone`, c.minLiveReplicas, z.liveReplicasNeeded, c.survivesZoneLoss, `live replicas (Active, on a peer that answered); shards with at most ${z.peersPerZoneMax} live: ${failing}`);
    }
    const majority = raftMajority(z.peers);
    zoneRow(`Raft: live peers left after losing the fullest zone, against the majority of ${z.peers}`, z.livePeersAfterZoneLoss, majority, z.raftMajorityAfterZoneLoss, `${z.livePeers} of ${z.peers} peers answered`);
  }
  return out;
}

/** A file or folder observe writes (--record, --spec-out): a failure is the user's disk (exit 2 naming the path), not a qsize bug. */
function writing(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new QsizeFileError(path, code === 'EEXIST' ? 'a file is where the folder should be (EEXIST)' : fsReason(error));
  }
}

export async function runObserve(argv: Args): Promise<void> {
  if (argv['emit'] !== undefined && argv['growth'] === undefined) throw new QsizeInputError('--emit', argv['emit'], 'to come with --growth (the files are for the re-plan)');
  if (argv['currency'] !== undefined && argv['growth'] === undefined) {
    throw new QsizeInputError('--currency', argv['currency'], "to come with --growth (the re-plan's cost is the only money observe shows)");
  }
  // The code is checked before the cluster is read (src/cli/currency.ts, as every command that shows money).
  const view = await currencyFromFlags(argv);
  const rec = await recording(argv);
  const written: string[] = [];
  if (typeof argv['record'] === 'string') {
    const path = resolve(argv['record']);
    writing(path, () => writeFileSync(path, `${JSON.stringify(rec)}\n`));
    written.push(path);
  }
  const o = observe(rec, {
    ...(typeof argv['memory-limit'] === 'number' ? { memoryLimitBytes: argv['memory-limit'] } : {}),
    ...(typeof argv['ram-ceiling'] === 'number' ? { ramCeiling: argv['ram-ceiling'] } : {}),
    ...(typeof argv['zones'] === 'number' ? { zones: argv['zones'] } : {}),
    ...(typeof argv['writes'] === 'number' ? { writesPerSecond: argv['writes'] } : {}),
  });
  const growth =
    typeof argv['growth'] === 'number'
      ? projectGrowth(o, { pointsPerMonth: argv['growth'], ...(typeof argv['horizon'] === 'number' ? { horizonMonths: argv['horizon'] } : {}), catalog: cliPlanCatalog() })
      : undefined;

  const { stringify } = await loadYaml();
  if (growth && typeof argv['emit'] === 'string') {
    // A collection name the files cannot carry is the cluster's, not a flag's: said before anything is written (it
    // read "--collection: got ...", a flag the user never typed, after the specs were written).
    const bad = growth.replans.find((r) => !COLLECTION_NAME.test(r.collection));
    if (bad) {
      throw new QsizeInputError('--emit', argv['emit'], `collections whose names the files can carry (${COLLECTION_NAME_RULE}); collection ${describeValue(bad.collection)} is not one`, 're-plan it with qsize emit --spec on its recovered spec (--spec-out) and --collection NAME');
    }
  }
  if (typeof argv['spec-out'] === 'string') {
    const dir = resolve(argv['spec-out']);
    writing(dir, () => mkdirSync(dir, { recursive: true }));
    // Never through a link in DIR: it wrote DIR/docs.yaml -> /elsewhere's target, outside the folder named. And never
    // over a spec already there (one the user may have edited) unless --force, as emit keeps the files it did not write:
    // every path is checked before the first is written.
    const names = o.collections.map((c) => `${fileNameOf(c.name)}.yaml`);
    const paths = names.map((name) => pathInside('--spec-out', String(argv['spec-out']), name, 'file'));
    const taken = names.filter((_, i) => existsSync(paths[i]!));
    if (taken.length > 0 && argv['force'] !== true) {
      throw new QsizeInputError('--spec-out', argv['spec-out'], `a folder without ${taken.join(', ')} (already there: --force replaces ${taken.length === 1 ? 'it' : 'them'})`);
    }
    for (const [i, c] of o.collections.entries()) {
      const path = paths[i]!;
      const head = [`# qsize observe: collection ${JSON.stringify(c.name)} as recorded ${o.recordedAt}; use with qsize --spec ${fileNameOf(c.name)}.yaml`, ...c.recovered.assumptions.map((a) => `# assumption: ${a}`)].map(commentLine);
      writing(path, () => writeFileSync(path, `${head.join('\n')}\n${stringify(c.recovered.spec, { lineWidth: 0 })}`));
      written.push(path);
    }
  }
  if (growth && typeof argv['emit'] === 'string') {
    const base = emitOptionsFromFlags(argv);
    for (const r of growth.replans) {
      // DIR/<collection> is qsize's, not the user's: a link there is refused (it wrote the files through it).
      const out = pathInside('--emit', String(argv['emit']), fileNameOf(r.collection), 'folder');
      const plan = r.recommendation.plan;
      // The README's cost lines in the --currency currency, as qsize emit writes them.
      const bill = view?.bill(plan.cost.lineItems.map((l) => l.monthlyUsd), plan.cost.monthlyUsd);
      const { root, files } = writePlanFiles(plan, { ...base, collectionName: r.collection }, (argv['target'] as Target | undefined) ?? 'all', out, argv, '--emit', bill);
      written.push(...files.map((f) => join(root, f.path)));
    }
  }

  const data = {
    ...o,
    ...(growth
      ? {
          growth: {
            ...growth,
            // With --currency each re-plan carries `monthly` in it beside `monthlyUsd` (the conversion of every command).
            replans: growth.replans.map(({ recommendation, ...rest }) => ({ ...rest, ...(view ? { monthly: view.convert(rest.monthlyUsd) } : {}), warnings: recommendation.warnings })),
            ...(view ? { currency: currencyData(view) } : {}),
          },
        }
      : {}),
  };
  const stale = await quoteStaleness({ region: false, currency: view !== undefined });
  await emitResult(argv, { data, doc: () => doc(o, growth, written, view), rows: () => rows(o) }, [...o.warnings, ...stale]);
}
