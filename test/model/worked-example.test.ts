/** The methodology's worked HNSW example, recomputed by hand (docs/methodology.md, section 5). */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';

describe('worked example: 100M x 768, m=16, v1.19, 8 CPUs', () => {
  it('the compressed graph is about 56.89 B/point = 5.69 GB', () => {
    // 100M points less the appendable tail (half of 10,000 KB / 3,072 B = 1,667 points): N = 99,998,333 in S = 148
    // segments, n = 675,664 per segment.
    // K = 27 (675,664/100,000)^0.09 = 32.07; d0 = (32^-1.4 + K^-1.4)^(-1/1.4) = 19.524; du = 33 (1 - e^(-16/33)) = 12.679.
    // Widths: the expected packed_bits of each list's largest delta, sum_b b (F(2^b) - F(2^(b-1))), F(x) = (1 - e^(-x d/n))^d:
    //   level 0, F(2^15..2^19) = 0.0000687, 0.0414, 0.6393, 0.9900, 0.99999: b0 = 17.329 bits;
    //   upper, F(2^15..2^20) = 0.000052, 0.0125, 0.3222, 0.9112, 0.9993, 1: bu = 17.755 bits.
    // 4 + ((5 + 19.524 x 17.329)/8 + 7/16) + (4/15)((5 + 12.679 x 17.755)/8 + 7/16) + 1.75
    //   = 4 + 43.355 + (4/15) 29.201 + 1.75 = 56.892 B per graph point; x N, + 148 x 128 B headers, / 100M = 56.891.
    const e = estimate({ points: '100M', qdrantVersion: '1.19.0', collection: { vectors: { size: 768, distance: 'Cosine' } } });
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.bytes / 1e8).toBeCloseTo(56.891, 2);
  });

  it('on Qdrant 1.20 the upper levels are drawn by floor, sqrt(16) = 4 times rarer: about 51.05 B/point', () => {
    // E = 1/(m-1) = 1/15 instead of 4/15 (qdrant-edge 0.9.0 crate, level_from_sample):
    // 4 + 43.355 + (1/15) x 29.201 + 1.75 = 51.052 B per graph point; x 99,998,333 / 100M = 51.051.
    const e = estimate({ points: '100M', qdrantVersion: '1.20.0', collection: { vectors: { size: 768, distance: 'Cosine' } } });
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.bytes / 1e8).toBeCloseTo(51.051, 2);
  });
});
