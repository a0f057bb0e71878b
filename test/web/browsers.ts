/**
 * The one rule every browser test file follows for the programs it needs (test/web/web.test.ts, firefox.test.ts,
 * webkit.test.ts): each is found at the first existing path of its list (an environment variable first); when one is
 * missing the file is skipped with a one-line message, unless QSIZE_WEB=required (CI, .ci/run), where the missing
 * program fails the file instead.
 */
import { existsSync } from 'node:fs';

/** A program a browser test needs: where it may be, and the Debian package that installs it (said when it is missing). */
export interface Needed<N extends string = string> {
  name: N;
  paths: readonly (string | undefined)[];
  debian: string;
}

export interface Browser<N extends string> {
  /** Whether the file's tests are skipped (something is missing and QSIZE_WEB is not `required`). */
  readonly skip: boolean;
  /** The path of each needed program, by name; throws (QSIZE_WEB=required) naming what is missing. */
  paths(): Record<N, string>;
}

export function findBrowser<N extends string>(label: string, needed: readonly Needed<N>[]): Browser<N> {
  const found = new Map(needed.map((n) => [n.name, n.paths.find((p): p is string => !!p && existsSync(p))]));
  const missing = needed.filter((n) => !found.get(n.name));
  const names = missing.map((n) => n.name);
  const why = `no ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]} on this machine (apt-get install ${[...new Set(missing.map((n) => n.debian))].join(' ')})`;
  const required = process.env['QSIZE_WEB'] === 'required';
  const skip = missing.length > 0 && !required;
  if (skip) console.log(`web page tests in ${label} SKIPPED: ${why}`);
  return {
    skip,
    paths: () => {
      if (missing.length > 0) throw new Error(`QSIZE_WEB=required but ${why}`);
      return Object.fromEntries([...found].map(([name, path]) => [name, path ?? ''])) as Record<N, string>;
    },
  };
}
