/**
 * The quote: recommended topology, per-peer resources with the largest line items, monthly cost by
 * line item, checks, warnings, growth and the alternatives worth knowing.
 */
import { decimal, money as formatMoney } from './numbers.js';
import type { Plan, Recommendation } from '../../plan/types.js';
import { datesText, pricesAsOfText } from '../../plan/prices-as-of.js';
export { pricesAsOfText };
import { formatBytes, formatBytesInRange, formatCount } from '../../spec/units.js';
import { normalizeVectors } from '../../model/named-vectors.js';
import type { Doc } from '../doc.js';
import type { Result, Row } from '../output.js';
import { lineItemRow } from './estimate.js';
import { cpuQuantity, memoryQuantity } from '../../plan/resources.js';
import type { ConvertedBill } from '../../pricing/currency.js';
import { formatRate } from '../../pricing/money.js';
import type { CurrencyView } from '../currency.js';
import { timelineLimitLine, type GrowthTimeline } from '../../plan/timeline.js';
import type { Block } from '../doc.js';
import { nodePlace } from '../../plan/own-nodes.js';
import { pricingModelsDoc, savingText, unpricedNote } from './pricing-models.js';
import { unpricedCountNote } from '../../pricing/cost.js';
import { PRICING_MODEL_LABELS } from '../../pricing/price-models.js';
import { counted, plural } from '../../util/plural.js';

/**
 * The quote in a currency other than USD (`--currency`): the plan's bill converted by src/pricing/currency.ts
 * convertBill (its lines add up to its total), and how to show any other USD amount (alternatives, the timeline) in
 * it. Built by the command (src/cli/currency.ts) so that a USD quote never loads the rate table.
 */
export interface LocalCurrency {
  bill: ConvertedBill;
  /** Another bill (the plan under another pricing model) converted the same way: its lines add up to its total. */
  convertBill?(linesUsd: readonly number[], totalUsd: number): ConvertedBill;
  /** A USD amount converted and rounded to the currency's minor unit (src/pricing/money.ts roundMoney). */
  convert(usd: number): number;
  /** An amount already in the currency, as `Intl.NumberFormat` writes it (`AED 2,558.48`). */
  format(amount: number): string;
}

/** The plan's bill in the view's currency. */
export function localCurrency(view: CurrencyView, r: Recommendation): LocalCurrency {
  return { bill: view.bill(r.plan.cost.lineItems.map((l) => l.monthlyUsd), r.plan.cost.monthlyUsd), convertBill: view.bill, convert: view.convert, format: view.format };
}

/** One sentence naming the currency, the rate, its source and date. */
export function currencyNote(local: LocalCurrency): string {
  const b = local.bill;
  return `Amounts in ${b.currency} at ${formatRate(b.unitsPerUsd)} ${b.currency} per USD (${b.rateFormula}; ${b.rateSource}; rate as of ${b.rateAsOf}). Unit prices are the catalogs' USD prices; each line is converted and the lines add up to the total (the USD total × the rate, rounded to the minor unit).`;
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
/** "1 shard × replication 3", "6 shards × replication 2": the proposal's and the timeline's shard line. */
export function shardsSummary(p: Plan): string {
  return `${counted(p.shardNumber, 'shard')} × replication ${p.replicationFactor}`;
}

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
  return `${formatCount(p.workload.points)} ${plural(p.workload.points, 'point')} × ${parts.join(' + ') || 'no vectors'}`;
}

/** What each alternatives group changes, as the report's first column says it. */
export const ALTERNATIVE_GROUP_TITLES: Record<Recommendation['alternatives'][number]['group'], string> = {
  storage: 'another quantization or on-disk layout',
  segments: 'another segment count (default_segment_number)',
  cloud: 'another cloud',
  family: 'another instance family',
  replication: 'another replication factor',
  indexing: 'another indexing (CPU instead of GPU)',
};

