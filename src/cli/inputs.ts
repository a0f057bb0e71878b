/**
 * From parsed flags (and an optional `--spec` file) to the library's validated inputs. The spec file
 * is a Workload object, optionally with a `constraints` key (or `{ workload, constraints }`), in YAML
 * or JSON; flags override it. YAML is only loaded when the file is YAML.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeValue, QsizeInputError, QsizeValidationError } from '../errors.js';
import { findShapeProblem, formatPath, INPUT_LIMITS, isRecord, valueAtPath } from '../spec/limits.js';
import { withValue } from '../spec/issues.js';
import { jsonSyntaxProblem, suggest } from './errors.js';
import { loadYaml } from './output.js';
import { applyFlags, checkPairs, flagForField, requireInputs, typedText, type FlagValues, type Inputs } from './flags.js';

type Json = Record<string, unknown>;

/** What a bounded read says about the file in its messages. */
export interface BoundedFile {
  /** The flag that named the file (`--spec`). */
  flag: string;
  /** What the file should be: `YAML or JSON`, `JSON recording`. */
  kind: string;
  /** Bytes read at most; past it the file is refused. */
  limit: number;
  /** The limit's name in the message (`the spec size limit`). */
  limitName: string;
}

/**
 * Reads at most `limit` + 1 bytes, in 64 KiB chunks: a larger file (or a device such as /dev/zero or /dev/urandom,
 * which never ends) is refused as soon as the limit is passed, without reading on. Pipes and process substitutions
 * (`--spec <(...)`) work; a directory is refused with the reason; the text must be UTF-8. Every file a flag names
 * (the spec, an observe recording, an API key file, a CA bundle) is read through it.
 */
export function readBoundedText(path: string, file: BoundedFile): string {
  const { flag, kind, limit } = file;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new QsizeInputError(flag, path, `a readable ${kind} file (${fsReason(error)})`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new QsizeInputError(flag, path, `a ${kind} file (it is a directory)`);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - length));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        throw new QsizeInputError(flag, path, `a readable ${kind} file (${fsReason(error)})`);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > limit) throw new QsizeInputError(flag, path, `a file of at most ${limit} bytes (${file.limitName}; it is larger)`);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks, length));
    } catch {
      throw new QsizeInputError(flag, path, `UTF-8 text (${kind}); it holds bytes that are not UTF-8`);
    }
  } finally {
    closeSync(fd);
  }
}

function readBounded(path: string): string {
  return readBoundedText(path, { flag: '--spec', kind: 'YAML or JSON', limit: INPUT_LIMITS.specBytes, limitName: 'the spec size limit' });
}

/** A file system error as a short reason: `no such file`, `permission denied`, else the code. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENAMETOOLONG: 'the name is too long',
    EEXIST: 'it already exists',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  if (code !== undefined && known[code] !== undefined) return `${known[code]} (${code})`;
  return code ?? (error instanceof Error ? error.message.split('\n')[0] ?? 'unknown error' : String(error));
}

/**
 * JSON.parse keeps the last of two equal keys; YAML refuses them. This scan (of text JSON.parse has already
 * accepted) refuses them in JSON too, naming the key. It keeps a stack of the keys seen per object, without recursion.
 */
function findDuplicateJsonKey(text: string): string | null {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top instanceof Set) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}

