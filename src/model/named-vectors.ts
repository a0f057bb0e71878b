/**
 * A collection's dense vectors as the model reads them: Qdrant's `vectors` is either one unnamed vector's params
 * (`{ size, distance, ... }`) or a map of named vectors (`{ text: { size, distance }, image: { ... } }`)
 * (VectorsConfig in the create-collection API: `VectorParams | { [name]: VectorParams }`). The model reads every
 * vector by name off the map form, the unnamed one under the name `""`; the spec (src/spec/workload.ts) only declares
 * the two forms and counts the vectors through here.
 */
import type { VectorParams } from '../spec/workload.js';

/**
 * True for the single unnamed vector's params (`{ size: 768, distance: "Cosine" }`), false for a map of
 * named vectors, even one with vectors named `size` and `distance` (their values are objects).
 */
export function isVectorParams(v: VectorParams | Record<string, VectorParams>): v is VectorParams {
  const o = v as Record<string, unknown>;
  return typeof o['size'] === 'number' && typeof o['distance'] === 'string';
}

/** Unnamed vector config -> `{ "": params }`; named map stays. */
export function normalizeVectors(vectors: VectorParams | Record<string, VectorParams>): Record<string, VectorParams> {
  if (isVectorParams(vectors)) return Object.assign(Object.create(null) as Record<string, VectorParams>, { '': vectors });
  return vectors;
}
