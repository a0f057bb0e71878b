/**
 * "Where does this number come from?": every number on the page is a button that opens its formula, the formula
 * with the inputs substituted, and its source. Line items of the estimate show exactly what `qsize explain`
 * prints (src/cli/render/estimate.ts); cost lines show quantity × unit price and their catalog row; the per-peer
 * figures show the topology formula (src/topology/fit.ts, docs/topology.md) with this plan's numbers.
 */
import type { CostLineItem, LineItem } from '../../src/index.js';
import type { View } from './adapter.js';
import { bytes, decimal, el, gib, gibRange, grouped, money, USD_MONEY, type Money } from './format.js';

export interface Explanation {
  title: string;
  value: string;
  formula: string;
  substituted: string;
  source: string;
  rows?: [string, string][];
}

const RESIDENCY_LABEL: Record<LineItem['residency'], string> = { ram: 'RAM', cache: 'page cache', disk: 'disk', 'peak-ram': 'peak RAM', 'peak-disk': 'peak disk' };
const FIT = 'src/topology/fit.ts (peerLoad, volumeBytesFor); docs/topology.md';

export function lineItemExplanation(i: LineItem): Explanation {
  const rows: [string, string][] = [['inputs', Object.entries(i.inputs).map(([k, v]) => `${k} = ${decimal(v)}`).join(', ')]];
  if (i.range.low !== i.range.high) rows.push(['range', `${bytes(i.range.low)} .. ${bytes(i.range.high)}`]);
  rows.push(['confidence', i.confidence]);
  if (i.note) rows.push(['note', i.note]);
  return {
    title: `${i.name} (${RESIDENCY_LABEL[i.residency]}, one copy of the collection)`,
    value: bytes(i.bytes),
    formula: i.formula,
    substituted: `${i.substituted} = ${grouped(i.bytes)} B`,
    source: i.source,
    rows,
  };
}

/** A cost line (the bill's line `i`): its USD arithmetic (unit prices are the catalogs' USD), and the line as shown in `m`. */
export function costExplanation(c: CostLineItem, i: number, m: Money = USD_MONEY): Explanation {
  const converted = m.code === 'USD' ? '' : ` → ${m.line(i, c.monthlyUsd)}`;
  return {
    title: c.name,
    value: m.line(i, c.monthlyUsd),
    formula: 'monthly = quantity × unit price',
    substituted:
      c.unitPriceUsd === null
        ? `${decimal(c.quantity)} ${c.unit} × (no price in the catalog): not included in the total`
        : `${c.formula} = ${money(c.monthlyUsd)}${converted}`,
    source: c.source ?? 'no price in the catalog',
  };
}

