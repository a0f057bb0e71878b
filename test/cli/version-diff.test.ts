/**
 * `qsize explain --qdrant-version A --vs B`: what an upgrade changes, line item by line item.
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { diffEstimates } from '../../src/model/version-diff.js';
import { qsize } from './run.js';

const w = (v: string) => ({ points: 1_000_000, qdrantVersion: v, collection: { vectors: { size: 128, distance: 'Cosine' as const } }, assumptions: { nodeCpus: 8 } });

describe('version diff', () => {
  it('1.12.0 -> 1.13.0: the graph leaves the heap (its heap copy is removed) and its file moves to page cache', () => {
    const d = diffEstimates(estimate(w('1.12.0')), estimate(w('1.13.0')));
    expect(d.lineItems.find((i) => i.id === 'hnsw.default.links.heap')?.change).toBe('removed');
    const links = d.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.change).toBe('moved');
    expect([links.from!.residency, links.to!.residency]).toEqual(['disk', 'cache']);
    // 1.12's links are a plain file, 1.13's compressed: the row names both (audit35: it read "compressed, in page
    // cache" beside 1.12's plain file, or "plain, file" beside 1.20's compressed one the other way round).
    expect(links.name).toBe('HNSW links "default" (m=16, plain, file) -> (m=16, compressed, in page cache)');
    expect(diffEstimates(estimate(w('1.13.0')), estimate(w('1.12.0'))).lineItems.find((i) => i.id === 'hnsw.default.links')!.name).toBe(
      'HNSW links "default" (m=16, compressed, in page cache) -> (m=16, plain, file)',
    );
    // A name the versions share stays one name.
    expect(d.lineItems.find((i) => i.id === 'hnsw.default.links.heap')!.name).toBe('HNSW links "default" (m=16, plain, file), heap copy');
  });
  it('every total changes by the sum of its line items changes', () => {
    const [a, b] = [estimate(w('1.15.0')), estimate(w('1.20.0'))];
    const d = diffEstimates(a, b);
    expect(d.totals[0]!.deltaBytes).toBe(b.memory.residentBytes - a.memory.residentBytes);
    const ram = d.lineItems.reduce((s, i) => s + (i.to?.residency === 'ram' ? i.to.bytes : 0) - (i.from?.residency === 'ram' ? i.from.bytes : 0), 0);
    expect(ram).toBe(d.totals[0]!.deltaBytes);
  });
  it('the same version twice changes nothing', () => {
    const d = diffEstimates(estimate(w('1.19.2')), estimate(w('1.19.2')));
    expect(d.lineItems.every((i) => i.change === 'unchanged')).toBe(true);
    expect(d.totals.every((t) => t.deltaBytes === 0)).toBe(true);
  });
  it('the CLI prints the totals and the changed line items', () => {
    const r = qsize(['explain', '--vectors', '1M', '--dim', '128', '--qdrant-version', '1.12.0', '--vs', '1.20.0']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Qdrant 1\.12\.0 -> 1\.20\.0/);
    expect(r.stdout).toMatch(/heap copy .* removed/);
  });
  it('an unknown --vs version is a bad input (exit 2) naming the version', () => {
    const r = qsize(['explain', '--vectors', '1M', '--dim', '128', '--vs', '2.0.0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2\.0\.0/);
  });
});
