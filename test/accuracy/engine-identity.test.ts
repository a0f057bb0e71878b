/**
 * Which Qdrant qdrant-edge-py 0.7.2 embeds, checked against the real v1.19.0 server on the files both write for the
 * same collection (20,000 points, 8-d, a keyword, an integer and a text index; data/calibration/engine-identity/,
 * README there; test/calibration/engine_identity.py), and the server's memory maps of the segments that hold payload
 * indexes against qsize's memory-map model. Reads the committed JSON only; starts nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { MEMORY_MAPS } from '../../src/model/memory-maps.js';

interface FileRow { segment: string; path: string; apparent: number; allocated: number }
const DIR = 'data/calibration/engine-identity';
const server = JSON.parse(readFileSync(`${DIR}/server-v1.19.0.json`, 'utf8')) as {
  engine: { server: string };
  files: FileRow[];
  maps: { after_restart: { by_file: Record<string, number> } };
};
const edge = JSON.parse(readFileSync(`${DIR}/edge-0.7.2.json`, 'utf8')) as { engine: { qdrant_edge_py: string; api_crate: string }; files: FileRow[] };

/** A segment holding an HNSW graph is an optimized one; the others are appendable. */
const optimized = (files: FileRow[]) => new Set(files.filter((f) => f.path.startsWith('vector_index/')).map((f) => f.segment));
/** File names of a segment with the payload index's random prefix cut ("<24 chars>-kw-map/..." -> "kw-map/..."). */
const names = (files: FileRow[], seg: string) => new Map(files.filter((f) => f.segment === seg).map((f) => [f.path.replace(/payload_index\/[0-9a-z]{24}-/, 'payload_index/'), f]));
/** The optimized segment of exactly 20,000 points (id_tracker.versions: 8 B a point). */
const seg20k = (files: FileRow[]) => files.find((f) => f.path === 'id_tracker.versions' && f.apparent === 160_000)!.segment;

describe('qdrant-edge-py 0.7.2 is not the v1.19.0 tag: its files are a 1.18 development build\'s', () => {
  it('the engines: the server prints 1.19.0; the 0.7.2 wheel\'s SBOM names api 1.18.2-dev (Qdrant\'s dev branch between 2026-05-22 and 2026-06-03)', () => {
    expect(server.engine.server).toBe('1.19.0');
    expect(edge.engine).toEqual({ qdrant_edge_py: '0.7.2', api_crate: '1.18.2-dev' });
  });

  it('v1.19.0 writes data_block_index.bin (one 4 KiB block) in every optimized segment\'s numeric index; 0.7.2 writes none', () => {
    const opt = optimized(server.files);
    const blocks = server.files.filter((f) => f.path.endsWith('-num-numeric/data_block_index.bin'));
    expect(opt.size).toBeGreaterThan(1);
    expect(new Set(blocks.map((f) => f.segment))).toEqual(opt);
    for (const f of blocks) expect([f.allocated, f.apparent < 4096]).toEqual([4096, true]);
    expect(edge.files.filter((f) => f.path.includes('block_index'))).toEqual([]);
  });

  it('the 20,000-point optimized segment: the same payload index, payload storage and id tracker bytes on both except data_block_index.bin and the text index\'s deleted_points.dat (4,096 B allocated on 0.7.2, sparse on v1.19.0)', () => {
    const a = names(server.files, seg20k(server.files));
    const b = names(edge.files, seg20k(edge.files));
    const differ = [...new Set([...a.keys(), ...b.keys()])]
      .filter((p) => p.startsWith('payload_index/') || p.startsWith('payload_storage/') || p.startsWith('id_tracker'))
      .filter((p) => a.get(p)?.allocated !== b.get(p)?.allocated || a.get(p)?.apparent !== b.get(p)?.apparent);
    expect(differ.sort()).toEqual(['payload_index/num-numeric/data_block_index.bin', 'payload_index/txt-text/deleted_points.dat', 'payload_storage/config.json']);
    expect([a.get('payload_index/txt-text/deleted_points.dat')!.allocated, b.get('payload_index/txt-text/deleted_points.dat')!.allocated]).toEqual([0, 4096]);
    // config.json: the same 4 KiB block, 114 B against 97 B of JSON.
    expect([a.get('payload_storage/config.json')!.allocated, b.get('payload_storage/config.json')!.allocated]).toEqual([4096, 4096]);
  });
});