/** The best alternative of each group (recommend() ranks within groups: passing first, then the fewest departures from the asked constraints, then cheapest). */
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
  // In another currency the USD figure follows the amount it converts, before the note on unpriced lines.
  const total = (local ? `${local.format(local.bill.total)} (${money(p.cost.monthlyUsd)})` : money(p.cost.monthlyUsd)) + unpricedNote(p);
  const usdMoney = (usd: number) => (local ? local.format(local.convert(usd)) : money(usd));
  const replicasPerPeer = Math.max(0, ...p.placement.map((x) => x.shards.length));
  const top = [...p.estimate.lineItems].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  const doc: Doc = [
    { kind: 'heading', text: `qsize: ${workloadSummary(p)}, Qdrant ${p.qdrantVersion}, ${pricesAsOfText(p)}` },
    { kind: 'heading', text: 'Recommended topology' },
    {
      kind: 'kv',
      rows: [
        ['Peers', nodeSummary(p)],
        ['Shards', `${p.shardNumber} × replication ${p.replicationFactor} (write consistency ${p.writeConsistencyFactor})`],
        ['Placement', `${replicasPerPeer} shard ${plural(replicasPerPeer, 'replica')} on the busiest peer (peer ${p.perPeer.busiestPeer}), no two replicas of a shard on one peer`],
        ['Storage', p.variant ?? 'as configured'],
        ...(p.gpu?.enabled ? ([['GPU indexing', `${p.gpu.instanceType} (${p.gpu.gpuModel})`]] as [string, string][]) : []),
        ['Cost per month', total],
      ],
    },
    ...(p.replicationReason ? ([{ kind: 'para', text: p.replicationReason }] as Doc) : []),
    ...(p.shardReason ? ([{ kind: 'para', text: p.shardReason }] as Doc) : []),
    { kind: 'heading', text: 'Per peer' },
    {
      kind: 'kv',
      rows: [
        ['Resident RAM', formatBytesInRange(p.perPeer.residentBytes, p.perPeer.residentRange, { binary: true })],
        ['Page cache (hot)', formatBytesInRange(p.perPeer.pageCacheBytes, p.perPeer.pageCacheRange, { binary: true })],
        ['Peak RAM (optimizing)', formatBytesInRange(p.perPeer.peakBytes, p.perPeer.peakRange, { binary: true })],
        ['Memory request = limit', `${memoryQuantity(p.perPeer.memoryRequestBytes)} (${gib(p.perPeer.memoryRequestBytes)})`],
        ['CPU request = limit', `${cpuQuantity(p.perPeer.cpuCores)} (${p.perPeer.cpuCores} cores)`],
        ['Disk', formatBytesInRange(p.perPeer.diskBytes, p.perPeer.diskRange, { binary: true })],
        ['Volume', `${gib(p.perPeer.volumeBytes)}${p.perPeer.snapshotVolumeBytes > 0 ? ` (+ ${gib(p.perPeer.snapshotVolumeBytes)} snapshot volume)` : ''}`],
        ...(p.indexing ? ([['Full HNSW build (CPU)', buildTime(p.indexing, p.node.vcpu)]] as [string, string][]) : []),
      ],
    },
    { kind: 'para', text: `Largest line items (one copy of the collection, ${formatCount(p.estimate.points)} ${plural(p.estimate.points, 'point')}; ${replicasPerPeer >= p.shardNumber ? 'each peer holds all of it' : `each peer holds ${replicasPerPeer}/${p.shardNumber} of it`}):` },
    { kind: 'table', head: ['Where', 'Bytes', 'Line item'], right: [1], rows: top.map((i) => [i.residency, formatBytes(i.bytes), i.name]) },
    ...billBlocks(r, local),
    ...pricingModelsDoc(p, usdMoney),
    { kind: 'heading', text: 'Checks' },
    { kind: 'list', items: p.checks.map(checkLine) },
  ];
  if (r.warnings.length > 0) doc.push({ kind: 'heading', text: 'Warnings' }, { kind: 'list', items: r.warnings });
  doc.push(...growthBlocks(r, usdMoney));
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
  doc.push(...assumptionBlocks(r), ...sourceBlocks(r, local));
  return doc;
}

/** A money column's text for the bill: the line in the quote's currency (the converted bill's own line), or USD. */
function billMoney(local: LocalCurrency | undefined) {
  return {
    line: (i: number, usd: number) => (local ? local.format(local.bill.lines[i] ?? local.convert(usd)) : money(usd)),
    total: (usd: number) => (local ? local.format(local.bill.total) : money(usd)),
  };
}

