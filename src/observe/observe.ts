/**
 * observe(recording): a running cluster read back as qsize sees it. From recorded replies only (no I/O):
 * the workload recovered per collection, the placement of every shard replica, what is down or
 * under-replicated, and qsize's prediction beside what the server measures, per peer and per collection.
 */
import { estimate, isOnDisk } from '../model/estimate.js';
import { clusterModeItem, loadedHeapItem } from '../model/wal-process.js';
import type { ByteRange, Estimate, LineItem } from '../model/types.js';
import type { WorkloadInput } from '../spec/workload.js';
import { PlanConstraints } from '../plan/constraints.js';
import { formatBytes } from '../spec/units.js';
import { REQUESTS, failureOf, isCollectionClusterKey, isRecord, recordingProblem, resultOf, type ClusterRecording, type PeerRecording } from './recording.js';
import { QsizeValidationError } from '../errors.js';
import { counted, plural } from '../util/plural.js';
import { recoverSpec, type RecoveredSpec } from './recover.js';
import { observeZoneLoss, type ZoneLossObservation } from './zones.js';

/**
 * The accuracy bar a measured value is held to: 10%, the bar docs/accuracy.md sets for the resident RAM of a
 * configuration and for the HNSW graph (the file bars are 3%, but a live collection adds appendable segments and
 * optimizer state the per-structure checks do not have).
 */
export const ACCURACY_BAR = 0.1;

/**
 * `app.system.ram_size` is in KiB (the sys-info crate, qdrant@v1.19.0:src/common/telemetry_ops/app_telemetry.rs).
 * Inside a cgroup without a memory limit it reports the cgroup's "no limit" value: measured on v1.19.0 as
 * 9,007,199,254,740,988 KiB (2^63 - 4096 bytes / 1024). Anything from 2^50 KiB (1 EiB) up is read as "no limit".
 */
export const NO_LIMIT_KIB = 2 ** 50;

/**
 * Structures that are not segment files' lengths: the WAL, the process, unattributed heap, the optimizer's transients
 * and the blocks only `du` counts (small files and rounding, `segments.files`).
 */
const NOT_SEGMENT_FILES = new Set<LineItem['structure']>(['wal', 'process', 'allocator', 'optimizer', 'segment-files']);

export interface ObserveOptions {
  /** Memory limit per peer when the server reports none (bytes). */
  memoryLimitBytes?: number;
  /** Fraction of the limit the steady state may fill (default: PlanConstraints' ramCeiling, 0.8). */
  ramCeiling?: number;
  /** Availability zones the peers spread over (`--zones`): whether losing one leaves a live replica of every shard (src/observe/zones.ts); 1 or absent: no zone check. */
  zones?: number;
  /**
   * Points written per second to each collection, sustained (`--writes`): the recovered spec's
   * assumptions.writesPerSecond, so that the prediction's WAL (and the runway's) holds a flush interval of them beyond
   * its full segments, and the growth re-plan sizes their CPU (src/plan/context.ts withWorkloadWrites). Absent: none.
   */
  writesPerSecond?: number;
}

export interface Comparison {
  what: 'resident memory' | 'page cache' | 'page cache now' | 'disk' | 'file lengths' | 'segments' | 'collection heap';
  unit: 'bytes' | 'count';
  /** The server's figure, or null when this version does not report it. */
  measured: number | null;
  /** Where the measured figure comes from (endpoint and field), or why there is none. */
  measuredFrom: string;
  predicted: ByteRange;
  /** (predicted - measured) / measured, in percent; null without a measurement. */
  errorPct: number | null;
  /** measured within [predicted.low, predicted.high]. */
  inRange: boolean | null;
  /** |error| <= ACCURACY_BAR. */
  withinBar: boolean | null;
}

export interface ReplicaView {
  peerId: string;
  state: string;
  /** Points the holding peer reports for it (null when that peer did not answer). */
  points: number | null;
  peerUp: boolean;
}

export interface ShardView {
  shardId: number;
  replicas: ReplicaView[];
  /** At least one Active replica on a peer that answered. */
  served: boolean;
  activeReplicas: number;
}

export interface CollectionObservation {
  name: string;
  status: string | null;
  points: number;
  shardNumber: number;
  replicationFactor: number;
  recovered: RecoveredSpec;
  placement: ShardView[];
  /** Shard replicas per peer (every listed peer, 0 included). */
  replicasPerPeer: Record<string, number>;
  lostShards: number[];
  underReplicatedShards: number[];
  inactiveReplicas: { shardId: number; peerId: string; state: string; peerUp: boolean }[];
  /** Shard transfers in progress, as the peers report them (`shard_transfers`). */
  transfers: { shardId: number; from: string; to: string; method: string | null }[];
  unbalanced: string | null;
  /** Cluster-wide (every replica), from the collection's memory report. */
  comparisons: Comparison[];
}

export interface PeerObservation {
  peerId: string;
  url: string | null;
  status: 'up' | 'down' | 'unknown';
  reason: string | null;
  leader: boolean;
  version: string | null;
  cores: number | null;
  memoryLimitBytes: number | null;
  memoryLimitFrom: string;
  shardReplicas: number;
  points: number;
  /** What the peer holds of each collection (points of a replica on a down peer: from another replica). */
  holds: PeerShare[];
  comparisons: Comparison[];
  /** limit x ramCeiling - measured resident - predicted page cache, when positive; null without a limit. */
  headroomBytes: number | null;
  /** How far the peer is past limit x ramCeiling (0 when within it); null without a limit. */
  overBytes: number | null;
}

