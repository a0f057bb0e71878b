/**
 * The workload both legacy payload-index test files size (legacy34-on-disk-index, legacy34b-index-layouts): 1M points
 * of 128-d in 5 default segments (4 indexed, one appendable tail, empty: bulk-loaded), 200 B payloads, one field `f` with 1,000 distinct
 * values of 16 B, one value per point; `onDisk` adds `on_disk` to the schema only when given.
 */
import { estimate } from '../../src/index.js';

export type Schema = 'keyword' | 'integer';
export const legacyIndexRun = (qdrantVersion: string, type: Schema, onDisk?: boolean) =>
  estimate({
    points: 1_000_000,
    qdrantVersion,
    collection: { vectors: { size: 128, distance: 'Cosine' }, optimizers_config: { default_segment_number: 5 } },
    payload: {
      avgBytes: 200,
      indexes: [{ field_name: 'f', field_schema: onDisk === undefined ? { type } : { type, on_disk: onDisk }, valuesPerPoint: 1, cardinality: 1_000, avgValueBytes: 16 }],
    },
    // Bulk-loaded: every point in the 4 indexed segments, the tail empty (an appendable tail's mutable index is priced apart, s43).
    assumptions: { bulkLoad: true },
  });
