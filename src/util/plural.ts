/**
 * A noun's form for a count: `plural(1, 'shard')` is "shard", `plural(4, 'shard')` "shards" (and 0 or 1.5 "shards",
 * as English counts them). The one rule for every count the reports print beside a noun; `many` for nouns that do
 * not take a plain "s".
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}
