/** The CLI's quote options (issue 14): --region plans in that region. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize, STACK_LINE } from './run.js';

beforeAll(() => ensureBuilt(), 300_000);

describe('qsize --region', () => {
  it('plans 10M × 768-d in GCP me-central1 at its regional price ($0.2769714/h for n2d-highmem-4)', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--region', 'me-central1', '--instance-type', 'n2d-highmem-4', '-o', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: { node: { region: string }; cost: { lineItems: { name: string; unitPriceUsd: number | null }[] } } };
    expect(out.plan.node.region).toBe('me-central1');
    expect(out.plan.cost.lineItems.find((l) => l.name.startsWith('Node ('))?.unitPriceUsd).toBe(0.2769714);
  });

  it('plans in Azure uaenorth', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--region', 'uaenorth', '-o', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { plan: { node: { cloud: string; region: string } } }).plan.node).toMatchObject({ cloud: 'azure', region: 'uaenorth' });
  });

  it('refuses an unknown region with exit 2, naming the flag and the known regions, without a stack trace', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--region', 'mars-north1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--region');
    expect(r.stderr).toContain('me-central1');
    expect(r.stderr).toContain('uaenorth');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