/**
 * The bill: heading with the total, the currency note, every line item and a total row (the lines add up to it:
 * src/pricing/cost.ts priceQuantities in USD, src/pricing/currency.ts convertBill in another currency), and what the
 * quote leaves out. The engineer's report and the proposal show the same blocks.
 */
export function billBlocks(r: Recommendation, local?: LocalCurrency): Doc {
  const p = r.plan;
  const m = billMoney(local);
  // The total row is the sum of the lines above it; the heading also says which lines have no price.
  const amount = m.total(p.cost.monthlyUsd);
  const total = amount + unpricedNote(p);
  return [
    { kind: 'heading', text: `Cost per month: ${total}` },
    ...(local ? ([{ kind: 'para', text: currencyNote(local) }] as Doc) : []),
    {
      kind: 'table',
      head: ['Line item', 'Quantity', local ? 'Unit price (USD)' : 'Unit price', 'Per month'],
      right: [1, 2, 3],
      rows: [
        ...p.cost.lineItems.map((c, i) => {
          const cells = billLineCells(c, m.line(i, c.monthlyUsd));
          return [c.name, `${decimal(c.quantity)} ${c.unit}`, cells.unitPrice, cells.perMonth];
        }),
        [TOTAL_ROW, '', '', amount],
      ],
    },
    { kind: 'para', text: 'Not included in this quote:' },
    { kind: 'list', items: p.cost.notIncluded },
  ];
}

/**
 * A bill line's unit price and monthly amount as the quote shows them, the web page's bill too: a line the catalogs do
 * not price is `not included` (its 0 is not a price, and the total says how many such lines it leaves out:
 * unpricedNote), and an unverified list price says so. `amount`: the line's amount already formatted (USD, or the
 * converted bill's own line).
 */
export function billLineCells(c: Plan['cost']['lineItems'][number], amount: string): { unitPrice: string; perMonth: string } {
  return {
    unitPrice: c.unitPriceUsd === null ? 'no price' : `${formatMoney(c.unitPriceUsd, 4)}${c.unverifiedPrice ? ' (unverified)' : ''}`,
    perMonth: c.missingPrice ? 'not included' : amount,
  };
}

/** The bill table's last row: the sum of the lines above it. */
export const TOTAL_ROW = 'Total per month';

/** Growth: the month-by-month timeline when growth was given (src/plan/timeline.ts), else the one-line verdict. */
function growthBlocks(r: Recommendation, show: (usd: number) => string): Doc {
  if (!r.timeline) return [{ kind: 'heading', text: 'Growth' }, { kind: 'para', text: r.growth.detail }];
  return [{ kind: 'heading', text: 'Growth, month by month' }, ...timelineBlocks(r.timeline, show), { kind: 'para', text: r.growth.detail }];
}

/** The timeline as a table (one row per month), the months peers are added, and what the shard count allows. */
export function timelineBlocks(t: GrowthTimeline, show: (usd: number) => string): Doc {
  const blocks: Doc = [
    { kind: 'para', text: t.detail },
    {
      kind: 'table',
      head: ['Month', 'Points', 'Peers', 'Node type', 'Per month', 'Change'],
      right: [0, 1, 2, 4],
      rows: t.months.map((m) => [
        String(m.month),
        formatCount(m.points),
        m.peers === null ? 'none fits' : String(m.peers),
        m.instanceType,
        m.monthlyUsd === null ? '' : show(m.monthlyUsd) + unpricedCountNote(m.unpriced),
        m.month === 0 ? 'start' : m.peersAdded > 0 ? `+${counted(m.peersAdded, 'peer')}` : '',
      ]),
    },
  ];
  const adds = t.additions.map((a) => `month ${a.month}: ${a.from} → ${a.to} peers (${formatCount(a.points)} points)`);
  blocks.push({ kind: 'para', text: adds.length > 0 ? `Peers added: ${adds.join('; ')}.` : `No peer is added within the ${t.horizonMonths}-month horizon.` });
  blocks.push({ kind: 'para', text: timelineLimitLine(t.shardLimit) });
  return blocks;
}