describe('the HNSW links file of the same 20,000 points (m=16, ef_construct 100, no payload sub-graphs: full_scan_threshold 10,000 KB)', () => {
  const links = (files: FileRow[], seg: string) => files.find((f) => f.segment === seg && f.path === 'vector_index/links_compressed.bin')!.apparent;
  const e072 = JSON.parse(readFileSync(`${DIR}/edge-0.7.2-fst10000.json`, 'utf8')) as { files: FileRow[] };
  const e090 = JSON.parse(readFileSync(`${DIR}/edge-0.9.0-fst10000.json`, 'utf8')) as { files: FileRow[] };
  const srv = links(server.files, seg20k(server.files));

  it('0.7.2 writes the v1.19.0 server\'s graph: 724,612 B against 726,281 B (-0.23%, the parallel build\'s order); 0.9.0 (the floor level draw of 1.20) 642,082 B (-11.6%)', () => {
    expect(srv).toBe(726_281);
    const r072 = links(e072.files, seg20k(e072.files)) / srv - 1;
    const r090 = links(e090.files, seg20k(e090.files)) / srv - 1;
    expect(Math.abs(r072)).toBeLessThan(0.005);
    expect(r090).toBeLessThan(-0.1);
  });
});

describe('memory maps of segments with payload indexes on the v1.19.0 server (after a restart) against the model', () => {
  const bySeg = new Map<string, number>();
  for (const [p, n] of Object.entries(server.maps.after_restart.by_file)) {
    const m = /segments\/([0-9a-f-]{36})\//.exec(p);
    if (m) bySeg.set(m[1]!, (bySeg.get(m[1]!) ?? 0) + n);
  }
  const opt = new Set([...optimized(server.files)].map((s) => s));
  const counts = (want: boolean) => [...bySeg].filter(([s]) => opt.has(s) === want).map(([, n]) => n);
  // The same shape in qsize at 1.19.0: what the model counts per segment.
  const e = estimate({
    points: 20_300,
    qdrantVersion: '1.19.0',
    collection: { vectors: { size: 8, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, indexing_threshold: 1 } },
    payload: {
      avgBytes: 100,
      indexes: [
        { field_name: 'kw', field_schema: 'keyword', valuesPerPoint: 1, cardinality: 1000, avgValueBytes: 16 },
        { field_name: 'num', field_schema: 'integer', valuesPerPoint: 1, cardinality: 1000 },
        { field_name: 'txt', field_schema: { type: 'text', tokenizer: 'word' }, valuesPerPoint: 1, tokensPerValue: 7, cardinality: 2000, avgTokenBytes: 6 },
      ],
    },
  });

  it('layout: 3 indexes mapped in an indexed segment, 4 gridstores in an appendable one (the integer index\'s map and numeric), null indexes', () => {
    expect(e.layout).toMatchObject({ mmapPayloadIndexes: 3, mutablePayloadIndexStores: 4, nullIndexFlags: true, payloadStorage: 'gridstore' });
  });

  it('measured: indexed segments 32 maps each (7), appendable 42 with points (6) and 40 empty (2)', () => {
    expect(counts(true)).toEqual(Array(7).fill(32));
    expect(counts(false).sort()).toEqual([40, 40, 42, 42, 42, 42, 42, 42]);
  });

  it('the model per segment: indexed 5 + 5 + 3 x (5 + 4) = 37 (measured 32: +16%), appendable 7 + 5 + 4 x 5 + 3 x 4 = 44 (measured 42: +5%), both inside its +-30%; it gave 25 and 27 before the null index and the gridstore per component', () => {
    const m = MEMORY_MAPS;
    const indexed = m.indexedSegmentBase + m.payloadGridstore + 3 * (m.perPayloadIndex + m.perNullIndex);
    const appendable = m.appendableSegment + m.payloadGridstore + 4 * m.payloadGridstore + 3 * m.perNullIndex;
    expect([indexed, appendable]).toEqual([37, 44]);
    expect(Math.abs(indexed / 32 - 1)).toBeLessThan(0.3);
    expect(Math.abs(appendable / 42 - 1)).toBeLessThan(0.3);
  });
});
