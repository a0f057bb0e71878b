/**
 * Schema issues as the user's field and what was expected: the one rule that turns a zod error into the messages
 * qsize prints (the workload, the plan constraints, the emit options).
 *
 * zod reports a value that fits none of a union's alternatives as one `invalid_union` issue, "Invalid input", at the
 * union's path, with each alternative's own issues inside. A user who writes `min_token_len: 1.5` in a text index's
 * `field_schema` (a type name or a params object) needs to hear about `field_schema.min_token_len`, so the union is
 * replaced by the issues of the alternative that got furthest into the value (its deepest issue path; the first such
 * alternative on a tie). Where every alternative fails on the value itself by its type (`payload.avgBytes` left out:
 * a number or a size string), the expected types are joined ("expected number or string, received undefined").
 */
export interface SchemaIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: readonly (readonly SchemaIssue[])[];
  expected?: string;
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

export function flattenIssues(issues: readonly SchemaIssue[], at: readonly PropertyKey[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...at, ...issue.path];
    const alternatives = issue.code === 'invalid_union' ? (issue.errors ?? []).filter((a) => a.length > 0) : [];
    if (alternatives.length === 0) {
      out.push({ path, message: issue.message, issue });
      continue;
    }
    const typeOnly = alternatives.every((a) => a.length === 1 && a[0]!.code === 'invalid_type' && a[0]!.path.length === 0 && a[0]!.expected);
    if (typeOnly) {
      const expected = [...new Set(alternatives.map((a) => a[0]!.expected!))];
      const received = /received (\w+)/.exec(alternatives[0]![0]!.message)?.[1];
      out.push({ path, message: `Invalid input: expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}`, issue });
      continue;
    }
    const deepest = Math.max(...alternatives.map(depth));
    out.push(...flattenIssues(alternatives.find((a) => depth(a) === deepest)!, path));
  }
  return out;
}
