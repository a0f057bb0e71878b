/**
 * The nearest known name to a misspelt one, for "did you mean" messages: flags (src/cli/errors.ts), regions
 * (src/pricing/regions.ts) and planner constraints (src/plan/context.ts) all use this one edit distance.
 * Hand-written: a dozen lines over short names, not worth a dependency in the browser bundle.
 */

/** Levenshtein distance (insertions, deletions, substitutions cost 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The known value closest to `value` (ties: the first in `known`), or undefined when `known` is empty. `normalize`
 * maps both sides first (regions compare without spaces, hyphens and underscores).
 */
export function nearest(value: string, known: readonly string[], normalize: (s: string) => string = (s) => s): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const v = normalize(value);
  for (const k of known) {
    const d = editDistance(v, normalize(k));
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** `"r9z" is not known; nearest: "r6i"; known: a, b, c` with at most `max` known values listed. */
export function unknownValueHint(value: string, known: readonly string[], max = 40): string {
  const near = nearest(value, known);
  const list = known.length > max ? `${known.slice(0, max).join(', ')}, … (${known.length} in all)` : known.join(', ');
  return `${near !== undefined ? `nearest: ${near}; ` : ''}known: ${list}`;
}

/**
 * What a name the catalog lacks was expected to be, for the planner's constraints (src/plan/context.ts) and
 * `qsize catalog`'s filters alike: `an instance family in the catalog for gcp (nearest: n2-highmem; known: ...)`.
 * `scope` names the cloud and region searched (` for gcp`, ` in us-east1`), since a name may be in the catalog but
 * not there.
 */
export function catalogNameExpected(what: string, value: string, known: readonly string[], scope = ''): string {
  return `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} in the catalog${scope} (${unknownValueHint(value, known)})`;
}
