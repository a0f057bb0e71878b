/**
 * A patch release past the newest qsize knows of its minor is planned with that minor's layout and warned about: the
 * emitted files name its image tag (found by the s26 input audit: --qdrant-version 1.19.99 wrote image tag v1.19.99
 * without a word). The newest known patches are the qdrant/qdrant git tags up to v1.19.0, then 1.19.1, 1.19.2, 1.20.0.
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { unknownRelease } from '../../src/model/versions.js';

const w = (qdrantVersion: string) => ({ points: 1_000_000, qdrantVersion, collection: { vectors: { size: 384, distance: 'Cosine' as const } } });
const warned = (v: string) => estimate(w(v)).warnings.filter((s) => s.includes('is not a release qsize knows of'));

describe('versions qsize does not know of', () => {
  it('1.19.99, 1.15.6 and 1.20.1 are warned about, naming the newest known patch and the image tag', () => {
    expect(warned('1.19.99')).toEqual([expect.stringMatching(/^Qdrant 1\.19\.99 is not a release qsize knows of \(the newest 1\.19 it knows is 1\.19\.2\).*image tag v1\.19\.99/)]);
    expect(unknownRelease('1.15.6')).toMatch(/the newest 1\.15 it knows is 1\.15\.5/);
    expect(unknownRelease('v1.20.1')).toMatch(/the newest 1\.20 it knows is 1\.20\.0/);
  });
  it('the released ones and a minor alone are not: 1.12.6, 1.15.5, 1.18.3, 1.19.2, 1.20.0, 1.15', () => {
    for (const v of ['1.12.6', '1.15.5', '1.18.3', '1.19.2', '1.20.0', '1.15', '1.13.5']) expect(warned(v), v).toEqual([]);
  });
});
