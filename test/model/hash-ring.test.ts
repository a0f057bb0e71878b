/**
 * Qdrant's shard hash ring rebuilt in TypeScript (src/model/hash-ring.ts), checked against values worked out
 * elsewhere: the SipHash paper's test vector, the same Rust crates Qdrant v1.19.0 builds its ring from
 * (test/calibration/hash-ring-probe, output in data/calibration/hash-ring/probe-v1.19.0.txt), and the real v1.19.0
 * server's point counts per shard (data/calibration/server-v1.19.0/shard-skew.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ringNodeKey, ringShares, sipHash24 } from '../../src/model/hash-ring.js';
import { shardSkew } from '../../src/index.js';

const u64 = ([hi, lo]: [number, number]) => (BigInt(hi) << 32n) | BigInt(lo);
const probe = readFileSync('data/calibration/hash-ring/probe-v1.19.0.txt', 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(' '));
const bytesOf = (hex: string) => Uint8Array.from(hex === '-' ? [] : hex.match(/../g)!.map((h) => parseInt(h, 16)));

interface SkewRow { ids: string; shards: number; points_per_shard_id: number[] }
const server = (JSON.parse(readFileSync('data/calibration/server-v1.19.0/shard-skew.json', 'utf8')) as { rows: SkewRow[] }).rows;

describe('SipHash-2-4 on 32-bit halves', () => {
  it('gives the SipHash paper\'s test vector: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5 (Aumasson, Bernstein 2012, appendix A)', () => {
    const msg = Uint8Array.from({ length: 15 }, (_, i) => i);
    // k0 = bytes 00..07 and k1 = 08..0f read little-endian, as (hi, lo) halves.
    expect(u64(sipHash24(msg, 0x07060504, 0x03020100, 0x0f0e0d0c, 0x0b0a0908)).toString(16)).toBe('a129ca6149be45e5');
  });
  it('gives what siphasher 1.0.3\'s SipHasher24 (keys 0) gives for 0, 1, 7, 8 and 15 bytes (Rust probe)', () => {
    const rows = probe.filter((r) => r[0] === 'sip24');
    expect(rows).toHaveLength(5);
    for (const [, hex, hash] of rows) expect(u64(sipHash24(bytesOf(hex!))).toString()).toBe(hash);
  });
  it('places virtual nodes where hashring 0.3.6 does: (0, 0) at 16738165381834614119, (1023, 42) at 5937529669846487376 (Rust probe)', () => {
    const rows = probe.filter((r) => r[0] === 'node');
    expect(rows).toHaveLength(5);
    for (const [, s, i, key] of rows) expect(u64(ringNodeKey(Number(s), Number(i))).toString()).toBe(key);
  });
});

describe('each shard\'s share of the ring', () => {
  it('is the Rust probe\'s arc share for S = 1-4, 6, 7, 10, 14, 22, 24, 100, 143, 195, 256, 1,024, every shard to 1e-9 (S = 3: 0.931934, 1.076645, 0.991421)', () => {
    const rows = probe.filter((r) => r[0] === 'share');
    const sets = [...new Set(rows.map((r) => Number(r[1])))];
    expect(sets).toEqual([1, 2, 3, 4, 6, 7, 10, 14, 22, 24, 100, 143, 195, 256, 1024]);
    for (const S of sets) {
      const mine = ringShares(S);
      const theirs = rows.filter((r) => Number(r[1]) === S);
      expect(theirs).toHaveLength(S);
      for (const [, , s, share] of theirs) expect(Math.abs(mine[Number(s)]! - Number(share))).toBeLessThan(1e-9);
    }
  });

  it('routes the ids 0..119,999 to exactly the shard the v1.19.0 server put each in, for every S measured (2..12, 16, 24, 32)', () => {
    // Independent of ringShares: a ring of BigInt keys from ringNodeKey, searched as hashring's get() does (the first
    // node whose key is >= the id's hash, wrapping). A numeric id hashes as 0u64 then the id, little-endian
    // (qdrant@v1.19.0:lib/segment/src/types.rs, StableHash for ExtendedPointId).
    const n = 120_000;
    const idKeys = new Array<bigint>(n);
    const msg = new Uint8Array(16);
    const view = new DataView(msg.buffer);
    for (let id = 0; id < n; id++) {
      view.setUint32(8, id, true);
      idKeys[id] = u64(sipHash24(msg));
    }
    const rows = server.filter((r) => r.ids === 'numeric');
    expect(rows.map((r) => r.shards)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 24, 32]);
    for (const { shards: S, points_per_shard_id: counted } of rows) {
      const ring = Array.from({ length: S * 100 }, (_, j) => ({ key: u64(ringNodeKey(Math.floor(j / 100), j % 100)), shard: Math.floor(j / 100) }));
      ring.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const count = new Array<number>(S).fill(0);
      for (const k of idKeys) {
        let [lo, hi] = [0, ring.length];
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ring[mid]!.key < k) lo = mid + 1;
          else hi = mid;
        }
        count[ring[lo === ring.length ? 0 : lo]!.shard]! += 1;
      }
      expect(count).toEqual(counted);
    }
  });

  it('agrees with the server\'s 120,000 UUIDs per S within 4 standard deviations of a Binomial count, every shard of every S measured', () => {
    for (const { shards: S, points_per_shard_id: counted } of server.filter((r) => r.ids === 'uuid')) {
      const N = counted.reduce((a, b) => a + b, 0);
      const shares = ringShares(S);
      counted.forEach((c, s) => {
        const q = shares[s]! / S;
        expect(Math.abs(c - N * q)).toBeLessThan(4 * Math.sqrt(N * q * (1 - q)));
      });
    }
  });

  it('for every S from 1 to 1,024 the shares sum to S (mean 1) and the busiest factor is >= 1 >= the smallest factor', () => {
    for (let S = 1; S <= 1024; S++) {
      const shares = ringShares(S);
      expect(shares).toHaveLength(S);
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - S)).toBeLessThan(1e-9 * S);
      const k = shardSkew(S);
      expect(k.busiestFactor).toBeGreaterThanOrEqual(1);
      expect(k.smallestFactor).toBeLessThanOrEqual(1);
      expect(k.smallestFactor).toBeGreaterThan(0);
    }
  });
});
