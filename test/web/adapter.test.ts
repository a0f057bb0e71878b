/**
 * The page's DOM-free modules in Node: the adapter (the one reader of a Recommendation), one recompute with its
 * errors, and the URL state. The browser tests (web.test.ts) cover the page as drawn.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineItem, Recommendation } from '../../src/index.js';
import { planCatalogFromPricing, defaultCatalogs, recommend } from '../../src/index.js';
import { memorySplit, viewOf } from '../../web/src/adapter.js';
import { commandLine, compute } from '../../web/src/compute.js';
import { decodeState, encodeState } from '../../web/src/url-state.js';

const catalog = planCatalogFromPricing(defaultCatalogs());

function item(structure: LineItem['structure'], residency: LineItem['residency'], bytes: number): LineItem {
  return { id: `${structure}.${residency}`, structure, residency, bytes } as LineItem;
}

const perPeer = (residentBytes: number, pageCacheBytes: number, diskBytes: number) =>
  ({ residentBytes, pageCacheBytes, diskBytes, peakBytes: residentBytes, memoryRequestBytes: 0, cpuCores: 1, volumeBytes: 0, snapshotVolumeBytes: 0 }) as Recommendation['plan']['perPeer'];

describe('memory per peer split by structure', () => {
  it('takes the process baseline whole and splits the rest in the line items\' proportions (worked by hand)', () => {
    const items = [item('process', 'ram', 200), item('hnsw', 'ram', 300), item('id-tracker', 'ram', 100), item('vectors', 'cache', 1000), item('hnsw', 'disk', 50), item('id-tracker', 'disk', 150)];
    const { bars, baselineBytes } = memorySplit(perPeer(500, 250, 100), items);
    expect(baselineBytes).toBe(200);
    // RAM 500 = 200 baseline + 300 shared 3:1 between hnsw (300) and id-tracker (100).
    expect(bars[0]).toEqual({ residency: 'RAM', totalBytes: 500, byStructure: { process: 200, hnsw: 225, 'id-tracker': 75 } });
    expect(bars[1]).toEqual({ residency: 'Page cache', totalBytes: 250, byStructure: { vectors: 250 } });
    // Disk 100 is split over what is on the volume: the disk items and the files kept in page cache (the vectors,
    // 1000): 1000 : 50 : 150 of 1200, i.e. 83.33, 4.17 and 12.5. Before s27 the vectors were left out (25 : 75).
    expect(bars[2]!.totalBytes).toBe(100);
    expect(bars[2]!.byStructure.vectors).toBeCloseTo(83.333, 3);
    expect(bars[2]!.byStructure.hnsw).toBeCloseTo(4.167, 3);
    expect(bars[2]!.byStructure['id-tracker']).toBeCloseTo(12.5, 9);
  });

  it('leaves the server binary\'s code pages and the populated holes of chunk files out of the disk bar (resident, not on disk)', () => {
    const holes = { ...item('vectors', 'cache', 400), id: 'vectors.default.populated-holes' } as LineItem;
    const items = [item('process', 'cache', 500), holes, item('vectors', 'cache', 600), item('hnsw', 'disk', 200)];
    // On disk: 600 + 200 = 800 of the 1,700 listed; disk 80 splits 60 : 20.
    expect(memorySplit(perPeer(0, 0, 80), items).bars[2]!.byStructure).toEqual({ vectors: 60, hnsw: 20 });
  });

  it('the RAM, page cache and disk bars always add up to the plan\'s per-peer totals', () => {
    const structures = ['vectors', 'quantization', 'hnsw', 'id-tracker', 'payload', 'process', 'allocator', 'wal'] as const;
    const residencies = ['ram', 'cache', 'disk', 'peak-ram'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...structures), fc.constantFrom(...residencies), fc.integer({ min: 0, max: 1e12 })), { maxLength: 20 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        (raw, ram, cache, disk) => {
          const items = raw.map(([s, r, b]) => item(s, r, b));
          const { bars } = memorySplit(perPeer(ram, cache, disk), items);
          for (const [bar, total] of [[bars[0], ram], [bars[1], cache], [bars[2], disk]] as const) {
            const parts = Object.values(bar!.byStructure);
            expect(bar!.totalBytes).toBe(total);
            expect(Math.abs(parts.reduce((s, x) => s + x, 0) - total)).toBeLessThanOrEqual(total * 1e-9);
            for (const x of parts) expect(x).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('the adapter reads the Recommendation', () => {
  const r = recommend({ points: '20M', collection: { vectors: { size: 768, distance: 'Cosine' } } }, { growth: { pointsPerMonth: 1e6 } }, { catalog });
  it('passes the plan\'s numbers through unchanged', () => {
    const v = viewOf(r, { growth: { pointsPerMonth: 1e6 } });
    expect(v.cluster.peers).toBe(r.plan.peers);
    expect(v.bill.monthlyUsd).toBe(r.plan.cost.monthlyUsd);
    expect(v.perPeer).toEqual(r.plan.perPeer);
    expect(v.alternatives.map((a) => a.monthlyUsd)).toEqual(r.alternatives.map((a) => a.plan.cost.monthlyUsd));
    // No timeline asked of recommend(), so no limit line (the page asks for one: web/src/compute.ts).
    expect(v.growth).toEqual({ fitsUntilMonth: r.growth.fitsUntilMonth, detail: r.growth.detail, pointsPerMonth: 1e6, horizonMonths: 12 });
    expect(viewOf(r, {}).growth).toBeUndefined();
  });

  // The timeline's limit line, in the CLI's words (docs/cli.md): no zones, so the shard count's S × 2 peers.
  it("carries the timeline's limit line: the shard count's without zones, the zone rule's with 3 zones at RF 2 ((2 − 1) × 3 = 3 peers)", () => {
    const t = recommend({ points: '20M', collection: { vectors: { size: 768, distance: 'Cosine' } } }, { growth: { pointsPerMonth: 1e6 } }, { catalog, timeline: true, maxAlternatives: 0 });
    const S = t.plan.shardNumber;
    expect(viewOf(t, { growth: { pointsPerMonth: 1e6 } }).growth?.limitLine).toMatch(new RegExp(`^Shard count limit: shard_number ${S} × replication 2 allows at most ${S * 2} peers holding data`));
    const z = recommend({ points: '10M', collection: { vectors: { size: 768, distance: 'Cosine' } } }, { zones: 3, growth: { pointsPerMonth: 3e6 }, placement: { cloud: 'aws', families: ['r6i'] } }, { catalog, timeline: true, maxAlternatives: 0 });
    expect(viewOf(z, { zones: 3, growth: { pointsPerMonth: 3e6 } }).growth?.limitLine).toMatch(/^Zone limit: with --zones 3, replication 2 survives losing a zone on at most 3 peers \(\(2 − 1\) × 3; /);
  });

  it("an alternative's kind is the planner's group field, and a check keeps its module id", () => {
    const v = viewOf(r, {});
    expect(v.alternatives.map((a) => a.group)).toEqual(r.alternatives.map((a) => a.group));
    expect(v.checks.map((c) => c.id)).toEqual(r.plan.checks.map((c) => c.id));
  });
});

describe('one recompute', () => {
  it('puts a flag parser error beside its field, in the CLI\'s words', () => {
    const o = compute({ values: { vectors: '1x', dim: '8' }, config: '' }, catalog);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.errors).toEqual({ vectors: ['--vectors: got "1x", expected a count such as 1000000, 100M, 1.5B or 10k'] });
  });

  it('puts a schema rule beside the flag that set the field', () => {
    // With --replication given: without it qsize chooses a factor of at least the write consistency (src/plan/replication.ts).
    const o = compute({ values: { vectors: '1M', dim: '8', replication: '2', 'write-consistency': '3' }, config: '' }, catalog);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.errors['write-consistency']).toEqual(['--write-consistency: got "3", expected at most the replication factor (2) (a write cannot wait for more replicas than exist)']);
  });

  it("shows why qsize chose the replication factor: 2M x 768-d at 500 QPS plans RF 5 (test/plan/replication.test.ts works it by hand)", () => {
    const o = compute({ values: { vectors: '2M', dim: '768', qps: '500' }, config: '' }, catalog);
    expect(o.ok).toBe(true);
    if (o.ok) {
      expect(o.r.plan.replicationFactor).toBe(5);
      const v = viewOf(o.r, {});
      expect(v.cluster.replicationReason).toBe(o.r.plan.replicationReason);
      expect(v.cluster.replicationReason).toMatch(/^Replication factor 5: none was given .* \$816\.98\/month against \$996\.50 with 2/);
    }
  });

  it('asks for the dimension when nothing gives one', () => {
    const o = compute({ values: { vectors: '1M' }, config: '' }, catalog);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.errors['dim']?.[0]).toMatch(/^--dim: got nothing, expected a vector dimension/);
  });

  it('an emit option error lands beside its deployment field', () => {
    const o = compute({ values: { vectors: '1M', dim: '8', 'api-key-secret': 'no-slash' }, config: '' }, catalog);
    expect(o.ok).toBe(false);
    // The value is not repeated: what was typed where a reference belongs may be the secret itself.
    if (!o.ok) expect(o.errors['api-key-secret']?.[0]).toMatch(/^--api-key-secret: expected a Secret reference NAME\/KEY/);
    if (!o.ok) expect(o.errors['api-key-secret']?.[0]).not.toContain('no-slash');
  });

  it('gives recommend()\'s plan for the same input', () => {
    const o = compute({ values: { vectors: '5M', dim: '1536', quantization: 'binary-2', replication: '3' }, config: '' }, catalog);
    const r = recommend({ points: 5e6, collection: { vectors: { size: 1536, distance: 'Cosine', quantization_config: { binary: { encoding: 'two_bits' } } } } }, { replicationFactor: 3 }, { catalog });
    expect(o.ok && o.r.plan.cost.monthlyUsd).toBe(r.plan.cost.monthlyUsd);
  });

  it('the command line quotes what a shell would split', () => {
    expect(commandLine({ values: { vectors: '100M', dim: '768', region: 'us east', snapshots: 'false', 'customer-id': 'acme' }, config: '' })).toBe(
      "qsize --vectors 100M --dim 768 --no-snapshots --region 'us east'",
    );
    expect(commandLine({ values: { vectors: '100M', 'customer-id': 'acme' }, config: '{}' }, 'emit')).toBe('qsize emit --target all --out deploy/ --spec qsize-spec.yaml --customer-id acme');
  });
});

describe('URL state', () => {
  it('any form state survives the round trip through the URL fragment', () => {
    const keys = ['vectors', 'dim', 'quantization', 'region', 'customer-id', 'family'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== '')), fc.string(), (values, config) => {
        const back = decodeState(`#${encodeState({ values, config: config.trim() })}`);
        if (Object.keys(values).length === 0 && config.trim() === '') expect(back).toBeUndefined();
        else expect(back).toEqual({ values, config: config.trim() });
      }),
    );
  });
});

describe("the page's warnings carry the estimate's (s34)", () => {
  it('inline storage over 4x the vectors it replaces: 2M x 768-d float16, TurboQuant bits4, degree ratio 1 gives 9.4x', () => {
    // (768 x 2 + (32 + 16 / 15) x 392) / (768 x 2) = 14,498.1 / 1,536 = 9.44 (test/model/s34-small.test.ts works it through).
    const r = recommend(
      { points: '2M', collection: { vectors: { size: 768, distance: 'Cosine', datatype: 'float16' }, quantization_config: { turbo: { bits: 'bits4' } }, hnsw_config: { inline_storage: true } }, assumptions: { hnswDegreeRatio: 1 } },
      {},
      { catalog, maxAlternatives: 0 },
    );
    expect(viewOf(r, {}).warnings.filter((w) => /inline storage .* 9\.4x the .* float16 vectors it replaces/.test(w))).toHaveLength(1);
  });
});
