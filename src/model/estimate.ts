/**
 * estimate(workload): bytes per Qdrant structure for one copy of the collection (all shards, one
 * replica each), where they live, and why. Pure: no I/O, no clock, no Node built-ins.
 */
import { inputIssue, QsizeValidationError, QsizeVersionError, type QsizeInputError } from '../errors.js';
import { Workload, type WorkloadInput } from '../spec/workload.js';
import { flattenIssues, validationIssues, type SchemaIssue } from '../spec/issues.js';
import type { ByteRange, Estimate, LineItem } from './types.js';
import { resolve, resolveChecked, type Resolved } from './resolve.js';
import { segmentLayout } from './layout.js';
import { chunkApparentSlackBytes, denseVectorItems } from './vectors.js';
import { quantizationItems } from './quantization.js';
import { hnswItems } from './hnsw.js';
import { idTrackerItems } from './id-tracker.js';
import { payloadApparentSlackBytes, payloadItems } from './payload.js';
import { sparseApparentSlackBytes, sparseItems } from './sparse.js';
import { processItems, segmentHeapItem, shardHeapItem, tempSegmentItem, walItems } from './wal-process.js';
import { segmentFilesItems } from './segment-files.js';
import { QDRANT } from './constants.js';
import { groupThousands } from './formula.js';
import { formatBytes } from '../spec/units.js';
import { formatPath, isRecord } from '../spec/limits.js';

/**
 * Validates input with the workload schema; throws QsizeValidationError naming each bad field, and after them the
 * settings the workload's Qdrant version lacks among the fields the schema accepted (versionErrorsBeside), so that a
 * spec with a bad field and a setting of a later version hears of both in one run.
 */
export function parseWorkload(input: WorkloadInput | Workload): Workload {
  const result = Workload.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issues = validationIssues(result.error.issues, Workload, (path) => formatPath(path) || '(workload)', input);
    throw new QsizeValidationError([...issues, ...versionErrorsBeside(input, result.error.issues).map(inputIssue)]);
  }
  return result.data;
}

/**
 * The version errors (QsizeVersionError: resolveChecked, src/model/resolve.ts) of a workload the schema refused, read
 * off the rest of it: the fields the schema flagged are left out (each issue's path; an unknown key alone), the rest
 * parsed again and resolved. None when that cannot be done faithfully: the version itself is flagged (nothing to check
 * against), an issue is at the root or at an array element (leaving it out would renumber the others), a path is not
 * in the input as given (a pasted reply the schema reshaped), or the rest fails the schema too. The other problems
 * resolve() finds are left out: they may come from the fields left out (a sparse vector whose params were refused).
 */
function versionErrorsBeside(input: unknown, issues: readonly SchemaIssue[]): QsizeInputError[] {
  if (!isRecord(input)) return [];
  let rest: unknown;
  try {
    rest = structuredClone(input);
  } catch {
    return [];
  }
  // Issue by issue as the user hears them (a union's as its nearest alternative's: `field_schema.min_token_len`, not the
  // whole `field_schema`).
  for (const { path: at, issue } of flattenIssues(issues)) {
    if (at[0] === 'qdrantVersion') return [];
    const keys = (issue as { keys?: unknown }).keys;
    const paths = issue.code === 'unrecognized_keys' && Array.isArray(keys) ? keys.map((k) => [...at, k as string]) : [at];
    for (const path of paths) if (!leaveOut(rest, path)) return [];
  }
  const again = Workload.safeParse(rest);
  if (!again.success) return [];
  try {
    return resolveChecked(again.data).problems.filter((p) => p instanceof QsizeVersionError);
  } catch {
    return [];
  }
}

/** Deletes the key at `path` in `root` (records only); false when the path is empty, missing or ends at an array element. */
function leaveOut(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let at: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(at) && !Array.isArray(at)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  const last = path[path.length - 1]!;
  if (!isRecord(at) || !Object.hasOwn(at, last)) return false;
  delete at[last as string];
  return true;
}