/** What the quote assumes, one sentence each, from the resolved constraints and the workload the plan sized. */
export function assumptionItems(r: Recommendation): string[] {
  const p = r.plan;
  const c = r.constraints;
  const w = p.workload;
  const out = [
    `Prices: ${p.cost.pricingModel === 'own' ? 'your own node prices' : `${PRICING_MODEL_LABELS[p.cost.pricingModel ?? 'on-demand']} prices`} in USD from qsize's dated catalogs (${pricesAsOfText(p)}), ${p.node.cloud} ${p.node.region}; a month is 730 hours; taxes excluded.`,
    `Data: ${formatCount(w.points)} ${plural(w.points, 'point')} (${workloadSummary(p).replace(/^[^×]*× /, '')}), payload ${formatBytes(w.payload?.avgBytes ?? 0)} per point on average.`,
  ];
  if (c) {
    out.push(
      c.growth.pointsPerMonth > 0
        ? `Growth: ${formatCount(c.growth.pointsPerMonth)} points per month; the plan is sized for month ${c.growth.horizonMonths} (${formatCount(r.timeline?.months.at(-1)?.points ?? w.points)} points).`
        : 'Growth: none given; the plan is sized for today\'s points.',
      `Availability: replication factor ${p.replicationFactor}, write consistency ${p.writeConsistencyFactor}; ${counted(c.toleratedNodeFailures ?? 1, 'peer')} may fail at once with every shard still available; one Qdrant peer per node.${zonesAssumption(p)}`,
      `Memory: the steady state (resident memory and hot page cache) stays under ${Math.round(c.ramCeiling * 100)}% of each pod's memory limit; ${formatBytes(c.daemonsetMemoryBytes, { binary: true })} and ${c.daemonsetCpuCores} CPU per node are left to DaemonSets.`,
      (c.query.qps > 0
        ? `Load: ${formatCount(c.query.qps)} searches per second at hnsw_ef ${p.queryCpu?.hnswEf ?? ''}, p99 goal ${c.query.p99LatencyMs} ms, ` +
          // The server parses a REST query's JSON at about nine times gRPC's CPU (src/topology/throughput.ts REQUEST_COST).
          (c.query.api === 'grpc' ? 'sent over gRPC (--api)' : 'sent over REST (--api grpc: less server CPU a search)') +
          // max_sim scores k_query × k_point inner pairs a candidate (src/topology/throughput.ts MULTIVECTOR_SEARCH).
          (p.queryCpu?.multivector
            ? ` (max_sim searches of ${formatCount(p.queryCpu.multivector.queryInnerVectors)} query inner vectors, --query-inner-vectors, against ${formatCount(p.queryCpu.multivector.innerVectors)} a point)`
            : '')
        : 'Load: no query rate given; CPU is not sized from searches') +
        (c.query.writesPerSecond > 0
          ? `; ${formatCount(c.query.writesPerSecond)} points written per second, applied and indexed by each of the ${p.replicationFactor} replicas, and each shard's WAL holds a flush interval of them beyond its full segments.`
          : '; no write rate given; CPU is not sized from writes, nor the WAL from unflushed writes.'),
      `Backups: ${c.snapshots ? 'one snapshot copy of the collection in object storage, and a snapshot volume per peer' : 'no snapshots priced'}; ${c.dr ? 'a warm DR standby cluster of the same size' : 'no DR standby'}.`,
    );
  }
  out.push(`Software: open-source Qdrant ${p.qdrantVersion} on your own Kubernetes (no Qdrant licence).`);
  return out;
}

/**
 * The zone sentence of the Availability assumption (plan.zones, --zones > 1), so that the documents a customer reads
 * (-o markdown, -o csv) say what the text report's zone checks say: 5 peers in 4 zones at RF 3 put at most
 * ceil(5/4) = 2 in one, and 3 > 2 keeps a replica of every shard.
 */
function zonesAssumption(p: Plan): string {
  const z = p.zones;
  if (z === undefined || z.zones <= 1) return '';
  const m = z.peersPerZoneMax;
  const spread = ` The peers spread over ${z.zones} zones (DoNotSchedule, at most ceil(${p.peers}/${z.zones}) = ${m} in one)`;
  const loss = z.survivesZoneLoss
    ? `: losing any one zone leaves a replica of every shard (replication factor ${p.replicationFactor} > ${m})`
    : `: losing a zone may lose every replica of a shard (replication factor ${p.replicationFactor} is not above ${m}; ${z.minReplicationFactor} would survive)`;
  const raft = z.raftMajorityAfterZoneLoss ? '' : `, and Raft loses its majority with it (${p.peers - m} of ${p.peers} left): collection and cluster changes wait for the zone`;
  return `${spread}${loss}${raft}.`;
}

