/**
 * A noun's form for a count: `plural(1, 'shard')` is "shard", `plural(4, 'shard')` "shards" (and 0 or 1.5 "shards",
 * as English counts them). The one rule for every count the reports print beside a noun; `many` for nouns that do
 * not take a plain "s".
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** The count and its noun, `counted(4, 'shard')` "4 shards", `counted(1, 'peer')` "1 peer": plural's rule with the number before it. */
export function counted(n: number, word: string, many?: string): string {
  return `${n} ${plural(n, word, many)}`;
}
