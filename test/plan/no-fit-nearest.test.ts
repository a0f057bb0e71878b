/** The no-fit message when no offer meets the constraints (src/plan/recommend.ts nearestMiss). */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';

const w = (points: number) => ({ points, collection: { vectors: { size: 768, distance: 'Cosine' as const } } });
const opts = { maxAlternatives: 0 };

/*
 * audit36: `--family r7g --no-arm64` read only "no instance in the catalog meets the constraints". Every r7g type is
 * Graviton (arm64): the 7 of us-east-1 (large to 16xlarge, data/catalogs/instances-cpu.csv) break only --no-arm64.
 */
describe('no offer inside the constraints: the message says which single constraint keeps the nearest out', () => {
  it('--family r7g --no-arm64: the 7 r7g types miss only arm64', () => {
    expect(() => recommend(w(1_000_000), { placement: { families: ['r7g'], arm64Allowed: false } }, opts)).toThrow(/no instance in the catalog meets the constraints; \d+ instance types meet all of them but one \(arm64 is not allowed: 7, its family: \d+\)/);
  });
});

/* audit36: GPU indexing on your own nodes said "no instance in the catalog", though the user gave the nodes. */
describe('no offer inside the constraints on your own nodes names your nodes, not the catalog', () => {
  it('--gpu-indexing --node a=16cpu/128Gi@1/h: none of your nodes can be a GPU indexing peer', () => {
    expect(() => recommend(w(1_000_000), { gpuIndexing: { enabled: true }, placement: { nodes: ['a=16cpu/128Gi@1/h'] } }, opts)).toThrow(
      /^none of your nodes \(--node, constraints\.placement\.nodes\) meets the constraints and can be a GPU indexing peer/,
    );
  });
});