function assumptionBlocks(r: Recommendation): Doc {
  return [{ kind: 'heading', text: 'Assumptions' }, { kind: 'list', items: assumptionItems(r) }];
}

/** Where every price and rate comes from, with its date: each priced line's catalog row, the currency rate. */
export function sourceItems(r: Recommendation, local?: LocalCurrency): string[] {
  const byLine = new Map<string, string[]>();
  for (const l of r.plan.cost.lineItems) {
    const key = l.source ?? `no price in the catalogs${l.missingReason ? `: ${l.missingReason}` : ''} (the line is not in the total)`;
    byLine.set(key, [...(byLine.get(key) ?? []), l.name]);
  }
  const p = r.plan;
  const items = [
    p.pricesAsOf === undefined
      ? `Catalog date ${p.catalogDate} (the newest price in the base catalogs).`
      : `Prices as of ${p.pricesAsOf.length === 0 ? '(no line priced)' : datesText(p.pricesAsOf)}: the dates of the catalog rows that priced this bill, one per line below (the base catalogs' newest price is dated ${p.catalogDate}).`,
  ];
  for (const [source, names] of byLine) items.push(`${names.join('; ')}: ${source}${r.plan.cost.lineItems.some((l) => l.unverifiedPrice && names.includes(l.name)) ? ' (UNVERIFIED list price)' : ''}.`);
  if (local) items.push(`Exchange rate: ${formatRate(local.bill.unitsPerUsd)} ${local.bill.currency} per USD (${local.bill.rateFormula}): ${local.bill.rateSource}, as of ${local.bill.rateAsOf}.`);
  return items;
}

function sourceBlocks(r: Recommendation, local?: LocalCurrency): Doc {
  return [{ kind: 'heading', text: 'Sources and dates' }, { kind: 'list', items: sourceItems(r, local) }];
}

/**
 * The quote as a document a sales engineer can paste into a proposal (`-o markdown`): the plan, the bill with its
 * total, the exclusions, the growth timeline, the assumptions, the catalog dates and sources, and the checks in one
 * line. The engineer's report (`-o text`) has the same blocks and the per-peer detail.
 */
export function proposalDoc(r: Recommendation, local?: LocalCurrency): Doc {
  const p = r.plan;
  const show = (usd: number) => (local ? local.format(local.convert(usd)) : money(usd));
  const errors = p.checks.filter((k) => k.severity === 'error');
  const failing = errors.filter((k) => !k.passed);
  const doc: Doc = [
    { kind: 'heading', text: `Qdrant on Kubernetes: ${workloadSummary(p)}` },
    { kind: 'para', text: `Prepared with qsize for Qdrant ${p.qdrantVersion}; ${p.pricesAsOf === undefined ? `prices from catalogs dated ${p.catalogDate}` : pricesAsOfText(p)}${local ? `, shown in ${local.bill.currency}` : ''}.` },
    { kind: 'heading', text: 'The plan' },
    {
      kind: 'kv',
      rows: [
        ['Cluster', nodeSummary(p)],
        ['Shards', `${shardsSummary(p)} (write consistency ${p.writeConsistencyFactor})`],
        ['Storage layout', p.variant ?? 'as configured'],
        ['Per peer', `${memoryQuantity(p.perPeer.memoryRequestBytes)} memory, ${cpuQuantity(p.perPeer.cpuCores)} CPU, ${gib(p.perPeer.volumeBytes)} data volume${p.perPeer.snapshotVolumeBytes > 0 ? ` + ${gib(p.perPeer.snapshotVolumeBytes)} snapshot volume` : ''}`],
        ['Checks', failing.length === 0 ? `all ${errors.length} sizing checks pass (memory, placement, failures${p.zones ? ', losing a zone' : ''}, upgrades, volumes)` : `FAILING: ${failing.map((k) => k.name).join(', ')}`],
        // With the unpriced lines said, as the bill's heading below says them (a proposal's summary read $219.00 alone).
        ['Cost per month', billMoney(local).total(p.cost.monthlyUsd) + unpricedNote(p)],
      ],
    },
    ...(p.replicationReason ? ([{ kind: 'para', text: p.replicationReason }] as Doc) : []),
    ...(p.shardReason ? ([{ kind: 'para', text: p.shardReason }] as Doc) : []),
    ...billBlocks(r, local).map((b): Block => (b.kind === 'heading' ? { kind: 'heading', text: `The bill: ${b.text.replace(/^Cost per month: /, '')} per month` } : b)),
  ];
  if (r.timeline) doc.push({ kind: 'heading', text: 'Growth, month by month' }, ...timelineBlocks(r.timeline, show));
  else doc.push({ kind: 'heading', text: 'Growth' }, { kind: 'para', text: r.growth.detail });
  doc.push(...assumptionBlocks(r), ...sourceBlocks(r, local));
  if (r.warnings.length > 0) doc.push({ kind: 'heading', text: 'Caveats' }, { kind: 'list', items: r.warnings });
  return doc;
}

