/** The CLI's quote options (issue 14): --region plans in that region; --currency shows the quote in another currency. */
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

describe('qsize --currency', () => {
  it('shows the AED quote as the USD total × 3.6725 to the fils, and JSON keeps the USD figures', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--region', 'me-central1', '--instance-type', 'n2d-highmem-4', '--currency', 'AED', '-o', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      plan: { cost: { monthlyUsd: number; lineItems: { monthlyUsd: number }[] } };
      currency: { currency: string; unitsPerUsd: number; total: number; lines: number[]; rateAsOf: string };
    };
    const cents = Math.round(out.plan.cost.monthlyUsd * 100);
    expect(out.currency).toMatchObject({ currency: 'AED', unitsPerUsd: 3.6725 });
    expect(Math.round(out.currency.total * 100)).toBe(Math.floor((cents * 36725 + 5000) / 10000));
    expect(out.currency.lines.reduce((s, x) => s + Math.round(x * 100), 0)).toBe(Math.round(out.currency.total * 100));
  });

  it('states the currency and the rate date in text, and adds the converted column and total to the CSV', () => {
    const text = qsize(['--vectors', '10M', '--dim', '768', '--region', 'me-central1', '--currency', 'aed']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Amounts in AED at 3\.6725 AED per USD .*rate as of \d{4}/);
    expect(text.stdout).toMatch(/Cost per month: AED\s?[\d,]+\.\d\d/);
    const csv = qsize(['--vectors', '10M', '--dim', '768', '--currency', 'EUR', '-o', 'csv']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toContain('monthly_eur');
    expect(csv.stdout).toMatch(/^total,Total per month,.*\d/m);
  });

  it('puts the USD figure beside the amount it converts, before the note on unpriced lines', () => {
    // AWS me-central-1 has node prices but no EBS or S3 price: three lines are unpriced.
    const r = qsize(['--vectors', '10M', '--dim', '768', '--region', 'me-central-1', '--currency', 'AED']);
    expect(r.status).toBe(0);
    const m = /^\s+Cost per month\s+AED\s?([\d,]+\.\d\d) \(\$([\d,]+\.\d\d)\)( \+ \d+ unpriced lines?)?$/m.exec(r.stdout);
    expect(m).not.toBeNull();
    const [aed, usd] = [m![1]!, m![2]!].map((x) => Number(x.replace(/,/g, '')));
    // By hand: the AED amount is the USD amount × 3.6725, to the fils.
    expect(Math.abs(aed! - usd! * 3.6725)).toBeLessThan(0.01);
  });

  it('refuses an unknown currency with exit 2, naming --currency and the known codes', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--currency', 'XYZ']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--currency');
    expect(r.stderr).toContain('AED');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
