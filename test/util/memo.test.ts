/**
 * BoundedMemo (src/util/memo.ts), the one bounded cache: the text model's sums, the shard skew, the worst failures
 * and the planner's placements and shared estimates use it. Whether each caller's key names every input is tested
 * with the caller (test/model/text-memo.test.ts, test/plan/shared-estimates.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/util/memo.js';

describe('BoundedMemo', () => {
  it('holds at most its limit, dropping the least recently used first', () => {
    const m = new BoundedMemo<number>(2);
    let made = 0;
    const get = (k: string) => m.get(k, () => ++made);
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(2);
    expect(get('a')).toBe(1); // a is now the most recent
    expect(get('c')).toBe(3); // drops b
    expect(m.size).toBe(2);
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4); // made again
  });

  it('makes a value once per key while the key is held, and again after it was dropped', () => {
    const m = new BoundedMemo<string>(3);
    const made: string[] = [];
    const get = (k: string) => m.get(k, () => (made.push(k), k.toUpperCase()));
    for (const k of ['a', 'b', 'a', 'c', 'a', 'b']) expect(get(k)).toBe(k.toUpperCase());
    expect(made).toEqual(['a', 'b', 'c']);
    get('d'); // drops the least recently used: c (a and b were asked for after it)
    get('c');
    expect(made).toEqual(['a', 'b', 'c', 'd', 'c']);
    expect(m.size).toBe(3);
  });
});