/**
 * A line item that is bytes on the peer's volume: a disk item, or the page cache of a file. Not on disk: the server
 * binary's code pages (`process`) and the zero-filled holes of populated chunk files (`*.populated-holes`), resident
 * but never allocated (measured on the v1.19.0 server). The one rule for what `disk` counts: the estimate's total,
 * its temp segment, `observe`'s segment files and the web page's disk bar all read it.
 */
export function isOnDisk(i: LineItem): boolean {
  return (i.residency === 'disk' || i.residency === 'cache') && i.structure !== 'process' && !i.id.endsWith('.populated-holes');
}

const SEGMENT_STRUCTURES = new Set(['vectors', 'quantization', 'hnsw', 'id-tracker', 'payload', 'payload-index', 'sparse']);

export function estimate(input: WorkloadInput | Workload): Estimate {
  const workload = parseWorkload(input);
  const r = resolve(workload);
  const layout = segmentLayout(r);
  const items: LineItem[] = [];
  for (const d of r.dense) {
    items.push(...denseVectorItems(r, layout, d));
    items.push(...quantizationItems(r, layout, d));
    items.push(...hnswItems(r, layout, d));
  }
  for (const s of r.sparse) items.push(...sparseItems(r, layout, s));
  items.push(...idTrackerItems(r, layout));
  items.push(...payloadItems(r, layout));
  items.push(...walItems(r, layout));
  items.push(...segmentFilesItems(r, layout));
  items.push(shardHeapItem(layout), segmentHeapItem(layout));
  items.push(...processItems(r));
  const segmentDisk = sum(items.filter((i) => SEGMENT_STRUCTURES.has(i.structure) && isOnDisk(i)).map((i) => i.bytes));
  // Per point of the layout (shards x points per shard): the layout's segments hold that many points, and
  // per-segment fixed files (gridstore, index headers) must not shrink the temp segment as points are added.
  const layoutPoints = Math.max(r.points, layout.pointsPerShard * layout.shardNumber);
  items.push(tempSegmentItem(layout, Math.round((segmentDisk / layoutPoints) * layout.largestSegmentPoints)));

  const pick = (...res: LineItem['residency'][]) => items.filter((i) => res.includes(i.residency));
  const resident = totals(pick('ram'));
  const cache = totals(pick('cache'));
  const peakExtra = totals(pick('peak-ram'));
  const disk = totals(items.filter(isOnDisk));
  const diskPeak = totals(pick('peak-disk'));
  const peak: ByteRange = add(resident, peakExtra);
  // Apparent lengths: without the blocks that only `du` counts (segments.files), with the sparse tails only `ls` shows.
  const apparent =
    -(items.find((i) => i.id === 'segments.files')?.bytes ?? 0) +
    r.dense.reduce((acc, d) => acc + chunkApparentSlackBytes(r, layout, d), 0) +
    r.sparse.reduce((acc, s) => acc + sparseApparentSlackBytes(r, layout, s), 0) +
    payloadApparentSlackBytes(r, layout);

  return {
    schemaVersion: 'qsize.estimate/v1',
    qdrantVersion: r.features.version,
    points: r.points,
    layout,
    memory: {
      residentBytes: resident.expected,
      pageCacheBytes: cache.expected,
      peakBytes: peak.expected,
      residentRange: resident,
      pageCacheRange: cache,
      peakRange: peak,
    },
    disk: {
      bytes: disk.expected,
      peakBytes: disk.expected + diskPeak.expected,
      range: disk,
      apparentBytes: disk.expected + apparent,
    },
    lineItems: items,
    warnings: [...r.warnings, ...advice(r, layout.indexed, items)],
    assumptions: {
      nodeCpus: r.nodeCpus,
      hnswDegreeRatio: r.degreeRatio ?? 'calibrated deg0(m, n)',
      processBaselineBytes: items.find((i) => i.id === 'process.baseline')?.bytes ?? 0,
      pointIdType: r.pointIdType,
      payloadCompressionRatio: r.payload?.compressionRatio ?? 'n/a',
      shardNumber: r.shardNumber,
    },
  };
}

