/**
 * Growth, month by month (issue 14): the recommended plan's cluster as the collection grows (src/plan/timeline.ts).
 * One small timeline worked out by hand on the hand-built catalog and the linear estimator; properties on the shipped
 * catalogs and the real model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recommend, pointsAtMonth, timelineLimitLine, TIMELINE_LIMIT_LABELS } from '../../src/plan/index.js';
import { firstMonthWhen } from '../../src/plan/constraints.js';
import { catalog, linearEstimate, workload768 } from './fixtures.js';

describe('the growth rule', () => {
  it('counts points linearly: 10M now + 2M a month is 34M in month 12', () => {
    expect(pointsAtMonth(10_000_000, 2_000_000, 12)).toBe(34_000_000);
    expect(pointsAtMonth(1_000_000, 0, 120)).toBe(1_000_000);
  });
});

describe('the month search (firstMonthWhen, docs/cli.md "The month the shard count stops the cluster")', () => {
  const probes = (limit: number | null) => {
    const seen: number[] = [];
    const month = firstMonthWhen((m) => {
      seen.push(m);
      return limit !== null && m >= limit;
    });
    return { month, seen };
  };
  it('a limit in month 10 is found in 9 probes: 0, 120, 60, 30, 15, 7, 11, 9, 10', () => {
    expect(probes(10)).toEqual({ month: 10, seen: [0, 120, 60, 30, 15, 7, 11, 9, 10] });
  });
  it('a limit in month 30 (the console example): 0, 120, 60, 30, 15, 22, 26, 28, 29', () => {
    expect(probes(30)).toEqual({ month: 30, seen: [0, 120, 60, 30, 15, 22, 26, 28, 29] });
  });
  it('over from month 0 answers 0 in one probe; never over answers null in two (0 and 120)', () => {
    expect(probes(0)).toEqual({ month: 0, seen: [0] });
    expect(probes(null)).toEqual({ month: null, seen: [0, 120] });
    expect(probes(120)).toEqual({ month: 120, seen: [0, 120, 60, 90, 105, 112, 116, 118, 119] });
  });
});

describe('a timeline worked out by hand', () => {
  /*
   * 1M points of 768-d float32 now, +1M a month for 9 months, on r6i.large only, 4 shards, replication 1, no tolerated
   * failure, no snapshots. The linear estimator: per point 36 B resident + 768·4 + 2·16·4·0.6 = 3148.8 B of page cache,
   * one 200 MiB baseline. r6i.large (16 GiB) on EKS at 110 pods: 16 GiB × 0.925 − (11·110 + 255) MiB − 100 MiB =
   * 14,250,357,555 B allocatable, − 768 MiB DaemonSets = 13,445,051,187 B → 12,822 MiB request (whole MiB). The steady
   * state must stay under 80 %: 200 MiB + share · n · 3184.8 ≤ 0.8 × 12,822 MiB, i.e. n ≤ 3,311,403 / share.
   *
   * The busiest peer's share of the collection, round-robin placement (shard s on peer s mod P), the ring's exact shard
   * shares for 4 shards [0.934835, 1.204011, 0.920946, 0.940208] (the Rust probe, data/calibration/hash-ring/
   * probe-v1.19.0.txt):
   *   P=1: all four shards, 4 × 1.0000 / 4 = 1          → n ≤ 3,311,403   (months 0-2: 1M, 2M, 3M)
   *   P=2: shards {1,3}, 2 × 1.072109 / 4 = 0.536055   → n ≤ 6,177,360   (months 3-5: 4M, 5M, 6M)
   *   P=3: shards {0,3}, 2 × 0.937521 / 4 = 0.468761   → n ≤ 7,064,165   (month 6: 7M)
   *   P=4: shard {1}, 1.204011 / 4 = 0.301003          → n ≤ 11,001,235  (months 7-10: 8M, 9M, 10M, 11M)
   * 12M points (month 11) does not fit on 4 peers, and 4 shards × replication 1 allow no fifth peer holding data:
   * the shard count stops the cluster in month 11. (With the server-measured shares, 1.2067 for shard 1, 11M did not
   * fit: the limit was month 10.)
   */
  const r = recommend(
    workload768(1_000_000),
    {
      replicationFactor: 1,
      toleratedNodeFailures: 0,
      shardNumber: 4,
      snapshots: false,
      growth: { pointsPerMonth: 1_000_000, horizonMonths: 9 },
      placement: { instanceType: 'r6i.large' },
    },
    { catalog: catalog(), estimator: linearEstimate, maxAlternatives: 0, timeline: true },
  );
  const t = r.timeline!;

  it('needs 1, 1, 1, 2, 2, 2, 3, 4, 4, 4 peers in months 0 to 9', () => {
    expect(t.months.map((m) => m.points)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => x * 1_000_000));
    expect(t.months.map((m) => m.peers)).toEqual([1, 1, 1, 2, 2, 2, 3, 4, 4, 4]);
    expect(t.months.every((m) => m.instanceType === 'r6i.large')).toBe(true);
  });

  it('adds a peer in months 3, 6 and 7', () => {
    expect(t.additions).toEqual([
      { month: 3, from: 1, to: 2, points: 4_000_000 },
      { month: 6, from: 2, to: 3, points: 7_000_000 },
      { month: 7, from: 3, to: 4, points: 8_000_000 },
    ]);
    expect(t.months.map((m) => m.peersAdded)).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('finds the shard count limit in month 11 (12M points): 4 shards × replication 1 hold data on at most 4 peers', () => {
    expect(t.shardLimit).toMatchObject({ shardNumber: 4, replicationFactor: 1, maxDataPeers: 4, month: 11, points: 12_000_000 });
    expect(t.shardLimit.detail).toContain('through month 10');
  });

  it('names the shard count as the limit: label "Shard count limit", at most 4 peers (no zones given)', () => {
    expect(t.shardLimit).toMatchObject({ limitedBy: 'shard-count', label: 'Shard count limit', maxPeers: 4 });
    expect(timelineLimitLine(t.shardLimit)).toBe(`Shard count limit: ${t.shardLimit.detail}`);
  });

  it('prices month 0 as one r6i.large month and its volume: 730 h × $0.126 = $91.98, + 10 GiB × $0.08 = $0.80', () => {
    // Month 0 holds 1M points on one peer: disk 1M × (36 + 21 + 3072 + 76.8) B = 3.21 GB, whole volume at ≤ 85 % fill
    // → the 10 GiB minimum. No control plane: the hand-built catalog prices none.
    expect(t.months[0]?.monthlyUsd).toBe(92.78);
    // The plan is sized for month 9 and is the timeline's last month.
    expect(r.plan.peers).toBe(4);
    expect(t.months.at(-1)?.monthlyUsd).toBe(r.plan.cost.monthlyUsd);
  });
});

