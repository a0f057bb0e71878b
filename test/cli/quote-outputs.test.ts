/**
 * The quote a sales engineer sends (issue 14): CSV with a summary and a total row, the markdown proposal, the
 * timeline command, --currency on compare and emit's README, and the quote tables' staleness on stderr. Runs the CLI
 * in-process (test/cli/in-process.ts) so that the properties can afford their runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { csvRows } from './csv.js';
import { qsizeInProcess as qsize } from './in-process.js';

/** CSV rows as records keyed by the header row. */
function parseCsv(text: string): Record<string, string>[] {
  const rows = csvRows(text);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/** Digits of a currency's minor unit, as the ISO 4217 table gives them (JPY has none). */
const MINOR: Record<string, number> = { USD: 2, AED: 2, SAR: 2, EUR: 2, INR: 2, JPY: 0, GBP: 2 };

/** An amount as printed (`AED 2,558.48`, `¥157,250`, `$1,234.50`) in minor units of its currency. */
function minorUnits(text: string, digits: number): number {
  // A heading may add which lines have no price (`$412.45 + 3 unpriced lines`): the amount is what precedes it.
  const n = text.replace(/( \+ \d+ unpriced lines?| \(no line priced\)).*$/, '').replace(/[^0-9.]/g, '');
  expect(n, text).toMatch(/^\d+(\.\d+)?$/);
  const [int, frac = ''] = n.split('.');
  expect(frac.length, text).toBe(digits);
  return Number(int) * 10 ** digits + (digits > 0 ? Number(frac) : 0);
}

const workloads = fc.record({
  points: fc.integer({ min: 2, max: 60 }).map((x) => `${x * 500}k`),
  dim: fc.constantFrom('384', '768', '1536'),
  region: fc.constantFrom(undefined, 'me-central1', 'uaenorth', 'europe-west4', 'asia-south1'),
  currency: fc.constantFrom(undefined, 'AED', 'JPY', 'EUR', 'INR', 'SAR'),
  growth: fc.constantFrom(undefined, '1M'),
});
const argsOf = (w: { points: string; dim: string; region: string | undefined; currency: string | undefined; growth: string | undefined }) => [
  '--vectors',
  w.points,
  '--dim',
  w.dim,
  ...(w.region ? ['--region', w.region] : []),
  ...(w.currency ? ['--currency', w.currency] : []),
  ...(w.growth ? ['--growth', w.growth, '--horizon', '6'] : []),
];

describe('quote outputs: the line items always add up to the total', () => {
  it('in the CSV, the cost rows add up to the total row to the cent, and the converted column to the minor unit', async () => {
    await fc.assert(
      fc.asyncProperty(workloads, async (w) => {
        const r = await qsize([...argsOf(w), '-o', 'csv']);
        expect(r.status, r.stderr).toBe(0);
        const rows = parseCsv(r.stdout);
        expect(rows[0]?.section).toBe('summary');
        const cost = rows.filter((x) => x.section === 'cost');
        const total = rows.find((x) => x.section === 'total');
        expect(total).toBeDefined();
        const cents = (s: string | undefined) => (s === undefined || s === '' ? 0 : Math.round(Number(s) * 100));
        expect(cost.reduce((a, x) => a + cents(x.monthly_usd), 0)).toBe(cents(total?.monthly_usd));
        if (w.currency) {
          const col = `monthly_${w.currency.toLowerCase()}`;
          const scale = 10 ** (MINOR[w.currency] as number);
          const minor = (s: string | undefined) => (s === undefined || s === '' ? 0 : Math.round(Number(s) * scale));
          expect(cost.reduce((a, x) => a + minor(x[col]), 0)).toBe(minor(total?.[col]));
        }
        // The same plan under each pricing model: each model's lines add up to its own total row, in USD and converted;
        // the quote's own model points at the cost rows.
        const totals = rows.filter((x) => x.section === 'model-total');
        expect(totals.map((x) => x.name)).toEqual(['on-demand', '1-year commitment', '3-year commitment', 'spot'].map((m) => `${m}: Total per month`));
        for (const t of totals) {
          const label = (t.name ?? '').replace(/: Total per month$/, '');
          const lines = rows.filter((x) => x.section === 'model-cost' && (x.name ?? '').startsWith(`${label}: `));
          if (t.value?.startsWith('this quote')) {
            expect(lines).toHaveLength(0);
            expect(t.monthly_usd).toBe(total?.monthly_usd);
            continue;
          }
          expect(lines.length).toBe(cost.length);
          if (t.monthly_usd === '') continue; // a node line without a row under this model: no total, and why
          expect(lines.reduce((a, x) => a + cents(x.monthly_usd), 0)).toBe(cents(t.monthly_usd));
          if (w.currency) {
            const col = `monthly_${w.currency.toLowerCase()}`;
            const scale = 10 ** (MINOR[w.currency] as number);
            const minor = (s: string | undefined) => (s === undefined || s === '' ? 0 : Math.round(Number(s) * scale));
            expect(lines.reduce((a, x) => a + minor(x[col]), 0)).toBe(minor(t[col]));
          }
        }
        expect(rows.some((x) => x.section === 'not-included')).toBe(true);
        expect(rows.some((x) => x.section === 'assumption')).toBe(true);
        if (w.growth) expect(rows.filter((x) => x.section === 'timeline' && (x.name ?? '').startsWith('Month ')).length).toBe(7);
      }),
      { numRuns: 6 },
    );
  }, 300_000);

  it('in the markdown proposal, the bill table parses back to its total row and its heading, in the minor unit', async () => {
    await fc.assert(
      fc.asyncProperty(workloads, async (w) => {
        const r = await qsize([...argsOf(w), '-o', 'markdown']);
        expect(r.status, r.stderr).toBe(0);
        const digits = MINOR[w.currency ?? 'USD'] as number;
        const lines = r.stdout.split('\n');
        const start = lines.findIndex((l) => l.startsWith('| Line item | Quantity |'));
        expect(start).toBeGreaterThan(0);
        const body: string[][] = [];
        for (let i = start + 2; i < lines.length && lines[i]?.startsWith('|'); i++) body.push((lines[i] as string).split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '')));
        const totalRow = body.pop();
        expect(totalRow?.[0]).toBe('Total per month');
        const sum = body.filter((c) => c[3] !== 'not included').reduce((a, c) => a + minorUnits(c[3] as string, digits), 0);
        const total = minorUnits(totalRow?.[3] as string, digits);
        expect(sum).toBe(total);
        const heading = /^## The bill: (.+) per month$/m.exec(r.stdout)?.[1];
        expect(minorUnits(heading as string, digits)).toBe(total);
        for (const section of ['## The plan', 'Not included in this quote:', '## Assumptions', '## Sources and dates']) expect(r.stdout).toContain(section);
        expect(r.stdout).toMatch(/Prices as of \d{4}(-\d\d)?(-\d\d)?/);
        if (w.currency) expect(r.stdout).toMatch(/Exchange rate: .* as of \d{4}/);
      }),
      // Seed -1424517832: in uaenorth the storage lines have no price, and the heading's `+ 3 unpriced lines` was read as
      // part of the amount.
      { numRuns: 6, examples: [[{ points: '1000k', dim: '384', region: 'uaenorth', currency: undefined, growth: undefined }]] },
    );
  }, 300_000);
});

