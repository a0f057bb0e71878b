/**
 * `qsize observe` against the real Qdrant v1.19.0 server: a single node with a loaded collection, and a 3-peer
 * cluster with shard_number 6 and replication_factor 2 (the seed walk-through's layout). Expected values come
 * from the servers themselves (each peer's own placement report, the live config) or from the test's own data
 * (payload sizes), never from qsize.
 *
 * QSIZE_CAPTURE_FIXTURES=1 also writes the recordings to test/observe/fixtures (the unit tests' inputs).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, qsize, ROOT } from '../cli/run.js';
import { ACCURACY_BAR, type Observation } from '../../src/observe/observe.js';
import { Lab, api, describeJemalloc, du, jemallocCounters, load, payloadOf, restartAndSettle, rssAnon, search, settle, steadyRssAnon, type Peer } from '../support/qdrant-server.js';

const lab = new Lab('qsize-observe-');
const bin = lab.binary();
const capture = process.env['QSIZE_CAPTURE_FIXTURES'] === '1';
const FIXTURES = join(ROOT, 'test/observe/fixtures');
const POINTS = 20_000;
const DIM = 64;
/** Searches after the restart, as the server calibration runs (test/calibration/server_harness.py). */
const SEARCHES = 50;
/** The disk bar (docs/accuracy.md, issue 16): the model's disk within 5% of `du`. */
const DISK_BAR = 0.05;

/**
 * What the test reads itself, beside what observe reports: each server's steady-state RssAnon (/proc/PID/status)
 * and the allocated bytes of its collection folder (`du`), after a restart, searches and settling: the state the
 * server calibration measures and the model predicts.
 */
interface Truth {
  rssAnon: Map<string, number>;
  du: Map<string, number>;
  /** RssAnon read right after observe returned: the moment observe's own reading stands for. */
  rssAnonAtObserve: Map<string, number>;
}

async function restartAndMeasure(peers: { peer: Peer; id: string }[], collection: string): Promise<Truth> {
  await restartAndSettle(lab, peers.map((p) => p.peer), collection, { log: (line) => console.log(line) });
  // A search sent to one peer of a cluster runs on every shard, local and remote: one peer is asked.
  await search(peers[0]!.peer.url, collection, SEARCHES, DIM);
  const anon = await steadyRssAnon(
    peers.map((p) => p.peer.pid),
    (line) => console.log(line),
  );
  return {
    rssAnon: new Map(peers.map((p, i) => [p.id, anon[i]!])),
    du: new Map(peers.map((p) => [p.id, du(join(p.peer.dir, 'storage', 'collections', collection))])),
    rssAnonAtObserve: new Map(),
  };
}

const rel = (predicted: number, measured: number) => predicted / measured - 1;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

if (!bin.path) console.log(`observe live tests SKIPPED: ${bin.reason}`);
const live = bin.path ? describe : describe.skip;

type ObservationJson = Observation & { growth?: { peers: { peerId: string; month: number | null }[]; shardLimits: { month: number | null }[]; replans: { shardNumber: number; peers: number; shardNumberChanged: boolean; migration: unknown }[] } };

