/**
 * The estimate report (memory and disk for one copy of the collection, by line item) and the
 * explanation (every line item with its formula, substituted inputs and source).
 */
import { groupThousands } from '../../model/formula.js';
import { decimal } from './numbers.js';
import type { Estimate, LineItem } from '../../model/types.js';
import { formatBytes, formatBytesInRange, formatCount } from '../../spec/units.js';
import type { Doc } from '../doc.js';
import type { Result, Row } from '../output.js';
import type { VersionDiff } from '../../model/version-diff.js';
import { plural } from '../../util/plural.js';

const RESIDENCY_LABEL: Record<LineItem['residency'], string> = {
  ram: 'RAM',
  cache: 'page cache',
  disk: 'disk',
  'peak-ram': 'peak RAM',
  'peak-disk': 'peak disk',
};

export function estimateTotals(e: Estimate): [string, string][] {
  return [
    ['Resident RAM (RssAnon)', formatBytesInRange(e.memory.residentBytes, e.memory.residentRange)],
    ['Page cache to keep hot', formatBytesInRange(e.memory.pageCacheBytes, e.memory.pageCacheRange)],
    ['Peak RAM while optimizing', formatBytesInRange(e.memory.peakBytes, e.memory.peakRange)],
    ['Disk at rest', formatBytesInRange(e.disk.bytes, e.disk.range)],
    ['Disk peak (optimizer)', formatBytes(e.disk.peakBytes)],
  ];
}

export function lineItemTable(items: readonly LineItem[]): Doc[number] {
  return {
    kind: 'table',
    head: ['Where', 'Bytes', 'Line item'],
    right: [1],
    rows: items.map((i) => [RESIDENCY_LABEL[i.residency], formatBytes(i.bytes), i.name]),
  };
}

export function lineItemRow(i: LineItem, extra: Row = {}): Row {
  return {
    ...extra,
    id: i.id,
    name: i.name,
    structure: i.structure,
    vector: i.vector ?? '',
    residency: i.residency,
    bytes: i.bytes,
    bytes_low: i.range.low,
    bytes_high: i.range.high,
    confidence: i.confidence,
    formula: i.formula,
    substituted: i.substituted,
    source: i.source,
  };
}

export function estimateResult(e: Estimate): Result {
  return {
    data: e,
    doc: () => [
      { kind: 'heading', text: `qsize estimate: ${formatCount(e.points)} ${plural(e.points, 'point')}, Qdrant ${e.qdrantVersion} (one copy of the collection)` },
      { kind: 'kv', rows: estimateTotals(e) },
      { kind: 'heading', text: 'Line items' },
      lineItemTable(e.lineItems),
      { kind: 'heading', text: 'Segments' },
      { kind: 'para', text: e.layout.reason },
      ...(e.warnings.length > 0 ? ([{ kind: 'heading', text: 'Warnings' }, { kind: 'list', items: e.warnings }] as Doc) : []),
    ],
    rows: () => e.lineItems.map((i) => lineItemRow(i)),
  };
}

export interface Explanation {
  schemaVersion: 'qsize.explain/v1';
  qdrantVersion: string;
  points: number;
  totals: Estimate['memory'] & { diskBytes: number; diskPeakBytes: number };
  layout: Estimate['layout'];
  assumptions: Estimate['assumptions'];
  lineItems: LineItem[];
  warnings: string[];
}

export function explainResult(e: Estimate): Result {
  const data: Explanation = {
    schemaVersion: 'qsize.explain/v1',
    qdrantVersion: e.qdrantVersion,
    points: e.points,
    totals: { ...e.memory, diskBytes: e.disk.bytes, diskPeakBytes: e.disk.peakBytes },
    layout: e.layout,
    assumptions: e.assumptions,
    lineItems: e.lineItems,
    warnings: e.warnings,
  };
  return {
    data,
    doc: () => {
      const doc: Doc = [
        { kind: 'heading', text: `qsize explain: ${formatCount(e.points)} ${plural(e.points, 'point')}, Qdrant ${e.qdrantVersion}` },
        { kind: 'kv', rows: estimateTotals(e) },
        { kind: 'heading', text: 'Assumptions' },
        { kind: 'kv', rows: Object.entries(e.assumptions).map(([k, v]) => [k, String(v)]) },
        { kind: 'heading', text: 'Segment layout' },
        { kind: 'para', text: e.layout.reason },
      ];
      for (const i of e.lineItems) {
        doc.push({ kind: 'heading', text: `${i.name}: ${formatBytes(i.bytes)} (${RESIDENCY_LABEL[i.residency]})` });
        const rows: [string, string][] = [
          ['formula', i.formula],
          ['substituted', `${i.substituted} = ${groupThousands(i.bytes)} B`],
          ['inputs', Object.entries(i.inputs).map(([k, v]) => `${k} = ${decimal(v, 0, 6)}`).join(', ')],
        ];
        if (i.range.low !== i.range.high) rows.push(['range', `${formatBytes(i.range.low)} .. ${formatBytes(i.range.high)}`]);
        rows.push(['confidence', i.confidence], ['source', i.source]);
        if (i.note) rows.push(['note', i.note]);
        doc.push({ kind: 'kv', rows });
      }
      if (e.warnings.length > 0) doc.push({ kind: 'heading', text: 'Warnings' }, { kind: 'list', items: e.warnings });
      return doc;
    },
    rows: () => e.lineItems.map((i) => lineItemRow(i)),
  };
}

/** `qsize explain --vs`: the totals and every line item that an upgrade adds, removes, moves or resizes. */
export function versionDiffResult(d: VersionDiff): Result {
  const signed = (x: number) => (x === 0 ? '0 B' : `${x > 0 ? '+' : '-'}${formatBytes(Math.abs(x))}`);
  const where = (s: VersionDiff['lineItems'][number]['from']) => (s ? `${formatBytes(s.bytes)} (${RESIDENCY_LABEL[s.residency]})` : '-');
  const changed = d.lineItems.filter((i) => i.change !== 'unchanged');
  return {
    data: d,
    doc: () => [
      { kind: 'heading', text: `qsize explain: Qdrant ${d.from} -> ${d.to}` },
      { kind: 'table', head: ['Total', d.from, d.to, 'Change'], right: [1, 2, 3], rows: d.totals.map((t) => [t.name, formatBytes(t.from), formatBytes(t.to), signed(t.deltaBytes)]) },
      { kind: 'heading', text: `Line items that change (${changed.length} of ${d.lineItems.length})` },
      changed.length > 0
        ? { kind: 'table', head: ['Line item', d.from, d.to, 'Change', 'How'], right: [1, 2, 3], rows: changed.map((i) => [i.name, where(i.from), where(i.to), signed(i.deltaBytes), i.change]) }
        : { kind: 'para', text: 'None: both versions store this workload the same way (the new settings of the newer version change it only when used).' },
      ...(d.layout.from !== d.layout.to
        ? ([{ kind: 'heading', text: 'Segment layout' }, { kind: 'list', items: [`${d.from}: ${d.layout.from}`, `${d.to}: ${d.layout.to}`] }] as Doc)
        : []),
    ],
    rows: () =>
      d.lineItems.map((i) => ({
        id: i.id,
        name: i.name,
        change: i.change,
        from_bytes: i.from?.bytes ?? '',
        from_residency: i.from?.residency ?? '',
        to_bytes: i.to?.bytes ?? '',
        to_residency: i.to?.residency ?? '',
        delta_bytes: i.deltaBytes,
      })),
  };
}