/** Reads and splits a spec file into workload and constraints. */
export async function readSpec(path: string): Promise<Inputs> {
  const text = readBounded(path).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    if (/\.json$/i.test(path) || /^\s*[{[]/.test(text)) {
      data = JSON.parse(text);
      const duplicate = findDuplicateJsonKey(text);
      if (duplicate !== null) throw new Error(`the key ${JSON.stringify(duplicate)} appears twice in one object`);
    } else {
      const { parse } = await loadYaml();
      data = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
    }
  } catch (error) {
    // The YAML composer recurses: a nesting deep enough to overflow the stack is refused like any other limit.
    if (error instanceof RangeError || /Maximum call stack size exceeded/.test(String((error as Error).message))) throw new QsizeInputError('--spec', path, `YAML or JSON nested at most ${INPUT_LIMITS.depth} levels deep`);
    throw new QsizeInputError('--spec', path, `valid YAML or JSON (${error instanceof SyntaxError ? jsonSyntaxProblem(error) : firstLine((error as Error).message)})`);
  }
  if (!isRecord(data)) throw new QsizeInputError('--spec', path, 'a mapping with points and collection (a Workload), optionally with constraints');
  const { constraints, workload, ...rest } = data;
  // `{ workload, constraints }`: nothing else is read, so anything else is refused rather than dropped unread.
  if (workload !== undefined && !isRecord(workload)) throw new QsizeInputError(`--spec ${path}: workload`, workload, 'a mapping with points and collection (a Workload)');
  const stray = isRecord(workload) ? Object.keys(rest) : [];
  if (stray.length > 0) {
    throw new QsizeValidationError(
      stray.map((key) => ({ field: `--spec ${path}: ${key}`, message: 'not read: beside a `workload` mapping the file holds only `workload` and `constraints` (move it into workload)' })),
    );
  }
  // The whole `GET /collections/{name}` reply as the file (`result`, `status`, `time`) is the collection, read as if
  // under `collection:` (its points_count and payload_schema lent by the same liftReply, src/spec/collection-body.ts).
  const reply = rest['result'];
  const whole = workload === undefined && isRecord(reply) && isRecord(reply['config']) && Object.keys(rest).every((k) => REPLY_KEYS.includes(k));
  const w = isRecord(workload) ? workload : whole ? { collection: rest } : rest;
  if (constraints !== undefined && !isRecord(constraints)) throw new QsizeInputError(`--spec ${path}: constraints`, constraints, 'a mapping of plan constraints');
  for (const [part, value, prefix] of [
    ['workload', w, isRecord(workload) ? ['workload'] : []],
    ['constraints', constraints ?? {}, ['constraints']],
  ] as const) {
    void part;
    const problem = findShapeProblem(value, { maxDepth: INPUT_LIMITS.depth, maxBytes: INPUT_LIMITS.workloadBytes, maxString: INPUT_LIMITS.stringChars });
    if (problem) {
      const at = [...prefix, ...problem.path];
      const shown = at.length > 8 ? `${formatPath(at.slice(0, 8))}...` : formatPath(at);
      throw new QsizeValidationError([{ field: `--spec ${path}: ${shown || '(root)'}`, message: problem.message }]);
    }
  }
  return { workload: w, constraints: (constraints as Json | undefined) ?? {} };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** The top-level keys of a Qdrant REST reply (`{ result, status, time }`, plus `usage` since 1.13). */
const REPLY_KEYS = ['result', 'status', 'time', 'usage'];

/** Spec file + flags, merged; refuses a workload without points or dimension with the flag to pass. */
export async function gatherInputs(flags: FlagValues): Promise<Inputs> {
  const base = typeof flags['spec'] === 'string' ? await readSpec(flags['spec']) : { workload: {}, constraints: {} };
  const inputs = applyFlags(base, flags);
  try {
    requireInputs(inputs);
  } catch (error) {
    // A spec that misspells a key (`colection:`) lacks the points or the vectors because of it: name the key, not --dim.
    if (typeof flags['spec'] === 'string') {
      const { WORKLOAD_KEYS } = await import('../spec/workload.js');
      const unknown = Object.keys(base.workload).filter((k) => !WORKLOAD_KEYS.includes(k));
      if (unknown.length > 0) {
        throw new QsizeValidationError(
          unknown.map((key) => {
            const near = suggest(key, WORKLOAD_KEYS);
            return { field: `--spec ${flags['spec']}: ${key}`, message: `not a Workload key${near ? ` (did you mean ${near}?)` : ''}; a Workload has ${WORKLOAD_KEYS.join(', ')}` };
          }),
        );
      }
    }
    throw error;
  }
  try {
    checkPairs(inputs);
  } catch (error) {
    throw nameFlags(error, flags, inputs);
  }
  return inputs;
}

/** A flag's own value, when it is one value the user typed (a list flag keeps the error's value: the item at fault). */
function typedValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Rewrites library errors so that they name what the user typed: the flag (`--dim: got 0, expected ...`) when a flag set
 * the field, with the flag's value; otherwise the field in the spec file that gave it (`--spec plan.yaml: points: ...`),
 * with the value the file holds there. Other errors pass through.
 */
export function nameFlags(error: unknown, flags: FlagValues, inputs?: Inputs): unknown {
  const spec = typeof flags['spec'] === 'string' ? flags['spec'] : undefined;
  // A field no flag set came from the spec file (or the library's default): named in the file. The workload itself
  // (`(workload)`, an issue on the whole object) is the file.
  const inSpec = (field: string) => {
    if (spec === undefined || field.startsWith('-')) return field;
    const at = field.replace(/^\(workload\)$/, '');
    return at === '' ? `--spec ${spec}` : `--spec ${spec}: ${at}`;
  };
  const flagOf = (field: string) => {
    const flag = flagForField(field);
    const key = flag?.slice(2);
    return flag && key !== undefined && flags[key] !== undefined ? { flag, value: typedText(key) ?? flags[key] } : undefined;
  };
  if (error instanceof QsizeInputError) {
    const set = flagOf(error.field);
    if (set) return new QsizeInputError(set.flag, typedValue(set.value) ? set.value : error.value, error.expected, error.hint);
    const field = inSpec(error.field);
    return field === error.field ? error : new QsizeInputError(field, error.value, error.expected, error.hint);
  }
  if (!(error instanceof QsizeValidationError)) return error;
  const lookUp = (field: string) => {
    if (inputs === undefined) return undefined;
    return field.startsWith('constraints.') ? valueAtPath(inputs.constraints, field.slice('constraints.'.length)) : valueAtPath(inputs.workload, field);
  };
  return new QsizeValidationError(
    error.issues.map((issue) => {
      const set = flagOf(issue.field);
      // The library said the value it was given (`got 0, expected ...`); a flag's is said as typed (`got "0"`).
      if (set) return { field: set.flag, message: withValue(issue.expected ?? issue.message, { value: set.value }) };
      return { field: inSpec(issue.field), message: issue.expected !== undefined ? issue.message : withValue(issue.message, lookUp(issue.field)) };
    }),
  );
}
