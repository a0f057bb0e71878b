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
import { describeValue } from '../errors.js';
import { editDistance, nearest } from '../pricing/nearest.js';
import { valueAtPath } from './limits.js';

export interface SchemaIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: readonly (readonly SchemaIssue[])[];
  expected?: string;
  values?: readonly unknown[];
  /** A discriminated union's key (`type`) and the values it takes, when the value's key matched none. */
  discriminator?: string | undefined;
  options?: readonly unknown[] | undefined;
  input?: unknown;
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
    // A discriminated union's issue is at its key (`stemmer.type`) with the whole object as its input.
    const key = issue.code === 'invalid_union' && typeof issue.discriminator === 'string' && path.at(-1) === issue.discriminator ? issue.discriminator : undefined;
    const unionPath = key === undefined ? path : path.slice(0, -1);
    if (issue.code === 'invalid_union' && /^expected /.test(issue.message)) {
      // A union that says what it takes (`scoring`: `expected true, false or {"type": "bm25"}`) is reported whole, with
      // the value the user wrote there: `{ bm25: {} }` is neither alternative, not a bm25 object missing its type.
      out.push({ path: unionPath, message: issue.message, issue: { ...issue, path: unionPath.slice(at.length) } });
      continue;
    }
    if (key !== undefined && (issue.errors?.length ?? 0) === 0 && issue.options !== undefined && issue.options.length > 0) {
      // The key's value is none of the union's (`field_schema: { type: txt }`): said at the key, with its value, as an
      // enum's is; no key at all (`field_schema: { text: {...} }`): said at the object, with the object.
      const options = issue.options.map((o) => JSON.stringify(o)).join('|');
      const input = issue.input as Record<string, unknown> | undefined;
      const given = input?.[key];
      out.push(
        given === undefined
          ? { path: unionPath, message: `Invalid input: expected an object with "${key}": one of ${options}`, issue: { ...issue, path: unionPath.slice(at.length) } }
          : { path, message: `Invalid option: expected one of ${options}`, issue: { ...issue, input: given } },
      );
      continue;
    }
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
  return [...new Set(objectShapesAt(schema, path).flatMap((shape) => Object.keys(shape)))];
}

/**
 * The `type` values (a literal's) of the object schemas at `path` that take `key`: where a union's alternatives differ in
 * their keys (`scoring` is a text index's, `is_tenant` a keyword or uuid index's), what takes the key.
 */
function typesTakingKey(schema: unknown, path: readonly PropertyKey[], key: string): string[] {
  const def = (s: unknown) => (s as SchemaLike | undefined)?._zod?.def;
  return [
    ...new Set(
      objectShapesAt(schema, path)
        .filter((shape) => key in shape)
        .flatMap((shape) => {
          const t = def(shape['type']);
          return t?.['type'] === 'literal' ? (t['values'] as unknown[]).map(String) : [];
        }),
    ),
  ];
}

/** The shapes of the object schemas at `path` under `schema` (through optional, default, nullable, pipe, lazy, union). */
function objectShapesAt(schema: unknown, path: readonly PropertyKey[]): Record<string, unknown>[] {
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
  return level.flatMap((s) => (def(s)?.['type'] === 'object' ? [def(s)!['shape'] as Record<string, unknown>] : []));
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
      // A key another alternative of the union takes (`scoring` on a keyword index): say which takes it, rather than
      // suggest the key itself ("did you mean "scoring"?", before audit34).
      if (known.includes(k)) {
        const types = typesTakingKey(schema, i.path, k);
        const which = types.length > 0 ? `type ${types.map((t) => `"${t}"`).join(' or ')}` : 'another form of this object';
        return [`${keys.length === 1 ? '' : `"${k}": `}only ${which} takes it`];
      }
      const n = nearest(k, known, (s) => s);
      const best = known.reduce<string | undefined>((m, x) => (m === undefined || distance(k, x) < distance(k, m) ? x : m), n);
      const close = best !== undefined && distance(k, best) <= Math.max(2, Math.floor(norm(k).length / 3));
      return close ? [keys.length === 1 ? `did you mean "${best}"?` : `"${k}": did you mean "${best}"?`] : [];
    });
    return hints.length === 0 ? i : { ...i, message: `${i.message} (${hints.join('; ')})` };
  });
}