describe('the pricing models in the CSV, and the dates of the prices used', () => {
  it('lists each model\'s lines and total beside the quote\'s: 3 × n2-highmem-8 nodes $1,147.78 on demand, $723.00 for 1 year, $516.51 for 3 years, $544.35 spot', async () => {
    // Rows of data/catalogs/commitment-prices.csv for gcp us-central1 n2-highmem-8 ($/month of 730 h): 1y 240.99928,
    // 3y 172.16904, spot 181.4488; three nodes: 3 × 240.99928 = 722.99784 → 723.00; 3 × 172.16904 = 516.50712 → 516.51;
    // 3 × 181.4488 = 544.3464 → 544.35. On demand (instances-cpu.csv): 2,190 h × 0.5241 = 1,147.779 → 1,147.78.
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'gcp', '--instance-type', 'n2-highmem-8', '--peers', '3', '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const rows = parseCsv(r.stdout);
    const node = (label: string) => rows.find((x) => x.section === 'model-cost' && x.name === `${label}: Node (n2-highmem-8, ${label})`)?.monthly_usd;
    expect(rows.find((x) => x.section === 'cost' && x.name === 'Node (n2-highmem-8, on-demand)')?.monthly_usd).toBe('1147.78');
    expect(node('1-year commitment')).toBe('723');
    expect(node('3-year commitment')).toBe('516.51');
    expect(node('spot')).toBe('544.35');
    const total = (label: string) => rows.find((x) => x.section === 'model-total' && x.name === `${label}: Total per month`);
    const others = Number(rows.find((x) => x.section === 'total')?.monthly_usd) - 1147.78; // storage and GKE, unchanged
    expect(Number(total('3-year commitment')?.monthly_usd)).toBeCloseTo(516.51 + others, 2);
    expect(total('on-demand')?.value).toBe('this quote');
    expect(total('spot')?.value).toMatch(/a Qdrant peer is stateful/);
  }, 60_000);

  it('shows a commitment\'s hourly rate as published, without binary noise: r7g.xlarge 3-year reserved in us-east-1 is 0.0972 $/h', async () => {
    // data/catalogs/commitment-prices.csv keeps 0.0972 $/h × 730 = 70.956 $/month; 70.956 / 730 in floating point is
    // 0.09720000000000001, which the CSV printed before.
    const r = await qsize(['--vectors', '10M', '--dim', '768', '--instance-type', 'r7g.xlarge', '--pricing', '3y', '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const node = parseCsv(r.stdout).find((x) => x.section === 'cost' && x.name === 'Node (r7g.xlarge, 3-year commitment)');
    expect(node?.unit_price_usd).toBe('0.0972');
  }, 60_000);

  it('dates the header by the rows that priced the bill: an AWS plan in me-central-1 shows 2025-04-24 (nodes) and 2026-04-01 (EKS), not the base catalog\'s 2026-07-30', async () => {
    // r6i.xlarge in me-central-1: instance-prices-regional.csv, as_of 2025-04-24; EKS standard: control-plane.csv, as_of
    // 2026-04-01; the volumes have no price there (no date). The base catalogs' newest price is 2026-07-30 (GCS Standard in
    // us-central1, Cyclenerd's pricing.yml), after Karpenter's AWS table (2026-07-20).
    const args = ['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--region', 'me-central-1'];
    const text = await qsize(args);
    expect(text.stdout.split('\n')[0]).toBe('qsize: 10M points × 768-d Cosine float32, Qdrant 1.20.0, prices as of 2025-04-24 and 2026-04-01');
    const md = await qsize([...args, '-o', 'markdown']);
    expect(md.stdout).toContain('Prepared with qsize for Qdrant 1.20.0; prices as of 2025-04-24 and 2026-04-01.');
    const json = JSON.parse((await qsize([...args, '-o', 'json'])).stdout) as { plan: { catalogDate: string; pricesAsOf: string[]; cost: { lineItems: { asOf?: string }[] } } };
    expect(json.plan.pricesAsOf).toEqual(['2025-04-24', '2026-04-01']);
    expect(json.plan.catalogDate).toBe('2026-07-30');
    expect(json.plan.cost.lineItems[0]?.asOf).toBe('2025-04-24');
    const csv = parseCsv((await qsize([...args, '-o', 'csv'])).stdout);
    expect(csv.find((x) => x.section === 'summary' && x.name === 'Prices as of')?.value).toBe('2025-04-24; 2026-04-01');
  }, 60_000);
});

describe('storage without a dated price', () => {
  it('is flagged in the CSV and the report: no price outside the base regions (with why), UNVERIFIED where a recalled list price is used', async () => {
    const csv = parseCsv((await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--region', 'me-central-1', '-o', 'csv'])).stdout);
    const volume = csv.find((x) => x.section === 'cost' && (x.name ?? '').startsWith('Data volume'));
    expect(volume?.value).toBe('not included: no price');
    expect(volume?.monthly_usd).toBe('');
    expect(volume?.source).toMatch(/^no price: ebs-gp3 in aws me-central-1: no dated, machine-generated table/);
    const azure = parseCsv((await qsize(['--vectors', '1M', '--dim', '384', '--cloud', 'azure', '--region', 'uaenorth', '-o', 'csv'])).stdout);
    expect(azure.find((x) => x.section === 'cost' && (x.name ?? '').startsWith('Data volume'))?.value).toBe('not included: no price');
    // eastus: the Premium SSD v2 row is a recalled list price ($0.0812/GiB-month, verified=false): used, and flagged.
    // 3 peers x 25 GiB = 75 GiB-month x $0.0812 = $6.09.
    const base = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'azure', '-o', 'csv']);
    const rows = parseCsv(base.stdout);
    expect(rows.find((x) => x.section === 'cost' && (x.name ?? '').startsWith('Data volume'))?.value).toBe('unverified price');
    const text = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'azure']);
    expect(text.stdout).toMatch(/Data volume \(25 GiB per peer\)\s+75 GiB-month\s+\$0\.0812 \(unverified\)\s+\$6\.09/);
    expect(text.stderr).toMatch(/the Premium SSD v2 capacity price is an UNVERIFIED list price/);
    // us-east-1: EBS gp3 is dated (infracost golden files, 2025-07-07): 75 GiB-month x $0.08 = $6.00, not flagged.
    const aws = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'aws']);
    expect(aws.stdout).toMatch(/Data volume \(25 GiB per peer\)\s+75 GiB-month\s+\$0\.08\s+\$6\.00/);
    expect(aws.stderr).not.toMatch(/UNVERIFIED/);
  }, 60_000);
});