export interface Observation {
  schemaVersion: 'qsize.observe/v1';
  recordedAt: string;
  qdrantVersion: string | null;
  accuracyBarPct: number;
  ramCeiling: number;
  peers: PeerObservation[];
  collections: CollectionObservation[];
  /** With `zones` > 1: whether each collection survives losing a zone, from its live placement (src/observe/zones.ts). */
  zones?: ZoneLossObservation;
  /** One sentence per problem found (down peers, lost shards, under-replication, imbalance, low headroom, losing a zone). */
  findings: string[];
  warnings: string[];
}

/** What a peer holds of one collection, for a prediction. */
export interface PeerShare {
  collection: string;
  shards: number;
  points: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const sumRange = (rs: ByteRange[]): ByteRange => ({
  low: rs.reduce((a, r) => a + r.low, 0),
  expected: rs.reduce((a, r) => a + r.expected, 0),
  high: rs.reduce((a, r) => a + r.high, 0),
});
const itemsRange = (items: LineItem[]): ByteRange => sumRange(items.map((i) => ({ low: i.range.low, expected: i.bytes, high: i.range.high })));
const exact = (n: number): ByteRange => ({ low: n, expected: n, high: n });

export function compare(what: Comparison['what'], measured: number | undefined, measuredFrom: string, predicted: ByteRange, unit: Comparison['unit'] = 'bytes'): Comparison {
  const m = measured === undefined ? null : measured;
  const errorPct = m === null || m === 0 ? null : ((predicted.expected - m) / m) * 100;
  return {
    what,
    unit,
    measured: m,
    measuredFrom,
    predicted,
    errorPct: errorPct === null ? null : Math.round(errorPct * 10) / 10,
    inRange: m === null ? null : m >= predicted.low && m <= predicted.high,
    withinBar: errorPct === null ? null : Math.abs(errorPct) <= ACCURACY_BAR * 100,
  };
}

/** The estimate of what one peer holds of a collection: its shards and their points, laid out as Qdrant would. */
export function predictShare(spec: WorkloadInput, share: { shards: number; points: number; grownFromPoints?: number }): Estimate {
  const w = structuredClone(spec) as Record<string, unknown> & { collection: Record<string, unknown> };
  const points = Math.max(1, Math.round(share.points));
  w['points'] = points;
  // A projected month: the share grew to its points from what it holds now (its WAL's most on the way: walItems).
  if (share.grownFromPoints !== undefined && share.grownFromPoints < points) {
    w['assumptions'] = { ...(w['assumptions'] as Record<string, unknown> | undefined), grownFromPoints: Math.max(0, Math.round(share.grownFromPoints)) };
  }
  // One copy of the peer's shards: replication is already in the share (each replica is a share of its peer).
  w.collection = { ...w.collection, shard_number: Math.max(1, share.shards), replication_factor: 1 };
  delete w.collection['write_consistency_factor'];
  return estimate(w as WorkloadInput);
}

/** One shard replica's segments as its peer's telemetry lists them. */
export interface LiveShardLayout {
  /** Every segment of the replica, appendable ones included. */
  segments: number;
  /** Segments with an HNSW index (telemetry `segment_type: indexed`). */
  indexed: number;
  /** Appendable segments (telemetry `is_appendable`). */
  appendable: number;
}

/**
 * The estimate of one shard replica as it lies on its peer: its own points in one shard, at the segment layout
 * the peer reports (when it reports one). The model's own layout may differ from the live one while the optimizer
 * works or where its layout rule misses (the `segments` row shows that); the bytes are compared at the live layout,
 * reproduced with Qdrant's own knobs: an indexed replica with k indexed segments is estimated with
 * default_segment_number k + 1 (k indexed plus the appendable one, src/model/layout.ts), an unindexed one with
 * indexing_threshold 0 (no index, qdrant optimizer docs) and default_segment_number = its segments.
 */
export function predictReplica(spec: WorkloadInput, points: number, live?: LiveShardLayout): Estimate {
  const natural = predictShare(spec, { shards: 1, points });
  if (!live || live.segments === 0) return natural;
  const l = natural.layout;
  const liveIndexed = live.indexed > 0;
  const same = liveIndexed ? l.indexed && l.segmentsPerShard === live.indexed : !l.indexed && l.segmentsPerShard === live.segments;
  if (same) return natural;
  const w = structuredClone(spec) as Record<string, unknown> & { collection: Record<string, unknown> };
  const opt = { ...((w.collection['optimizers_config'] as Record<string, unknown> | undefined) ?? {}) };
  if (liveIndexed) {
    opt['default_segment_number'] = live.indexed + 1;
    // Indexed live but not in the model: the smallest threshold indexes every non-empty segment.
    if (!l.indexed) opt['indexing_threshold'] = 1;
  } else {
    opt['default_segment_number'] = live.segments;
    opt['indexing_threshold'] = 0;
  }
  w.collection = { ...w.collection, optimizers_config: opt };
  return predictShare(w as WorkloadInput, { shards: 1, points });
}

/** Segments of an estimate's layout: the indexed (or plain) ones and the appendable one of each shard. */
export function segmentsOf(e: Estimate): number {
  return e.layout.segmentsTotal + (e.layout.appendableSegmentsPerShard ?? 0) * e.layout.shardNumber;
}

/** Heap of the collection's structures (no process baseline). */
export function structuresHeap(e: Estimate): ByteRange {
  return itemsRange(e.lineItems.filter((i) => i.residency === 'ram' && i.structure !== 'process'));
}

/**
 * The heap the memory report attributes to the collection: its structures' `ram_bytes` only (vectors, their index and
 * quantized copy, sparse vectors, payload, payload indexes, id tracker: report_from_segment,
 * qdrant@v1.19.0:lib/collection/src/common/memory_reporter.rs). The allocator's per-shard and per-segment bookkeeping
 * (heap.shards, heap.segments, heap.unattributed) is real resident memory but no structure's, so it is left out here.
 */
export function attributedHeap(e: Estimate): ByteRange {
  return itemsRange(e.lineItems.filter((i) => i.residency === 'ram' && i.structure !== 'process' && i.structure !== 'allocator'));
}

/**
 * The process heap, once per peer: the process line items of one replica's estimate, except that the loaded
 * allocator's term (`process.loaded`, a per-peer term ramped in over the first 12,000 points loaded) counts every point
 * the peer holds, `peerPoints`, not that replica's alone (a peer of four 3,000-point replicas has loaded 12,000 points).
 */
export function processHeap(e: Estimate, peerPoints?: number): ByteRange {
  const items = e.lineItems.filter((i) => i.residency === 'ram' && i.structure === 'process');
  if (peerPoints === undefined) return itemsRange(items);
  return itemsRange([...items.filter((i) => i.id !== 'process.loaded'), loadedHeapItem(peerPoints)]);
}

/** Page cache of the collection's files (the server binary's pages, once per peer, left out). */
export function collectionCache(e: Estimate): ByteRange {
  return itemsRange(e.lineItems.filter((i) => i.residency === 'cache' && i.structure !== 'process'));
}

/**
 * Page cache of the collection's segment files: what the memory report's expected cache counts (files it keeps
 * populated, at full length). The WAL is no segment file and not in that report.
 */
export function segmentCache(e: Estimate): ByteRange {
  return itemsRange(e.lineItems.filter((i) => i.residency === 'cache' && i.structure !== 'process' && i.structure !== 'wal'));
}

/** The server binary's resident code pages (one per peer). */
export function processCache(e: Estimate): ByteRange {
  return itemsRange(e.lineItems.filter((i) => i.residency === 'cache' && i.structure === 'process'));
}

/**
 * Segment files as the memory report counts them: their length (apparent size), WAL excluded. Page cache that is
 * no file (the populated holes of chunk files: the same bytes as the chunks' sparse tails, which are in
 * `apparentBytes`) is left out, so the tail is counted once.
 */
export function segmentFiles(e: Estimate): ByteRange {
  const items = e.lineItems.filter((i) => isOnDisk(i) && !NOT_SEGMENT_FILES.has(i.structure));
  const slack = e.disk.apparentBytes - e.disk.bytes;
  const r = itemsRange(items);
  return { low: r.low + slack, expected: r.expected + slack, high: r.high + slack };
}

interface PeerData {
  rec: PeerRecording;
  id: string;
}

function peerIdOf(rec: PeerRecording): string | undefined {
  const c = resultOf(rec.replies[REQUESTS.cluster]);
  if (isRecord(c) && c['peer_id'] !== undefined) return String(c['peer_id']);
  // A single node (cluster disabled): the peer id is in every collection's cluster reply.
  for (const [key, reply] of Object.entries(rec.replies)) {
    if (!isCollectionClusterKey(key)) continue;
    const r = resultOf(reply);
    if (isRecord(r) && r['peer_id'] !== undefined) return String(r['peer_id']);
  }
  return undefined;
}

function telemetryOf(rec: PeerRecording): Record<string, unknown> {
  const t = resultOf(rec.replies[REQUESTS.telemetry]);
  return isRecord(t) ? t : {};
}

function systemOf(rec: PeerRecording): Record<string, unknown> {
  const app = telemetryOf(rec)['app'];
  return isRecord(app) && isRecord(app['system']) ? app['system'] : {};
}

function telemetryCollection(rec: PeerRecording, name: string): Record<string, unknown> | undefined {
  const cols = telemetryOf(rec)['collections'];
  const list = isRecord(cols) && Array.isArray(cols['collections']) ? cols['collections'] : [];
  const c = list.find((x) => isRecord(x) && x['id'] === name);
  return isRecord(c) ? c : undefined;
}

/** Points of the shards the answering peers hold (each shard once), and how many shards that is. */
function knownPoints(up: Map<string, PeerData>, name: string): { sum: number; shards: number } {
  const seen = new Map<number, number>();
  for (const p of up.values()) {
    const r = resultOf(p.rec.replies[REQUESTS.collectionCluster(name)]);
    if (!isRecord(r) || !Array.isArray(r['local_shards'])) continue;
    for (const s of r['local_shards']) if (isRecord(s) && num(s['points_count']) !== undefined) seen.set(Number(s['shard_id']), num(s['points_count'])!);
  }
  return { sum: [...seen.values()].reduce((a, b) => a + b, 0), shards: seen.size };
}

/**
 * Anonymous memory of the server process that is not the allocator's active pages: thread stacks, the runtime's
 * own mappings, jemalloc's metadata. RssAnon (steady, read from /proc with no requests while it settled) minus
 * `memory_active_bytes` (GET /metrics, read once right after): 1.38-2.37 MB, median 1.98 MB, on 12 of the 13 Qdrant
 * v1.19.0 server calibration runs (data/calibration/server-v1.19.0/*.json, `steady` against `metrics`; the 13th,
 * d384-default, 6.85 MB, was read minutes apart).
 */
export const NON_ALLOCATOR_ANON = { expected: 2.0e6, low: 1.4e6, high: 2.4e6 } as const;

/** A number from the Prometheus text (`name value` on its own line). */
function metricOf(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}\\s+([0-9.eE+]+)\\s*$`, 'm').exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * Resident memory as the model means it (RssAnon in steady state), from what the server reveals: no v1.19.0 API
 * reports the process RSS, so it is the allocator's active pages (`memory_active_bytes`: pages holding live
 * allocations, which leaves out the freed pages jemalloc has not yet given back, the difference between a reading
 * right after work and one 30 s later) plus NON_ALLOCATOR_ANON. jemalloc's `memory_resident_bytes` is not used: it
 * counts those freed pages and pages mapped but never touched (measured 1.2-6.0 MB above RssAnon in steady state,
 * 5-10 MB above right after a load).
 */
function residentOf(rec: PeerRecording): { bytes: number; from: string } | undefined {
  const text = resultOf(rec.replies[REQUESTS.metrics]);
  const mem = telemetryOf(rec)['memory'];
  const active = (typeof text === 'string' ? metricOf(text, 'memory_active_bytes') : undefined) ?? (isRecord(mem) ? num(mem['active_bytes']) : undefined);
  if (active === undefined) return undefined;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return {
    bytes: Math.round(active + NON_ALLOCATOR_ANON.expected),
    from: `RssAnon as read through the API: allocator active pages (GET /metrics memory_active_bytes, ${mb(active)} MB, re-read until steady) + ${mb(NON_ALLOCATOR_ANON.expected)} MB of non-allocator anonymous memory (measured ${mb(NON_ALLOCATOR_ANON.low)}-${mb(NON_ALLOCATOR_ANON.high)} MB); v1.19.0 reports no process RSS`,
  };
}

/** Each local shard replica's segments, from the peer's telemetry (details level 4), by shard id. */
export function liveLayouts(rec: PeerRecording, collection: string): Map<number, LiveShardLayout> {
  const out = new Map<number, LiveShardLayout>();
  const c = telemetryCollection(rec, collection);
  if (!isRecord(c) || !Array.isArray(c['shards'])) return out;
  for (const s of c['shards']) {
    if (!isRecord(s) || !isRecord(s['local']) || !Array.isArray(s['local']['segments'])) continue;
    const segs = s['local']['segments'].filter(isRecord).map((g) => (isRecord(g['info']) ? g['info'] : {}));
    out.set(Number(s['id']), {
      segments: segs.length,
      indexed: segs.filter((g) => g['segment_type'] === 'indexed').length,
      appendable: segs.filter((g) => g['is_appendable'] === true).length,
    });
  }
  return out;
}

/** Segments of this peer's local shards of a collection, from telemetry (details level 4). */
function localSegments(rec: PeerRecording, collection: string): number | undefined {
  const c = telemetryCollection(rec, collection);
  if (!isRecord(c) || !Array.isArray(c['shards'])) return undefined;
  let total = 0;
  let seen = false;
  for (const s of c['shards']) {
    if (!isRecord(s) || !isRecord(s['local'])) continue;
    const segs = s['local']['segments'];
    if (!Array.isArray(segs)) return undefined;
    total += segs.length;
    seen = true;
  }
  return seen ? total : 0;
}

export function observe(recording: ClusterRecording, options: ObserveOptions = {}): Observation {
  const problem = recordingProblem(recording);
  if (problem !== undefined) throw new QsizeValidationError([{ field: 'recording', message: `expected a recording with schemaVersion qsize.observe-recording/v1, as recordCluster or qsize observe --record writes it (${problem})` }]);
  const ramCeiling = options.ramCeiling ?? PlanConstraints.parse({}).ramCeiling;
  const warnings: string[] = [];
  const findings: string[] = [];

  // Peers that answered, by id.
  const up = new Map<string, PeerData>();
  const failedUrls: { url: string; message: string }[] = [];
  for (const rec of recording.peers) {
    const f = failureOf(rec.replies[REQUESTS.root]);
    if (f) {
      failedUrls.push({ url: rec.url, message: f.message });
      continue;
    }
    const id = peerIdOf(rec);
    // A load-balanced URL (a Kubernetes Service) answers as different peers from one request to the next.
    const others = Object.entries(rec.replies)
      .filter(([k]) => isCollectionClusterKey(k))
      .map(([, r]) => resultOf(r))
      .filter(isRecord)
      .map((r) => String(r['peer_id']))
      .filter((p) => id !== undefined && p !== id);
    if (others.length > 0) {
      warnings.push(`${rec.url} answered as peer ${id} and as peer ${others[0]}: it looks load-balanced; pass each peer's own address (e.g. the headless Service name qdrant-0.qdrant-headless:6333)`);
    }
    if (id === undefined) {
      warnings.push(`${rec.url} answered but did not say its peer id (GET /cluster failed)`);
      continue;
    }
    if (!up.has(id)) up.set(id, { rec, id });
  }
  const first = [...up.values()][0];

  // Every peer the cluster lists, and the leader.
  const listed = new Map<string, string | null>();
  let leader: string | null = null;
  for (const p of up.values()) {
    listed.set(p.id, p.rec.url);
    const c = resultOf(p.rec.replies[REQUESTS.cluster]);
    if (!isRecord(c)) continue;
    if (isRecord(c['peers'])) for (const id of Object.keys(c['peers'])) if (!listed.has(id)) listed.set(id, null);
    const raft = c['raft_info'];
    if (isRecord(raft) && raft['leader'] !== undefined && raft['leader'] !== null) leader ??= String(raft['leader']);
  }

  const version = first ? resultOf(first.rec.replies[REQUESTS.root]) : undefined;
  const qdrantVersion = isRecord(version) && typeof version['version'] === 'string' ? version['version'] : null;

  // Collections: the union of what the peers list, those the recording asked about (--collection may narrow it).
  const names = new Set<string>();
  for (const p of up.values()) {
    const r = resultOf(p.rec.replies[REQUESTS.collections]);
    if (!isRecord(r) || !Array.isArray(r['collections'])) continue;
    for (const c of r['collections']) {
      if (!isRecord(c)) continue;
      const name = String(c['name']);
      if ([...up.values()].some((q) => REQUESTS.collectionCluster(name) in q.rec.replies)) names.add(name);
    }
  }

  const collections: CollectionObservation[] = [];
  /** peer id -> its share of each collection. */
  const shares = new Map<string, PeerShare[]>();
  /** peer id -> every shard replica it holds (collection, shard id, points). */
  const replicaList = new Map<string, { collection: string; shardId: number; points: number }[]>();
  const specs = new Map<string, WorkloadInput>();
  for (const id of listed.keys()) shares.set(id, []);

  for (const name of [...names].sort()) {
    const holder = [...up.values()].find((p) => isRecord(resultOf(p.rec.replies[REQUESTS.collection(name)])));
    let info: Record<string, unknown>;
    let cores: number | undefined;
    if (holder) {
      info = resultOf(holder.rec.replies[REQUESTS.collection(name)]) as Record<string, unknown>;
      cores = num(systemOf(holder.rec)['cores']);
    } else {
      // GET /collections/{name} fails once a shard has no replica left (it counts every shard's points);
      // the peer's telemetry still carries the collection's config.
      const fallback = [...up.values()].map((p) => ({ p, c: telemetryCollection(p.rec, name) })).find((x) => isRecord(x.c?.['config']));
      if (!fallback) {
        warnings.push(`collection "${name}": no peer answered GET /collections/${name} and no telemetry carries its config`);
        continue;
      }
      // Points: the shards the answering peers hold, and for the others the mean of those (an estimate, stated).
      const known = knownPoints(up, name);
      const params = isRecord(fallback.c!['config']) && isRecord(fallback.c!['config']['params']) ? fallback.c!['config']['params'] : {};
      const shardCount = num(params['shard_number']) ?? known.shards;
      // Telemetry's config also carries the collection's `uuid`, its identity rather than a setting.
      const { uuid, ...config } = fallback.c!['config'] as Record<string, unknown>;
      void uuid;
      info = { config, points_count: known.shards > 0 ? Math.round((known.sum / known.shards) * Math.max(shardCount, known.shards)) : 0 };
      cores = num(systemOf(fallback.p.rec)['cores']);
      warnings.push(
        `collection "${name}": GET /collections/${name} failed on every peer (${failureOf(first?.rec.replies[REQUESTS.collection(name)])?.message.slice(0, 120) ?? 'no reply'}); its config is taken from telemetry, its points are those of the shards the answering peers hold plus, for each shard none holds, their mean (an estimate); its payload indexes are unknown`,
      );
    }
    const sampler = [...up.values()].find((p) => isRecord(resultOf(p.rec.replies[REQUESTS.sample(name)])));
    const sampleResult = sampler ? resultOf(sampler.rec.replies[REQUESTS.sample(name)]) : undefined;
    const sample = isRecord(sampleResult) && Array.isArray(sampleResult['points']) ? sampleResult['points'] : undefined;
    const recovered = recoverSpec(name, { info, sample, version: qdrantVersion ?? undefined, cores, ...(options.writesPerSecond ? { writesPerSecond: options.writesPerSecond } : {}) });
    specs.set(name, recovered.spec);
    const body = recovered.spec.collection as Record<string, unknown>;
    const shardNumber = num(body['shard_number']) ?? 1;
    const replicationFactor = num(body['replication_factor']) ?? 1;
    const points = num(info['points_count']) ?? 0;

    // Placement: each peer's own report of its local shards wins over what others say of it.
    const replicas = new Map<number, Map<string, { state: string; points: number | null; self: boolean }>>();
    const put = (shard: number, peer: string, state: string, pts: number | null, self: boolean) => {
      const m = replicas.get(shard) ?? new Map();
      replicas.set(shard, m);
      const had = m.get(peer);
      if (!had || (self && !had.self)) m.set(peer, { state, points: pts, self });
    };
    for (const p of up.values()) {
      const r = resultOf(p.rec.replies[REQUESTS.collectionCluster(name)]);
      if (!isRecord(r)) continue;
      const self = r['peer_id'] !== undefined ? String(r['peer_id']) : p.id;
      for (const s of Array.isArray(r['local_shards']) ? r['local_shards'] : []) {
        if (isRecord(s)) put(Number(s['shard_id']), self, String(s['state']), num(s['points_count']) ?? null, true);
      }
      for (const s of Array.isArray(r['remote_shards']) ? r['remote_shards'] : []) {
        if (isRecord(s)) put(Number(s['shard_id']), String(s['peer_id']), String(s['state']), null, false);
      }
    }
    const transfers = new Map<string, CollectionObservation['transfers'][number]>();
    for (const p of up.values()) {
      const r = resultOf(p.rec.replies[REQUESTS.collectionCluster(name)]);
      for (const t of isRecord(r) && Array.isArray(r['shard_transfers']) ? r['shard_transfers'] : []) {
        if (!isRecord(t)) continue;
        const v = { shardId: Number(t['shard_id']), from: String(t['from']), to: String(t['to']), method: typeof t['method'] === 'string' ? t['method'] : null };
        transfers.set(`${v.shardId}:${v.from}:${v.to}`, v);
      }
    }
    const placement: ShardView[] = [];
    // A shard no answering peer holds: the mean of the shards that are reported (auto sharding hashes ids evenly).
    const reported = [...replicas.values()].map((m) => [...m.values()].map((x) => x.points).find((x): x is number => x !== null)).filter((x): x is number => x !== undefined);
    const even = reported.length > 0 ? reported.reduce((a, b) => a + b, 0) / reported.length : points / Math.max(1, shardNumber);
    for (let shardId = 0; shardId < Math.max(shardNumber, ...[...replicas.keys()].map((k) => k + 1)); shardId++) {
      const m = replicas.get(shardId) ?? new Map();
      const shardPoints = [...m.values()].map((x) => x.points).find((x): x is number => x !== null);
      const rs: ReplicaView[] = [...m.entries()]
        .map(([peerId, x]) => ({ peerId, state: x.state, points: x.self ? x.points : null, peerUp: up.has(peerId) }))
        .sort((a, b) => a.peerId.localeCompare(b.peerId));
      const activeReplicas = rs.filter((r) => r.state === 'Active' && r.peerUp).length;
      placement.push({ shardId, replicas: rs, served: activeReplicas > 0, activeReplicas });
      // A peer's share: its replicas and their points (from the replica's own report, else another replica's, else the mean).
      for (const r of rs) {
        if (!listed.has(r.peerId)) listed.set(r.peerId, null);
        const list = shares.get(r.peerId) ?? [];
        shares.set(r.peerId, list);
        let s = list.find((x) => x.collection === name);
        if (!s) list.push((s = { collection: name, shards: 0, points: 0 }));
        s.shards += 1;
        const pts = r.points ?? shardPoints ?? even;
        s.points += pts;
        const held = replicaList.get(r.peerId) ?? [];
        replicaList.set(r.peerId, held);
        held.push({ collection: name, shardId, points: pts });
      }
    }

    const replicasPerPeer: Record<string, number> = {};
    for (const id of listed.keys()) replicasPerPeer[id] = 0;
    for (const s of placement) for (const r of s.replicas) replicasPerPeer[r.peerId] = (replicasPerPeer[r.peerId] ?? 0) + 1;
    const counts = Object.values(replicasPerPeer);
    const unbalanced =
      counts.length > 1 && Math.max(...counts) - Math.min(...counts) > 1
        ? `shard replicas per peer range from ${Math.min(...counts)} to ${Math.max(...counts)} (${Object.entries(replicasPerPeer)
            .map(([p, n]) => `${p}: ${n}`)
            .join(', ')})`
        : null;
    const lostShards = placement.filter((s) => !s.served).map((s) => s.shardId);
    const underReplicatedShards = placement.filter((s) => s.activeReplicas < replicationFactor).map((s) => s.shardId);
    const inactiveReplicas = placement.flatMap((s) => s.replicas.filter((r) => r.state !== 'Active' || !r.peerUp).map((r) => ({ shardId: s.shardId, peerId: r.peerId, state: r.state, peerUp: r.peerUp })));

    // Predicted for every replica (the memory report counts them all), each at the layout its peer reports.
    const estimates = [...replicaList.entries()].flatMap(([peerId, list]) =>
      list.filter((x) => x.collection === name).map((x) => predictReplica(recovered.spec, x.points, up.has(peerId) ? liveLayouts(up.get(peerId)!.rec, name).get(x.shardId) : undefined)),
    );
    const memory = [...up.values()].map((p) => resultOf(p.rec.replies[REQUESTS.memory(name)])).find(isRecord);
    const total = memory && isRecord(memory['total']) ? memory['total'] : undefined;
    const from = (field: string) => (total ? `GET /collections/${name}/memory total.${field} (every replica)` : `GET /collections/${name}/memory did not answer`);
    const comparisons: Comparison[] = [
      // No v1.19.0 API reports allocated disk (telemetry's disk_usage_bytes is 0, "ToDo" in qdrant@v1.19.0:
      // lib/segment/src/segment/read_view/info.rs); the memory report's disk_bytes is file lengths (next row).
      compare('disk', undefined, `not revealed by the v1.19.0 API (the memory report gives file lengths, not allocated blocks); segment files and WAL of every replica`, sumRange(estimates.map((e) => e.disk.range))),
      compare('file lengths', total ? num(total['disk_bytes']) : undefined, from('disk_bytes'), sumRange(estimates.map(segmentFiles))),
      // Qdrant's "expected" cache is every segment file it would keep populated, at its full length (an appendable
      // segment's preallocated chunks included; the WAL is not in the report); `cached_bytes` is what the page cache
      // holds of them now.
      compare('page cache', total ? num(total['expected_cache_bytes']) : undefined, from('expected_cache_bytes'), sumRange(estimates.map(segmentCache))),
      compare('page cache now', total ? num(total['cached_bytes']) : undefined, from('cached_bytes'), sumRange(estimates.map(segmentCache))),
      compare('collection heap', total ? num(total['ram_bytes']) : undefined, from('ram_bytes'), sumRange(estimates.map(attributedHeap))),
    ];
    // Segments of every replica: telemetry of each holding peer, only when every holding peer answered; against the
    // model's own layout of each replica (not the live one the bytes are predicted at).
    const holders = [...shares.entries()].filter(([, list]) => list.some((s) => s.collection === name)).map(([id]) => id);
    const segs = holders.map((id) => (up.has(id) ? localSegments(up.get(id)!.rec, name) : undefined));
    const allSegs = segs.every((x) => x !== undefined) ? segs.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
    const ownLayout = [...replicaList.values()].flatMap((list) => list.filter((x) => x.collection === name)).reduce((a, x) => a + segmentsOf(predictReplica(recovered.spec, x.points)), 0);
    comparisons.push(
      compare(
        'segments',
        allSegs,
        allSegs !== undefined ? `GET ${REQUESTS.telemetry.slice(4)} on every holding peer` : 'not every peer holding a replica answered',
        exact(ownLayout),
        'count',
      ),
    );

    collections.push({
      name,
      status: typeof info['status'] === 'string' ? info['status'] : null,
      points,
      shardNumber,
      replicationFactor,
      recovered,
      placement,
      replicasPerPeer,
      lostShards,
      underReplicatedShards,
      inactiveReplicas,
      transfers: [...transfers.values()],
      unbalanced,
      comparisons,
    });
    if (lostShards.length > 0) findings.push(`collection "${name}": ${plural(lostShards.length, 'shard')} ${lostShards.join(', ')} ${plural(lostShards.length, 'has', 'have')} no active replica on a peer that answered: their points cannot be read or written`);
    else if (up.size > 0) findings.push(`collection "${name}": ${placement.length === 1 ? 'its 1 shard' : `every one of its ${placement.length} shards`} is served by at least one active replica`);
    if (underReplicatedShards.length > 0) findings.push(`collection "${name}": ${plural(underReplicatedShards.length, 'shard')} ${underReplicatedShards.join(', ')} ${plural(underReplicatedShards.length, 'has', 'have')} fewer active replicas than replication_factor ${replicationFactor}`);
    if (unbalanced) findings.push(`collection "${name}": unbalanced: ${unbalanced}`);
    const notActive = inactiveReplicas.filter((r) => r.state !== 'Active');
    if (notActive.length > 0) findings.push(`collection "${name}": replicas not Active: ${notActive.map((r) => `shard ${r.shardId} on ${r.peerId} ${r.state}`).join(', ')}`);
    if (transfers.size > 0) findings.push(`collection "${name}": ${counted(transfers.size, 'shard transfer')} in progress: ${[...transfers.values()].map((t) => `shard ${t.shardId} ${t.from} -> ${t.to}`).join(', ')}`);
  }

  // Peers: prediction against measurement.
  const peers: PeerObservation[] = [];
  for (const [peerId, url] of [...listed.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const data = up.get(peerId);
    const list = shares.get(peerId) ?? [];
    // Each shard replica the peer holds, estimated on its own at the layout the peer reports; the process (its heap
    // and its binary's pages) once per peer.
    const held = replicaList.get(peerId) ?? [];
    const estimates = held.map((x) => predictReplica(specs.get(x.collection)!, x.points, data ? liveLayouts(data.rec, x.collection).get(x.shardId) : undefined));
    const one = estimates[0];
    // A peer in cluster mode holds the cluster's own heap besides the single-node process baseline.
    const clusterMode = data ? (resultOf(data.rec.replies[REQUESTS.cluster]) as Record<string, unknown> | undefined)?.['status'] === 'enabled' : listed.size > 1;
    const cluster = one && clusterMode ? [itemsRange([clusterModeItem()])] : [];
    const peerPoints = held.reduce((a, x) => a + x.points, 0);
    const resident = sumRange([...(one ? [processHeap(one, peerPoints)] : []), ...cluster, ...estimates.map(structuresHeap)]);
    const pageCache = sumRange([...(one ? [processCache(one)] : []), ...estimates.map(collectionCache)]);
    const disk = sumRange(estimates.map((e) => e.disk.range));
    const segments = held.reduce((a, x) => a + segmentsOf(predictReplica(specs.get(x.collection)!, x.points)), 0);
    let status: PeerObservation['status'] = 'up';
    let reason: string | null = null;
    if (!data) {
      status = failedUrls.length > 0 ? 'down' : 'unknown';
      reason =
        failedUrls.length > 0
          ? `listed by the cluster but no REST reply (${failedUrls.map((f) => `${f.url}: ${f.message}`).join('; ')})`
          : 'listed by the cluster; its REST address is not known (pass its --url)';
    }
    const sys = data ? systemOf(data.rec) : {};
    const ramKib = num(sys['ram_size']);
    const reported = ramKib !== undefined && ramKib < NO_LIMIT_KIB ? ramKib * 1024 : undefined;
    const limit = reported ?? options.memoryLimitBytes;
    const memoryLimitFrom =
      reported !== undefined
        ? 'GET /telemetry app.system.ram_size (KiB)'
        : options.memoryLimitBytes !== undefined
          ? '--memory-limit (the server reports no limit)'
          : ramKib !== undefined
            ? 'the server reports no memory limit (cgroup without a limit)'
            : 'not reported';
    const measuredResident = data ? residentOf(data.rec) : undefined;
    const comparisons: Comparison[] = [];
    if (estimates.length > 0) {
      comparisons.push(compare('resident memory', measuredResident?.bytes, measuredResident?.from ?? (data ? 'not reported' : 'peer did not answer'), resident));
      comparisons.push(compare('page cache', undefined, 'not reported per peer by v1.19.0 (GET /collections/{name}/memory sums every replica); the binary\'s pages included', pageCache));
      comparisons.push(compare('disk', undefined, 'not revealed by the v1.19.0 API (no allocated bytes anywhere; compare `du` of the storage folder); segment files and WAL', disk));
      const segs = data ? list.map((s) => localSegments(data.rec, s.collection)) : [];
      const measuredSegs = data && segs.every((x) => x !== undefined) ? segs.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
      comparisons.push(compare('segments', measuredSegs, data ? `GET ${REQUESTS.telemetry.slice(4)} local shards' segments` : 'peer did not answer', exact(segments), 'count'));
    }
    const room = limit !== undefined && measuredResident ? Math.round(limit * ramCeiling - measuredResident.bytes - pageCache.expected) : null;
    peers.push({
      peerId,
      url: data?.rec.url ?? url,
      status,
      reason,
      leader: leader === peerId,
      version: data ? (isRecord(resultOf(data.rec.replies[REQUESTS.root])) ? String((resultOf(data.rec.replies[REQUESTS.root]) as Record<string, unknown>)['version']) : null) : null,
      cores: num(sys['cores']) ?? null,
      memoryLimitBytes: limit ?? null,
      memoryLimitFrom,
      shardReplicas: list.reduce((a, s) => a + s.shards, 0),
      points: Math.round(list.reduce((a, s) => a + s.points, 0)),
      holds: list.map((s) => ({ ...s, points: Math.round(s.points) })),
      comparisons,
      headroomBytes: room === null ? null : Math.max(0, room),
      overBytes: room === null ? null : Math.max(0, -room),
    });
    if (status === 'down') findings.unshift(`peer ${peerId} is down: ${reason}`);
    if (status === 'unknown') findings.unshift(`peer ${peerId}: ${reason}`);
    if (room !== null && room < 0) findings.push(`peer ${peerId}: measured resident memory plus the predicted page cache is ${formatBytes(-room, { binary: true })} above ${Math.round(ramCeiling * 100)}% of its memory limit`);
  }
  if (up.size === 0) warnings.push('no peer answered: nothing observed');

  // Losing a zone: P is every listed peer (a down peer's pod still takes a place in the spread).
  const zones = up.size > 0 ? observeZoneLoss(collections, listed.size, options.zones ?? 1, peers.filter((p) => p.status === 'up').length) : undefined;
  if (zones) {
    for (const z of zones.collections) findings.push(`collection "${z.collection}" in ${zones.zones} zones: ${z.detail}`);
    if (!zones.raftMajorityAfterZoneLoss) {
      findings.push(`in ${zones.zones} zones the fullest zone may hold ${zones.peersPerZoneMax} of the ${zones.peers} peers: without them Raft has no majority (${zones.livePeersAfterZoneLoss} of ${zones.peers} left up), so collection changes, shard moves and joining peers wait for the zone`);
    }
  }

  return {
    schemaVersion: 'qsize.observe/v1',
    recordedAt: recording.recordedAt,
    qdrantVersion,
    accuracyBarPct: ACCURACY_BAR * 100,
    ramCeiling,
    peers,
    collections,
    ...(zones ? { zones } : {}),
    findings,
    warnings,
  };
}
