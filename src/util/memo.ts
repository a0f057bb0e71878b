/**
 * A bounded memo of a pure function: at most `limit` values, the least recently used dropped first (a Map keeps
 * insertion order, so a hit moves to the end). The key must name every input the function reads; the caller builds it.
 * The one bounded cache of qsize, below the model, the topology and the planner so that each can use it: the text
 * index's Zipf-law sums (src/model/text-index.ts), the shard skew per S (src/model/shard-skew.ts), the worst failure
 * of a placement (src/topology/placement.ts), and the planner's placements and estimates shared across recommend()
 * calls (src/plan/evaluate.ts): a plan evaluates the same inputs at every layout it tries. A value is returned as
 * stored: a caller that shares it across calls freezes it (the planner does).
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
