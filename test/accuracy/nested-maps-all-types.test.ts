/**
 * Nested (1.20 `nested`) payload indexes of every type beside keyword and integer, their plain twins, and full-text
 * indexes by memory tier, BM25 and phrase matching, on qdrant-edge-py 0.9.0 (s37):
 * data/calibration/v1.20-structures/nested-maps-all-types-0.9.0.json, written by
 * `test/calibration/edge_nested_maps.py <out> all-types`. 5,000 points of 16-d, 19,917 `offers` elements (1-7 a point,
 * the `nested-all` data of edge_payload_v1_20.py: price, ok, loc, ts, uid, note of 3 words drawn uniformly from 2,000);
 * `offers[].<f>` nested, `plain[].<f>` the same values on a plain array path. Memory maps counted in a fresh process
 * after EdgeShard.load, in the optimized segment (`indexed/`), the empty appendable one beside it (`appendable/`) and
 * one appendable segment holding all the points, never optimized (`filled/`); the files of every index folder.
 * Reads the committed JSON only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { MEMORY_MAPS } from '../../src/model/memory-maps.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

interface Spec { field: string; type: string; nested?: string; scoring?: boolean; memory?: string; on_disk?: boolean; phrase_matching?: boolean }
interface Run { maps_per_segment: Record<string, number>; maps_per_index_folder: Record<string, number>; maps_added_by_text_queries: Record<string, number>; text_query_hits: Record<string, number> }
const d = JSON.parse(readFileSync('data/calibration/v1.20-structures/nested-maps-all-types-0.9.0.json', 'utf8')) as Run & {
  engine: { qdrant_edge_py: string };
  shape: { points: number; elements: number; indexes: Spec[] };
  refused: Record<string, string>;
  index_files: Record<string, Record<string, { apparent: number; allocated: number }>>;
  filled: Run;
};
/** The engine's folder name: `<field>` with `[].` as `_`, its first 8 characters (`offers[].price` -> `offers_p`). */
const folder = (field: string) => field.replace('[].', '_').slice(0, 8);
const own = (s: Spec) => ({ float: 'numeric', datetime: 'numeric', bool: 'bool', geo: 'map', uuid: 'map', keyword: 'map', text: 'text' })[s.type]!;
const maps = (run: Run, seg: string, f: string) => run.maps_per_index_folder[`${seg}/${f}`];
const sumOf = (run: Run, seg: string) => Object.entries(run.maps_per_index_folder).filter(([k]) => k.startsWith(`${seg}/`)).reduce((a, [, n]) => a + n, 0);

