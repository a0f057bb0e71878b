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
  constructor(field: string, value: unknown, expected: string, hint?: string) {
    super(`${field}: got ${describeValue(value)}, expected ${expected}${hint ? ` (${hint})` : ''}`);
    this.name = 'QsizeInputError';
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

/** Several input problems at once (from schema validation). Exit code 2 in the CLI. */
export class QsizeValidationError extends QsizeError {
  override readonly code = 'QSIZE_INPUT';
  readonly issues: { field: string; message: string }[];
  constructor(issues: { field: string; message: string }[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    this.name = 'QsizeValidationError';
    this.issues = issues;
  }
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

/** No plan satisfies the constraints. Exit code 3 in the CLI. */
export class QsizeNoFitError extends QsizeError {
  override readonly code = 'QSIZE_NO_FIT';
  constructor(message: string) {
    super(message);
    this.name = 'QsizeNoFitError';
  }
}

export function describeValue(value: unknown): string {
  // Long strings are cut: a message names the value, it does not reprint a pasted file.
  if (typeof value === 'string') return value.length > 80 ? `${JSON.stringify(value.slice(0, 77))}... (${value.length} characters)` : JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