/**
 * The quote as CSV rows, in the order a spreadsheet reads them: `summary` (what is quoted), `cost` (one row per line
 * item), `total` (their sum), `model-cost` and `model-total` (the same plan under on-demand, 1y, 3y and spot: each
 * model's lines and their sum), `timeline` (with growth: one row per month), `not-included`, `assumption`, `source`, and
 * `memory` (the estimate's line items). With --currency every row gains the converted amount and the rate.
 */
export function planRows(r: Recommendation, local?: LocalCurrency): Row[] {
  const p = r.plan;
  const rows: Row[] = [];
  const code = local?.bill.currency.toLowerCase();
  const row = (fields: Partial<Row> & { section: string; name: string }, localAmount: number | '' = ''): Row => ({
    section: fields.section,
    name: fields.name,
    value: fields['value'] ?? '',
    residency: fields['residency'] ?? '',
    bytes: fields['bytes'] ?? '',
    quantity: fields['quantity'] ?? '',
    unit: fields['unit'] ?? '',
    unit_price_usd: fields['unit_price_usd'] ?? '',
    monthly_usd: fields['monthly_usd'] ?? '',
    source: fields['source'] ?? '',
    ...(local ? { [`monthly_${code}`]: localAmount, currency_rate: localAmount === '' ? '' : `${formatRate(local.bill.unitsPerUsd)} per USD, as of ${local.bill.rateAsOf}` } : {}),
  });
  const summary: [string, string][] = [
    ['Workload', workloadSummary(p)],
    ['Qdrant version', p.qdrantVersion],
    ['Cloud and region', `${p.node.cloud} ${p.node.region}`],
    ['Peers', nodeSummary(p)],
    ['Shards', `${p.shardNumber} × replication ${p.replicationFactor} (write consistency ${p.writeConsistencyFactor})`],
    ['Storage layout', p.variant ?? 'as configured'],
    ['Per peer', `${memoryQuantity(p.perPeer.memoryRequestBytes)} memory, ${cpuQuantity(p.perPeer.cpuCores)} CPU, ${gib(p.perPeer.volumeBytes)} volume`],
    ['Checks', p.checks.every((k) => k.passed || k.severity !== 'error') ? 'every error check passes' : 'an error check fails'],
    ['Catalog date', p.catalogDate],
    ['Prices as of', p.pricesAsOf === undefined ? p.catalogDate : p.pricesAsOf.join('; ')],
    ['Growth', r.growth.detail],
  ];
  if (local) summary.push(['Currency', currencyNote(local)]);
  for (const [name, value] of summary) rows.push(row({ section: 'summary', name, value }));
  /** A line of a bill as a row: unpriced and unverified lines say so in `value` (a spreadsheet shows why they are blank). */
  const costRow = (section: string, prefix: string, c: Plan['cost']['lineItems'][number], localAmount: number | undefined): Row =>
    row(
      {
        section,
        name: `${prefix}${c.name}`,
        value: c.missingPrice ? 'not included: no price' : c.unverifiedPrice ? 'unverified price' : '',
        quantity: c.quantity,
        unit: c.unit,
        unit_price_usd: c.unitPriceUsd ?? '',
        monthly_usd: c.missingPrice ? '' : c.monthlyUsd,
        source: c.source ?? `no price${c.missingReason ? `: ${c.missingReason}` : ''}`,
      },
      c.missingPrice || localAmount === undefined ? '' : localAmount,
    );
  p.cost.lineItems.forEach((c, i) => rows.push(costRow('cost', '', c, local?.bill.lines[i])));
  rows.push(row({ section: 'total', name: TOTAL_ROW, monthly_usd: p.cost.monthlyUsd, source: 'sum of the cost rows above' }, local ? local.bill.total : ''));
  // The same plan under every pricing model (plan.cost.models: the same quantities through the same price join), as
  // the cost and total rows are for the quote's own model: each model's lines, then its total, which they add up to.
  const current = p.cost.pricingModel ?? 'on-demand';
  for (const m of p.cost.models ?? []) {
    // The quote's own model: its lines are the cost rows above.
    const lines = m.model === current ? [] : (m.lineItems ?? []);
    const bill = local && m.monthlyUsd !== null ? local.convertBill?.(lines.map((l) => l.monthlyUsd), m.monthlyUsd) : undefined;
    lines.forEach((c, i) => rows.push(costRow('model-cost', `${m.label}: `, c, bill?.lines[i])));
    const note = [m.model === current ? 'this quote' : '', m.monthlyUsd === null ? `no total: ${m.missing ?? 'a node line has no price'}` : savingText(m.savingFraction), m.warning ? 'spot: reclaimable at any time, and a Qdrant peer is stateful' : '']
      .filter((x) => x !== '')
      .join('; ');
    rows.push(
      row(
        {
          section: 'model-total',
          name: `${m.label}: ${TOTAL_ROW}`,
          value: note,
          monthly_usd: m.monthlyUsd ?? '',
          source: m.monthlyUsd === null ? '' : m.model === current ? 'sum of the cost rows above' : `sum of the ${m.label} rows above`,
        },
        m.model === current ? (local ? local.bill.total : '') : bill ? bill.total : '',
      ),
    );
  }
  for (const m of r.timeline?.months ?? []) {
    rows.push(
      row(
        {
          section: 'timeline',
          name: `Month ${m.month}`,
          // monthly_usd sums the priced lines: the unpriced ones are said here, as a cost row says them in value.
          value: m.peers === null ? 'no peer count fits' : `${m.peers} × ${m.instanceType}${m.peersAdded > 0 ? ` (+${m.peersAdded})` : ''}${unpricedCountNote(m.unpriced)}`,
          quantity: m.points,
          unit: 'points',
          monthly_usd: m.monthlyUsd ?? '',
          source: 'src/plan/timeline.ts',
        },
        local && m.monthlyUsd !== null ? local.convert(m.monthlyUsd) : '',
      ),
    );
  }
  if (r.timeline) rows.push(row({ section: 'timeline', name: r.timeline.shardLimit.label, value: r.timeline.shardLimit.detail }));
  for (const n of p.cost.notIncluded) rows.push(row({ section: 'not-included', name: n }));
  for (const a of assumptionItems(r)) rows.push(row({ section: 'assumption', name: a }));
  for (const i of p.estimate.lineItems) rows.push(row({ section: 'memory', name: i.name, residency: i.residency, bytes: i.bytes, source: i.source }));
  return rows;
}

/**
 * The quote as a result; with `local`, the JSON keeps every USD figure and adds `currency` (the converted bill, and
 * the timeline's months converted). Text is the engineer's report, markdown the proposal.
 */
export function recommendationResult(r: Recommendation, local?: LocalCurrency): Result {
  const data = local
    ? {
        ...r,
        currency: {
          ...local.bill,
          lineItems: r.plan.cost.lineItems.map((c, i) => ({ name: c.name, monthly: local.bill.lines[i] as number })),
          ...(r.timeline ? { timeline: r.timeline.months.map((m) => ({ month: m.month, monthly: m.monthlyUsd === null ? null : local.convert(m.monthlyUsd) })) } : {}),
        },
      }
    : r;
  return { data, doc: () => planDoc(r, local), markdown: () => proposalDoc(r, local), rows: () => planRows(r, local) };
}

export { lineItemRow };
