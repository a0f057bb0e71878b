/**
 * Schema issues as the user's field and what was expected: the one rule that turns a zod error into the messages
 * qsize prints (the workload, the plan constraints, the emit options).
 *
 * zod reports a value that fits none of a union's alternatives as one `invalid_union` issue, "Invalid input", at the
 * union's path, with each alternative's own issues inside. A user who writes `min_token_len: 1.5` in a text index's
 * `field_schema` (a type name or a params object) needs to hear about `field_schema.min_token_len`, so the union is
 * replaced by the issues of the alternative that got furthest into the value (its deepest issue path; the first such
 * alternative on a tie). Where every alternative fails on the value itself (`payload.avgBytes` left out: a number or a
 * size string; `max_optimization_threads: many`: a number or "auto"), what each would take is joined ("expected number
 * or string, received undefined").
 */
import { editDistance, nearest } from '../pricing/nearest.js';

export interface SchemaIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: readonly (readonly SchemaIssue[])[];
  expected?: string;
  values?: readonly unknown[];
}

export interface FieldIssue {
  /** The path from the schema's root, as keys joined with dots (no prefix). */
  path: PropertyKey[];
  message: string;
  /** The issue as zod gave it, after unions are resolved (for callers that read its code or keys). */
  issue: SchemaIssue;
}

const depth = (issues: readonly SchemaIssue[]): number =>
  Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_union' && i.errors?.length ? Math.max(...i.errors.map(depth)) : 0)));

/** What one failed alternative would have taken: its type, the values it allows, else its own message. */
function expectation(i: SchemaIssue): string {
  if (i.code === 'invalid_type' && i.expected) return i.expected;
  if (i.code === 'invalid_value' && i.values) return i.values.map((v) => JSON.stringify(v)).join('|');
  return i.message;
}

export function flattenIssues(issues: readonly SchemaIssue[], at: readonly PropertyKey[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...at, ...issue.path];
    const alternatives = issue.code === 'invalid_union' ? (issue.errors ?? []).filter((a) => a.length > 0) : [];
    if (alternatives.length === 0) {
      out.push({ path, message: issue.message, issue });
      continue;
    }
    const deepest = Math.max(...alternatives.map(depth));
    if (deepest === 0) {
      // Every alternative fails on the value itself: say what each would take (a type, or the values it allows).
      const expected = [...new Set(alternatives.map((a) => a.map(expectation).join(', ')))];
      const received = alternatives.flat().map((i) => /received (\w+)/.exec(i.message)?.[1]).find((x) => x !== undefined);
      out.push({ path, message: `Invalid input: expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}`, issue });
      continue;
    }
    out.push(...flattenIssues(alternatives.find((a) => depth(a) === deepest)!, path));
  }
  return out;
}

/** A zod schema as far as knownKeysAt reads it (zod v4's `_zod.def`). */
interface SchemaLike {
  _zod?: { def?: Record<string, unknown> };
}

/** The keys an object schema at `path` under `schema` takes (through optional, default, nullable, pipe, lazy, union), or []. */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const def = (s: unknown) => (s as SchemaLike | undefined)?._zod?.def;
  const unwrap = (s: unknown, depth = 0): unknown[] => {
    const d = def(s);
    if (!d || depth > 20) return [];
    switch (d['type']) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        return unwrap(d['innerType'], depth + 1);
      case 'pipe':
        // z.preprocess(f, schema) is a pipe from a transform into the schema; schema.transform(f) one out of it.
        return [...unwrap(d['in'], depth + 1), ...unwrap(d['out'], depth + 1)];
      case 'lazy':
        return unwrap((d['getter'] as () => unknown)(), depth + 1);
      case 'union':
        return (d['options'] as unknown[]).flatMap((o) => unwrap(o, depth + 1));
      default:
        return [s];
    }
  };
  let level = unwrap(schema);
  for (const key of path) {
    level = level.flatMap((s) => {
      const d = def(s);
      if (d?.['type'] === 'object') {
        const shape = d['shape'] as Record<string, unknown>;
        return typeof key === 'string' && key in shape ? unwrap(shape[key]) : [];
      }
      if (d?.['type'] === 'record') return unwrap(d['valueType']);
      if (d?.['type'] === 'array') return unwrap(d['element']);
      return [];
    });
  }
  return [...new Set(level.flatMap((s) => (def(s)?.['type'] === 'object' ? Object.keys(def(s)!['shape'] as Record<string, unknown>) : [])))];
}

/**
 * An unknown key's message with the nearest key the object takes, when one is close (a key it starts with, or an edit
 * distance of at most a third of the key's length, at least 2, ignoring case, `-` and `_`): `Unrecognized key: "payloadBytes" (did you mean "payload"?)`. Keys are
 * names, never values, so the hint repeats nothing a user typed as a value.
 */
export function withKeyHints(issues: readonly FieldIssue[], schema: unknown): FieldIssue[] {
  return issues.map((i) => {
    const keys = i.issue.code === 'unrecognized_keys' ? ((i.issue as { keys?: readonly string[] }).keys ?? []) : [];
    if (keys.length === 0) return i;
    const known = knownKeysAt(schema, i.path);
    const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
    // How far an unknown key is from a known one: 0 when it starts with it (`payloadBytes`, `payload`), else the edit
    // distance to the whole key or, for a key of 5 characters or more, to the known key's start (`replicaton`,
    // `replicationFactor`: 1).
    const distance = (k: string, x: string) => {
      const a = norm(k);
      const b = norm(x);
      if (b.length >= 4 && a.startsWith(b)) return 0;
      return Math.min(editDistance(a, b), a.length >= 5 ? editDistance(a, b.slice(0, a.length)) : Number.POSITIVE_INFINITY);
    };
    const hints = keys.flatMap((k) => {
      const n = nearest(k, known, (s) => s);
      const best = known.reduce<string | undefined>((m, x) => (m === undefined || distance(k, x) < distance(k, m) ? x : m), n);
      const close = best !== undefined && distance(k, best) <= Math.max(2, Math.floor(norm(k).length / 3));
      return close ? [keys.length === 1 ? `did you mean "${best}"?` : `"${k}": did you mean "${best}"?`] : [];
    });
    return hints.length === 0 ? i : { ...i, message: `${i.message} (${hints.join('; ')})` };
  });
}
