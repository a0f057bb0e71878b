/**
 * A pasted GET /collections/{name} reply's payload_schema (src/spec/collection-body.ts liftPayloadSchema): until s29 the
 * reply's config was sized and its payload indexes dropped without a word. Now each field becomes a payload index of
 * the workload, marked fromPayloadSchema, with a warning that its statistics are qsize's defaults.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate, parseWorkload, renderAll, recommend } from '../../src/index.js';
import { qsize } from '../cli/run.js';

/** A reply as Qdrant 1.19/1.20 writes it (PayloadIndexInfo: data_type, params, points), shortened by hand. */
const reply = (payload_schema: Record<string, unknown>) => ({
  result: {
    status: 'green',
    points_count: 1_000_000,
    config: {
      params: { vectors: { size: 64, distance: 'Cosine' }, shard_number: 2, replication_factor: 2 },
      hnsw_config: { m: 16, ef_construct: 100 },
      optimizer_config: { indexing_threshold: 10000 },
      quantization_config: null,
    },
    payload_schema,
  },
});
const schema = {
  tenant: { data_type: 'keyword', params: { type: 'keyword', is_tenant: true, on_disk: null }, points: 1_000_000 },
  price: { data_type: 'integer', params: { type: 'integer', lookup: false, range: true, is_principal: null, on_disk: null }, points: 400_000 },
  flag: { data_type: 'bool', points: 1_000_000 },
};

describe('a pasted GET /collections/{name} reply with payload_schema', () => {
  it('gives the workload one payload index per field, type and the params Qdrant reports set, nulls dropped', () => {
    const w = parseWorkload({ points: 1_000_000, collection: reply(schema) } as never);
    expect(w.payload?.avgBytes).toBe(0);
    expect(w.payload?.indexes.map((i) => [i.field_name, i.field_schema, i.fromPayloadSchema])).toEqual([
      ['tenant', { type: 'keyword', is_tenant: true }, true],
      ['price', { type: 'integer', lookup: false, range: true }, true],
      ['flag', 'bool', true],
    ]);
  });

  it('sizes those indexes and says their statistics are defaults, and that the payload is taken as 0 bytes', () => {
    const e = estimate({ points: 1_000_000, collection: reply(schema) } as never);
    expect(e.lineItems.some((i) => i.id.includes('tenant'))).toBe(true);
    expect(e.lineItems.some((i) => i.id.includes('price'))).toBe(true);
    expect(e.warnings).toContain(
      'payload indexes "tenant", "price", "flag" read from the pasted payload_schema: values per point, value length and cardinality are qsize\'s defaults (give them in payload.indexes for a closer size); the payload itself is taken as 0 bytes (give --payload-bytes or payload.avgBytes)',
    );
  });

  it('keeps the payload size given beside it, and lets payload.indexes given win over the reply\'s', () => {
    const sized = parseWorkload({ points: 1000, collection: reply(schema), payload: { avgBytes: 512 } } as never);
    expect(sized.payload?.avgBytes).toBe(512);
    expect(sized.payload?.indexes).toHaveLength(3);
    const given = parseWorkload({ points: 1000, collection: reply(schema), payload: { avgBytes: 512, indexes: [{ field_name: 'tenant', field_schema: 'keyword' }] } } as never);
    expect(given.payload?.indexes.map((i) => [i.field_name, i.fromPayloadSchema])).toEqual([['tenant', undefined]]);
  });

  it('never emits fromPayloadSchema: the collection body\'s index requests carry field_name and field_schema only', () => {
    const r = recommend({ points: 1_000_000, collection: reply(schema) } as never, {});
    const text = renderAll(r.plan, {}).map((f) => f.content).join('\n');
    expect(text).not.toContain('fromPayloadSchema');
    expect(text).toContain('"field_name": "price"');
  });

  it('the CLI: qsize --spec with the reply prints the warning once and sizes the indexes (exit 0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-reply-'));
    const spec = join(dir, 'reply.json');
    writeFileSync(spec, JSON.stringify({ points: 1_000_000, collection: reply(schema) }));
    const run = qsize(['--spec', spec, '--payload-bytes', '1KiB', '-o', 'json']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(0);
    const warning = 'payload indexes "tenant", "price", "flag" read from the pasted payload_schema: values per point, value length and cardinality are qsize\'s defaults (give them in payload.indexes for a closer size)';
    expect(run.stderr.split('\n').filter((l) => l === `qsize: warning: ${warning}`)).toHaveLength(1);
  });
});
