/**
 * One error class per failure kind, each with a stable `code`, so that the CLI's error funnel can
 * pick an exit code (2 = bad input, 3 = nothing fits, 1 = anything else) without parsing messages.
 */
export class QsizeError extends Error {
  readonly code: string = 'QSIZE_ERROR';
}

/** Bad input: names the field, the value and what was expected. Exit code 2 in the CLI. */
export class QsizeInputError extends QsizeError {
  override readonly code = 'QSIZE_INPUT';
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  readonly hint: string | undefined;
  constructor(field: string, value: unknown, expected: string, hint?: string) {
    super(`${field}: got ${describeValue(value)}, expected ${expected}${hint ? ` (${hint})` : ''}`);
    this.name = 'QsizeInputError';
    this.field = field;
    this.value = value;
    this.expected = expected;
    this.hint = hint;
  }
}

/**
 * A setting the workload's Qdrant version does not have (a 1.20 datatype at 1.19, a memory tier before 1.19, ...): an
 * input error like any other, told apart so that a spec the schema refuses still hears of its version errors in the
 * same run (parseWorkload, src/model/estimate.ts).
 */
export class QsizeVersionError extends QsizeInputError {
  constructor(field: string, value: unknown, expected: string) {
    super(field, value, expected);
    this.name = 'QsizeVersionError';
  }
}

/** Several input problems at once (from schema validation). Exit code 2 in the CLI. */
export class QsizeValidationError extends QsizeError {
  override readonly code = 'QSIZE_INPUT';
  /**
   * Each field's problem: `message` is `got <value>, expected <what>` where the schema said what it expected
   * (`expected` then holds that part alone, for a caller that shows the value as the user typed it), else the schema's
   * own sentence (an unknown key, a limit).
   */
  readonly issues: { field: string; message: string; expected?: string }[];
  constructor(issues: { field: string; message: string; expected?: string }[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    this.name = 'QsizeValidationError';
    this.issues = issues;
  }
}

/** An input error as one issue of a QsizeValidationError, in its own words (`got <value>, expected <what>`). */
export function inputIssue(e: QsizeInputError): { field: string; message: string; expected: string } {
  const expected = `expected ${e.expected}${e.hint ? ` (${e.hint})` : ''}`;
  return { field: e.field, message: `got ${describeValue(e.value)}, ${expected}`, expected };
}

/**
 * Input errors found in one pass (every problem resolve() meets, the settings the workload's Qdrant version lacks among
 * them: src/model/resolve.ts), refused together: the error itself when there is one, else a QsizeValidationError with
 * one issue per error (inputIssue; `expected` holds the part after the value, as for a schema issue).
 */
export function inputErrors(errors: readonly QsizeInputError[]): QsizeInputError | QsizeValidationError {
  if (errors.length === 1) return errors[0]!;
  return new QsizeValidationError(errors.map(inputIssue));
}

/**
 * A file could not be read or written (a full disk, a read-only folder, a file where a folder should be):
 * names the path and the reason. Exit code 2 in the CLI (the user's environment, not a qsize bug).
 */
export class QsizeFileError extends QsizeError {
  override readonly code = 'QSIZE_FILE';
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(`cannot write ${path}: ${reason}`);
    this.name = 'QsizeFileError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * No plan satisfies the constraints. Exit code 3 in the CLI. `closest` holds the plans that fail the fewest checks
 * (typed loosely here to keep this module free of the planner's types: they are `Plan` objects).
 */
export class QsizeNoFitError extends QsizeError {
  override readonly code = 'QSIZE_NO_FIT';
  readonly closest: readonly unknown[];
  constructor(message: string, closest: readonly unknown[] = []) {
    super(message);
    this.name = 'QsizeNoFitError';
    this.closest = closest;
  }
}

/**
 * True for text that looks like a credential rather than a name: a known token prefix (sk_/sk-, ghp_, github_pat_,
 * xox?-, AKIA, glpat-, a JWT's eyJ), or 20+ characters without spaces that mix upper case, lower case and digits with
 * the spread of random text (Shannon entropy of at least 3.5 bits a character). Kubernetes names are lower case, so
 * they are never taken for one.
 */
export function looksLikeSecret(text: string): boolean {
  if (text.length < 16 || /\s/.test(text)) return false;
  if (/^(?:sk|pk|rk)[-_]|^gh[pousr]_|^github_pat_|^xox[abprs]-|^AKIA[0-9A-Z]{12}|^glpat-|^eyJ[A-Za-z0-9_-]{10,}/.test(text)) return true;
  if (text.length < 20 || !/[a-z]/.test(text) || !/[A-Z]/.test(text) || !/[0-9]/.test(text)) return false;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / text.length) * Math.log2(n / text.length);
  return entropy >= 3.5;
}

/**
 * A file path as people type one: absolute (`/Users/...`), relative to here or home (`./`, `../`, `~/`), or a file
 * name ending in .yaml, .yml or .json.
 */
const PATH_LIKE = /^(?:\/|\.{1,2}\/|~\/)|\.(?:ya?ml|json)$/i;

/** How an error message shows a string the user gave: quoted, cut when long, never when it looks like a secret. */
export function showText(text: string): string {
  // A path is judged name by name: `/Users/alice/plan2.yaml` as a whole has the case mix, digits and spread of random
  // text, which hid every such path; a folder or file name that looks like a credential is still not shown.
  const words = PATH_LIKE.test(text) ? text.split(/[\s/]+/) : text.split(/\s+/);
  // A key can also be one part of a value of several (`vm=4cpu/sk_live_...`, `NAME=...@PRICE`): each part between
  // "=", "/", "@", ":" and "," is judged too, as well as the whole word (a base64 key holds "/" and "=").
  const parts = words.flatMap((w) => w.split(/[=/@:,]+/));
  if (words.some(looksLikeSecret) || parts.some(looksLikeSecret)) return `a value that looks like a secret (${text.length} characters, not shown)`;
  // Long strings are cut: a message names the value, it does not reprint a pasted file.
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}... (${text.length} characters)` : JSON.stringify(text);
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return showText(value);
  if (value === undefined) return 'nothing';
  // JSON writes NaN and ±Infinity as null: a YAML `.nan` or `.inf` the user wrote is shown as itself.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