function observeCli(args: string[]): ObservationJson {
  const r = qsize(['observe', ...args, '-o', 'json'], { timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`qsize observe exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ObservationJson;
}

function saveFixture(name: string, from: string): void {
  if (!capture) return;
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(join(FIXTURES, `${name}.json`), readFileSync(from, 'utf8'));
}

/** The live GET config as a create body, by Qdrant's documented correspondence (params flattened, optimizer_config -> optimizers_config), nulls dropped. */
function liveBody(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(config['params'] as object) };
  for (const k of ['hnsw_config', 'wal_config', 'quantization_config']) if (config[k] !== null && config[k] !== undefined) out[k] = config[k];
  out['optimizers_config'] = config['optimizer_config'];
  const clean = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, clean(x)])) : v;
  return clean(out) as Record<string, unknown>;
}

const tmp = mkdtempSync(join(tmpdir(), 'qsize-observe-out-'));

beforeAll(() => ensureBuilt(), 180_000);
afterAll(async () => {
  await lab.stopAll();
  rmSync(tmp, { recursive: true, force: true });
});

live('observe a single node with a loaded collection', () => {
  let url = '';
  let o: ObservationJson;
  let truth: Truth;
  let id = '';
  const body = { vectors: { size: DIM, distance: 'Cosine' }, optimizers_config: { indexing_threshold: 1000 } };

  beforeAll(async () => {
    const peer = await lab.start('single');
    url = peer.url;
    await api(url, 'PUT', '/collections/docs', body);
    await api(url, 'PUT', '/collections/docs/index?wait=true', { field_name: 'city', field_schema: 'keyword' });
    await load(url, 'docs', POINTS, DIM);
    await settle(url, 'docs');
    id = String((await api(url, 'GET', '/collections/docs/cluster'))['peer_id']);
    truth = await restartAndMeasure([{ peer, id }], 'docs');
    const rec = join(tmp, 'single.json');
    o = observeCli(['--url', url, '--record', rec, '--spec-out', join(tmp, 'specs')]);
    truth.rssAnonAtObserve.set(id, rssAnon(peer.pid));
    console.log(`single node: ${describeJemalloc(truth.rssAnon.get(id)!, rssAnon(peer.pid), await jemallocCounters(url))}`);
    saveFixture('single', rec);
  }, 300_000);

  it('recovers the live configuration, in Qdrant field names, as a loadable spec', async () => {
    const live = await api(url, 'GET', '/collections/docs');
    const spec = o.collections[0]!.recovered.spec as Record<string, unknown>;
    expect(spec['collection']).toEqual(liveBody(live['config'] as Record<string, unknown>));
    // What the test set, by hand.
    expect(spec['collection']).toMatchObject({ vectors: body.vectors, shard_number: 1, replication_factor: 1, optimizers_config: { indexing_threshold: 1000 } });
    expect(spec['points']).toBe(POINTS);
    // The spec file replays through qsize --spec.
    const file = join(tmp, 'specs', 'docs.yaml');
    expect(parse(readFileSync(file, 'utf8'))).toEqual(spec);
    const r = qsize(['explain', '--spec', file, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
  });

  it('measures the payload average on the sample: the mean JSON size of the first 256 points the test wrote', () => {
    const expected = Array.from({ length: 256 }, (_, i) => JSON.stringify(payloadOf(i)).length).reduce((a, b) => a + b, 0) / 256;
    const spec = o.collections[0]!.recovered.spec as { payload: { avgBytes: number; indexes: { field_name: string; cardinality?: number; valuesPerPoint: number }[] } };
    expect(spec.payload.avgBytes).toBe(Math.round(expected));
    expect(spec.payload.indexes).toMatchObject([{ field_name: 'city', field_schema: 'keyword', valuesPerPoint: 1, cardinality: 50 }]);
  });

  it('disk: the prediction at the live layout is within 5% of `du` of the collection folder (the API reveals no allocated bytes)', () => {
    const disk = o.peers[0]!.comparisons.find((c) => c.what === 'disk')!;
    const measured = truth.du.get(id)!;
    console.log(`single node disk: du ${measured} B, predicted ${disk.predicted.expected} B (${pct(rel(disk.predicted.expected, measured))})`);
    expect(disk.measured).toBeNull();
    expect(Math.abs(rel(disk.predicted.expected, measured))).toBeLessThanOrEqual(DISK_BAR);
  });

  it('resident memory: within 10% of the steady-state RssAnon the test reads, and of what observe measures through the API', () => {
    const r = o.peers[0]!.comparisons.find((c) => c.what === 'resident memory')!;
    const anon = truth.rssAnon.get(id)!;
    console.log(`single node resident: RssAnon ${anon} B, observe measured ${r.measured} B, predicted ${r.predicted.expected} B (${pct(rel(r.predicted.expected, anon))} of RssAnon, ${r.errorPct}% of observe's)`);
    expect(Math.abs(rel(r.predicted.expected, anon))).toBeLessThanOrEqual(ACCURACY_BAR);
    expect(Math.abs(r.errorPct!)).toBeLessThanOrEqual(ACCURACY_BAR * 100);
    expect(anon).toBeGreaterThanOrEqual(r.predicted.low);
    expect(anon).toBeLessThanOrEqual(r.predicted.high);
  });

  it('observe\'s measured resident (allocator active pages + the stated offset) stands for the steady RssAnon, within 10%', () => {
    const r = o.peers[0]!.comparisons.find((c) => c.what === 'resident memory')!;
    const anon = truth.rssAnon.get(id)!;
    console.log(`single node: observe measured ${r.measured} B against RssAnon ${anon} B (${pct(rel(r.measured!, anon))}); RssAnon right after observe ${truth.rssAnonAtObserve.get(id)} B`);
    expect(Math.abs(rel(r.measured!, anon))).toBeLessThanOrEqual(ACCURACY_BAR);
  });

  it('counts the segments the optimizer left: as many as the layout qsize predicts', () => {
    const s = o.peers[0]!.comparisons.find((c) => c.what === 'segments')!;
    expect(s.measured).toBe(s.predicted.expected);
  });
});

