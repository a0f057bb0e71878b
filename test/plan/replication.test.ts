/**
 * The replication factor qsize chooses when none is given (src/plan/replication.ts, docs/topology.md "Replication
 * factor"): the cheapest plan from the fewest replicas that survive the tolerated failures up; a given factor is kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { recommend } from '../../src/plan/index.js';
import { QsizeInputError } from '../../src/errors.js';

const w = (points: number, dim = 768) => ({ points, collection: { vectors: { size: dim, distance: 'Cosine' as const } } });
const opts = { maxAlternatives: 0 };

/*
 * 2M × 768-d at 500 QPS on aws, one tolerated failure, by hand. A search costs r + m × p + S × c, per shard c = h + s
 * × (g + w(n)) + t × (c_s + b × D) (src/topology/throughput.ts, docs/topology.md section 6): over REST (the default
 * API) r = 1.12e-4 + 768 × 7.66e-8 = 1.708288e-4 (the request and its parse of the query), p = 2.32e-4 + 768 × 1.98e-8
 * = 2.472064e-4 (each of the m shards reached on another peer: S × (1 − RF / peers)), h = 1.3e-5, g = 6.5e-6, w(n) =
 * 9.884275e-4 × (0.48 + 0.52 × 768 / 1536) × (n / 1e5)^0.45 at 768-d, a tail of t = round(0.5 × 10,240,000 B / 3,072 B)
 * = 1,667 points scanned at 3.81e-8 + 2.47e-10 × 768 = 2.27796e-7 s each (3.797359e-4 s).
 * - RF 3, 1 shard on 3 × m7i.xlarge (4 vCPU, 16 GiB; EKS allocatable 3.92 cores − 0.4 for DaemonSets, floored to half a
 *   core: a 3.5-core pod, 4 CPUs to Qdrant): 6 indexed segments (max_segment_size 4 × 256,000 KB; 6.144e9 B of vectors
 *   over 102 × 10,240,000 B: ceil(5.88)) of (2M − 1,667) / 6 = 333,056 points, w = 9.884275e-4 × 0.74 × 3.330555^0.45
 *   (1.718434) = 1.256925e-3; c = h + 6 (g + w) + tail = 7.973285e-3; every peer holds the shard, m = 0; 500 × (r + c) /
 *   0.6 = 6.787 vCPU, 2.26 a replica; a lost peer leaves 2 survivors 3.39 each ≤ 3.5.
 *   Each peer holds the whole 2M × 768 × 4 B = 6.14 GB of vectors in page cache, within its 12.52 GiB pod.
 *   Bill: 3 × 730 h × $0.2016 = $441.50; data and snapshot volumes 3 × 10 GiB × $0.08 = $2.40 each; one 6 GiB snapshot
 *   copy × $0.023 = $0.14; EKS standard 730 h × $0.10 = $73.00: $519.44.
 * - RF 2 (the default until s36): 5 shards on 5 × c7i.xlarge (4 vCPU, 8 GiB, a 3.5-core pod: 2 indexed segments of
 *   (400,000 − 1,667) / 2 = 199,167 points a shard), w = 9.884275e-4 × 0.74 × 1.991665^0.45 (1.363477) = 9.972967e-4;
 *   c = h + 2 (g + w) + tail = 2.400329e-3; m = 5 × (1 − 2 / 5) = 3; 500 × (r + 3 p + 5 c) / 0.6 = 10.762 vCPU, 2.15 a
 *   peer (a fifth of the reads), and a survivor of a lost peer serves the lost replica's shard whole: 1.5 of 5 shards,
 *   3.23 ≤ 3.5. 5 × 730 × $0.1785 = $651.53 + $4.00 + $4.00 + 7 GiB × $0.023 = $0.16 + $73.00 = $732.69. Before s48
 *   (the request 0.463 ms a shard, 10.18 vCPU) it was 3 shards on 3 × c7i.2xlarge at $859.77; s48 (the request without
 *   the query's parse) 6.753 and 10.690 vCPU, the same plans.
 */
