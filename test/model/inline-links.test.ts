/**
 * Inline graph storage (hnsw_config.inline_storage): the bytes of each per-link quantized vector, decoded from
 * links_comp_vec.bin on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/inline-links-0.9.0.json,
 * test/calibration/edge_inline_links.py, decoder decode_links.decode_with_vectors: 3,000 x 128-d, one optimized segment).
 * The file's header records the link vector layout (graph_links/header.rs HeaderCompressedWithVectors, the quantized
 * storage's get_quantized_vector_layout()); the decoder walked every record and found every link vector byte-equal to
 * the quantized.data record of the point it links to. Expected per-link sizes, by hand:
 *   - TurboQuant, 128-d: bits4 64 B of codes + 8 B extras = 72 B, bits8 128 + 4 = 132 B, bits1.5 floor(1.5 x 128) = 192
 *     one-bit codes = 24 B + 8 = 32 B at Cosine and Dot; Euclid 4 B more (the f32 L2 length): 76 / 136 / 36 B;
 *   - scalar int8: 128 codes + a 4-byte f32 offset = 132 B at both distances; binary 1-bit: 128 bits = 16 B;
 *   - the originals are 128 x 4 = 512 B a point (base layout 512 B, alignment 4).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

interface Decoded {
  file_bytes: number;
  point_count: number;
  base_vector_layout: { size: number; alignment: number };
  link_vector_layout: { size: number; alignment: number };
  bytes: Record<string, number>;
  neighbours_parts: Record<string, number>;
  links_total: number;
  check_link_vectors_equal_quantized_records: { checked: number; different: number };
}
interface Case {
  case: { id: string; quant: [string, string | null]; distance: string };
  quantized_bytes_per_vector: number;
  links_comp_vec: Decoded;
}
const FILE = 'data/calibration/v1.20-structures/inline-links-0.9.0.json';
const data = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Record<string, Case> };
const get = (id: string) => data.cases[id]!;

const QUANT: Record<string, (arg: string | null) => Record<string, unknown>> = {
  tq: (bits) => ({ turbo: { bits: bits!.toLowerCase() } }),
  sq: () => ({ scalar: { type: 'int8' } }),
  bq1: () => ({ binary: {} }),
};
/** The model's inline-storage item for the measured case (3,000 x 128-d, one segment, indexed). */
const inlineItem = (c: Case) => {
  const w = {
    points: 3000,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: { size: 128, distance: c.case.distance },
      hnsw_config: { inline_storage: true },
      quantization_config: QUANT[c.case.quant[0]]!(c.case.quant[1]),
      optimizers_config: { default_segment_number: 1, indexing_threshold: 1 },
    },
    assumptions: { nodeCpus: 2 },
  } as unknown as WorkloadInput;
  return estimate(w).lineItems.find((i) => i.id === 'hnsw.default.inline')!;
};

describe('inline storage: every per-link vector is one quantized record, Euclid TurboQuant included (decoded, 0.9.0)', () => {
  // [case, bytes per link by hand (see the header)]
  const cases: [string, number][] = [
    ['tq-bits4-cosine', 72], ['tq-bits4-dot', 72], ['tq-bits4-euclid', 76],
    ['tq-bits8-cosine', 132], ['tq-bits8-dot', 132], ['tq-bits8-euclid', 136],
    ['tq-bits1_5-cosine', 32], ['tq-bits1_5-dot', 32], ['tq-bits1_5-euclid', 36],
    ['sq-cosine', 132], ['sq-euclid', 132], ['bq1-cosine', 16], ['bq1-euclid', 16],
  ];
  it.each(cases)('%s: %i B per link, the quantized record, and the model uses it as q', (id, bytes) => {
    const c = get(id);
    const d = c.links_comp_vec;
    expect(d.link_vector_layout.size).toBe(bytes);
    expect(c.quantized_bytes_per_vector).toBe(bytes);
    expect(d.check_link_vectors_equal_quantized_records.different).toBe(0);
    expect(d.check_link_vectors_equal_quantized_records.checked).toBe(d.links_total);
    expect(inlineItem(c).inputs!['q']).toBe(bytes);
  });

  it('the file is explained to the byte: header + level offsets + reindex + padding + records + offsets', () => {
    for (const [id] of cases) {
      const d = get(id).links_comp_vec;
      expect(Object.values(d.bytes).reduce((a, b) => a + b, 0), id).toBe(d.file_bytes);
      expect(Object.values(d.neighbours_parts).reduce((a, b) => a + b, 0), id).toBe(d.bytes['neighbours']);
      expect(d.neighbours_parts['link_vectors'], id).toBe(d.links_total * d.link_vector_layout.size);
      expect(d.neighbours_parts['base_vectors'], id).toBe(3000 * 512);
      expect(d.bytes['header'], id).toBe(80);
      expect(d.bytes['reindex'], id).toBe(3000 * 4);
    }
  });

  it('the model\'s vector bytes N * (D e + links q) equal the decoded base and link vectors at the measured link count', () => {
    // tq-bits4-euclid: 3,000 x 512 + 54,770 links x 76 = 1,536,000 + 4,162,520 = 5,698,520 B of the 5,794,422 B file
    for (const [id] of cases) {
      const c = get(id);
      const d = c.links_comp_vec;
      const { D, e, q } = inlineItem(c).inputs as Record<string, number>;
      expect(d.point_count * D! * e! + d.links_total * q!, id).toBe(d.neighbours_parts['base_vectors']! + d.neighbours_parts['link_vectors']!);
    }
    const t = get('tq-bits4-euclid').links_comp_vec;
    expect(t.neighbours_parts['base_vectors']! + t.neighbours_parts['link_vectors']!).toBe(5_698_520);
    expect(t.file_bytes).toBe(5_794_422);
  });
});
