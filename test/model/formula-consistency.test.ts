/**
 * Every line item explains itself: its mathjs formula, evaluated independently over its inputs,
 * gives its bytes. This keeps `qsize explain` honest.
 */
import fc from 'fast-check';
import { create, all } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { namedWorkload, workload } from './arbitraries.js';

const math = create(all!, { number: 'number' });

describe('formulas', () => {
  it('every line item formula evaluates with mathjs to the item bytes (within rounding)', () => {
    fc.assert(
      fc.property(workload(), (w) => {
        for (const item of estimate(w).lineItems) {
          const value = math.evaluate(item.formula, { ...item.inputs }) as number;
          expect(typeof value).toBe('number');
          // Items round to whole bytes; formulas keep fractions.
          expect(Math.abs(Math.max(0, value) - item.bytes)).toBeLessThanOrEqual(Math.max(1, item.bytes * 1e-9));
        }
      }),
      {
        numRuns: 300,
        // CI seed 1969929227 (2026-12-04): one point with a nested text index of 0 elements a point in its appendable
        // segment: the mutable text heap's per-point token set divided 0 postings by 0 documents (ts NaN, bytes 0).
        examples: [
          [
            {
              points: 1,
              qdrantVersion: '1.20.0',
              pointIdType: 'numeric',
              collection: {
                vectors: { size: 1, distance: 'Cosine', datatype: 'float32', on_disk: false },
                hnsw_config: { m: 0, on_disk: false },
                shard_number: 1,
                on_disk_payload: false,
                quantization_config: { product: { compression: 'x4' } },
              },
              assumptions: { nodeCpus: 1 },
              payload: {
                avgBytes: 0,
                indexes: [
                  { field_name: 'tenant', field_schema: 'keyword' },
                  { field_name: 'ts', field_schema: 'integer' },
                  { field_name: 'other', valuesPerPoint: 0, elementsPerPoint: 0, field_schema: { type: 'text', nested: 'items' } },
                ],
              },
            } as unknown as Parameters<typeof estimate>[0],
          ],
        ],
      },
    );
  });

  it('named dense, multivector and sparse vectors together: every formula evaluates to its bytes, all finite and non-negative', () => {
    fc.assert(
      fc.property(namedWorkload(), (w) => {
        const e = estimate(w);
        for (const item of e.lineItems) {
          const value = math.evaluate(item.formula, { ...item.inputs }) as number;
          expect(Math.abs(Math.max(0, value) - item.bytes)).toBeLessThanOrEqual(Math.max(1, item.bytes * 1e-9));
          expect(Number.isFinite(item.bytes) && item.bytes >= 0).toBe(true);
        }
        for (const total of [e.memory.residentBytes, e.memory.pageCacheBytes, e.memory.peakBytes, e.disk.bytes, e.disk.peakBytes]) {
          expect(Number.isSafeInteger(total) && total >= 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('every formula symbol has an input value and every line item names its source', () => {
    fc.assert(
      fc.property(workload(), (w) => {
        for (const item of estimate(w).lineItems) {
          const node = math.parse(item.formula);
          const symbols = node
            .filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode === true)
            .map((n) => (n as unknown as { name: string }).name)
            .filter((name) => !(name in math) || name in item.inputs);
          for (const s of symbols) expect(item.inputs, `${item.id}: ${s}`).toHaveProperty(s);
          expect(item.source.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 100 },
    );
  });
});
