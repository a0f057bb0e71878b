/**
 * From parsed flags (and an optional `--spec` file) to the library's validated inputs. The spec file
 * is a Workload object, optionally with a `constraints` key (or `{ workload, constraints }`), in YAML
 * or JSON; flags override it. YAML is only loaded when the file is YAML.
 */
import { readFileSync } from 'node:fs';
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import { loadYaml } from './output.js';
import { applyFlags, flagForField, requireInputs, type FlagValues, type Inputs } from './flags.js';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and splits a spec file into workload and constraints. */
export async function readSpec(path: string): Promise<Inputs> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new QsizeInputError('--spec', path, `a readable YAML or JSON file (${reason})`);
  }
  let data: unknown;
  try {
    if (/\.json$/i.test(path) || /^\s*[{[]/.test(text)) data = JSON.parse(text);
    else {
      const { parse } = await loadYaml();
      data = parse(text);
    }
  } catch (error) {
    throw new QsizeInputError('--spec', path, `valid YAML or JSON (${firstLine((error as Error).message)})`);
  }
  if (!isRecord(data)) throw new QsizeInputError('--spec', path, 'a mapping with points and collection (a Workload), optionally with constraints');
  const { constraints, workload, ...rest } = data;
  const w = isRecord(workload) ? workload : rest;
  if (constraints !== undefined && !isRecord(constraints)) throw new QsizeInputError('--spec constraints', constraints, 'a mapping of plan constraints');
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
    return error;
  }
  if (!(error instanceof QsizeValidationError)) return error;
  return new QsizeValidationError(
    error.issues.map((issue) => {
      const flag = flagForField(issue.field);
      const key = flag?.slice(2);
      if (flag && key !== undefined && flags[key] !== undefined) return { field: flag, message: issue.message };
      return { field: typeof flags['spec'] === 'string' ? `${flags['spec']}: ${issue.field}` : issue.field, message: issue.message };
    }),
  );
}