/**
 * Inline storage's graph file over the vectors it replaces, above which qsize warns: Qdrant advises inline storage only
 * with quantization of at least 8x compression (qdrant/landing_page#2675, the 1.20 inline-storage docs). A graph record
 * carries its vector plus one quantized vector per link, F = 1 + (d0 + E du) q / (D e); at 8x (q = D e / 8) and the
 * calibrated degree of m 16 (d0 + E du about 22 to 24, docs/accuracy.md) F is 3.8 to 4, so above 4 the quantization
 * compresses less than Qdrant advises for the graph's degree (methodology §5, "Inline storage").
 */
export const INLINE_GROWTH_WARN_FACTOR = 4;

function advice(r: Resolved, indexed: boolean, items: readonly LineItem[]): string[] {
  const out: string[] = [];
  if (!indexed) {
    out.push('segments are below the indexing threshold: no HNSW graph or quantized vectors are built, searches are full scans');
    // The id tracker's tier applies to the optimized (immutable) segments only: an appendable segment keeps its
    // mutable tracker in RAM whatever the setting (src/model/id-tracker.ts; id_tracker_memory is a SegmentConfig field).
    if (r.idTrackerTier !== 'ram') {
      const tier = r.idTrackerTier === 'cache' ? 'cached' : 'cold';
      out.push(`id_tracker.memory ${tier} (--id-tracker-memory ${tier}) has no effect here: no segment reaches the indexing threshold, so none is optimized, and the appendable segments keep their point id mappings in RAM whatever the tier (it applies once segments are optimized)`);
    }
  }
  for (const d of r.dense) {
    const inline = indexed && d.inlineStorage ? items.find((i) => i.id === `hnsw.${d.label}.inline`) : undefined;
    if (inline) {
      const { N = 0, D = 0, e = 0, d0 = 0, E = 0, du = 0, q = 0 } = inline.inputs;
      const vectors = N * D * e;
      const factor = vectors > 0 ? inline.bytes / vectors : 0;
      if (factor > INLINE_GROWTH_WARN_FACTOR) {
        out.push(
          `vector "${d.label}": inline storage (hnsw_config.inline_storage, --inline-storage) puts ${formatBytes(inline.bytes)} of vectors in the HNSW graph file, ${factor.toFixed(1)}x the ${formatBytes(vectors)} of the ${d.datatype} vectors it replaces: each of the ${groupThousands(N)} graph points stores its own ${groupThousands(D * e)} B vector beside ${(d0 + E * du).toFixed(1)} links x ${groupThousands(q)} B quantized vectors (over ${INLINE_GROWTH_WARN_FACTOR}x: Qdrant advises inline storage with quantization of at least 8x compression)`,
        );
      }
    }
  }
  for (const d of r.dense) {
    // With inline storage an indexed segment's graph records carry the originals and each link's quantized vector
    // (methodology §5, "Inline storage"): a search in a graph held in memory reads no vector from disk.
    const inlineInMemory = indexed && d.inlineStorage;
    if (d.originalsTier === 'disk' && (!d.quantization || d.quantization.tier === 'disk') && d.hnswTier !== 'disk' && !inlineInMemory) {
      out.push(`vector "${d.label}": originals on disk without quantized vectors in memory: every search reads vectors from disk (expect high latency unless the disk is fast NVMe)`);
    }
  }
  return out;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function totals(items: LineItem[]): ByteRange {
  return {
    low: sum(items.map((i) => i.range.low)),
    expected: sum(items.map((i) => i.bytes)),
    high: sum(items.map((i) => i.range.high)),
  };
}

function add(a: ByteRange, b: ByteRange): ByteRange {
  return { low: a.low + b.low, expected: a.expected + b.expected, high: a.high + b.high };
}
