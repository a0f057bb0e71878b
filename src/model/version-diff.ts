/**
 * What an upgrade changes: the same workload estimated at two Qdrant versions, line item by line item (matched by
 * id), with the totals. Pure; `qsize explain --qdrant-version A --vs B` renders it.
 */
import type { Estimate, LineItem } from './types.js';

export interface LineItemChange {
  id: string;
  /** The item's name; `A -> B` when the two versions name it differently (B from its parenthesis when the text before it is A's). */
  name: string;
  /** Bytes and residency in the first version (null when the item does not exist there). */
  from: { bytes: number; residency: LineItem['residency']; formula: string } | null;
  to: { bytes: number; residency: LineItem['residency']; formula: string } | null;
  /** to - from bytes (a missing side counts as 0). */
  deltaBytes: number;
  /** added, removed, moved (residency changed), resized, unchanged. */
  change: 'added' | 'removed' | 'moved' | 'resized' | 'unchanged';
}

export interface VersionDiff {
  schemaVersion: 'qsize.version-diff/v1';
  from: string;
  to: string;
  totals: { name: string; from: number; to: number; deltaBytes: number }[];
  lineItems: LineItemChange[];
  layout: { from: string; to: string };
}

export function diffEstimates(a: Estimate, b: Estimate): VersionDiff {
  const byId = (e: Estimate) => new Map(e.lineItems.map((i) => [i.id, i]));
  const [ma, mb] = [byId(a), byId(b)];
  const ids = [...new Set([...ma.keys(), ...mb.keys()])];
  const side = (i: LineItem | undefined) => (i ? { bytes: i.bytes, residency: i.residency, formula: i.formula } : null);
  const lineItems = ids.map((id): LineItemChange => {
    const x = ma.get(id);
    const y = mb.get(id);
    const change = !x ? 'added' : !y ? 'removed' : x.residency !== y.residency ? 'moved' : x.bytes !== y.bytes ? 'resized' : 'unchanged';
    // A line item named differently at the two versions (the 1.12 links are a "plain, file", 1.13 on "compressed, in
    // page cache") carries both names, so neither column sits under the other version's description; the second
    // from its parenthesis on when the text before it is the same.
    const name = x && y && x.name !== y.name ? `${x.name} -> ${secondName(x.name, y.name)}` : (y ?? x)!.name;
    return { id, name, from: side(x), to: side(y), deltaBytes: (y?.bytes ?? 0) - (x?.bytes ?? 0), change };
  });
  const t = (name: string, f: (e: Estimate) => number) => ({ name, from: f(a), to: f(b), deltaBytes: f(b) - f(a) });
  return {
    schemaVersion: 'qsize.version-diff/v1',
    from: a.qdrantVersion,
    to: b.qdrantVersion,
    totals: [
      t('Resident RAM (RssAnon)', (e) => e.memory.residentBytes),
      t('Page cache to keep hot', (e) => e.memory.pageCacheBytes),
      t('Peak RAM while optimizing', (e) => e.memory.peakBytes),
      t('Disk at rest', (e) => e.disk.bytes),
    ],
    lineItems,
    layout: { from: a.layout.reason, to: b.layout.reason },
  };
}

/** `b` from its first parenthesis when `a` has the same text before it (`HNSW links "default" (`), else `b` whole. */
function secondName(a: string, b: string): string {
  const i = a.indexOf('(');
  return i > 0 && b.startsWith(a.slice(0, i + 1)) ? b.slice(i) : b;
}
