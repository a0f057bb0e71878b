/**
 * Binary quantization's `encoding` and `query_encoding` are fields of BinaryQuantizationConfig from Qdrant v1.15.0
 * (lib/segment/src/types.rs at v1.15.0; at v1.14.1 the struct holds `always_ram` only). Before 1.15 the emitted
 * create-collection body must not carry them (audit35: `qsize emit --quantization binary-1 --qdrant-version 1.12`
 * wrote `"binary": {"encoding": "one_bit"}`), the 1.12-1.14 API mirror refuses them, and a spec asking for
 * `query_encoding` there is refused naming the field and the version.
 */
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/emit/index.js';
import { createCollectionSchema } from '../../src/emit/schemas/collection.js';
import { QsizeInputError } from '../../src/errors.js';
import { recommend } from '../../src/plan/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

const ONE_NODE = { replicationFactor: 1, toleratedNodeFailures: 0, placement: { maxNodes: 1 } } as const;
const vectors = { size: 384, distance: 'Cosine' } as const;

function body(workload: WorkloadInput): Record<string, unknown> {
  const plan = recommend(workload, ONE_NODE, { maxAlternatives: 0 }).plan;
  const files = renderAll(plan, { customerId: 'acme' });
  return JSON.parse(files.find((f) => f.path === 'collection/create-collection.json')!.content) as Record<string, unknown>;
}

describe('binary quantization before and from 1.15', () => {
  const oneBit = { binary: { encoding: 'one_bit' as const } };
  it.each(['1.12.6', '1.13.6', '1.14.1'])('%s: one_bit (what --quantization binary-1 writes) is emitted as binary {} (the 1-bit default)', (v) => {
    expect((body({ points: '1M', qdrantVersion: v, collection: { vectors: { ...vectors, quantization_config: oneBit } } }) as { vectors: Record<string, unknown> }).vectors['quantization_config']).toEqual({ binary: {} });
    expect(body({ points: '1M', qdrantVersion: v, collection: { vectors, quantization_config: oneBit } })['quantization_config']).toEqual({ binary: {} });
  });
  it('1.15.0: the encoding stays, as that version takes it', () => {
    expect(body({ points: '1M', qdrantVersion: '1.15.0', collection: { vectors, quantization_config: oneBit } })['quantization_config']).toEqual(oneBit);
  });
  it("1.14.1's API mirror refuses encoding and query_encoding; 1.15.0's takes them", () => {
    const withBinary = (binary: Record<string, string>) => ({ vectors, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, quantization_config: { binary } });
    expect(createCollectionSchema('1.14.1').safeParse(withBinary({ encoding: 'one_bit' })).success).toBe(false);
    expect(createCollectionSchema('1.14.1').safeParse(withBinary({ query_encoding: 'scalar8bits' })).success).toBe(false);
    expect(createCollectionSchema('1.14.1').safeParse(withBinary({})).success).toBe(true);
    expect(createCollectionSchema('1.15.0').safeParse(withBinary({ encoding: 'two_bits', query_encoding: 'scalar8bits' })).success).toBe(true);
  });
  it('query_encoding at 1.14.1 is refused naming the field and 1.15', () => {
    let error: unknown;
    try {
      recommend({ points: '1M', qdrantVersion: '1.14.1', collection: { vectors, quantization_config: { binary: { query_encoding: 'scalar8bits' } } } }, ONE_NODE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QsizeInputError);
    expect((error as Error).message).toContain('collection.quantization_config.binary.query_encoding: got "scalar8bits", expected no "query_encoding" setting: asymmetric binary quantization (query_encoding) exists from Qdrant 1.15 (this workload is 1.14.1)');
  });
});
