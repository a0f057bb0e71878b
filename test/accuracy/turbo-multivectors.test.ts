/**
 * Model vs engine: the vector storage of turbo4 / turbo8 / turbo16 multivectors (and float32, the control; and turbo
 * single vectors) measured on qdrant-edge-py 0.9.0: data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json
 * (read here, never run; test/calibration/edge_turbo_multivectors.py). Bars, file by file of the measured segment
 * (`MAIN`: the optimized one, or the only appendable one):
 *   - the vectors file (`tq_vectors.dat`, `tq_vectors/chunk_0.mmap` or `vectors/chunk_0.mmap`): a single file holds
 *     exactly the model's originals; a chunk file allocates them in whole 4 KiB pages, so the model's bytes are at
 *     most the allocated size and more than it less a page;
 *   - the offsets chunk (`tq_offsets/` or `offsets/chunk_0.mmap`): likewise the model's N x 12 B.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

type Case = {
  case: { id: string; n: number; d: number; dtype: string; layout: 'plain' | 'indexed'; distance?: string; multivector?: boolean };
  inner_vectors: number;
  vector_storage_files: { path: string; apparent: number; allocated: number }[];
  error?: string;
};
const FILE = 'data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json';
const cases = Object.values((JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Record<string, Case> }).cases);
const PAGE = 4096;

const workload = (c: Case): WorkloadInput => {
  const multi = c.case.multivector !== false;
  return {
    points: c.case.n,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: {
        size: c.case.d,
        distance: c.case.distance ?? 'Cosine',
        datatype: c.case.dtype.toLowerCase(),
        ...(multi ? { multivector_config: { comparator: 'max_sim' } } : {}),
      },
    },
    ...(multi ? { multivector: { '': c.inner_vectors / c.case.n } } : {}),
    assumptions: { nodeCpus: 2, allocator: 'glibc' },
  } as never;
};

/** The measured file is the model's bytes: exactly (a single file), or in whole pages (a chunk file). */
function expectFile(f: { path: string; apparent: number; allocated: number }, model: number): void {
  if (f.path.endsWith('.dat')) {
    expect(f.apparent).toBe(model);
  } else {
    expect(model).toBeLessThanOrEqual(f.allocated);
    expect(model).toBeGreaterThan(f.allocated - PAGE);
  }
}

describe('turbo multivectors: model vs qdrant-edge-py 0.9.0 files', () => {
  it('measured every case without an engine error (no turbo datatype is refused for multivectors)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.error)).toEqual([]);
  });
  for (const c of cases) {
    it(`${c.case.id}: vectors and offsets files`, () => {
      const e = estimate(workload(c));
      const bytes = (id: string) => e.lineItems.find((i) => i.id === id)!.bytes;
      const main = c.vector_storage_files.filter((f) => f.path.startsWith('segments/MAIN/'));
      const vectors = main.find((f) => /\/(tq_)?vectors(\.dat|\/chunk_0\.mmap)$/.test(f.path))!;
      expectFile(vectors, bytes('vectors.default.originals'));
      if (c.case.multivector !== false) {
        const offsets = main.find((f) => /\/(tq_)?offsets\/chunk_0\.mmap$/.test(f.path))!;
        expectFile(offsets, bytes('vectors.default.multivector-offsets'));
      }
    });
  }
});

describe('turbo4 before v1.19.0: the engine refuses it, and so does qsize', () => {
  // qdrant-edge-py 0.7.2 (api 1.18.2-dev), the same script: data/calibration/v1.20-structures/turbo-multivectors-0.7.2.json.
  const old = Object.values((JSON.parse(readFileSync('data/calibration/v1.20-structures/turbo-multivectors-0.7.2.json', 'utf8')) as { cases: Record<string, Case> }).cases);
  it('every turbo4 case panicked creating its storage; float32 (the control) was measured', () => {
    const turbo4 = old.filter((c) => c.case.dtype === 'Turbo4');
    expect(turbo4.length).toBe(13);
    for (const c of turbo4) expect(c.error).toBe('PanicException: not implemented: turbo4 datatype storage not yet wired up');
    expect(old.filter((c) => c.case.dtype === 'Float32' && c.error === undefined).length).toBe(4);
  });
  it('qsize refuses the same workloads at 1.18.2, naming the field', () => {
    for (const c of old.filter((x) => x.case.dtype === 'Turbo4')) {
      expect(() => estimate({ ...workload({ ...c, inner_vectors: c.case.n * 4 }), qdrantVersion: '1.18.2' } as WorkloadInput)).toThrow(/collection\.vectors\.datatype: got "turbo4".*stored from Qdrant 1\.19/);
    }
  });
});

describe('TurboQuant quantization by distance: model vs qdrant-edge-py 0.9.0 quantized.data', () => {
  // edge-0.9.0.json, the tq-<bits>-<distance>-d128 cases (test/calibration/edge_v1_20.py): one optimized segment.
  type EdgeCase = { case: { n: number; d: number; tq: string; distance: string }; files_main: { path: string; apparent: number }[] };
  const edge = (JSON.parse(readFileSync('data/calibration/v1.20-structures/edge-0.9.0.json', 'utf8')) as { cases: Record<string, EdgeCase> }).cases;
  const ids = Object.keys(edge).filter((id) => /^tq-.*-d128$/.test(id));
  it('has the 10 cases (bits1, 1.5, 2, 4, 8 at Cosine and Euclid)', () => expect(ids.length).toBe(10));
  for (const id of ids) {
    it(`${id}: quantized.data to the byte`, () => {
      const c = edge[id]!;
      const bits = c.case.tq.toLowerCase();
      const e = estimate({ points: c.case.n, qdrantVersion: '1.20.0', collection: { vectors: { size: c.case.d, distance: c.case.distance }, quantization_config: { turbo: { bits } }, optimizers_config: { indexing_threshold: 1 } }, assumptions: { nodeCpus: 2 } } as never);
      const measured = c.files_main.find((f) => f.path.endsWith('/quantized.data'))!.apparent;
      expect(e.lineItems.find((i) => i.id === 'quantization.default.file')!.bytes).toBe(measured);
    });
  }
});
