/**
 * The quote: recommended topology, per-peer resources with the largest line items, monthly cost by
 * line item, checks, warnings, growth and the alternatives worth knowing.
 */
import { decimal, money as formatMoney } from './numbers.js';
import type { Plan, Recommendation } from '../../plan/types.js';
import { formatBytes, formatCount } from '../../spec/units.js';
import { normalizeVectors } from '../../spec/workload.js';
import type { Doc } from '../doc.js';
import type { Result, Row } from '../output.js';
import { lineItemRow } from './estimate.js';
import { cpuQuantity, memoryQuantity } from '../../plan/resources.js';
import type { ConvertedBill } from '../../pricing/currency.js';
import { nodePlace } from '../../plan/own-nodes.js';
import { pricingModelsDoc, unpricedNote } from './pricing-models.js';

/**
 * The quote in a currency other than USD (`--currency`): the plan's bill converted by src/pricing/currency.ts
 * convertBill (its lines add up to its total), and how to show any other USD amount (alternatives) in it. Built by
 * the command so that a USD quote never loads the rate table.
 */
export interface LocalCurrency {
  bill: ConvertedBill;
  /** A USD amount converted and rounded to the currency's minor unit (src/pricing/currency.ts roundMoney). */
  convert(usd: number): number;
  /** An amount already in the currency, as `Intl.NumberFormat` writes it (`AED 2,558.48`). */
  format(amount: number): string;
}

/** One sentence naming the currency, the rate, its source and date. */
export function currencyNote(local: LocalCurrency): string {
  const b = local.bill;
  return `Amounts in ${b.currency} at ${b.unitsPerUsd} ${b.currency} per USD (${b.rateFormula}; ${b.rateSource}; rate as of ${b.rateAsOf}). Unit prices are the catalogs' USD prices; each line is converted and the lines add up to the total (the USD total × the rate, rounded to the minor unit).`;
}

const GIB = 1024 ** 3;

export function money(n: number): string {
  return formatMoney(n);
}

function gib(bytes: number): string {
  return formatBytes(bytes, { binary: true });
}

export function nodeSummary(p: Plan): string {
  const n = p.node;
  return `${p.peers} × ${n.instanceType} (${nodePlace(n)}, ${n.vcpu} vCPU, ${Math.round(n.memoryBytes / GIB)} GiB, ${n.arch})`;
}

/** What the workload is, in one line: `100M points × 768-d Cosine float32`. */
export function workloadSummary(p: Plan): string {
  const v = p.workload.collection.vectors;
  const dense = v ? normalizeVectors(v) : {};
  const parts = Object.entries(dense).map(([name, params]) => {
    const q = params.quantization_config ?? p.workload.collection.quantization_config;
    const quant = q && q !== 'Disabled' ? `, ${Object.keys(q)[0]} quantization` : '';
    return `${name ? `"${name}" ` : ''}${params.size}-d ${params.distance} ${params.datatype ?? 'float32'}${params.on_disk ? ' on disk' : ''}${quant}`;
  });
  const sparse = Object.keys(p.workload.collection.sparse_vectors ?? {});
  if (sparse.length > 0) parts.push(`sparse ${sparse.join(', ')}`);
  return `${formatCount(p.workload.points)} points × ${parts.join(' + ') || 'no vectors'}`;
}

/** What each alternatives group changes, as the report's first column says it. */
export const ALTERNATIVE_GROUP_TITLES: Record<Recommendation['alternatives'][number]['group'], string> = {
  storage: 'another quantization or on-disk layout',
  cloud: 'another cloud',
  family: 'another instance family',
  replication: 'another replication factor',
  indexing: 'another indexing (CPU instead of GPU)',
};

/** The best alternative of each group (recommend() ranks within groups: passing first, then cheapest). */
export function notableAlternatives(r: Recommendation): Recommendation['alternatives'] {
  const out: Recommendation['alternatives'] = [];
  for (const a of r.alternatives) if (!out.some((b) => b.group === a.group)) out.push(a);
  return out;
}

function signedMoney(n: number, show: (amount: number) => string = money): string {
  return n === 0 ? '±0' : n > 0 ? `+${show(n)}` : `−${show(-n)}`;
}