describe('the assumptions', () => {
  it('state the replication and tolerated failures the plan used: a single pinned peer tolerates none', async () => {
    const single = await qsize(['--vectors', '1M', '--dim', '384', '--peers', '1', '-o', 'markdown']);
    expect(single.stdout).toContain('- Availability: replication factor 1, write consistency 1; 0 peers may fail at once');
    const ha = await qsize(['--vectors', '1M', '--dim', '384', '-o', 'markdown']);
    expect(ha.stdout).toContain('- Availability: replication factor 2, write consistency 1; 1 peer may fail at once');
  }, 60_000);
});

describe('qsize timeline', () => {
  it('writes one CSV row per month (horizon + 1), with the converted column, and JSON qsize.timeline/v1', async () => {
    const csv = await qsize(['timeline', '--vectors', '5M', '--dim', '768', '--growth', '1M', '--horizon', '6', '--currency', 'AED', '-o', 'csv']);
    expect(csv.status, csv.stderr).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((x) => Number(x.month))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rows.map((x) => Number(x.points))).toEqual([5, 6, 7, 8, 9, 10, 11].map((x) => x * 1_000_000));
    // AED = USD × 3.6725, rounded to the fils, computed in integers (cents × 36725 / 10000, half up).
    for (const x of rows) expect(Math.round(Number(x.monthly_aed) * 100)).toBe(Math.floor((Math.round(Number(x.monthly_usd) * 100) * 36725 + 5000) / 10000));
    const json = await qsize(['timeline', '--vectors', '5M', '--dim', '768', '--growth', '1M', '--horizon', '6', '-o', 'json']);
    const data = JSON.parse(json.stdout) as { schemaVersion: string; timeline: { months: unknown[]; shardLimit: { maxDataPeers: number } }; plan: { shardNumber: number } };
    expect(data.schemaVersion).toBe('qsize.timeline/v1');
    expect(data.timeline.months).toHaveLength(7);
    expect(data.timeline.shardLimit.maxDataPeers).toBe(data.plan.shardNumber * 2);
  }, 120_000);

  it('refuses a timeline without growth with exit 2, naming --growth', async () => {
    const r = await qsize(['timeline', '--vectors', '5M', '--dim', '768']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--growth');
  }, 60_000);

  it('shows the timeline in the quote when growth is given', async () => {
    const r = await qsize(['--vectors', '5M', '--dim', '768', '--growth', '1M', '--horizon', '3']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Growth, month by month');
    expect(r.stdout).toMatch(/Shard count limit: shard_number \d+ × replication 2 allows at most \d+ peers/);
  }, 60_000);
});

describe('--currency everywhere', () => {
  it('compare: JSON keeps monthlyUsd and adds monthly in EUR (USD × the ECB cross rate, to the cent) and the rate', async () => {
    const r = await qsize(['compare', 'replication', '1', '2', '--vectors', '2M', '--dim', '384', '--currency', 'EUR', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { currency: { currency: string; unitsPerUsd: number; rateAsOf: string }; rows: { monthlyUsd: number; monthly: number }[] };
    expect(data.currency.currency).toBe('EUR');
    // 2026-10-30: 1.1172 USD per EUR (currency-rates.csv), so EUR = USD / 1.1172.
    expect(data.currency.unitsPerUsd).toBeCloseTo(1 / 1.1172, 12);
    expect(data.rows.some((row) => row.monthlyUsd !== undefined)).toBe(true);
    for (const row of data.rows.filter((x) => x.monthlyUsd !== undefined)) expect(row.monthly).toBe(Math.round((row.monthlyUsd / 1.1172) * 100) / 100);
    const text = await qsize(['compare', 'replication', '1', '2', '--vectors', '2M', '--dim', '384', '--currency', 'EUR']);
    expect(text.stdout).toMatch(/€[\d,]+\.\d\d/);
    expect(text.stdout).toContain('Amounts in EUR at 0.895095 EUR per USD');
  }, 120_000);

  it("emit: the README's cost lines are in AED and add up to the same total as the quote", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-currency-'));
    try {
      const args = ['--vectors', '2M', '--dim', '384', '--currency', 'AED'];
      const emitted = await qsize(['emit', ...args, '--target', 'helm', '--out', dir]);
      expect(emitted.status, emitted.stderr).toBe(0);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      const quote = JSON.parse((await qsize([...args, '-o', 'json'])).stdout) as { currency: { total: number } };
      const total = /\| Total per month \| (AED[^|]+) \|/.exec(readme)?.[1];
      expect(total).toBe(`AED\u00a0${quote.currency.total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      const lines = [...readme.matchAll(/^\| (?!Line item|Total)[^|]+ \| (AED[^|(]+)/gm)].map((m) => minorUnits(m[1] as string, 2));
      expect(lines.reduce((a, b) => a + b, 0)).toBe(minorUnits(total as string, 2));
      expect(readme).toContain('rate as of 1997-11');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('staleness of the quote tables reaches stderr', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('on 2027-03-01 a quote in me-central1 warns that the regional tables (newest 2026-07-30) are older than 180 days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-01T00:00:00Z'));
    const r = await qsize(['--vectors', '2M', '--dim', '384', '--region', 'me-central1', '--currency', 'AED']);
    expect(r.status).toBe(0);
    // 2026-07-30 to 2027-03-01 is 214 days.
    expect(r.stderr).toContain('qsize: warning: data/catalogs/instance-prices-regional.csv: newest as_of 2026-07-30 is 214 days old (limit 180)');
    expect(r.stderr).toContain('qsize: warning: data/catalogs/storage-regional.csv: newest as_of 2026-07-30 is 214 days old');
    // The ECB rates (2026-10-30) are 122 days old against a 92-day limit; the AED peg itself never ages.
    expect(r.stderr).toMatch(/qsize: warning: data\/catalogs\/currency-rates.csv: newest as_of 2026-10-30 is 122 days old \(limit 92\)/);
  }, 60_000);

  it('a USD quote in the base regions loads no quote table and warns about none', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-01T00:00:00Z'));
    const r = await qsize(['--vectors', '2M', '--dim', '384']);
    expect(r.stderr).not.toContain('as_of');
  }, 60_000);
});
