/**
 * The range of a peer's numbers (plan.perPeer.*Range, src/topology/fit.ts peerLoadRange): every line item at the low
 * (high) end of its stated range, and the busiest peer's shard-size factor at the ends of its point count's binomial range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { QsizeNoFitError } from '../../src/errors.js';
import { recommend, type Recommendation } from '../../src/plan/index.js';
import { peerLoadRange } from '../../src/topology/fit.js';
import { peerLoadFactor } from '../../src/model/shard-skew.js';
import { workload768 } from './fixtures.js';

describe('the busiest peer of 100M x 768-d, 6 shards x RF 2 on 3 peers, holds shards 0, 2, 3 and 5', () => {
  // The planned layout of `qsize --vectors 100M --dim 768` (3 x Standard_E32s_v5: 31 CPUs for Qdrant, cluster mode).
  const e = estimate({
    points: 100_000_000,
    collection: { vectors: { size: 768, distance: 'Cosine' }, shard_number: 6, replication_factor: 2 },
    assumptions: { nodeCpus: 31, clusterMode: true },
  });
  // The exact shares of 6 shards (Qdrant's hash ring, the Rust probe: data/calibration/hash-ring/probe-v1.19.0.txt):
  // shards 0, 2, 3, 5 hold 0.994708878 + 0.825716790 + 1.034723465 + 1.169896469 = 4.025045602 mean shards, a factor
  // 1.006261401. The peer's 4 shards own q = 4 x 1.006261401 / 6 = 0.670840934 of the ring; of N = 100M points they hold
  // Binomial(N, q), relative sd sqrt((1 - q) / (N q)) = 7.00476e-5, and the range is 2 sd either side:
  // 1.006261401 x (1 -+ 1.400952e-4) = 1.0061204282 to 1.0064023729.
  const skew = peerLoadFactor([0, 2, 3, 5], 6);
  const range = peerLoadRange(e, 4, 6, skew);
  it('the factor is 1.006261, worked from the exact shares', () => {
    expect(skew).toBeCloseTo(1.006261401, 9);
  });
  it('resident: one process baseline at its low end plus 4 x 1.0061204282 / 6 of the rest of the low collection; the same at the high end', () => {
    const proc = e.lineItems.filter((i) => i.structure === 'process' && i.residency === 'ram');
    // The process items' ends, worked from the server-measured constants (src/model/constants.ts, wal-process.ts) at
    // C = 31 CPUs: the baseline a + c x C = 14.1 + 1.1 x 31 = 48.2 MB low, a + 2 c C + 2 k + settling = 14.1 + 68.2 +
    // 2 x 0.47 + 4.194304 = 87.434304 MB high; cluster mode 0.29 / 1.1 MB; the loaded collection 0.4 / 1.6 MB (past
    // 12,000 points). Low 0.29 + 48.2 + 0.4 = 48.89 MB; high 1.1 + 87.434304 + 1.6 = 90.134304 MB.
    expect(proc.reduce((a, i) => a + i.range.low, 0)).toBeCloseTo(48_890_000, 0);
    expect(proc.reduce((a, i) => a + i.range.high, 0)).toBeCloseTo(90_134_304, 0);
    // low = 48,890,000 + (4 x 1.0061204282 / 6) x (R_low - 48,890,000); high = 90,134,304 + (4 x 1.0064023729 / 6) x (R_high - 90,134,304).
    const lowByHand = 48_890_000 + ((4 * 1.0061204282) / 6) * (e.memory.residentRange.low - 48_890_000);
    const highByHand = 90_134_304 + ((4 * 1.0064023729) / 6) * (e.memory.residentRange.high - 90_134_304);
    expect(range.low.residentBytes / lowByHand).toBeCloseTo(1, 9);
    expect(range.high.residentBytes / highByHand).toBeCloseTo(1, 9);
    expect(range.low.residentBytes).toBeLessThan(range.high.residentBytes);
  });
  it('disk has no baseline: 4 x 1.0061204282 / 6 and 4 x 1.0064023729 / 6 of the low and high collection', () => {
    expect(range.low.diskBytes / (((4 * 1.0061204282) / 6) * e.disk.range.low)).toBeCloseTo(1, 9);
    expect(range.high.diskBytes / (((4 * 1.0064023729) / 6) * e.disk.range.high)).toBeCloseTo(1, 9);
  });
});

describe('plan.perPeer ranges', () => {
  const tryRecommend = (n: number, rf: number): Recommendation | undefined => {
    try {
      return recommend(workload768(n), { replicationFactor: rf, toleratedNodeFailures: rf - 1 });
    } catch (err) {
      if (err instanceof QsizeNoFitError) return undefined;
      throw err;
    }
  };
  it('every range holds the number the plan is sized by, and is finite and non-negative (resident, cache, peak, disk)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e5, max: 1e9 }), fc.integer({ min: 1, max: 3 }), (n, rf) => {
        const r = tryRecommend(n, rf);
        if (!r) return true;
        const p = r.plan.perPeer;
        return (
          [
            [p.residentBytes, p.residentRange],
            [p.pageCacheBytes, p.pageCacheRange],
            [p.peakBytes, p.peakRange],
            [p.diskBytes, p.diskRange],
          ] as const
        ).every(([v, rg]) => Number.isFinite(rg.low) && Number.isFinite(rg.high) && rg.low >= 0 && rg.low <= v && v <= rg.high);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the range-fits check (src/plan/checks/range-fits.ts)', () => {
  it('passes exactly when the high ends the plan reports fit its memory limit (peak, and resident + hot cache)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e6, max: 1e9 }), fc.constantFrom(0.8, 0.95, 0.99), (n, ceiling) => {
        let r: Recommendation;
        try {
          r = recommend(workload768(n), { ramCeiling: ceiling });
        } catch (err) {
          if (err instanceof QsizeNoFitError) return true;
          throw err;
        }
        const p = r.plan.perPeer;
        const check = r.plan.checks.find((c) => c.id === 'range-fits')!;
        const fits = p.peakRange.high <= p.memoryRequestBytes && p.residentRange.high + p.pageCacheRange.high <= p.memoryRequestBytes;
        return check.severity === 'warning' && check.passed === fits;
      }),
      { numRuns: 20 },
    );
  });
  it('warns when the RAM ceiling leaves no room for the range: 30M x 768-d at ramCeiling 0.99, not at the default 0.8', () => {
    // At 0.99 the plan fills its peers to 98.8% of the limit by the expected values (3 x Standard_E8s_v5 when written:
    // 64.03 of 64.79 GB); the high end (every line item at its high end, the busiest shard 1.2% larger) is 66.1 GB.
    const tight = recommend(workload768(30_000_000), { ramCeiling: 0.99 }).plan;
    const p = tight.perPeer;
    expect(p.residentBytes + p.pageCacheBytes).toBeLessThanOrEqual(0.99 * p.memoryRequestBytes);
    expect(p.residentRange.high + p.pageCacheRange.high).toBeGreaterThan(p.memoryRequestBytes);
    const check = tight.checks.find((c) => c.id === 'range-fits')!;
    expect(check.passed).toBe(false);
    expect(check.detail).toContain('hot pages may be evicted');
    // At 0.8 the 20% left over covers the range (about +3% here).
    expect(recommend(workload768(30_000_000)).plan.checks.find((c) => c.id === 'range-fits')!.passed).toBe(true);
  });
});