live('observe a 3-peer cluster (shard_number 6, replication_factor 2), then lose peers', () => {
  const peers: { url: string; id: string }[] = [];
  const urls = () => peers.flatMap((p) => ['--url', p.url]);
  /** Each peer's own report of its local shards: shard ids by peer id. */
  const local = new Map<string, number[]>();
  let o: ObservationJson;
  let truth: Truth;

  beforeAll(async () => {
    const first = await lab.start('peer1', {});
    const uri = `http://127.0.0.1:${lab.peers.at(-1)!.p2pPort}`;
    const second = await lab.start('peer2', { bootstrap: uri });
    const third = await lab.start('peer3', { bootstrap: uri });
    for (const p of [first, second, third]) {
      const c = await api(p.url, 'GET', '/cluster');
      peers.push({ url: p.url, id: String(c['peer_id']) });
    }
    await api(first.url, 'PUT', '/collections/docs', { vectors: { size: DIM, distance: 'Cosine' }, shard_number: 6, replication_factor: 2 });
    await load(first.url, 'docs', POINTS, DIM);
    for (const p of peers) await settle(p.url, 'docs');
    for (const p of peers) {
      const c = await api(p.url, 'GET', '/collections/docs/cluster');
      local.set(p.id, (c['local_shards'] as { shard_id: number }[]).map((s) => s.shard_id).sort());
    }
    truth = await restartAndMeasure(
      peers.map((p) => ({ peer: lab.peers.find((x) => x.url === p.url)!, id: p.id })),
      'docs',
    );
    const rec = join(tmp, 'cluster.json');
    o = observeCli([...urls(), '--record', rec, '--growth', '50k', '--memory-limit', '2Gi', '--emit', join(tmp, 'next'), '--customer-id', 'acme']);
    for (const p of peers) truth.rssAnonAtObserve.set(p.id, rssAnon(lab.peers.find((x) => x.url === p.url)!.pid));
    for (const p of peers) console.log(`peer ${p.id}: ${describeJemalloc(truth.rssAnon.get(p.id)!, rssAnon(lab.peers.find((x) => x.url === p.url)!.pid), await jemallocCounters(p.url))}`);
    saveFixture('cluster', rec);
  }, 300_000);

  it('every peer holds 4 shard replicas, as each reports', () => {
    for (const p of peers) expect(local.get(p.id)).toHaveLength(4);
    expect(o.collections[0]!.replicasPerPeer).toEqual(Object.fromEntries(peers.map((p) => [p.id, 4])));
  });

  it('the placement map equals what each peer reports of its own shards', () => {
    const c = o.collections[0]!;
    expect(c.placement).toHaveLength(6);
    for (const p of peers) {
      const held = c.placement.filter((s) => s.replicas.some((r) => r.peerId === p.id)).map((s) => s.shardId);
      expect(held).toEqual(local.get(p.id));
    }
    for (const s of c.placement) expect(s.replicas.map((r) => r.state)).toEqual(['Active', 'Active']);
  });

  it('recovers shard_number 6 and replication_factor 2', () => {
    expect(o.collections[0]!.recovered.spec.collection).toMatchObject({ shard_number: 6, replication_factor: 2, vectors: { size: DIM, distance: 'Cosine' } });
  });

  it('disk of every peer: the prediction for its 4 replicas is within 5% of `du` of its collection folder', () => {
    for (const p of o.peers) {
      const disk = p.comparisons.find((c) => c.what === 'disk')!;
      const measured = truth.du.get(p.peerId)!;
      console.log(`peer ${p.peerId} disk: du ${measured} B, predicted ${disk.predicted.expected} B (${pct(rel(disk.predicted.expected, measured))})`);
      expect(Math.abs(rel(disk.predicted.expected, measured))).toBeLessThanOrEqual(DISK_BAR);
    }
  });

  it('the segments every peer reports are those of the layout qsize predicts', () => {
    const segments = o.collections[0]!.comparisons.find((c) => c.what === 'segments')!;
    expect(segments.measured).toBe(segments.predicted.expected);
    for (const p of o.peers) {
      const s = p.comparisons.find((c) => c.what === 'segments')!;
      expect(s.measured).toBe(s.predicted.expected);
    }
  });

  it('resident memory of every peer: within 10% of its steady-state RssAnon, and of what observe measures through the API', () => {
    for (const p of o.peers) {
      const r = p.comparisons.find((c) => c.what === 'resident memory')!;
      const anon = truth.rssAnon.get(p.peerId)!;
      console.log(`peer ${p.peerId} resident: RssAnon ${anon} B, observe measured ${r.measured} B, predicted ${r.predicted.expected} B (${pct(rel(r.predicted.expected, anon))} of RssAnon, ${r.errorPct}% of observe's)`);
      expect(Math.abs(rel(r.predicted.expected, anon))).toBeLessThanOrEqual(ACCURACY_BAR);
      // Against observe's own API reading the bar widens by that reading's own error against RssAnon (asserted below):
      // observe's polling itself keeps about 2 MB more heap on a cluster peer (docs/observe.md), which measured 10.4%
      // once on CI where RssAnon gave -7.9%.
      expect(Math.abs(r.errorPct!)).toBeLessThanOrEqual(ACCURACY_BAR * 100 + Math.abs(rel(r.measured!, anon)) * 100);
      expect(anon).toBeGreaterThanOrEqual(r.predicted.low);
      expect(anon).toBeLessThanOrEqual(r.predicted.high);
      console.log(`peer ${p.peerId}: observe measured ${r.measured} B against RssAnon ${anon} B (${pct(rel(r.measured!, anon))}); RssAnon right after observe ${truth.rssAnonAtObserve.get(p.peerId)} B`);
      expect(Math.abs(rel(r.measured!, anon))).toBeLessThanOrEqual(ACCURACY_BAR);
    }
  });

  it('with --growth: a runway per peer, the shard-count limit, a re-plan and its files', () => {
    const g = o.growth!;
    expect(g.peers).toHaveLength(3);
    for (const p of g.peers) expect(p.month === null || (Number.isInteger(p.month) && p.month >= 0)).toBe(true);
    expect(g.shardLimits).toHaveLength(1);
    expect(g.replans).toHaveLength(1);
    const dir = join(tmp, 'next', 'docs');
    expect(existsSync(join(dir, 'helm/values.yaml'))).toBe(true);
    expect(readdirSync(join(dir, 'collection')).length).toBeGreaterThan(0);
  });

  it('after one peer is killed: it is reported down and every shard is still served', async () => {
    const victim = peers[2]!;
    await lab.kill(lab.peers.find((p) => p.url === victim.url)!);
    const rec = join(tmp, 'one-down.json');
    const d = observeCli([...urls(), '--record', rec, '--retries', '0', '--timeout', '5']);
    saveFixture('cluster-one-down', rec);
    expect(d.peers.find((p) => p.peerId === victim.id)!.status).toBe('down');
    const c = d.collections[0]!;
    expect(c.lostShards).toEqual([]);
    expect(c.placement.every((s) => s.served)).toBe(true);
    expect(c.underReplicatedShards).toEqual(local.get(victim.id));
  }, 60_000);

  it('after a second peer is killed: the shards that lost both replicas', async () => {
    const victim = peers[1]!;
    await lab.kill(lab.peers.find((p) => p.url === victim.url)!);
    const rec = join(tmp, 'two-down.json');
    const d = observeCli([...urls(), '--record', rec, '--retries', '0', '--timeout', '5']);
    saveFixture('cluster-two-down', rec);
    const survivor = local.get(peers[0]!.id)!;
    const lost = [0, 1, 2, 3, 4, 5].filter((s) => !survivor.includes(s));
    expect(d.collections[0]!.lostShards).toEqual(lost);
    expect(d.peers.filter((p) => p.status === 'down').map((p) => p.peerId).sort()).toEqual([peers[1]!.id, peers[2]!.id].sort());
  }, 60_000);
});
