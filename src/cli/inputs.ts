/**
 * From parsed flags (and an optional `--spec` file) to the library's validated inputs. The spec file
 * is a Workload object, optionally with a `constraints` key (or `{ workload, constraints }`), in YAML
 * or JSON; flags override it. YAML is only loaded when the file is YAML.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeValue, QsizeInputError, QsizeValidationError } from '../errors.js';
import { findShapeProblem, formatPath, INPUT_LIMITS } from '../spec/limits.js';
import { loadYaml } from './output.js';
import { applyFlags, flagForField, requireInputs, type FlagValues, type Inputs } from './flags.js';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads at most INPUT_LIMITS.specBytes + 1 bytes: a larger file (or a device such as /dev/zero or /dev/urandom,
 * which never ends) is refused as soon as the limit is passed, without reading on. Pipes and process
 * substitutions (`--spec <(...)`) work; a directory is refused with the reason.
 */
function readBounded(path: string): string {
  const limit = INPUT_LIMITS.specBytes;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new QsizeInputError('--spec', path, `a readable YAML or JSON file (${fsReason(error)})`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new QsizeInputError('--spec', path, 'a YAML or JSON file (it is a directory)');
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        throw new QsizeInputError('--spec', path, `a readable YAML or JSON file (${fsReason(error)})`);
      }
      if (n === 0) break;
      length += n;
      if (length > limit) throw new QsizeInputError('--spec', path, `a file of at most ${limit} bytes (the spec size limit; it is larger)`);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, length));
    } catch {
      throw new QsizeInputError('--spec', path, 'UTF-8 text (YAML or JSON); it holds bytes that are not UTF-8');
    }
  } finally {
    closeSync(fd);
  }
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
    throw new QsizeInputError('--spec', path, `valid YAML or JSON (${firstLine((error as Error).message)})`);
  }
  if (!isRecord(data)) throw new QsizeInputError('--spec', path, 'a mapping with points and collection (a Workload), optionally with constraints');
  const { constraints, workload, ...rest } = data;
  const w = isRecord(workload) ? workload : rest;
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

/** Spec file + flags, merged; refuses a workload without points or dimension with the flag to pass. */
export async function gatherInputs(flags: FlagValues): Promise<Inputs> {
  const base = typeof flags['spec'] === 'string' ? await readSpec(flags['spec']) : { workload: {}, constraints: {} };
  const inputs = applyFlags(base, flags);
  requireInputs(inputs);
  return inputs;
}

/**
 * Rewrites schema errors so that they name the flag (`--dim: got 0, expected ...`) when a flag set the
 * field, and the spec field otherwise. Other errors pass through.
 */
export function nameFlags(error: unknown, flags: FlagValues): unknown {
  if (error instanceof QsizeInputError) {
    const flag = flagForField(error.field);
    const key = flag?.slice(2);
    if (flag && key !== undefined && flags[key] !== undefined) return new QsizeInputError(flag, error.value, error.expected, error.hint);
    // A spec field the library blames (`constraints.growth.pointsPerMonth`) is named in the spec file that gave it.
    if (typeof flags['spec'] === 'string' && /^(?:constraints|collection|payload|assumptions)\./.test(error.field)) {
      return new QsizeInputError(`--spec ${flags['spec']}: ${error.field}`, error.value, error.expected, error.hint);
    }
    return error;
  }
  if (!(error instanceof QsizeValidationError)) return error;
  return new QsizeValidationError(
    error.issues.map((issue) => {
      const flag = flagForField(issue.field);
      const key = flag?.slice(2);
      if (flag && key !== undefined && flags[key] !== undefined) {
        // The value is the one the flag gave (a schema message says what was expected, not what was got).
        const message = /^expected /.test(issue.message) && !/\bgot\b/.test(issue.message) ? `got ${describeValue(flags[key])}, ${issue.message}` : issue.message;
        return { field: flag, message };
      }
      return { field: typeof flags['spec'] === 'string' ? `${flags['spec']}: ${issue.field}` : issue.field, message: issue.message };
    }),
  );
}