describe('2M × 768-d at 500 QPS: RF 3 chosen, $519.44 against $732.69 at RF 2', { timeout: 120_000 }, () => {
  it('plans 1 shard × 3 replicas on 3 × m7i.xlarge and says why', () => {
    const r = recommend(w(2_000_000), { query: { qps: 500 } });
    const p = r.plan;
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([3, 'm7i.xlarge', 1, 3]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(6.787, 2);
    expect(p.cost.monthlyUsd).toBe(519.44);
    expect(p.replicationReason).toBe(
      'Replication factor 3: none was given (--replication, constraints.replicationFactor), and 3 replicas of each shard pass every check for less: $519.44/month against $732.69 with 2 (the fewest that survive 1 lost peer). ' +
        "Every search visits one replica of every shard, so each replica serves 1/3 of its shard's searches: more replicas spread the query load without adding work to each search (more shards would). " +
        'The plan still tolerates the 1 lost peer asked. Every replica applies every write, and no write rate was given (--writes, constraints.query.writesPerSecond): with a heavy write rate, give it, or pass --replication 2 to plan with 2.',
    );
    // The resolved constraints and the collection body carry the chosen factor; the tolerated failures stay as asked.
    expect(r.constraints?.replicationFactor).toBe(3);
    expect(r.constraints?.toleratedNodeFailures).toBe(1);
    expect(p.workload.collection.replication_factor).toBe(3);
  });

  it('the replication alternatives are one replica fewer (RF 2, $732.69) and one more', () => {
    const r = recommend(w(2_000_000), { query: { qps: 500 } });
    const rep = r.alternatives.filter((a) => a.group === 'replication');
    const two = rep.find((a) => a.plan.replicationFactor === 2);
    expect(two?.plan.cost.monthlyUsd).toBe(732.69);
    expect([two?.plan.shardNumber, two?.plan.peers, two?.plan.node.instanceType]).toEqual([5, 5, 'c7i.xlarge']);
    expect(two?.plan.queryCpu?.vcpuNeeded).toBeCloseTo(10.762, 2);
    // No factor was given, so another one is outside no constraint (with --replication 2 it would say so).
    expect(two?.violates).toEqual([]);
  });

  it('--replication 2 given keeps 2, with no replication reason', () => {
    const p = recommend(w(2_000_000), { replicationFactor: 2, query: { qps: 500 } }, opts).plan;
    expect([p.replicationFactor, p.cost.monthlyUsd]).toEqual([2, 732.69]);
    expect(p.replicationReason).toBeUndefined();
  });

  it("the collection's replication_factor is given too: kept", () => {
    const p = recommend({ ...w(2_000_000), collection: { ...w(2_000_000).collection, replication_factor: 2 } }, { query: { qps: 500 } }, opts).plan;
    expect(p.replicationFactor).toBe(2);
    expect(p.replicationReason).toBeUndefined();
  });
});

/*
 * The reason quotes the bills as they print (s39): it printed the unrounded sum of the lines, so `--vectors 1M --dim 768
 * --qps 6000 --cloud azure` read "$2,659.86/month" beside a bill of $2,659.85 (the bill sums lines rounded to the cent).
 */
describe('the replication reason quotes each plan\'s own bill', { timeout: 120_000 }, () => {
  it('1M × 768-d at 6,000 QPS on azure: the chosen plan\'s total and the RF 2 plan\'s total, to the cent', () => {
    const w1 = w(1_000_000);
    const p = recommend(w1, { query: { qps: 6000 }, placement: { cloud: 'azure' } }, opts).plan;
    const two = recommend(w1, { replicationFactor: 2, query: { qps: 6000 }, placement: { cloud: 'azure' } }, opts).plan;
    expect(p.replicationFactor).toBeGreaterThan(2);
    const money = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(p.replicationReason).toContain(`pass every check for less: ${money(p.cost.monthlyUsd)}/month against ${money(two.cost.monthlyUsd)} with 2`);
    // The bill is the sum of its lines.
    expect(Math.round(p.cost.lineItems.reduce((a, l) => a + l.monthlyUsd, 0) * 100)).toBe(Math.round(p.cost.monthlyUsd * 100));
  });
});

describe('the fewest replicas: the tolerated failures, the write consistency asked, production’s 2', { timeout: 120_000 }, () => {
  it('100M × 768-d, memory-bound: RF 2, the fewest that survive 1 lost peer, and the reason says no higher factor is cheaper', () => {
    const p = recommend(w(100_000_000), {}, opts).plan;
    expect(p.replicationFactor).toBe(2);
    expect(p.replicationReason).toBe(
      'Replication factor 2: none was given (--replication, constraints.replicationFactor); 2 is the fewest that survive 1 lost peer, and no higher factor up to 16 passes every check for less.',
    );
  });

  it('--tolerated-failures 2 alone plans RF 3 on at least 5 peers (Raft: 2f + 1); it found no plan before s36', () => {
    const p = recommend(w(1_000_000), { toleratedNodeFailures: 2 }, opts).plan;
    expect(p.replicationFactor).toBe(3);
    expect(p.peers).toBeGreaterThanOrEqual(5);
    expect(p.replicationReason).toContain('3 is the fewest that survive 2 lost peers');
  });

  it('--write-consistency 3 alone plans RF 3 (a write cannot wait for more replicas than exist)', () => {
    const p = recommend(w(1_000_000, 8), { writeConsistencyFactor: 3 }, opts).plan;
    expect([p.replicationFactor, p.writeConsistencyFactor]).toEqual([3, 3]);
    expect(p.replicationReason).toContain('3 is the write consistency asked (3)');
  });

  it('--write-consistency 3 with --replication 2 is still bad input', () => {
    expect(() => recommend(w(1_000_000, 8), { replicationFactor: 2, writeConsistencyFactor: 3 }, opts)).toThrow(QsizeInputError);
  });

  it('2 pinned peers cap the factor at 2 (one replica of a shard per peer)', () => {
    const p = recommend(w(2_000_000), { toleratedNodeFailures: 0, query: { qps: 50 }, placement: { peers: 2 } }, opts).plan;
    expect(p.replicationFactor).toBe(2);
    expect(p.replicationReason).toContain("2 is production's minimum, and no higher factor up to 2 passes");
  });

  it('--shards 1: RF 2 leaves one of the 3 peers Raft needs empty, so RF 3 (audit36: it exited 3)', () => {
    const p = recommend(w(1_000_000), { shardNumber: 1 }, opts).plan;
    expect([p.peers, p.shardNumber, p.replicationFactor]).toEqual([3, 1, 3]);
    expect(p.replicationReason).toContain('with 2 (the fewest that survive 1 lost peer) no plan passes (the closest fails Every peer holds a replica)');
  });

  it('one pinned peer is a development box: RF 1, not chosen', () => {
    const p = recommend(w(1_000_000), { placement: { peers: 1 } }, opts).plan;
    expect(p.replicationFactor).toBe(1);
    expect(p.replicationReason).toBeUndefined();
  });
});

/*
 * Two zones, 10M × 768-d on r6i: RF 2 survives losing a zone on at most (RF − 1)·Z = 2 peers, and Raft needs 3, so
 * no plan passes at RF 2 (test/plan/zones.test.ts). RF 3 survives on up to 4: 3 peers put at most ceil(3/2) = 2 in a
 * zone, fewer than 3 replicas. Each peer holds 3/3 of a copy (30.7 GB of vectors): r6i.2xlarge (64 GiB).
 */
describe('two zones and no factor given: RF 3, the fewest that survive losing a zone', { timeout: 120_000 }, () => {
  it('plans 3 peers at RF 3 and names what RF 2 failed', () => {
    const p = recommend(w(10_000_000), { zones: 2, placement: { cloud: 'aws', families: ['r6i'] } }, opts).plan;
    expect([p.peers, p.replicationFactor, p.node.instanceType]).toEqual([3, 3, 'r6i.2xlarge']);
    expect(p.zones?.survivesZoneLoss).toBe(true);
    expect(p.replicationReason).toBe(
      'Replication factor 3: none was given (--replication, constraints.replicationFactor), and with 2 (the fewest that survive 1 lost peer) no plan passes (the closest fails Losing a zone (2 zones)); 3 is the fewest replicas that pass every check.',
    );
  });
});

/*
 * The rule as properties, on small collections whose plans are quick: a factor qsize chooses is never dearer than
 * the fewest replicas given explicitly, never below them, and the reason names it.
 */
describe('properties of the chosen factor', { timeout: 600_000 }, () => {
  const arb = fc.record({
    points: fc.integer({ min: 3, max: 7 }).chain((e) => fc.integer({ min: 1, max: 9 }).map((m) => m * 10 ** e)),
    dim: fc.constantFrom(128, 384, 768, 1536),
    qps: fc.constantFrom(0, 100, 500, 2000),
    f: fc.constantFrom(undefined, 0, 1, 2),
    cloud: fc.constantFrom('aws', 'gcp', 'azure') as fc.Arbitrary<'aws' | 'gcp' | 'azure'>,
  });
  it('a chosen factor costs no more than the fewest replicas given, is at least f + 1 and 2, and the plan says why', () => {
    fc.assert(
      fc.property(arb, ({ points, dim, qps, f, cloud }) => {
        const base = { query: { qps }, placement: { cloud }, ...(f !== undefined ? { toleratedNodeFailures: f } : {}) };
        const least = Math.max(2, (f ?? 1) + 1);
        let chosen;
        try {
          chosen = recommend(w(points, dim), base, opts).plan;
        } catch {
          return true; // nothing fits at any factor: the no-fit message is another test's
        }
        expect(chosen.replicationFactor).toBeGreaterThanOrEqual(least);
        expect(chosen.replicationReason).toMatch(new RegExp(`^Replication factor ${chosen.replicationFactor}: none was given`));
        let given;
        try {
          given = recommend(w(points, dim), { ...base, replicationFactor: least }, opts).plan;
        } catch {
          return true; // the fewest replicas fit nothing, a higher factor did
        }
        expect(chosen.cost.monthlyUsd).toBeLessThanOrEqual(given.cost.monthlyUsd);
        if (chosen.replicationFactor === least) expect(chosen.cost.monthlyUsd).toBe(given.cost.monthlyUsd);
        return true;
      }),
      { numRuns: 12 },
    );
  });
});