/*
 * With --zones the zone rule can stop the peers before the shard count does: RF 2 in 3 zones survives losing a zone on
 * at most (2 − 1) × 3 = 3 peers (src/topology/zones.ts), while 6 shards × RF 2 would hold data on 12. The limit named
 * must be the zone's, and the way on is not more shards (they change nothing about ceil(P / 3) ≥ 2 from 4 peers) but
 * RF 3, good for (3 − 1) × 3 = 6 peers (audit33: it said "allows at most 12 peers ... choose more shards now").
 */
describe('the limit with zones', () => {
  it('RF 2 in 3 zones: at most 3 peers in every month, and the limit names the zones and RF 3 (6 peers), not --shards', () => {
    const r = recommend(
      { points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } },
      { zones: 3, growth: { pointsPerMonth: 3_000_000 }, placement: { cloud: 'aws' } },
      { maxAlternatives: 0, timeline: true },
    );
    const t = r.timeline!;
    expect(t.replicationFactor).toBe(2);
    for (const m of t.months) expect(m.peers === null || m.peers <= 3).toBe(true);
    expect(t.shardLimit.detail).toContain('with --zones 3, replication 2 survives losing a zone on at most 3 peers ((2 − 1) × 3;');
    expect(t.shardLimit.detail).toMatch(/^(?!.*--shards).*$/s);
    expect(t.shardLimit.month).not.toBeNull();
    expect(t.shardLimit.detail).toContain('replication 3 (--replication 3), which survives losing a zone on up to 6 peers');
  }, 120_000);
});

/*
 * Which limit the line is labelled with, worked by hand from the two bounds: the shard count allows S × RF peers holding
 * data, the zone rule (RF − 1) × Z peers (src/topology/zones.ts); the smaller one names the line, the zone rule at a tie
 * (more shards would not lift it). The hand-built catalog and the linear estimator, r6i.large only, 1M points + 1M a
 * month for 1 month, no tolerated failure (so the Raft minimum is 1 peer and the scan starts at RF).
 */