/** Explanations of the plan-level numbers, keyed by the data-explain ids the page puts on them; money shown in `m`. */
export function planExplanations(v: View, m: Money = USD_MONEY): Map<string, Explanation> {
  const x = new Map<string, Explanation>();
  const k = v.replicasOnBusiest;
  const S = v.cluster.shardNumber;
  const p = v.perPeer;
  const share = `${k}/${S}`;
  const scale = k > 0 ? S / k : 0;
  const check = (name: RegExp) => v.checks.find((c) => name.test(c.name))?.detail;
  const usdSum = `${v.bill.items.map((c) => money(c.monthlyUsd)).join(' + ')} = ${money(v.bill.monthlyUsd)}`;
  x.set('plan.monthlyUsd', {
    title: 'Monthly cost',
    value: m.total(v.bill.monthlyUsd),
    formula: m.code === 'USD' ? 'Σ cost line items' : `Σ cost line items in ${m.code}: the USD total × the rate, rounded to the minor unit, split over the lines (each within one minor unit of its own conversion)`,
    substituted: m.code === 'USD' ? usdSum : `${v.bill.items.map((c, i) => m.line(i, c.monthlyUsd)).join(' + ')} = ${m.total(v.bill.monthlyUsd)}`,
    source: `src/pricing/cost.ts${m.code === 'USD' ? '' : ', src/pricing/currency.ts (convertBill)'}; ${v.pricesLine} (docs/catalogs.md)`,
    ...(m.code === 'USD' ? {} : { rows: [['in USD', usdSum]] as [string, string][] }),
  });
  x.set('plan.peers', {
    title: 'Peers',
    value: `${v.cluster.peers} × ${v.cluster.instanceType}`,
    formula: 'the cheapest (offer, peers) from replication factor upward that passes every error check',
    substituted: v.checks.filter((c) => c.severity === 'error').map((c) => `${c.passed ? '✓' : '✗'} ${c.name}`).join(', '),
    source: 'src/plan/recommend.ts; docs/topology.md',
  });
  x.set('plan.shards', {
    title: 'Shards',
    value: `${S} × replication ${v.cluster.replicationFactor}`,
    formula: 'replication_factor: the cheapest from the fewest that survive the failures up, unless given; shard_number chosen for the peers (divisible, shards per peer, growth, resharding)',
    substituted: [v.cluster.replicationReason, v.cluster.shardReason || `${S} shards`].filter((t) => t !== '').join(' '),
    source: 'src/plan/replication.ts, src/topology/shards.ts; docs/topology.md',
  });
  x.set('perPeer.residentBytes', {
    title: 'Resident RAM on the busiest peer',
    value: gib(p.residentBytes),
    formula: 'resident = baseline + (k/S) · dataResident(points at the horizon)',
    substituted: `${gib(v.baselineBytes)} + (${share}) × ${gib((p.residentBytes - v.baselineBytes) * scale)} = ${gib(p.residentBytes)}`,
    source: FIT,
    rows: [['range', `${gibRange(p.residentRange)}: every line item at its low or high end, the busiest shard within its own range (docs/topology.md §4)`], ['check', check(/^RAM under/) ?? '']],
  });
  x.set('perPeer.pageCacheBytes', {
    title: 'Page cache kept hot on the busiest peer',
    value: gib(p.pageCacheBytes),
    formula: 'cache = (k/S) · pageCache(points at the horizon)',
    substituted: `(${share}) × ${gib(p.pageCacheBytes * scale)} = ${gib(p.pageCacheBytes)}`,
    source: FIT,
    rows: [['range', `${gibRange(p.pageCacheRange)}: every line item at its low or high end, the busiest shard within its own range (docs/topology.md §4)`]],
  });
  x.set('perPeer.peakBytes', {
    title: 'Peak RAM while optimizing',
    value: gib(p.peakBytes),
    formula: 'peak = resident + optimizer peak (one segment being rebuilt)',
    substituted: `${gib(p.residentBytes)} + ${gib(p.peakBytes - p.residentBytes)} = ${gib(p.peakBytes)}`,
    source: FIT,
    rows: [['range', `${gibRange(p.peakRange)}: every line item at its low or high end, the busiest shard within its own range (docs/topology.md §4)`], ['check', check(/^Optimization peak/) ?? '']],
  });
  x.set('perPeer.diskBytes', {
    title: 'Disk at rest on the busiest peer',
    value: gib(p.diskBytes),
    formula: 'disk = (k/S) · disk(points at the horizon)',
    substituted: `(${share}) × ${gib(p.diskBytes * scale)} = ${gib(p.diskBytes)}`,
    source: FIT,
    rows: [['range', `${gibRange(p.diskRange)}: every line item at its low or high end, the busiest shard within its own range (docs/topology.md §4)`]],
  });
  x.set('perPeer.volumeBytes', {
    title: 'Data volume per peer',
    value: gib(p.volumeBytes),
    formula: 'volume = max(10 GiB, ⌈(disk + temp segments) / 0.85⌉ GiB)',
    substituted: check(/^Volume size/) ?? gib(p.volumeBytes),
    source: FIT,
  });
  x.set('perPeer.memoryRequestBytes', {
    title: 'Memory request = limit',
    value: gib(p.memoryRequestBytes),
    formula: 'request = ⌊(allocatable − DaemonSets) / MiB⌋ MiB',
    substituted: `⌊(${gib(v.cluster.allocatableMemoryBytes)} allocatable on ${v.cluster.instanceType} − ${gib(v.assumed.daemonsetMemoryBytes)}) / MiB⌋ MiB = ${gib(p.memoryRequestBytes)}`,
    source: 'src/pricing/allocatable.ts; src/plan/recommend.ts; docs/topology.md',
  });
  x.set('perPeer.cpuCores', {
    title: 'CPU request',
    value: `${p.cpuCores} cores`,
    formula: 'request = ⌊(vCPU − kube-reserved − DaemonSets) × 10⌋ / 10',
    substituted: `(${v.cluster.vcpu} vCPU − kube-reserved − ${decimal(v.assumed.daemonsetCpuCores)}) → ${p.cpuCores} cores${v.queryCpu ? `; query load needs ${decimal(v.queryCpu.vcpuNeeded)} (${decimal(v.queryCpu.vcpuLow)}–${decimal(v.queryCpu.vcpuHigh)})` : ''}`,
    source: 'src/topology/fit.ts (kubeReservedCpuCores); src/topology/throughput.ts; docs/topology.md',
  });
  v.bill.items.forEach((c, i) => x.set(`cost.${i}`, costExplanation(c, i, m)));
  v.lineItems.forEach((i) => x.set(`item.${i.id}`, lineItemExplanation(i)));
  return x;
}

/** A number that opens its explanation when clicked. */
export function explained(id: string, text: string, raw?: number): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'num', 'data-explain': id, ...(raw !== undefined ? { 'data-value': String(raw) } : {}), title: 'Where does this number come from?' }, text);
  return b;
}

export function showExplanation(dialog: HTMLDialogElement, x: Explanation): void {
  dialog.replaceChildren(
    el(
      'form',
      { method: 'dialog' },
      el('h3', {}, x.title),
      el('p', { class: 'value' }, x.value),
      el(
        'dl',
        {},
        el('dt', {}, 'formula'),
        el('dd', {}, el('code', { 'data-field': 'formula' }, x.formula)),
        el('dt', {}, 'substituted'),
        el('dd', {}, el('code', { 'data-field': 'substituted' }, x.substituted)),
        ...(x.rows ?? []).filter(([, val]) => val !== '').flatMap(([k, val]) => [el('dt', {}, k), el('dd', {}, val)]),
        el('dt', {}, 'source'),
        el('dd', { 'data-field': 'source' }, x.source),
      ),
      el('button', { type: 'submit', class: 'close' }, 'Close'),
    ),
  );
  dialog.showModal();
}