describe('memory maps of nested indexes of every type, and of text indexes by memory tier (qdrant-edge-py 0.9.0, s37)', () => {
  it('the engine takes every type as nested (none refused): 8 nested and 14 plain indexes', () => {
    expect(d.engine.qdrant_edge_py).toBe('0.9.0');
    expect(d.refused).toEqual({});
    expect([d.shape.indexes.filter((s) => s.nested).length, d.shape.indexes.filter((s) => !s.nested).length]).toEqual([8, 14]);
  });

  it('indexed segment: nested or plain, float / datetime 2, geo 4, bool 4, uuid / keyword 2; text pinned 0 (BM25 and phrase too), cold / cached / on_disk 3, cold with BM25 4, cold with phrase 3; null 4 each; the element maps 0 (137 in all)', () => {
    const expected: Record<string, number> = {
      'offers[].price': 2, 'offers[].ok': 4, 'offers[].loc': 4, 'offers[].ts': 2, 'offers[].uid': 2, 'offers[].note': 0, 'offers[].bm': 0, 'offers[].cold': 3,
      'plain[].price': 2, 'plain[].ok': 4, 'plain[].loc': 4, 'plain[].ts': 2, 'plain[].uid': 2, 'plain[].note': 0, 'plain[].bm': 0,
      'plain[].cold': 3, 'plain[].kached': 3, 'plain[].ondisk': 3, 'plain[].bcold': 4, 'plain[].phrase': 0, 'plain[].pcold': 3, 'plain[].wcold': 2,
    };
    for (const s of d.shape.indexes) {
      expect(maps(d, 'indexed', `${folder(s.field)}-${own(s)}`), s.field).toBe(expected[s.field]);
      expect(maps(d, 'indexed', `${folder(s.field)}-null`), s.field).toBe(4);
      if (s.nested) for (const c of [own(s), 'null']) expect(maps(d, 'indexed', `${folder(s.field)}-${c}-elements`), s.field).toBe(0);
    }
    // 17 nested + 32 plain own maps, 22 x 4 null
    expect(sumOf(d, 'indexed')).toBe(17 + 32 + 22 * 4);
    expect(d.maps_added_by_text_queries).toEqual({});
    expect(Object.values(d.text_query_hits).every((n) => n > 0)).toBe(true);
  });

  it('appendable segment, empty or filled: a gridstore (5) per component, a bool\'s flags 4, null 4; a nested index 5 more for each component and its null index: nested 19 (bool 18), plain 9 (bool 8), 276 in all', () => {
    for (const [run, seg] of [[d, 'appendable'], [d.filled, 'filled']] as const) {
      for (const s of d.shape.indexes) {
        const f = folder(s.field);
        const ownMaps = s.type === 'bool' ? 4 : 5;
        expect(maps(run, seg, `${f}-${own(s)}`), `${seg} ${s.field}`).toBe(ownMaps);
        expect(maps(run, seg, `${f}-null`), `${seg} ${s.field}`).toBe(4);
        for (const c of [own(s), 'null']) expect(maps(run, seg, `${f}-${c}-elements`), `${seg} ${s.field}`).toBe(s.nested ? 5 : undefined);
      }
      // nested: 7 x 19 + 18; plain: 13 x 9 + 8
      expect(sumOf(run, seg)).toBe(7 * 19 + 18 + 13 * 9 + 8);
      expect(run.maps_added_by_text_queries).toEqual({});
    }
  });

  it('qsize at 1.20.0 counts the measured payload index maps exactly: indexed 49 + 22 x 4 = 137, appendable 36 gridstores x 5 + 2 bools x 4 + 22 x 4 = 276 (before s37: 149 and 186); whole segments 147 against 148 and 288 against 284 (empty) and 286 (filled)', () => {
    const e = estimate({
      points: d.shape.points,
      qdrantVersion: '1.20.0',
      collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, indexing_threshold: 1 } },
      payload: { avgBytes: 300, indexes: d.shape.indexes.map((s) => index(s)) },
    } as WorkloadInput);
    expect(e.layout).toMatchObject({ payloadIndexes: 22, mmapPayloadIndexes: 22, mmapPayloadIndexMaps: 49, mutablePayloadIndexStores: 36, mutableBoolIndexes: 2 });
    const m = MEMORY_MAPS;
    const indexedIdx = e.layout.mmapPayloadIndexMaps + m.perNullIndex * e.layout.mmapPayloadIndexes;
    const appendableIdx = m.payloadGridstore * e.layout.mutablePayloadIndexStores + m.mutableBoolIndex * e.layout.mutableBoolIndexes + m.perNullIndex * e.layout.payloadIndexes;
    expect([indexedIdx, appendableIdx]).toEqual([sumOf(d, 'indexed'), sumOf(d, 'appendable')]);
    expect([m.indexedSegmentBase + m.payloadGridstore + indexedIdx, m.appendableSegment + m.payloadGridstore + appendableIdx]).toEqual([147, 288]);
    expect([d.maps_per_segment['indexed'], d.maps_per_segment['appendable'], d.filled.maps_per_segment['filled']]).toEqual([148, 284, 286]);
  });
});

/** The index as qsize takes it: the recorded elements per point; the notes' words (2,000 drawn uniformly, 4.445 B). */
function index(s: Spec): Record<string, unknown> {
  const schema: Record<string, unknown> = { type: s.type };
  for (const k of ['nested', 'scoring', 'phrase_matching', 'on_disk'] as const) if (s[k]) schema[k] = s[k];
  if (s.memory) schema['memory'] = s.memory.toLowerCase();
  const e = d.shape.elements / d.shape.points;
  const out: Record<string, unknown> = { field_name: s.field, field_schema: schema, ...(s.nested ? { elementsPerPoint: e } : { valuesPerPoint: e }) };
  // Every uid and every keyword copy of it distinct: one value per element (a nested index's default).
  if ((s.type === 'uuid' || s.type === 'keyword') && !s.nested) out['cardinality'] = d.shape.elements;
  if (s.type === 'keyword') out['avgValueBytes'] = 36;
  // 3 words of "w0".."w1999" drawn uniformly (all 2,000 appear among 59,751 draws; 2.9985 distinct a note; 4.445 B a word:
  // edge_payload_v1_20.py, nested-all). No Zipf law: the model's flattest, zipfExponent 0.5.
  if (s.type === 'text') Object.assign(out, { cardinality: 2000, tokensPerValue: 2.9985, avgTokenBytes: 4.445, zipfExponent: 0.5 });
  return out;
}