describe('the limit line names the rule that stops the cluster', () => {
  const limitOf = (shardNumber: number, zones: number) =>
    recommend(
      workload768(1_000_000),
      { replicationFactor: 2, toleratedNodeFailures: 0, shardNumber, zones, snapshots: false, growth: { pointsPerMonth: 1_000_000, horizonMonths: 1 }, placement: { instanceType: 'r6i.large' } },
      { catalog: catalog(), estimator: linearEstimate, maxAlternatives: 0, timeline: true },
    ).timeline!.shardLimit;

  it('2 shards × RF 2 in 3 zones: the zone rule allows (2 − 1) × 3 = 3 peers, fewer than 2 × 2 = 4: "Zone limit", 3 peers', () => {
    const l = limitOf(2, 3);
    expect(l).toMatchObject({ limitedBy: 'zones', label: 'Zone limit', maxDataPeers: 4, maxPeers: 3 });
    expect(timelineLimitLine(l)).toMatch(/^Zone limit: with --zones 3, replication 2 survives losing a zone on at most 3 peers \(\(2 − 1\) × 3; shard_number 2 × replication 2 would allow 4\)/);
    // RF 3 survives on (3 − 1) × 3 = 6 peers, and 2 shards × 3 hold data on 6: nothing more to say.
    expect(l.month).not.toBeNull();
    expect(l.detail).toContain('replication 3 (--replication 3), which survives losing a zone on up to 6 peers.');
  });

  it('1 shard × RF 2 in 3 zones: the shard count allows 1 × 2 = 2 peers, fewer than the zone rule\'s 3: "Shard count limit", 2 peers', () => {
    const l = limitOf(1, 3);
    expect(l).toMatchObject({ limitedBy: 'shard-count', label: 'Shard count limit', maxDataPeers: 2, maxPeers: 2 });
    expect(timelineLimitLine(l)).toMatch(/^Shard count limit: shard_number 1 × replication 2 allows at most 2 peers holding data/);
    // Each of the 2 peers holds the whole collection: n ≤ 3,311,403 points (the hand-worked timeline above, P = 1), so
    // 3M (month 2) fits and 4M (month 3) does not.
    expect(l).toMatchObject({ month: 3, points: 4_000_000 });
  });

  it('3 shards × RF 2 in 6 zones: both allow 6 peers; the tie names the zones (more shards would not lift it), and RF 3 reaches 9 data peers of its 12', () => {
    const l = limitOf(3, 6);
    expect(l).toMatchObject({ limitedBy: 'zones', label: 'Zone limit', maxDataPeers: 6, maxPeers: 6 });
    expect(l.detail).not.toContain('--shards');
    // RF 3: (3 − 1) × 6 = 12 peers survive a zone loss, but 3 shards × 3 replicas hold data on 9.
    expect(l.month).not.toBeNull();
    expect(l.detail).toContain('which survives losing a zone on up to 12 peers (shard_number 3 × 3 holds data on 9 of them).');
  });

  it('one label per kind', () => {
    expect(TIMELINE_LIMIT_LABELS).toEqual({ 'shard-count': 'Shard count limit', zones: 'Zone limit' });
  });
});

describe('timeline properties (shipped catalogs, the real model)', () => {
  it("the timeline's peers never decrease as points grow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).map((x) => x * 500_000),
        fc.integer({ min: 1, max: 20 }).map((x) => x * 250_000),
        fc.constantFrom(384, 768, 1536),
        fc.constantFrom(6, 12, 24),
        fc.constantFrom(undefined, 'gcp', 'azure'),
        (points, perMonth, dim, horizonMonths, cloud) => {
          const r = recommend(
            { points, collection: { vectors: { size: dim, distance: 'Cosine' } } },
            { growth: { pointsPerMonth: perMonth, horizonMonths }, ...(cloud ? { placement: { cloud } } : {}) },
            { maxAlternatives: 0, timeline: true },
          );
          const peers = r.timeline!.months.map((m) => m.peers);
          for (let i = 1; i < peers.length; i++) {
            if (peers[i] === null) continue;
            if ((peers[i] as number) < (peers[i - 1] ?? 0)) return false;
          }
          // The horizon's month never needs more peers than the plan sized for it.
          return (peers.at(-1) ?? 0) <= r.plan.peers;
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  it('gives no timeline without growth, nor unless asked', () => {
    const r = recommend(workload768(1_000_000), {}, { catalog: catalog(), estimator: linearEstimate, maxAlternatives: 0, timeline: true });
    expect(r.timeline).toBeUndefined();
    const unasked = recommend(workload768(1_000_000), { growth: { pointsPerMonth: 1e6 } }, { catalog: catalog(), estimator: linearEstimate, maxAlternatives: 0 });
    expect(unasked.timeline).toBeUndefined();
  });
});
