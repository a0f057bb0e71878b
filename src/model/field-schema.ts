/**
 * A payload index's `field_schema` as the model reads it. Qdrant takes either a bare type name (`"keyword"`) or the
 * params object (`{ "type": "keyword", "is_tenant": true }`), and a bare name means that type with every param at its
 * default (PayloadFieldSchema in the create-index API: `PayloadSchemaType | PayloadSchemaParams`), so `"keyword"` reads
 * as `{ type: "keyword" }`. The model reads params (is_tenant, tokenizer, memory, ...) off this one shape; the spec
 * (src/spec/workload.ts) only declares the two forms.
 */
import type { PayloadFieldParams, PayloadIndex } from '../spec/workload.js';

/** The index's `field_schema` as its params object (a bare type name is `{ type }`). */
export function fieldSchemaParams(idx: Pick<PayloadIndex, 'field_schema'>): PayloadFieldParams | { type: Extract<PayloadIndex['field_schema'], string> } {
  return typeof idx.field_schema === 'string' ? { type: idx.field_schema } : idx.field_schema;
}

/**
 * Whether the index keeps a numeric range index, whose histogram gives the HNSW payload sub-graphs their range blocks:
 * integer (unless `range: false`), float and datetime (qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/
 * query.rs, for_each_payload_block; an integer without `range` keeps only its lookup map).
 */
export function isRangeIndex(idx: Pick<PayloadIndex, 'field_schema'>): boolean {
  const schema = fieldSchemaParams(idx);
  return ['integer', 'float', 'datetime'].includes(schema.type) && !('range' in schema && schema.range === false);
}

/**
 * Whether a text index keeps BM25 statistics (1.20 `scoring`: `true` or `{ "type": "bm25" }`; `false` or unset: none):
 * its term frequencies and document lengths (src/model/text-index.ts) and, served from disk, one memory map more
 * (src/model/memory-maps.ts).
 */
export function bm25Scoring(idx: Pick<PayloadIndex, 'field_schema'>): boolean {
  const schema = fieldSchemaParams(idx);
  const scoring = 'scoring' in schema ? schema.scoring : undefined;
  return scoring === true || (typeof scoring === 'object' && scoring !== null);
}
