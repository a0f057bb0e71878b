/**
 * observe() on replies recorded from the real Qdrant v1.19.0 server (test/observe/fixtures, written by
 * `QSIZE_CAPTURE_FIXTURES=1 npx vitest run test/observe/live.test.ts`). Expected values are read from the raw
 * replies by the test itself (each peer's own shard report, the scroll sample, the memory report), not from qsize.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observe, projectGrowth, REQUESTS, type ClusterRecording } from '../../src/index.js';
import { recoverSpec } from '../../src/observe/recover.js';
import { predictReplica, segmentsOf } from '../../src/observe/observe.js';
import { parseWorkload } from '../../src/model/estimate.js';
import { ROOT } from '../cli/run.js';
import { catalog, GIB } from '../plan/fixtures.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test/observe/fixtures', `${name}.json`), 'utf8')) as ClusterRecording;
type J = Record<string, unknown>;
const result = (rec: ClusterRecording, peer: number, key: string) => ((rec.peers[peer]!.replies[key] as { body: J }).body['result'] ?? (rec.peers[peer]!.replies[key] as { body: J }).body) as J;
const answered = (rec: ClusterRecording) => rec.peers.map((p, i) => ({ p, i })).filter(({ p }) => 'status' in (p.replies[REQUESTS.root] ?? {}));

describe('observe(): a single node, recorded', () => {
  const rec = fixture('single');
  const o = observe(rec);
  const c = o.collections[0]!;

  it('recovers the live config as the create body: params flattened, optimizer_config renamed, nulls dropped', () => {
    const config = result(rec, 0, REQUESTS.collection('docs'))['config'] as J;
    const params = config['params'] as J;
    const body = c.recovered.spec.collection as J;
    for (const [k, v] of Object.entries(params)) if (v !== null) expect(body[k], k).toEqual(v);
    const opt = Object.fromEntries(Object.entries(config['optimizer_config'] as J).filter(([, v]) => v !== null));
    expect(body['optimizers_config']).toEqual(opt);
    expect(body['hnsw_config']).toEqual(config['hnsw_config']);
    expect(body).not.toHaveProperty('optimizer_config');
  });

  it('the recovered spec validates as a Workload', () => {
    expect(() => parseWorkload(c.recovered.spec)).not.toThrow();
  });

  it('payload.avgBytes is the mean serialized JSON size of the sampled payloads', () => {
    const points = (result(rec, 0, REQUESTS.sample('docs'))['points'] as { payload: J }[]).map((p) => Buffer.byteLength(JSON.stringify(p.payload)));
    const mean = points.reduce((a, b) => a + b, 0) / points.length;
    expect(c.recovered.sampledPoints).toBe(points.length);
    expect((c.recovered.spec.payload as { avgBytes: number }).avgBytes).toBe(Math.round(mean));
  });

  it('reads the measured figures from the memory report and the metrics text', () => {
    const total = result(rec, 0, REQUESTS.memory('docs'))['total'] as J;
    const byWhat = Object.fromEntries(c.comparisons.map((x) => [x.what, x]));
    expect(byWhat['file lengths']!.measured).toBe(total['disk_bytes']);
    // No API reveals allocated disk: predicted only.
    expect(byWhat['disk']!.measured).toBeNull();
    expect(byWhat['page cache']!.measured).toBe(total['expected_cache_bytes']);
    expect(byWhat['page cache now']!.measured).toBe(total['cached_bytes']);
    expect(byWhat['collection heap']!.measured).toBe(total['ram_bytes']);
    const metrics = (rec.peers[0]!.replies[REQUESTS.metrics] as { body: string }).body;
    // RssAnon as the API shows it: the allocator's active pages plus the measured non-allocator offset (2.0 MB).
    const active = Number(/^memory_active_bytes (\d+)$/m.exec(metrics)![1]);
    expect(o.peers[0]!.comparisons.find((x) => x.what === 'resident memory')!.measured).toBe(active + 2_000_000);
  });

  it('the error is (predicted - measured) / measured, and within-bar means |error| <= 10%', () => {
    for (const x of [...c.comparisons, ...o.peers[0]!.comparisons]) {
      if (x.measured === null || x.measured === 0) continue;
      const err = ((x.predicted.expected - x.measured) / x.measured) * 100;
      expect(x.errorPct!).toBeCloseTo(err, 1);
      expect(x.withinBar).toBe(Math.abs(err) <= 10);
      expect(x.inRange).toBe(x.measured >= x.predicted.low && x.measured <= x.predicted.high);
    }
  });

  it('two collections on one peer: the process baseline is counted once, the collections\' heaps each', () => {
    const twice = structuredClone(rec);
    const replies = twice.peers[0]!.replies;
    for (const k of [REQUESTS.collection('docs'), REQUESTS.collectionCluster('docs'), REQUESTS.memory('docs'), REQUESTS.sample('docs')]) replies[k.replace('docs', 'docs2')] = replies[k]!;
    ((replies[REQUESTS.collections] as { body: { result: { collections: unknown[] } } }).body.result.collections).push({ name: 'docs2' });
    const one = o.peers[0]!.comparisons.find((x) => x.what === 'resident memory')!.predicted.expected;
    const two = observe(twice).peers[0]!.comparisons.find((x) => x.what === 'resident memory')!.predicted.expected;
    // one = baseline + heap, two = baseline + 2 × heap: the second collection adds its heap, not another baseline.
    const baseline = 2 * one - two;
    expect(baseline).toBeGreaterThan(10e6);
    expect(two - one).toBeLessThan(one);
  });

  it('the server reports no memory limit here (cgroup without one): no headroom is invented', () => {
    const sys = (result(rec, 0, REQUESTS.telemetry)['app'] as J)['system'] as J;
    expect(sys['ram_size']).toBeGreaterThanOrEqual(2 ** 50);
    expect(o.peers[0]!.memoryLimitBytes).toBeNull();
    expect(o.peers[0]!.headroomBytes).toBeNull();
    const limited = observe(rec, { memoryLimitBytes: 1024 ** 3 });
    expect(limited.peers[0]!.memoryLimitBytes).toBe(1024 ** 3);
  });
});

describe('observe(): a 3-peer cluster, shard_number 6, replication_factor 2, recorded', () => {
  const rec = fixture('cluster');
  const o = observe(rec);
  const c = o.collections[0]!;
  const own = new Map<string, number[]>();
  for (const { i } of answered(rec)) {
    const r = result(rec, i, REQUESTS.collectionCluster('docs'));
    own.set(String(r['peer_id']), (r['local_shards'] as { shard_id: number }[]).map((s) => s.shard_id).sort());
  }

  it('lists the three peers, all up, and the Raft leader the peers name', () => {
    expect(o.peers.map((p) => p.status)).toEqual(['up', 'up', 'up']);
    const leader = String((result(rec, 0, REQUESTS.cluster)['raft_info'] as J)['leader']);
    expect(o.peers.filter((p) => p.leader).map((p) => p.peerId)).toEqual([leader]);
  });

  it('the placement map is what each peer reports of its own shards: 4 replicas each, every shard twice', () => {
    for (const [peer, shards] of own) {
      expect(shards).toHaveLength(4);
      expect(c.placement.filter((s) => s.replicas.some((r) => r.peerId === peer)).map((s) => s.shardId)).toEqual(shards);
    }
    for (const s of c.placement) expect(s.replicas).toHaveLength(2);
    expect(c.unbalanced).toBeNull();
    expect(c.lostShards).toEqual([]);
    expect(c.underReplicatedShards).toEqual([]);
  });

  it('the collection\'s segments are those every peer\'s telemetry lists for its local shards', () => {
    let segments = 0;
    for (const { i } of answered(rec)) {
      const cols = (result(rec, i, REQUESTS.telemetry)['collections'] as J)['collections'] as { id: string; shards: { local: { segments: unknown[] } | null }[] }[];
      for (const s of cols.find((x) => x.id === 'docs')!.shards) segments += s.local?.segments.length ?? 0;
    }
    expect(c.comparisons.find((x) => x.what === 'segments')!.measured).toBe(segments);
  });

  it('a peer holds the points its own shards report', () => {
    for (const { i } of answered(rec)) {
      const r = result(rec, i, REQUESTS.collectionCluster('docs'));
      const pts = (r['local_shards'] as { points_count: number }[]).reduce((a, s) => a + s.points_count, 0);
      expect(o.peers.find((p) => p.peerId === String(r['peer_id']))!.points).toBe(pts);
    }
  });

  it('the collection heap set against the memory report is its structures\' heap, without the allocator\'s per-shard and per-segment bookkeeping', () => {
    // Every replica is two plain segments (no HNSW graph, no payload index): the only attributed heap is the mutable id
    // tracker, its written slots 24 + 1/8 B and a B-tree entry of 22.608 B a point (its nodes in jemalloc's classes) and its versions vector at its whole
    // capacity on the server, 2,048 slots of 8 B (methodology, "The mutable id tracker"), over each replica's two
    // segments of ceil(n / 2) points, by hand: shards 0-5 hold 3,334, 3,110, 2,746, 3,509, 3,466 and 3,835 points,
    // twice each, 2 x (ceil(n / 2) x 46.733 + 16,384) summed over the 12 replicas = 2,262,714 B (each replica's figure
    // rounded; 2,260,076 with glibc's chunks for the B-tree's nodes, before s44; 2,186,892 with the versions written
    // only, before s43). Qdrant's report says 3,019,008 B: it counts the vectors at their capacity (2,048
    // slots in each of the 24 segments: 24 x 2,048 x 32.125 = 1,579,008) and 36 B a B-tree entry (40,000 x 36 =
    // 1,440,000), which is what it allocates, not what is resident (test/accuracy/mutable-tracker.test.ts).
    const heap = c.comparisons.find((x) => x.what === 'collection heap')!;
    expect(Math.abs(heap.predicted.expected - 2_262_714)).toBeLessThanOrEqual(2);
    expect(heap.measured).toBe(24 * 2_048 * 32.125 + 40_000 * 36);
  });

  it('a peer\'s predicted resident memory counts the loaded allocator\'s term for every point it holds, not its first replica\'s', () => {
    // Peer 1897777372674658 holds shards 1, 2, 4, 5: 3,110 + 2,746 + 3,466 + 3,835 = 13,157 points in 8 plain segments, on
    // 2 cores, in cluster mode (docs/observe.md, docs/methodology.md sections 6 and 9), by hand:
    //   process heap 14.1 MB + 1.1 MB x 2 + 0.47 MB = 16,770,000; loaded allocator min(1, 13,157 / 12,000) x 0.9 MB =
    //   900,000 (its first replica's 3,110 points alone gave 233,250); cluster mode 1,000,000; mutable id trackers
    //   2 x (ceil(n / 2) x 46.733 + 16,384) B: 178,107 + 161,096 + 194,744 + 212,035 = 745,982; shard heaps 4 x 140,000 = 560,000;
    //   segment heaps 8 x 63,000 = 504,000.
    const expected = 16_770_000 + 900_000 + 1_000_000 + 745_982 + 4 * 140_000 + 8 * 63_000;
    expect(expected).toBe(20_479_982);
    const peer = o.peers.find((p) => p.peerId === '1897777372674658')!;
    expect(peer.points).toBe(13_157);
    expect(peer.comparisons.find((x) => x.what === 'resident memory')!.predicted.expected).toBe(expected);
  });
});

describe('observe(): the same cluster after losing peers, recorded', () => {
  it('one peer down: reported down, every shard served, its shards under-replicated', () => {
    const rec = fixture('cluster-one-down');
    const o = observe(rec);
    const down = o.peers.filter((p) => p.status === 'down');
    expect(down).toHaveLength(1);
    // What the peers that answered say the dead peer held (their remote_shards).
    const i = answered(rec)[0]!.i;
    const remote = (result(rec, i, REQUESTS.collectionCluster('docs'))['remote_shards'] as { shard_id: number; peer_id: number }[]).filter((s) => String(s.peer_id) === down[0]!.peerId).map((s) => s.shard_id);
    const c = o.collections[0]!;
    expect(c.lostShards).toEqual([]);
    expect(c.underReplicatedShards).toEqual(remote.sort());
    expect(o.findings[0]).toMatch(/is down/);
    // Counted as the recording counts them: 6 shards, and the dead peer's under-replicated ones ("shard(s)" until s36).
    expect(o.findings).toContain('collection "docs": every one of its 6 shards is served by at least one active replica');
    expect(o.findings).toContain(`collection "docs": ${remote.length === 1 ? 'shard' : 'shards'} ${remote.sort().join(', ')} ${remote.length === 1 ? 'has' : 'have'} fewer active replicas than replication_factor 2`);
  });

  it('two peers down: the shards without a replica on the survivor are lost; the config comes from telemetry', () => {
    const rec = fixture('cluster-two-down');
    const o = observe(rec);
    const i = answered(rec)[0]!.i;
    const mine = (result(rec, i, REQUESTS.collectionCluster('docs'))['local_shards'] as { shard_id: number }[]).map((s) => s.shard_id);
    const c = o.collections[0]!;
    expect(c.lostShards).toEqual([0, 1, 2, 3, 4, 5].filter((s) => !mine.includes(s)));
    expect(c.recovered.spec.collection).toMatchObject({ shard_number: 6, replication_factor: 2 });
    expect(o.warnings.join(' ')).toMatch(/taken from telemetry/);
    expect(c.recovered.spec.collection).not.toHaveProperty('uuid');
    expect(c.recovered.assumptions.join('\n')).not.toMatch(/uuid/);
  });
});

describe('observe(): peers the recording does not cover, edited replies', () => {
  it('a peer the cluster lists that no URL reached, while every URL answered, is unknown (not down)', () => {
    const rec = fixture('cluster');
    const only = { ...rec, peers: [rec.peers[0]!] };
    const o = observe(only);
    expect(o.peers.filter((p) => p.status === 'unknown')).toHaveLength(2);
    expect(o.findings.filter((f) => /pass its --url/.test(f))).toHaveLength(2);
  });

  it('a collection the recording did not ask about (--collection narrowed it) is left out, silently', () => {
    const rec = structuredClone(fixture('cluster'));
    for (const p of rec.peers) ((p.replies[REQUESTS.collections] as { body: { result: { collections: unknown[] } } }).body.result.collections).push({ name: 'other' });
    const o = observe(rec);
    expect(o.collections.map((c) => c.name)).toEqual(['docs']);
    expect(o.warnings).toEqual([]);
  });

  it('a URL that answers as two peers (a load-balanced Service) is warned about', () => {
    const rec = structuredClone(fixture('cluster'));
    const key = REQUESTS.collectionCluster('docs');
    rec.peers[0]!.replies[key] = rec.peers[1]!.replies[key]!;
    expect(observe(rec).warnings.join('\n')).toMatch(/answered as peer \d+ and as peer \d+: it looks load-balanced/);
  });

  it('a replica in a state other than Active and a transfer in progress are findings', () => {
    const rec = structuredClone(fixture('cluster'));
    const key = REQUESTS.collectionCluster('docs');
    const body = (rec.peers[0]!.replies[key] as { body: { result: J } }).body.result;
    const locals = body['local_shards'] as { shard_id: number; state: string }[];
    locals[0]!.state = 'Dead';
    body['shard_transfers'] = [{ shard_id: 9, from: 1, to: 2, method: 'stream_records', sync: false }];
    const o = observe(rec);
    const self = String(body['peer_id']);
    expect(o.collections[0]!.inactiveReplicas).toContainEqual({ shardId: locals[0]!.shard_id, peerId: self, state: 'Dead', peerUp: true });
    expect(o.findings.join('\n')).toMatch(new RegExp(`shard ${locals[0]!.shard_id} on ${self} Dead`));
    expect(o.collections[0]!.transfers).toEqual([{ shardId: 9, from: '1', to: '2', method: 'stream_records' }]);
    expect(o.findings.join('\n')).toContain('collection "docs": 1 shard transfer in progress: shard 9 1 -> 2');
  });
});

describe('projectGrowth(): the runway', () => {
  const o = observe(fixture('cluster'), { memoryLimitBytes: 256 * 1024 ** 2 });

  it('a faster growth never runs a peer out later', () => {
    let last = Infinity;
    for (const rate of [1e5, 1e6, 1e7, 1e8]) {
      const g = projectGrowth(o, { pointsPerMonth: rate });
      const first = Math.min(...g.peers.map((p) => p.month ?? Infinity));
      expect(first).toBeLessThanOrEqual(last);
      last = first;
    }
    expect(last).toBeLessThan(Infinity);
  });

  it('a limit below what a peer holds today runs out at month 0', () => {
    const tight = observe(fixture('cluster'), { memoryLimitBytes: 16 * 1024 ** 2 });
    expect(projectGrowth(tight, { pointsPerMonth: 1 }).peers.every((p) => p.month === 0)).toBe(true);
  });

  it('without a limit there is no runway to state', () => {
    const g = projectGrowth(observe(fixture('cluster')), { pointsPerMonth: 1e6 });
    expect(g.peers.every((p) => p.month === null && /no memory limit/.test(p.detail))).toBe(true);
  });

  it('a growth past the 100B points qsize sizes ends the runway instead of failing', () => {
    const g = projectGrowth(o, { pointsPerMonth: 5e9 });
    expect(g.peers.every((p) => p.month !== null && p.month <= 120)).toBe(true);
  });

  it('when the live shard count cannot carry the growth on the nodes offered, the re-plan changes it and states the migration at twice the disk of every replica', () => {
    // Only 16 GiB nodes: 6 shards x 2 replicas use at most 12 of them; 200M more points of 64-d need more.
    const small = { ...catalog(), instances: catalog().instances.filter((i) => i.memoryBytes === 16 * GIB && i.gpuCount === 0) };
    const g = projectGrowth(o, { pointsPerMonth: 2e7, horizonMonths: 12, catalog: small });
    const r = g.replans[0]!;
    expect(r.shardNumberChanged).toBe(true);
    expect(r.shardNumber).not.toBe(6);
    // No API reveals allocated disk: the disk of every replica is the prediction, the sum of the peers' own.
    const disk = o.collections[0]!.comparisons.find((c) => c.what === 'disk')!;
    expect(disk.measured).toBeNull();
    const perPeer = o.peers.reduce((a, p) => a + p.comparisons.find((c) => c.what === 'disk')!.predicted.expected, 0);
    expect(disk.predicted.expected).toBeCloseTo(perPeer, 0);
    expect(r.migration!.diskBytes).toBe(2 * disk.predicted.expected);
  });

  it('the re-plan keeps the live shard count while it can carry the growth', () => {
    const g = projectGrowth(o, { pointsPerMonth: 1e5, horizonMonths: 12 });
    expect(g.replans[0]).toMatchObject({ shardNumber: 6, replicationFactor: 2, shardNumberChanged: false, migration: null });
  });
});

describe('recoverSpec(): text index token statistics, tokenized as Qdrant does (hand-made replies)', () => {
  const info = {
    points_count: 2,
    payload_schema: {
      body: { data_type: 'text', params: { type: 'text', tokenizer: 'word', lowercase: true } },
      title: { data_type: 'text', params: { type: 'text', tokenizer: 'prefix', min_token_len: 2, max_token_len: 3 } },
    },
    config: { params: { vectors: { size: 4, distance: 'Dot' }, shard_number: 1, replication_factor: 1 } },
  };
  const sample = [
    { id: 1, payload: { body: 'The cat, the HAT', title: 'Über café' }, vector: [1, 2, 3, 4] },
    { id: 2, payload: { body: 'cat' }, vector: [1, 2, 3, 4] },
  ];
  const r = recoverSpec('text', { info, sample, version: '1.20.0', cores: 4 });
  const byName = (name: string) => (r.spec.payload as { indexes: J[] }).indexes.find((i) => i['field_name'] === name)!;

  it('word tokenizer: "The cat, the HAT" and "cat" are 5 tokens in 2 values (2.5), distinct the/cat/hat of 3 bytes', () => {
    expect(byName('body')).toMatchObject({ tokensPerValue: 2.5, avgTokenBytes: 3 });
  });

  it('prefix tokenizer 2-3: "Über café" is 2 words and gives üb, übe, ca, caf (4 prefix tokens in 1 value) of 3, 4, 2, 3 UTF-8 bytes (mean 3)', () => {
    expect(byName('title')).toMatchObject({ tokensPerValue: 2, prefixTokensPerValue: 4, avgTokenBytes: 3 });
  });

  it('the spec with the token statistics validates and estimates', () => {
    expect(() => parseWorkload(r.spec)).not.toThrow();
    expect(r.assumptions.join('\n')).toMatch(/payload index "title": 2 words and 4 prefix tokens in 1 sampled text values/);
  });
});

describe('recoverSpec(): averages from a sample (hand-made replies)', () => {
  const info = {
    points_count: 3,
    payload_schema: { tags: { data_type: 'keyword', points: 3 } },
    config: {
      params: {
        vectors: { colbert: { size: 4, distance: 'Dot', multivector_config: { comparator: 'max_sim' } } },
        sparse_vectors: { bm25: { modifier: 'idf' } },
        shard_number: 1,
        replication_factor: 1,
        some_future_setting: true,
      },
      hnsw_config: { m: 16, ef_construct: 100 },
      optimizer_config: { indexing_threshold: null },
    },
  };
  const sample = [
    { id: 'a', payload: { tags: ['x', 'yy'] }, vector: { colbert: [[1], [2]], bm25: { indices: [1, 2, 3], values: [1, 1, 1] } } },
    { id: 'b', payload: { tags: ['x'] }, vector: { colbert: [[1], [2], [3], [4]], bm25: { indices: [5], values: [1] } } },
    { id: 'c', payload: {}, vector: { colbert: [[1], [2], [3]], bm25: { indices: [], values: [] } } },
  ];
  const r = recoverSpec('hand', { info, sample, version: '1.19.0', cores: 4 });

  it('inner vectors per point (2, 4, 3 -> 3) and sparse non-zeros (3, 1, 0 -> 1.33)', () => {
    expect(r.spec.multivector).toEqual({ colbert: 3 });
    expect(r.spec.sparse).toEqual({ bm25: 1.33 });
  });

  it('string ids are UUIDs; values per point of an array field count each element (2, 1, 0 -> 1)', () => {
    expect(r.spec.pointIdType).toBe('uuid');
    expect((r.spec.payload as { indexes: J[] }).indexes[0]).toMatchObject({ field_name: 'tags', valuesPerPoint: 1, avgValueBytes: 1.33 });
  });

  it('payload.avgBytes: {"tags":["x","yy"]} 19 B, {"tags":["x"]} 14 B, an empty payload 0 B -> 11 B', () => {
    expect((r.spec.payload as { avgBytes: number }).avgBytes).toBe(11);
  });

  it('a setting the schema does not know is dropped and listed, and the spec validates', () => {
    expect(r.spec.collection).not.toHaveProperty('some_future_setting');
    expect(r.assumptions.join('\n')).toMatch(/collection\.some_future_setting: dropped/);
    expect(() => parseWorkload(r.spec)).not.toThrow();
    expect(r.spec.assumptions).toEqual({ nodeCpus: 4 });
  });
});

describe('observe(): the prediction at the live layout', () => {
  const spec = { points: 20_000, qdrantVersion: '1.19.0', collection: { vectors: { size: 64, distance: 'Cosine' as const }, optimizers_config: { indexing_threshold: 1000 } }, assumptions: { nodeCpus: 2 } };

  it('a replica the peer reports as the model lays it out is estimated as the model lays it out', () => {
    // By hand: 20,000 x 256 B = 5.12 MB in one shard, past the 1,000 KB threshold: 1 indexed segment + 1 appendable (2 CPUs).
    const natural = predictReplica(spec, 20_000);
    expect([natural.layout.indexed, natural.layout.segmentsPerShard, natural.layout.appendableSegmentsPerShard]).toEqual([true, 1, 1]);
    expect(predictReplica(spec, 20_000, { segments: 2, indexed: 1, appendable: 1 })).toEqual(natural);
  });

  it('a replica with 3 indexed segments and an appendable one live is estimated with 3 indexed segments', () => {
    const e = predictReplica(spec, 20_000, { segments: 4, indexed: 3, appendable: 1 });
    expect([e.layout.indexed, e.layout.segmentsPerShard, e.layout.appendableSegmentsPerShard]).toEqual([true, 3, 1]);
    expect(segmentsOf(e)).toBe(4);
  });

  it('a replica the peer reports unindexed (optimizer still at work) is estimated without a graph, at its segment count', () => {
    const e = predictReplica(spec, 20_000, { segments: 3, indexed: 0, appendable: 3 });
    expect([e.layout.indexed, e.layout.segmentsPerShard]).toEqual([false, 3]);
    expect(e.lineItems.some((i) => i.structure === 'hnsw' && i.residency === 'cache')).toBe(false);
  });

  it('a peer in cluster mode is predicted 1.0 MB more resident memory than the same peer as a single node (the cluster\'s own heap, measured)', () => {
    const rec = fixture('cluster');
    const single = structuredClone(rec);
    for (const p of single.peers) {
      const c = p.replies[REQUESTS.cluster] as { body: { result: Record<string, unknown> } } | undefined;
      if (c && 'body' in c) c.body.result['status'] = 'disabled';
    }
    const a = observe(rec).peers[0]!.comparisons.find((x) => x.what === 'resident memory')!.predicted.expected;
    const b = observe(single).peers[0]!.comparisons.find((x) => x.what === 'resident memory')!.predicted.expected;
    expect(a - b).toBe(1_000_000);
  });

  it('a peer\'s prediction is the sum of its replicas, each estimated on its own points, plus one process', () => {
    const rec = fixture('cluster');
    const o = observe(rec);
    const p = o.peers[0]!;
    const r = result(rec, rec.peers.findIndex((x) => String(result(rec, rec.peers.indexOf(x), REQUESTS.collectionCluster('docs'))['peer_id']) === p.peerId), REQUESTS.collectionCluster('docs'));
    const own = (r['local_shards'] as { points_count: number }[]).map((s) => s.points_count);
    const specOf = o.collections[0]!.recovered.spec;
    const disk = own.reduce((a, n) => a + predictReplica(specOf, n).disk.bytes, 0);
    expect(p.comparisons.find((x) => x.what === 'disk')!.predicted.expected).toBe(disk);
  });
});

/*
 * `--writes` (s48): the API reports no write rate, so the user states it. It goes into the recovered spec
 * (assumptions.writesPerSecond), the one place every prediction of the collection reads: the WAL of a collection
 * written all the time holds the top of its sawtooth plus a flush interval's writes (src/model/wal-process.ts), and the
 * growth re-plan sizes their CPU from the same spec (src/plan/context.ts withWorkloadWrites).
 */
