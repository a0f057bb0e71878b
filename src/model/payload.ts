/**
 * Payload storage and payload (field) indexes.
 *
 * Storage since v1.13 is gridstore: serde_json -> LZ4 (+4 B size prefix) in 128-byte blocks, plus a
 * 16-byte tracker pointer per point (qdrant@v1.19.0:lib/blobstore/src/config.rs, tracker/mod.rs;
 * lib/segment/src/payload_storage/payload_storage_impl.rs). on_disk_payload=true (default) reads it
 * per request; false keeps it populated in page cache (v1.16+) or as a heap copy (before v1.16).
 * v1.12 kept payloads in RocksDB.
 */
import { makeItem, groupThousands, ceilTo } from './formula.js';
import { PAYLOAD_INDEX, PAYLOAD_INDEX_SOURCE, QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { defaultCardinality } from './hnsw.js';

export function payloadItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const p = r.payload;
  if (!p) return [];
  const items: LineItem[] = [];
  const N = r.points;
  const j = p.avgBytes;
  const c = p.compressionRatio;
  if (j > 0) {
    const B = QDRANT.gridBlockBytes.value;
    const t = QDRANT.gridTrackerBytes.value;
    const x = QDRANT.lz4PrefixBytes.value;
    const perPoint = (ratio: number) => ceilTo(j * ratio + x, B) + t;
    const where = p.tier === 'disk' ? 'on disk, read per request' : p.tier === 'cache' ? 'in page cache' : 'file + heap copy';
    const rocks = r.features.rocksDbMutable;
    items.push(
      makeItem({
        id: 'payload.storage',
        name: `Payload storage (${rocks ? 'RocksDB' : 'gridstore'}, ${j} B JSON/point, LZ4 ratio ${c}, ${where})`,
        structure: 'payload',
        residency: p.tier === 'cache' ? 'cache' : 'disk',
        value: N * perPoint(c),
        formula: 'N * (ceil((j * c + x) / B) * B + t)',
        inputs: { N, j, c, x, B, t },
        source: `${QDRANT.gridBlockBytes.source}; ${QDRANT.gridTrackerBytes.source}; ${QDRANT.lz4PrefixBytes.source}`,
        confidence: 'medium',
        low: N * perPoint(Math.max(0.3, c * 0.6)),
        high: N * perPoint(1),
        note: rocks ? 'v1.12 RocksDB layout approximated by the gridstore formula' : 'c = LZ4 compressed/raw ratio (assumption: measure your payloads)',
      }),
    );
    if (p.heap) {
      const f = QDRANT.payloadHeapFactor.value;
      items.push(
        makeItem({
          id: 'payload.heap',
          name: 'Payload heap copy (on_disk_payload=false before v1.16: serde_json values)',
          structure: 'payload',
          residency: 'ram',
          value: N * j * f,
          formula: 'N * j * f',
          inputs: { N, j, f },
          source: QDRANT.payloadHeapFactor.source,
          confidence: 'low',
          low: N * j * 2,
          high: N * j * 6,
        }),
      );
    }
  }
  for (const idx of p.indexes) items.push(...payloadIndexItems(r, layout, idx));
  return items;
}

function payloadIndexItems(r: Resolved, layout: SegmentLayout, idx: NonNullable<Resolved['payload']>['indexes'][number]): LineItem[] {
  const schema = typeof idx.field_schema === 'string' ? { type: idx.field_schema } : idx.field_schema;
  const type = schema.type;
  const onDisk = 'on_disk' in schema && schema.on_disk === true;
  const N = r.points;
  const k = idx.valuesPerPoint;
  const spec = PAYLOAD_INDEX[type];
  let perValue: number = spec.perValue;
  let low: number = spec.low;
  let high: number = spec.high;
  let tokens = 1;
  if (type === 'integer' && 'lookup' in schema && schema.lookup === false) [perValue, low, high] = [32, 24, 40];
  if (type === 'integer' && 'range' in schema && schema.range === false) [perValue, low, high] = [30, 24, 40];
  if (type === 'text') tokens = Math.max(1, idx.avgValueBytes / 6);
  const kk = k * tokens;
  // Appendable (mutable) indexes keep richer heap structures: about 1.5x (struct-derived).
  const mutable = layout.indexed ? 1 : 1.5;
  const C = type === 'keyword' ? (idx.cardinality ?? defaultCardinality(type, N)) : 0;
  const vb = idx.avgValueBytes;
  const dx = spec.perDistinctExtra;
  const S = layout.segmentsTotal;
  const value = N * kk * perValue * mutable + S * C * (vb + dx);
  const formula = C > 0 ? 'N * k * b * u + S * C * (vb + dx)' : 'N * k * b * u';
  const inputs: Record<string, number> = C > 0 ? { N, k: kk, b: perValue, u: mutable, S, C, vb, dx } : { N, k: kk, b: perValue, u: mutable };
  const tenant = 'is_tenant' in schema && schema.is_tenant === true ? ', tenant' : '';
  const name = `Payload index "${idx.field_name}" (${type}${tenant}, ${k} value(s)/point${C > 0 ? `, ${groupThousands(C)} distinct` : ''})`;
  const base = {
    structure: 'payload-index' as const,
    value,
    formula,
    inputs,
    source: PAYLOAD_INDEX_SOURCE,
    confidence: 'low' as const,
    low: N * kk * low * mutable + S * C * vb,
    high: N * kk * high * mutable + S * C * (vb + 2 * dx),
    note: 'struct-derived bytes per point-value b (low confidence); measure with GET /collections/{name}/memory (v1.18+)',
  };
  const items = [makeItem({ ...base, id: `payload-index.${idx.field_name}.files`, name: `${name}, files`, residency: onDisk ? 'cache' : 'disk' })];
  if (!onDisk) items.push(makeItem({ ...base, id: `payload-index.${idx.field_name}.heap`, name: `${name}, heap`, residency: 'ram' }));
  return items;
}