/**
 * Each index's files (allocated bytes of its folders in the indexed segment, element maps and null index included)
 * against the model's line item. Bars: 3%; the text indexes 4% (their words drawn uniformly, where the model's flattest
 * law is Zipf 0.5: -2.0% to -3.1%; phrase matching -1.3%, -59% before s37 sized its positions).
 */
describe('files of nested and plain indexes of every type (qdrant-edge-py 0.9.0, s37)', () => {
  for (const s of d.shape.indexes) {
    const bar = s.type === 'text' ? 0.04 : 0.03;
    it(`${s.field} (${s.type}${s.nested ? ', nested' : ''}${s.scoring ? ', BM25' : ''}${s.memory ? `, ${s.memory}` : ''}): files within ${bar * 100}%, inside the stated range`, () => {
      const e = estimate({
        points: d.shape.points,
        qdrantVersion: '1.20.0',
        collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 } },
        payload: { avgBytes: 300, indexes: [index(s)] },
        // One optimized segment holding every point, as measured: no appendable tail (its mutable index would be priced apart).
        assumptions: { bulkLoad: true, allocator: 'glibc' },
      } as WorkloadInput);
      const files = e.lineItems.find((i) => i.id === `payload-index.${s.field}.files`)!;
      const measured = Object.entries(d.index_files)
        .filter(([k]) => k.startsWith(`indexed/${folder(s.field)}-`))
        .reduce((a, [, fs]) => a + Object.values(fs).reduce((b, f) => b + f.allocated, 0), 0);
      expect(Math.abs(files.bytes / measured - 1)).toBeLessThan(bar);
      expect(files.range.low).toBeLessThanOrEqual(measured);
      expect(files.range.high).toBeGreaterThanOrEqual(measured);
    });
  }

  it('phrase matching keeps positions in postings.dat: 851,968 B allocated against 294,912 without (2.9x), pinned or cold alike', () => {
    const post = (f: string) => d.index_files[`indexed/${f}-text`]!['postings.dat']!.allocated;
    expect([post('plain_ph'), post('plain_pc'), post('plain_no')]).toEqual([851_968, 851_968, 294_912]);
  });
});

/**
 * What the positions cost, taken apart (phrase-arrays-0.9.0.json): 1,000 points of four words unique to each point,
 * every token in one document once, as one string with and without phrase matching, as two values of two words and
 * as four values of one word.
 */
describe('phrase matching on one string and on several values (qdrant-edge-py 0.9.0, s37)', () => {
  const p = JSON.parse(readFileSync('data/calibration/v1.20-structures/phrase-arrays-0.9.0.json', 'utf8')) as { index_files: Record<string, Record<string, { apparent: number }>> };
  const post = (f: string) => p.index_files[`indexed/${f}-text`]!['postings.dat']!.apparent;
  const vocab = (f: string) => p.index_files[`indexed/${f}-text`]!['vocab.dat']!.apparent;
  it('one string: 4,000 postings x 4 B of offset + 4,000 positions x 4 B = 32,000 B more than without (160,040 against 128,040)', () => {
    expect([post('one'), post('plain')]).toEqual([160_040, 128_040]);
    expect(post('one') - post('plain')).toBe(4 * 4_000 + 4 * 4_000);
  });
  it('several values: one token more (vocab.dat +20 B), a separator in every point: 28 + 7 x 536 + 104 x 8 + 4 x (values - 1) x 1,000 B (8,612 for two values, 16,612 for four)', () => {
    expect([post('two') - post('one'), post('four') - post('one')]).toEqual([8_612, 16_612]);
    expect([vocab('two') - vocab('one'), vocab('four') - vocab('one')]).toEqual([20, 20]);
  });
});
