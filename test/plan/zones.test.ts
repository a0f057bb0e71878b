/**
 * --zones in the planner (constraints.zones): the search rejects plans that a lost zone breaks, the survivors are held
 * to the failure check's own rule, and no fit says which replication factor could survive. Expected values are worked
 * out from the inputs (docs/topology.md, "Losing a zone"), never read back from the plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { QsizeInputError, QsizeNoFitError } from '../../src/errors.js';
import { recommend } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { shardsLost } from '../../src/topology/placement.js';
import { raftMajorityAfterZoneLoss } from '../../src/topology/zones.js';
import { zoneAssignments } from '../support/zones.js';
import { workload768 } from './fixtures.js';

const R6I = { cloud: 'aws' as const, families: ['r6i'] };
const check = (plan: Plan, id: string) => plan.checks.find((k) => k.id === id);

describe('--zones: the search', () => {
  it('100M × 768-d at RF 2 moves from 4 peers to at most 3 with 3 zones: (RF − 1)·Z = 3, so larger nodes', () => {
    const free = recommend(workload768(100e6), { placement: R6I });
    expect(free.plan.peers).toBeGreaterThan(3); // the baseline needs more peers than RF 2 allows in 3 zones, so --zones must change it
    const zoned = recommend(workload768(100e6), { zones: 3, placement: R6I });
    expect(zoned.plan.peers).toBeLessThanOrEqual(3);
    expect(zoned.plan.node.memoryBytes).toBeGreaterThan(free.plan.node.memoryBytes);
    expect(zoned.plan.zones).toEqual({ zones: 3, peersPerZoneMax: 1, survivesZoneLoss: true, minReplicationFactor: 2, raftMajorityAfterZoneLoss: true });
    expect(check(zoned.plan, 'zone-replicas')?.passed).toBe(true);
    // No zones, no zone checks and no zones key (JSON and emitted files unchanged).
    expect(free.plan.zones).toBeUndefined();
    expect(free.plan.checks.some((k) => k.id.startsWith('zone-'))).toBe(false);
  });

  it('RF 3 in 3 zones may use up to 6 peers; 6 pinned peers lose 2 with a zone, and the worst 2 leave one survivor with half the reads', () => {
    // 6 shards × RF 3 on 6 peers (round-robin): peers 0-2 hold shards 0, 2, 4 and peers 3-5 hold 1, 3, 5. Each peer
    // carries 3 replicas × 1/(6 × 3) = 1/6 of the reads; losing peers 0 and 1 leaves peer 2 the only replica of
    // shards 0, 2, 4: 3 × 1/6 = 50%.
    const r = recommend(workload768(1e6), { zones: 3, replicationFactor: 3, shardNumber: 6, query: { qps: 10 }, placement: { ...R6I, peers: 6 } });
    expect(r.plan.zones?.peersPerZoneMax).toBe(2);
    const zf = check(r.plan, 'zone-failure');
    expect(zf?.name).toBe('After losing a zone (up to 2 peers)');
    expect(zf?.detail).toContain('the busiest survivor then carries 50.0% of the reads');
    // 6 peers in 3 zones: 4 of 6 left, a majority (4).
    expect(check(r.plan, 'zone-quorum')?.passed).toBe(true);
  });

  it('two zones: RF 2 given cannot (Raft needs 3 peers, 3 peers put 2 in a zone); the message names --zones and --replication 3', () => {
    let err: unknown;
    try {
      recommend(workload768(10e6), { zones: 2, replicationFactor: 2, placement: R6I });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QsizeNoFitError);
    const msg = (err as Error).message;
    expect(msg).toContain('with --zones 2, replication factor 2 survives losing a zone on at most 2 peers');
    // And RF 3 passes, with Raft's majority lost with the zone (a warning: 2·ceil(P/2) ≥ P); the message names that plan.
    const r = recommend(workload768(10e6), { zones: 2, replicationFactor: 3, placement: R6I });
    expect(msg).toContain(`The smallest replication factor that survives is --replication 3: ${r.plan.peers} × ${r.plan.node.instanceType}`);
    expect(r.plan.zones?.survivesZoneLoss).toBe(true);
    expect(check(r.plan, 'zone-quorum')).toMatchObject({ passed: false, severity: 'warning' });
  });

  it('the replication factor the no-fit message names is the smallest that passes: one below it does not fit either', () => {
    // 290M × 768-d float32 on r6i in 3 zones: every peer must hold more than 1/3 of a copy (RF/P > 1/3), and
    // r6i.16xlarge, the largest r6i, holds about 377 GiB under the ceiling against a 830 GiB copy, so replication must
    // rise until RF/((RF − 1)·3) of a copy, plus shard skew, fits.
    const named = (rf: number): number | undefined => {
      try {
        recommend(workload768(290e6), { zones: 3, replicationFactor: rf, placement: R6I });
        return undefined;
      } catch (e) {
        expect(e).toBeInstanceOf(QsizeNoFitError);
        const m = /The smallest replication factor that survives is --replication (\d+)/.exec((e as Error).message);
        return m ? Number(m[1]) : undefined;
      }
    };
    const n = named(2);
    expect(n).toBeGreaterThan(2);
    expect(named(n!)).toBeUndefined(); // it fits
    expect(named(n! - 1)).toBe(n); // one below does not, and names the same
  });

  it('contradictory input is refused (exit 2), naming constraints.zones: replication 1, or pinned peers that put RF peers in a zone', () => {
    expect(() => recommend(workload768(1e6), { zones: 3, replicationFactor: 1, placement: R6I })).toThrow(QsizeInputError);
    // RF 2 given (without it qsize starts at RF 3, the fewest that survive a lost zone on 4 peers in 3 zones: ceil(4/3) = 2).
    expect(() => recommend(workload768(1e6), { zones: 3, replicationFactor: 2, placement: { ...R6I, peers: 4 } })).toThrow(
      'constraints.zones: got 3, expected at least 4 zones for replication factor 2 on the 4 pinned peers, or replication factor 3 (constraints.replicationFactor, --replication)',
    );
    expect(() => recommend(workload768(1e6), { zones: 0 })).toThrow(/constraints\.zones/);
  });
});

const ZONES = { min: 2, max: 4 } as const;
const REPLICATION = { min: 2, max: 3 } as const;

describe('--zones: the promise, as a property', () => {
  it('with --zones Z, every plan qsize returns keeps a replica of every shard after losing the zone with the most peers, for every assignment of peers to zones at maxSkew 1', () => {
    let returned = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 5, max: 8, noNaN: true }).map((x) => Math.round(10 ** x)),
        fc.integer(ZONES),
        fc.integer(REPLICATION),
        (points, zones, rf) => {
          let plan: Plan;
          try {
            plan = recommend(workload768(points), { zones, replicationFactor: rf, placement: R6I }).plan;
          } catch (e) {
            if (e instanceof QsizeNoFitError) return true; // no plan returned, nothing promised
            throw e;
          }
          returned++;
          for (const zoneOf of zoneAssignments(plan.peers, zones)) {
            const sizes = Array.from({ length: zones }, (_, z) => zoneOf.filter((x) => x === z).length);
            for (let z = 0; z < zones; z++) {
              if (sizes[z] !== Math.max(...sizes)) continue;
              const lost = new Set(plan.placement.map((p) => p.peer).filter((p) => zoneOf[p] === z));
              if (shardsLost(plan.placement, lost).length > 0) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 12, examples: [[1e8, 3, 2], [2e7, 4, 3]] },
    );
    // Not vacuous: plans came back (two zones at RF 2 never fit: test above).
    expect(returned).toBeGreaterThan(0);
  });
});

/*
 * Raft after losing a zone, counting live voters (qsize observe): the lost zone may hold min(ceil(P/Z), live) live peers,
 * and a majority of all P must stay up. Worked by hand.
 */
describe('raftMajorityAfterZoneLoss with peers already down', () => {
  it.each([
    // P, Z, live, majority: 3 in 3 all up: 3 − 1 = 2 > 1.5; one down: 2 − 1 = 1; 5 in 5, one down: 4 − 1 = 3 > 2.5;
    // 5 in 5, two down: 3 − 1 = 2 < 2.5; 2 zones never (3 in 2: 3 − 2 = 1).
    [3, 3, 3, true],
    [3, 3, 2, false],
    [5, 5, 4, true],
    [5, 5, 3, false],
    [3, 2, 3, false],
    [1, 3, 1, false],
  ] as const)('%i peers in %i zones, %i live: %s', (P, Z, live, majority) => {
    expect(raftMajorityAfterZoneLoss(P, Z, live)).toBe(majority);
  });

  it('with every peer live it is the all-up rule 2 · ceil(P/Z) < P', () => {
    for (let P = 1; P <= 30; P++) for (let Z = 1; Z <= 8; Z++) expect(raftMajorityAfterZoneLoss(P, Z, P)).toBe(2 * Math.ceil(P / Z) < P);
  });
});

