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
