/**
 * The managed control-plane tier (issue 14): `constraints.controlPlane` / `--control-plane`, priced from
 * data/catalogs/control-plane.csv inside the search's bill, so the ranking counts it.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { QsizeInputError } from '../../src/errors.js';
import { workload768 } from './fixtures.js';

const cpLines = (r: ReturnType<typeof recommend>) => r.plan.cost.lineItems.filter((l) => l.unit === 'cluster-hour');

describe('the control-plane tier', () => {
  it('bills EKS extended support at 730 h × $0.60 = $438.00 a month, $365.00 more than standard', () => {
    // control-plane.csv: "aws,EKS,extended-support,0.60,..." (AWS blog: "a total of $0.60 per cluster per hour").
    const std = recommend(workload768(1_000_000), { placement: { cloud: 'aws' } });
    const ext = recommend(workload768(1_000_000), { placement: { cloud: 'aws' }, controlPlane: 'extended-support' });
    expect(cpLines(ext)).toEqual([expect.objectContaining({ name: 'Managed control plane (EKS extended-support, 1 cluster)', quantity: 730, unitPriceUsd: 0.6, monthlyUsd: 438 })]);
    expect(ext.plan.node.instanceType).toBe(std.plan.node.instanceType);
    expect(Math.round((ext.plan.cost.monthlyUsd - std.plan.cost.monthlyUsd) * 100)).toBe(36500);
  });

  it('none drops the line ($73.00 less); AKS free is a priced $0.00 line', () => {
    const std = recommend(workload768(1_000_000), { placement: { cloud: 'aws' } });
    const none = recommend(workload768(1_000_000), { placement: { cloud: 'aws' }, controlPlane: 'none' });
    expect(cpLines(none)).toEqual([]);
    expect(Math.round((std.plan.cost.monthlyUsd - none.plan.cost.monthlyUsd) * 100)).toBe(7300);
    const free = recommend(workload768(1_000_000), { placement: { cloud: 'azure' }, controlPlane: { azure: 'free' } });
    expect(cpLines(free)).toEqual([expect.objectContaining({ name: 'Managed control plane (AKS free, 1 cluster)', unitPriceUsd: 0, monthlyUsd: 0 })]);
    expect(cpLines(free)[0]?.missingPrice).toBeUndefined();
  });

  it('a tier only one cloud has applies there; the others keep their default, and a warning says so', () => {
    const r = recommend(workload768(1_000_000), { controlPlane: 'extended-support' });
    expect(r.warnings).toContain('control plane: gcp, azure have no extended-support tier; gcp keeps standard, azure keeps standard');
  });

  it('the search ranks candidates by the bill with the control plane: a dearer tier on the cheapest cloud can move the plan', () => {
    const base = recommend(workload768(1_000_000), {});
    const winner = base.plan.node.cloud;
    if (winner === 'custom') throw new Error('unexpected');
    const other = base.alternatives.filter((a) => a.group === 'cloud' && a.passesAllChecks).sort((a, b) => a.plan.cost.monthlyUsd - b.plan.cost.monthlyUsd)[0];
    const dearer = { aws: 'extended-support', azure: 'premium', gcp: undefined }[winner];
    if (other === undefined || dearer === undefined) return;
    // The dearer tier adds $0.50/h × 730 h = $365.00 to every plan on the winning cloud.
    const r = recommend(workload768(1_000_000), { controlPlane: { [winner]: dearer } });
    if (base.plan.cost.monthlyUsd + 365 > other.plan.cost.monthlyUsd + 0.005) {
      expect(r.plan.node.cloud).toBe(other.plan.node.cloud);
      expect(r.plan.cost.monthlyUsd).toBeCloseTo(other.plan.cost.monthlyUsd, 2);
    } else {
      expect(r.plan.node.cloud).toBe(winner);
    }
  });

  it.each([
    [{ controlPlane: 'gold' }, /constraints\.controlPlane: got "gold", expected a tier of data\/catalogs\/control-plane\.csv \(aws: standard, extended-support, none; gcp: standard, none; azure: free, standard, premium, none\)/],
    [{ controlPlane: 'free', placement: { cloud: 'aws' } }, /constraints\.controlPlane: got "free"/],
    [{ controlPlane: { gcp: 'extended-support' } }, /constraints\.controlPlane\.gcp: got "extended-support", expected a gcp tier/],
  ] as const)('refuses a tier the table does not have (%j)', (constraints, message) => {
    expect(() => recommend(workload768(1_000_000), constraints as never)).toThrow(QsizeInputError);
    expect(() => recommend(workload768(1_000_000), constraints as never)).toThrow(message);
  });
});
