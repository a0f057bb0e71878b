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
 * = 2.472064e-4 (each of the m shards reached on another peer: S × (1 − RF / peers)), h = 1.3e-5, g = 6.5e-6; the
 * float32 walk (4 bytes a dimension, SCORED_BYTES) of a segment of n ≥ 100,000 points at 768-d, w(n) = 9.884275e-4 ×
 * ((0.48 + 0.52 × 768 / 1536) × (n / 1e5)^0.45 + 0.52 × 3 × 768 / 1536) = 9.884275e-4 × (0.74 × (n / 1e5)^0.45 +
 * 0.78); a tail of t = round(0.5 × 10,240,000 B / 3,072 B) = 1,667 points scanned at 3.81e-8 + 2.47e-10 × 768 =
 * 2.27796e-7 s each (3.797359e-4 s).
 * - RF 5, 1 shard on 5 × m7i.xlarge (4 vCPU, 16 GiB; EKS allocatable 3.92 cores − 0.4 for DaemonSets, floored to half a
 *   core: a 3.5-core pod, 4 CPUs to Qdrant): 6 indexed segments (max_segment_size 4 × 256,000 KB; 6.144e9 B of vectors
 *   over 102 × 10,240,000 B: ceil(5.88)) of (2M − 1,667) / 6 = 333,056 points, w = 9.884275e-4 × (0.74 × 3.330555^0.45
 *   (1.718432) + 0.78) = 9.884275e-4 × 2.051640 = 2.027897e-3; c = h + 6 (g + w) + tail = 1.259912e-2; every peer holds
 *   the shard, m = 0; 500 × (r + c) / 0.6 = 10.642 vCPU, 2.13 a replica; a lost peer leaves 4 survivors at 2.66 each ≤
 *   3.5. RF 4 would leave 3 at 3.55 > 3.5, RF 3 two at 5.32.
 *   Each peer holds the whole 2M × 768 × 4 B = 6.14 GB of vectors in page cache, within its 12.52 GiB pod.
 *   Bill: 5 × 730 h × $0.2016 = $735.84; data and snapshot volumes 5 × 10 GiB × $0.08 = $4.00 each; one 6 GiB snapshot
 *   copy × $0.023 = $0.14; EKS standard 730 h × $0.10 = $73.00: $816.98.
 * - RF 2: 7 shards on 7 × c7i.xlarge (4 vCPU, 8 GiB, a 3.5-core pod: 1 indexed segment of 2M / 7 − 1,667 = 284,047
 *   points a shard), w = 9.884275e-4 × (0.74 × 2.840470^0.45 (1.599652) + 0.78) = 9.884275e-4 × 1.963743 = 1.941017e-3;
 *   c = h + g + w + tail = 2.340253e-3; m = 7 × (1 − 2 / 7) = 5; 500 × (r + 5 p + 7 c) / 0.6 = 14.824 vCPU, and a
 *   survivor of a lost peer carries 3 of the 14 replicas' reads, 21.4%: 3.18 ≤ 3.5. 7 × 730 × $0.1785 = $912.14 +
 *   $5.60 + $5.60 + 7 GiB × $0.023 = $0.16 + $73.00 = $996.50.
 * Until s51 (every walk charged int8's 1 byte a dimension) RF 3 on 3 × m7i.xlarge at $519.44 (6.787 vCPU) and RF 2 on
 * 5 × c7i.xlarge at $732.69 (10.762 vCPU).
 */
describe('2M × 768-d at 500 QPS: RF 5 chosen, $816.98 against $996.50 at RF 2', { timeout: 120_000 }, () => {
  it('plans 1 shard × 5 replicas on 5 × m7i.xlarge and says why', () => {
    const r = recommend(w(2_000_000), { query: { qps: 500 } });
    const p = r.plan;
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([5, 'm7i.xlarge', 1, 5]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(10.642, 2);
    expect(p.cost.monthlyUsd).toBe(816.98);
    expect(p.replicationReason).toBe(
      'Replication factor 5: none was given (--replication, constraints.replicationFactor), and 5 replicas of each shard pass every check for less: $816.98/month against $996.50 with 2 (the fewest that survive 1 lost peer). ' +
        "Every search visits one replica of every shard, so each replica serves 1/5 of its shard's searches: more replicas spread the query load without adding work to each search (more shards would). " +
        'The plan still tolerates the 1 lost peer asked. Every replica applies every write, and no write rate was given (--writes, constraints.query.writesPerSecond): with a heavy write rate, give it, or pass --replication 2 to plan with 2.',
    );
    // The resolved constraints and the collection body carry the chosen factor; the tolerated failures stay as asked.
    expect(r.constraints?.replicationFactor).toBe(5);
    expect(r.constraints?.toleratedNodeFailures).toBe(1);
    expect(p.workload.collection.replication_factor).toBe(5);
  });

  it('the replication alternatives are one replica fewer and one more (RF 4 and 6), each dearer', () => {
    const r = recommend(w(2_000_000), { query: { qps: 500 } });
    const rep = r.alternatives.filter((a) => a.group === 'replication');
    expect(rep.map((a) => a.plan.replicationFactor).sort()).toEqual([4, 6]);
    for (const a of rep) {
      expect(a.plan.cost.monthlyUsd).toBeGreaterThan(816.98);
      // No factor was given, so another one is outside no constraint (with --replication 2 it would say so).
      expect(a.violates).toEqual([]);
    }
  });

  /*
   * RF 3, one replica more than given, by hand as above: 3 shards on 3 × c7i.2xlarge (8 vCPU, 16 GiB; a 7.5-core pod),
   * every peer holding all 3 shards (m = 0), each shard 3 indexed segments (its layout) of (666,667 − 1,667) / 3 =
   * 221,667 points: w = 9.884275e-4 × (0.74 × 2.21667^0.45 (1.430770) + 0.78) = 1.817493e-3, c = h + 3 (g + w) + tail =
   * 1.3e-5 + 5.471979e-3 + 3.797359e-4 = 5.864715e-3; 500 × (r + 3 c) / 0.6 = 14.804 vCPU on 22.5, and a lost peer
   * leaves 2 at 7.40 ≤ 7.5. Bill: 3 × 730 × $0.357 = $781.83 + 2 × 3 × 10 GiB × $0.08 ($2.40 each) + 6 GiB × $0.023
   * ($0.14) + $73.00 = $859.77, less than RF 2's $996.50: the given factor is what costs, and the plan says so where it
   * names its replication (givenReplicationReason), not only in the alternatives table.
   */
  const moreIsCheaper =
    'Replication factor 2, as given: 3 replicas of each shard pass every check for less: 3 × c7i.2xlarge at $859.77/month against $996.50 (--replication 3, constraints.replicationFactor). ' +
    "Every search visits one replica of every shard, so each replica serves 1/3 of its shard's searches: more replicas spread the query load without adding work to each search (more shards would).";

  it('--replication 2 given keeps 2 (7 shards on 7 × c7i.xlarge, 14.82 vCPU, $996.50), and says that 3 replicas pass for $859.77', () => {
    const p = recommend(w(2_000_000), { replicationFactor: 2, query: { qps: 500 } }, opts).plan;
    expect([p.replicationFactor, p.shardNumber, p.peers, p.node.instanceType, p.cost.monthlyUsd]).toEqual([2, 7, 7, 'c7i.xlarge', 996.5]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(14.824, 2);
    // With no alternatives asked for (opts: maxAlternatives 0) the sentence is the same: it is the plan's, not the table's.
    expect(p.replicationReason).toBe(moreIsCheaper);
    const three = recommend(w(2_000_000), { replicationFactor: 3, query: { qps: 500 } }, opts).plan;
    expect([three.replicationFactor, three.shardNumber, three.peers, three.node.instanceType, three.cost.monthlyUsd]).toEqual([3, 3, 3, 'c7i.2xlarge', 859.77]);
    expect(three.queryCpu?.vcpuNeeded).toBeCloseTo(14.804, 2);
  });

  it('the RF 3 alternative of the RF 2 plan is the plan the sentence quotes (one number, rounded once)', () => {
    const r = recommend(w(2_000_000), { replicationFactor: 2, query: { qps: 500 } });
    const more = r.alternatives.find((a) => a.group === 'replication' && a.plan.replicationFactor === 3);
    expect(more?.plan.cost.monthlyUsd).toBe(859.77);
    expect(more?.monthlyDeltaUsd).toBe(-136.73);
    expect(more?.violates).toEqual(['replication factor 3 instead of 2']);
    expect(r.plan.replicationReason).toBe(moreIsCheaper);
  });

  it("the collection's replication_factor is given too: kept, and the sentence names it", () => {
    const p = recommend({ ...w(2_000_000), collection: { ...w(2_000_000).collection, replication_factor: 2 } }, { query: { qps: 500 } }, opts).plan;
    expect(p.replicationFactor).toBe(2);
    expect(p.replicationReason).toBe(moreIsCheaper.replace('(--replication 3, constraints.replicationFactor)', "(the collection's replication_factor 3)"));
  });

  it('a given factor where one replica more costs more says nothing: 100M × 768-d, memory-bound, RF 2 given', () => {
    // Each replica is a copy the peers hold: RF 3 needs half as much memory again (src/plan/replication.ts).
    const r = recommend(w(100_000_000), { replicationFactor: 2 });
    expect(r.plan.replicationReason).toBeUndefined();
    const more = r.alternatives.find((a) => a.group === 'replication' && a.plan.replicationFactor === 3);
    expect(more?.monthlyDeltaUsd).toBeGreaterThan(0);
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