/** "1.9 h on 8 vCPU (0.6-4.7 h)": the model's build time with its stated range; seconds/minutes for short builds. */
function buildTime(ix: NonNullable<Recommendation['plan']['indexing']>, vcpu: number): string {
  const t = (s: number) => (s >= 5400 ? `${(s / 3600).toFixed(1)} h` : s >= 90 ? `${Math.round(s / 60)} min` : `${Math.max(1, Math.round(s))} s`);
  const gpu = ix.gpuBuildSeconds !== undefined ? `; GPU ${t(ix.gpuBuildSeconds)}` : '';
  return `${t(ix.cpuBuildSeconds)} on ${vcpu} vCPU (${t(ix.cpuBuildSecondsLow)} to ${t(ix.cpuBuildSecondsHigh)})${gpu}`;
}

function checkLine(c: Plan['checks'][number]): string {
  const mark = c.passed ? 'ok  ' : c.severity === 'error' ? 'FAIL' : 'warn';
  return `${mark}  ${c.name}: ${c.detail}`;
}

export function planDoc(r: Recommendation, local?: LocalCurrency): Doc {
  const p = r.plan;
  // Money as shown: USD, or the converted figure (the bill's own converted lines for the plan's lines).
  const total = (local ? local.format(local.bill.total) : money(p.cost.monthlyUsd)) + unpricedNote(p);
  const lineMoney = (i: number, usd: number) => (local ? local.format(local.bill.lines[i] ?? local.convert(usd)) : money(usd));
  const usdMoney = (usd: number) => (local ? local.format(local.convert(usd)) : money(usd));
  const replicasPerPeer = Math.max(0, ...p.placement.map((x) => x.shards.length));
  const top = [...p.estimate.lineItems].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  const doc: Doc = [
    { kind: 'heading', text: `qsize: ${workloadSummary(p)}, Qdrant ${p.qdrantVersion}, catalog ${p.catalogDate}` },
    { kind: 'heading', text: 'Recommended topology' },
    {
      kind: 'kv',
      rows: [
        ['Peers', nodeSummary(p)],
        ['Shards', `${p.shardNumber} × replication ${p.replicationFactor} (write consistency ${p.writeConsistencyFactor})`],
        ['Placement', `${replicasPerPeer} shard replica(s) on the busiest peer (peer ${p.perPeer.busiestPeer}), no two replicas of a shard on one peer`],
        ['Storage', p.variant ?? 'as configured'],
        ...(p.gpu?.enabled ? ([['GPU indexing', `${p.gpu.instanceType} (${p.gpu.gpuModel})`]] as [string, string][]) : []),
        ['Cost per month', local ? `${total} (${money(p.cost.monthlyUsd)})` : total],
      ],
    },
    ...(p.shardReason ? ([{ kind: 'para', text: p.shardReason }] as Doc) : []),
    { kind: 'heading', text: 'Per peer' },
    {
      kind: 'kv',
      rows: [
        ['Resident RAM', gib(p.perPeer.residentBytes)],
        ['Page cache (hot)', gib(p.perPeer.pageCacheBytes)],
        ['Peak RAM (optimizing)', gib(p.perPeer.peakBytes)],
        ['Memory request = limit', `${memoryQuantity(p.perPeer.memoryRequestBytes)} (${gib(p.perPeer.memoryRequestBytes)})`],
        ['CPU request = limit', `${cpuQuantity(p.perPeer.cpuCores)} (${p.perPeer.cpuCores} cores)`],
        ['Disk', gib(p.perPeer.diskBytes)],
        ['Volume', `${gib(p.perPeer.volumeBytes)}${p.perPeer.snapshotVolumeBytes > 0 ? ` (+ ${gib(p.perPeer.snapshotVolumeBytes)} snapshot volume)` : ''}`],
        ...(p.indexing ? ([['Full HNSW build (CPU)', buildTime(p.indexing, p.node.vcpu)]] as [string, string][]) : []),
      ],
    },
    { kind: 'para', text: `Largest line items (one copy of the collection, ${formatCount(p.estimate.points)} points; each peer holds ${replicasPerPeer}/${p.shardNumber} of it):` },
    { kind: 'table', head: ['Where', 'Bytes', 'Line item'], right: [1], rows: top.map((i) => [i.residency, formatBytes(i.bytes), i.name]) },
    { kind: 'heading', text: `Cost per month: ${total}` },
    ...(local ? ([{ kind: 'para', text: currencyNote(local) }] as Doc) : []),
    {
      kind: 'table',
      head: ['Line item', 'Quantity', local ? 'Unit price (USD)' : 'Unit price', 'Per month'],
      right: [1, 2, 3],
      rows: p.cost.lineItems.map((c, i) => [
        c.name,
        `${decimal(c.quantity)} ${c.unit}`,
        c.unitPriceUsd === null ? 'no price' : `${formatMoney(c.unitPriceUsd, 4)}${c.unverifiedPrice ? ' (unverified)' : ''}`,
        c.missingPrice ? 'not included' : lineMoney(i, c.monthlyUsd),
      ]),
    },
    { kind: 'para', text: 'Not included in this quote:' },
    { kind: 'list', items: p.cost.notIncluded },
    ...pricingModelsDoc(p, usdMoney),
    { kind: 'heading', text: 'Checks' },
    { kind: 'list', items: p.checks.map(checkLine) },
  ];
  if (r.warnings.length > 0) doc.push({ kind: 'heading', text: 'Warnings' }, { kind: 'list', items: r.warnings });
  doc.push({ kind: 'heading', text: 'Growth' }, { kind: 'para', text: r.growth.detail });
  const alts = notableAlternatives(r);
  if (alts.length > 0) {
    doc.push(
      { kind: 'heading', text: 'Alternatives worth knowing' },
      {
        kind: 'table',
        head: ['What changes', 'Alternative', 'Per month', 'Difference', 'Checks'],
        right: [2, 3],
        rows: alts.map((a) => [
          ALTERNATIVE_GROUP_TITLES[a.group],
          a.label + (a.violates.length > 0 ? ` [outside your constraints: ${a.violates.join('; ')}]` : ''),
          usdMoney(a.plan.cost.monthlyUsd) + unpricedNote(a.plan),
          signedMoney(a.monthlyDeltaUsd, usdMoney),
          a.passesAllChecks ? 'pass' : `fail: ${a.plan.checks.filter((k) => !k.passed && k.severity === 'error').map((k) => k.name).join(', ')}`,
        ]),
      },
    );
  }
  return doc;
}

