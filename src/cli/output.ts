/**
 * Writes a command's result in the chosen format: data on stdout, nothing else. JSON is the
 * library's own versioned result (it carries `schemaVersion`); YAML is the same object; CSV has one
 * row per line item or per alternative (csv-stringify). yaml and csv-stringify load only when used.
 */
import { QsizeInputError } from '../errors.js';
import { renderMarkdown, renderText, type Doc } from './doc.js';

export const OUTPUTS = ['text', 'markdown', 'json', 'yaml', 'csv'] as const;
export type OutputFormat = (typeof OUTPUTS)[number];

/** The yaml package, loaded on first use (its Node entry is CommonJS: the bundle exposes it as `default`). */
export async function loadYaml(): Promise<typeof import('yaml')> {
  const mod = await import('yaml');
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
}

export type Row = Record<string, string | number | boolean | null>;

export interface Result {
  /** The versioned object for json and yaml. */
  data: object;
  /** The report for text and markdown. */
  doc: () => Doc;
  /** The markdown document when it differs from the text report (the quote's proposal); default `doc`. */
  markdown?: () => Doc;
  /** One row per line item / alternative / instance, for csv. */
  rows: () => Row[];
}

/**
 * Refuses to print a non-finite number or a negative size: such a value is a bug, never an answer. A field named
 * `delta…` is a signed change between two answers (a version diff, a cost difference), not a size.
 */
export function assertPrintable(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`result ${path} is ${String(value)}`);
    if (value < 0 && /bytes|Bytes|memory|Memory|disk|Disk/.test(path) && !/\.delta[A-Za-z_]*$/.test(path)) throw new Error(`result ${path} is a negative size (${value})`);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => assertPrintable(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) assertPrintable(v, `${path}.${k}`);
}

export async function formatResult(format: OutputFormat, result: Result): Promise<string> {
  switch (format) {
    case 'json':
      assertPrintable(result.data);
      return `${JSON.stringify(result.data, null, 2)}\n`;
    case 'yaml': {
      assertPrintable(result.data);
      const { stringify } = await loadYaml();
      return stringify(result.data, { lineWidth: 0, aliasDuplicateObjects: false });
    }
    case 'csv': {
      const rows = result.rows();
      assertPrintable(rows);
      const { stringify } = await import('csv-stringify/sync');
      return stringify(rows, { header: true, columns: rows[0] ? Object.keys(rows[0]) : ['empty'] });
    }
    case 'markdown':
      return renderMarkdown((result.markdown ?? result.doc)());
    case 'text':
      return renderText(result.doc());
    default:
      // The CLI's --output has these choices; a library caller (renderQuote(r, 'pdf')) got a TypeError from reading on.
      throw new QsizeInputError('format', format, `one of ${OUTPUTS.join(', ')}`);
  }
}

export async function writeResult(format: OutputFormat, result: Result): Promise<void> {
  // The guard checks the numbers, not the text: a vector named NaN or a folder named Infinity is valid input.
  assertPrintable(result.data);
  const text = await formatResult(format, result);
  writeStdout(text);
}

/**
 * Writes to stdout. A closed pipe (EPIPE: `qsize ... | head`) or a full disk (ENOSPC: `qsize ... > /full/disk`)
 * ends the run with one line on stderr and exit code 2, never a stack trace: the error may come back
 * synchronously (a file) or as an 'error' event (a pipe), and both land in stdoutFailed.
 */
export function writeStdout(text: string): void {
  try {
    process.stdout.write(text);
  } catch (error) {
    stdoutFailed(error);
  }
}

let stdoutFailedOnce = false;
export function stdoutFailed(error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { EPIPE: 'the reader closed the pipe (EPIPE)', ENOSPC: 'no space left on the device (ENOSPC)', EDQUOT: 'disk quota exceeded (EDQUOT)', EIO: 'input/output error (EIO)' };
  if (!stdoutFailedOnce) {
    stdoutFailedOnce = true;
    try {
      process.stderr.write(`qsize: could not write the output to stdout: ${(code && reasons[code]) ?? code ?? String(error)}\n`);
    } catch {
      // stderr is gone too: nothing left to tell
    }
  }
  process.exit(2);
}
