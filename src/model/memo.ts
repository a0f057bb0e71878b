/**
 * A bounded memo of a pure function: at most `limit` values, the least recently used dropped first (a Map keeps
 * insertion order, so a hit moves to the end). The key must name every input the function reads; the caller builds it.
 * The model's sums over a text index's Zipf laws use it (src/model/text-index.ts): a plan evaluates the same laws at
 * every layout it tries.
 */
export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly limit: number) {}

  /** The value stored under `key`, else `make()`'s, stored. */
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, v);
    return v;
  }

  /** Values held (at most `limit`). */
  get size(): number {
    return this.map.size;
  }
}