export function planRows(r: Recommendation, local?: LocalCurrency): Row[] {
  const p = r.plan;
  const rows: Row[] = [];
  // With --currency every row gains the converted amount and the currency (the USD columns stay).
  const localCols = (amount: number | '') => (local ? { [`monthly_${local.bill.currency.toLowerCase()}`]: amount, currency_rate: `${local.bill.unitsPerUsd} per USD, as of ${local.bill.rateAsOf}` } : {});
  for (const i of p.estimate.lineItems) {
    rows.push({
      section: 'memory',
      name: i.name,
      residency: i.residency,
      bytes: i.bytes,
      quantity: '',
      unit: '',
      unit_price_usd: '',
      monthly_usd: '',
      source: i.source,
      ...localCols(''),
    });
  }
  p.cost.lineItems.forEach((c, i) => {
    rows.push({
      section: 'cost',
      name: c.name,
      residency: '',
      bytes: '',
      quantity: c.quantity,
      unit: c.unit,
      unit_price_usd: c.unitPriceUsd ?? '',
      monthly_usd: c.missingPrice ? '' : c.monthlyUsd,
      source: c.source ?? 'no price',
      ...localCols(c.missingPrice || !local ? '' : (local.bill.lines[i] as number)),
    });
  });
  rows.push({
    section: 'total',
    name: 'Total per month',
    residency: '',
    bytes: '',
    quantity: '',
    unit: '',
    unit_price_usd: '',
    monthly_usd: p.cost.monthlyUsd,
    source: 'sum of the line items above',
    ...localCols(local ? local.bill.total : ''),
  });
  return rows;
}

/** The quote as a result; with `local`, the JSON keeps every USD figure and adds `currency` (the converted bill). */
export function recommendationResult(r: Recommendation, local?: LocalCurrency): Result {
  const data = local
    ? {
        ...r,
        currency: {
          ...local.bill,
          lineItems: r.plan.cost.lineItems.map((c, i) => ({ name: c.name, monthly: local.bill.lines[i] as number })),
        },
      }
    : r;
  return { data, doc: () => planDoc(r, local), rows: () => planRows(r, local) };
}

export { lineItemRow };
