/** The methodology's worked HNSW example, recomputed by hand (docs/methodology.md, section 5). */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';

describe('worked example: 100M x 768, m=16, v1.19, 8 CPUs', () => {
  it('the compressed graph is about 56.2 B/point = 5.62 GB', () => {
    // K = 27 (680,272/100,000)^0.09 = 32.09; d0 = (32^-1.4 + K^-1.4)^(-1/1.4) = 19.53; b0 = 17;
    // du = 33 (1 - e^(-16/33)) = 12.68, bu = 18;
    // 4 + ((5 + 19.53*17)/8 + 7/16) + (4/15)((5 + 12.68*18)/8 + 7/16) + 1.75 = 4 + 42.56 + 0.267 x 29.59 + 1.75 = 56.20 B/point;
    // + 147 x 128 B headers.
    const e = estimate({ points: '100M', qdrantVersion: '1.19.0', collection: { vectors: { size: 768, distance: 'Cosine' } } });
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.bytes / 1e8).toBeCloseTo(56.2, 1);
  });

  it('on Qdrant 1.20 the upper levels are drawn by floor, sqrt(16) = 4 times rarer: about 50.29 B/point', () => {
    // E = 1/(m-1) = 1/15 instead of 4/15 (qdrant-edge 0.9.0 crate, level_from_sample):
    // 4 + 42.56 + (1/15) x 29.59 + 1.75 = 4 + 42.56 + 1.97 + 1.75 = 50.29 B/point.
    const e = estimate({ points: '100M', qdrantVersion: '1.20.0', collection: { vectors: { size: 768, distance: 'Cosine' } } });
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.bytes / 1e8).toBeCloseTo(50.29, 1);
  });
});