/** zod's label before what it expected (`Too small: expected number to be >=1`): dropped where qsize says what it got. */
const SCHEMA_LABEL = /^(?:Too small|Too big|Invalid input|Invalid option|Invalid string|Invalid number|Invalid type): (?=expected )/;

/**
 * A schema message with the value the user gave, in the words of every qsize input error (QsizeInputError:
 * `got <value>, expected <what>`): `Too small: expected number to be >=1` becomes `got 0, expected number to be >=1`,
 * zod's `received number` dropped (the value says more). A message that already says what it got, or says no
 * "expected", is kept. The one formatter of schema messages: the library's parsers (validationIssues) and the CLI's
 * naming of flags and spec fields (src/cli/inputs.ts nameFlags) both call it.
 */
export function withValue(message: string, found: { value: unknown } | undefined): string {
  const bare = message.replace(SCHEMA_LABEL, '');
  // A required key left out: zod's "received undefined" is "got nothing" (as for a flag not given).
  if (found === undefined && /^expected .*, received undefined$/.test(bare)) return `got nothing, ${bare.replace(/, received undefined$/, '')}`;
  if (found === undefined || !/^expected /.test(bare) || /\bgot\b/.test(bare)) return message;
  return `got ${describeValue(found.value)}, ${bare.replace(/, received \w+$/, '')}`;
}

/**
 * What a schema message says was expected, without zod's label or its `received <type>` (`Too small: expected number to
 * be >=1` is `expected number to be >=1`); undefined when it says no "expected" (a check's own sentence).
 */
export function expectedPart(message: string): string | undefined {
  const bare = message.replace(SCHEMA_LABEL, '').replace(/, received \w+$/, '');
  return /^expected /.test(bare) ? bare : undefined;
}

/** One field's problem, as QsizeValidationError carries it. */
export interface ValidationIssue {
  field: string;
  /** `got <value>, expected <what>` where the schema said what it expected, else the schema's own sentence. */
  message: string;
  /** What was expected, without the value (`expected number to be >=1`), when the message is `got <value>, <expected>`. */
  expected?: string;
}

/**
 * The value an issue is about, as zod recorded it (`safeParse(v, { reportInput: true })`). zod's own checks record the
 * value at the issue's path; a custom issue (a refine or transform's `addIssue`) records the value its check was given,
 * which may be an object above the field (a workload-wide check naming `collection.vectors`), so it is taken only when
 * it is the value at the field in `root`. Undefined when nothing says what the value was.
 */
export function issueInput(issue: SchemaIssue, path: readonly PropertyKey[], root?: unknown): { value: unknown } | undefined {
  if (!('input' in issue)) return undefined;
  const input = (issue as { input?: unknown }).input;
  if (issue.code !== 'custom') return { value: input };
  const at = valueAtPath(root, path);
  return at !== undefined && Object.is(at.value, input) ? at : undefined;
}

/**
 * An issue's message with its value (withValue), for a schema that re-raises a nested schema's issues as its own: a
 * flattened issue (flattenIssues) with its own message, or zod's.
 */
export function issueMessage(issue: SchemaIssue | FieldIssue, root?: unknown): string {
  const raw = 'issue' in issue ? issue.issue : issue;
  return withValue(issue.message, issueInput(raw, issue.path, root));
}

/**
 * A schema's failure as the library reports it (estimate(), recommend(), ...): each issue names its field (`field`
 * turns the path into the name), the value at fault and what was expected. The value is zod's own record of it
 * (issueInput), so it is the value at the issue's path even where the schema rewrote the input first (a pasted GET
 * reply read as the create body); `root` is the input as given.
 */
export function validationIssues(issues: readonly SchemaIssue[], schema: unknown, field: (path: PropertyKey[]) => string, root: unknown): ValidationIssue[] {
  return withKeyHints(flattenIssues(issues), schema).map((i) => {
    const message = withValue(i.message, issueInput(i.issue, i.path, root));
    const expected = message !== i.message ? i.message.replace(SCHEMA_LABEL, '').replace(/, received \w+$/, '') : undefined;
    return { field: field(i.path), message, ...(expected !== undefined ? { expected } : {}) };
  });
}
