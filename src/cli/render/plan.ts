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

const GIB = 1024 ** 3;

export function money(n: number): string {
  return formatMoney(n);
}

function gib(bytes: number): string {
  return formatBytes(bytes, { binary: true });
}

export function nodeSummary(p: Plan): string {
  const n = p.node;
  return `${p.peers} × ${n.instanceType} (${n.cloud} ${n.region}, ${n.vcpu} vCPU, ${Math.round(n.memoryBytes / GIB)} GiB, ${n.arch})`;
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

/** Up to three alternatives that say something different: another storage variant, cloud, family. */
export function notableAlternatives(r: Recommendation, max = 3): Recommendation['alternatives'] {
  const out: Recommendation['alternatives'] = [];
  for (const group of ['other quantization', 'other cloud', 'other family']) {
    const hit = r.alternatives.find((a) => a.label.endsWith(`(${group})`) && !out.includes(a));
    if (hit) out.push(hit);
  }
  for (const a of r.alternatives) if (out.length < max && !out.includes(a)) out.push(a);
  return out.slice(0, max).sort((a, b) => a.plan.cost.monthlyUsd - b.plan.cost.monthlyUsd);
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

export function planDoc(r: Recommendation): Doc {
  const p = r.plan;
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
        ['Placement', `${replicasPerPeer} shard replica(s) on the busiest peer, no two replicas of a shard on one peer`],
        ['Storage', p.variant ?? 'as configured'],
        ...(p.gpu?.enabled ? ([['GPU indexing', `${p.gpu.instanceType} (${p.gpu.gpuModel})`]] as [string, string][]) : []),
        ['Cost per month', money(p.cost.monthlyUsd)],
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
        ['Memory request = limit', gib(p.perPeer.memoryRequestBytes)],
        ['CPU request', `${p.perPeer.cpuCores} cores`],
        ['Disk', gib(p.perPeer.diskBytes)],
        ['Volume', `${gib(p.perPeer.volumeBytes)}${p.perPeer.snapshotVolumeBytes > 0 ? ` (+ ${gib(p.perPeer.snapshotVolumeBytes)} snapshot volume)` : ''}`],
        ...(p.indexing ? ([['Full HNSW build (CPU)', buildTime(p.indexing, p.node.vcpu)]] as [string, string][]) : []),
      ],
    },
    { kind: 'para', text: `Largest line items (one copy of the collection, ${formatCount(p.estimate.points)} points; each peer holds ${replicasPerPeer}/${p.shardNumber} of it):` },
    { kind: 'table', head: ['Where', 'Bytes', 'Line item'], right: [1], rows: top.map((i) => [i.residency, formatBytes(i.bytes), i.name]) },
    { kind: 'heading', text: `Cost per month: ${money(p.cost.monthlyUsd)}` },
    {
      kind: 'table',
      head: ['Line item', 'Quantity', 'Unit price', 'Per month'],
      right: [1, 2, 3],
      rows: p.cost.lineItems.map((c) => [c.name, `${decimal(c.quantity)} ${c.unit}`, formatMoney(c.unitPriceUsd, 4), money(c.monthlyUsd)]),
    },
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
        head: ['Alternative', 'Per month', 'All checks'],
        right: [1],
        rows: alts.map((a) => [a.label, money(a.plan.cost.monthlyUsd), a.passesAllChecks ? 'pass' : 'fail']),
      },
    );
  }
  return doc;
}

export function planRows(r: Recommendation): Row[] {
  const p = r.plan;
  const rows: Row[] = [];
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
    });
  }
  for (const c of p.cost.lineItems) {
    rows.push({ section: 'cost', name: c.name, residency: '', bytes: '', quantity: c.quantity, unit: c.unit, unit_price_usd: c.unitPriceUsd, monthly_usd: round2(c.monthlyUsd), source: c.source });
  }
  return rows;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function recommendationResult(r: Recommendation): Result {
  return { data: r, doc: () => planDoc(r), rows: () => planRows(r) };
}

export { lineItemRow };
