/** The methodology's worked HNSW example, recomputed by hand (docs/methodology.md, section 5). */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';

describe('worked example: 100M x 768, m=16, v1.19, 8 CPUs', () => {
  it('the compressed graph is about 58.2 B/point = 5.82 GB', () => {
    // K = 24 (680,272/100,000)^0.136 = 31.15; d0 = K (1 - e^(-32/K)) = 20.00; b0 = 17, bu = 18 (du = 14.4);
    // 4 + ((5 + 20.00*17)/8 + 7/16) + (4/15)((5 + 14.4*18)/8 + 7/16) + 1.75 = 58.23 B/point; + 147 x 128 B headers.
    const e = estimate({ points: '100M', collection: { vectors: { size: 768, distance: 'Cosine' } } });
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.bytes / 1e8).toBeCloseTo(58.23, 1);
  });
});