describe('observe(): a stated write rate', () => {
  const rec = fixture('cluster');
  const plain = observe(rec, { memoryLimitBytes: 256 * 1024 ** 2 });
  const written = observe(rec, { memoryLimitBytes: 256 * 1024 ** 2, writesPerSecond: 500 });

  it('goes into the recovered spec, which the predictions read; none stated, none there', () => {
    expect((written.collections[0]!.recovered.spec.assumptions as J)['writesPerSecond']).toBe(500);
    expect((plain.collections[0]!.recovered.spec.assumptions as J | undefined)?.['writesPerSecond']).toBeUndefined();
  });

  it("raises each peer's predicted WAL (its page cache and disk) and nothing else: written all the time, each of its 4 shard replicas keeps both 32 MiB segments", () => {
    for (const [i, p] of written.peers.entries()) {
      const at = (o: typeof plain, what: string) => o.peers[i]!.comparisons.find((x) => x.what === what)!.predicted.expected;
      // The 4 replicas' WAL at the sawtooth's top, 2 × 33,554,432 B each, where the load alone kept a few MB: at least
      // 4 × 2 × 33,554,432 − (the load's whole disk) more.
      for (const what of ['page cache', 'disk']) expect(at(written, what) - at(plain, what), `${p.peerId} ${what}`).toBeGreaterThan(4 * 2 * 33_554_432 - at(plain, 'disk'));
      for (const what of ['resident memory', 'segments']) expect(at(written, what), `${p.peerId} ${what}`).toBe(at(plain, what));
    }
    // The collection's file lengths (the memory report's, no WAL in them) do not move.
    const files = (o: typeof plain) => o.collections[0]!.comparisons.find((x) => x.what === 'file lengths')!.predicted.expected;
    expect(files(written)).toBe(files(plain));
  });

  it('the re-plan sizes the writes: the same plan as the recovered spec planned with --writes 500', () => {
    const g = projectGrowth(written, { pointsPerMonth: 1e5, horizonMonths: 12, catalog: catalog() });
    const plan = g.replans[0]!.recommendation.plan;
    expect(plan.writeCpu?.pointsPerSecond).toBe(500);
    const byFlag = projectGrowth(plain, { pointsPerMonth: 1e5, horizonMonths: 12, catalog: catalog() }).replans[0]!.recommendation.plan;
    expect(byFlag.writeCpu).toBeUndefined();
    expect(plan.estimate.lineItems.find((i) => i.id === 'wal')!.bytes).toBeGreaterThan(byFlag.estimate.lineItems.find((i) => i.id === 'wal')!.bytes);
  });
});
