/**
 * One recompute, without the DOM: form values (strings, as typed) -> the CLI's flag values -> the library's
 * inputs -> recommend(). Errors come back keyed by the field that caused them, with the library's messages.
 */
import {
  applyFlags,
  currencyView,
  emitOptionsFromFlags,
  EMIT_OPTION_FLAGS,
  flagForField,
  parseEmitOptions,
  QsizeInputError,
  QsizeNoFitError,
  QsizeValidationError,
  recommend,
  requireInputs,
  type CurrencyView,
  type EmitOptions,
  type FlagValues,
  type Inputs,
  type PlanCatalog,
  type Recommendation,
} from '../../src/index.js';
import { forgetTypedTexts, typedText } from '../../src/cli/flags.js';
import { withValue } from '../../src/spec/issues.js';
import { parse as parseYaml } from 'yaml';
import { FIELD_BY_KEY, FIELDS } from './fields.js';
import type { LazyChoice, Pending } from './lazy-part.js';
import type { CatalogChoice } from './quote-tables.js';
import { TextTablesNotLoaded } from './text-tables.js';

export interface FormState {
  /** Raw text per field key, only the fields the user set. */
  values: Record<string, string>;
  /** The pasted collection config (JSON or YAML), or ''. */
  config: string;
}

/** Where an error is shown: a field key, `config` (the paste box) or `form` (above the form). */
export type Errors = Record<string, string[]>;

export type Outcome =
  /** `currency`: the currency field's view (`qsize --currency`); undefined: money in USD, as without the flag. */
  | { ok: true; r: Recommendation; inputs: Inputs; flags: FlagValues; emitFlags: FlagValues; emit: EmitOptions; currency?: CurrencyView; ms: number }
  | { ok: false; errors: Errors; noFit?: string; ms: number }
  /** A lazily loaded part the plan needs is loading (`loading` names it; web/src/lazy-part.ts): compute again once `ready` settles. */
  | { ok: false; errors: Errors; loading: string; ready: Promise<void>; ms: number };

function add(errors: Errors, where: string, message: string): void {
  (errors[where] ??= []).push(message);
}

/**
 * Field text -> the value the CLI's parser gives (`100M` -> 100000000), or an error naming the flag: the plan's flags,
 * the emit options' and the quote's (`currency`).
 */
export function flagValues(state: FormState, errors: Errors): { flags: FlagValues; emitFlags: FlagValues; quoteFlags: FlagValues } {
  const flags: FlagValues = {};
  const emitFlags: FlagValues = {};
  const quoteFlags: FlagValues = {};
  // The texts typed are this computation's only (src/cli/flags.ts typedText), as for each run of the CLI.
  forgetTypedTexts();
  for (const [key, raw] of Object.entries(state.values)) {
    const f = FIELD_BY_KEY.get(key);
    if (!f || raw.trim() === '') continue;
    const target = f.section === 'emit' ? emitFlags : f.section === 'quote' ? quoteFlags : flags;
    try {
      if (f.kind === 'bool') {
        if (raw !== 'true' && raw !== 'false') throw new QsizeInputError(f.flag, raw, 'true or false');
        target[key] = raw === 'true';
        continue;
      }
      const value = f.coerce ? f.coerce(raw) : raw.trim();
      if (f.choices && !f.choices.includes(String(value))) throw new QsizeInputError(f.flag, raw, `one of ${f.choices.join(', ')}`);
      target[key] = value;
    } catch (error) {
      if (error instanceof QsizeInputError) add(errors, key, error.message);
      else throw error;
    }
  }
  return { flags, emitFlags, quoteFlags };
}

/** The currency field as `qsize --currency` reads it (src/cli/currency-view.ts): a bad code is an error beside it. */
function currencyOf(quoteFlags: FlagValues, errors: Errors): CurrencyView | undefined {
  const code = quoteFlags['currency'];
  if (typeof code !== 'string') return undefined;
  try {
    return currencyView(code);
  } catch (error) {
    if (error instanceof QsizeInputError) add(errors, 'currency', error.message);
    else throw error;
    return undefined;
  }
}

/** The paste box: a create-collection body or GET /collections/{name} (`config`, or the whole response). */
function pastedCollection(text: string, errors: Errors): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    add(errors, 'config', `collection config: expected JSON (or YAML): ${String((error as Error).message).split('\n')[0]}`);
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    add(errors, 'config', 'collection config: expected an object, the body of PUT /collections/{name} or the config of GET /collections/{name}');
    return undefined;
  }
  return data as Record<string, unknown>;
}

/** Which emit flag sets an emit option (`customerId` <- `customer-id`): the CLI's own table. */
const EMIT_FLAG_OF_OPTION = new Map(Object.entries(EMIT_OPTION_FLAGS).map(([option, flag]) => [option, flag.slice(2)] as const));

/** A schema error's field (`collection.vectors.size`, `options.namespace`) -> where the page shows it. */
function placeIssue(field: string, flags: FlagValues, emitFlags: FlagValues, hasConfig: boolean): string {
  const flag = flagForField(field);
  const key = flag?.slice(2);
  if (key !== undefined && (flags[key] !== undefined || !hasConfig)) return key;
  if (field.startsWith('options.')) {
    const emitKey = EMIT_FLAG_OF_OPTION.get(field.slice('options.'.length).split('.')[0] ?? '');
    if (emitKey !== undefined && emitFlags[emitKey] !== undefined) return emitKey;
  }
  if (field.startsWith('collection') && hasConfig) return 'config';
  if (field.startsWith('--') && FIELD_BY_KEY.has(field.slice(2).split(' ')[0] ?? '')) return field.slice(2).split(' ')[0] ?? 'form';
  return 'form';
}

/**
 * `catalog`: one catalog for every input, or the page's catalog per region (web/src/quote-tables.ts pageCatalogs),
 * which may still be loading the region's tables. `textTables`: in the page, its text-index tables (web/src/text-tables.ts),
 * loaded when the library first reads one (the estimate of a text payload index); left out where the library has them
 * (Node, the tests).
 */
export function compute(
  state: FormState,
  catalog: PlanCatalog | ((region: string | undefined) => CatalogChoice),
  textTables?: () => LazyChoice<unknown>,
  now: () => number = () => performance.now(),
): Outcome {
  const t0 = now();
  const errors: Errors = {};
  const { flags, emitFlags, quoteFlags } = flagValues(state, errors);
  const currency = currencyOf(quoteFlags, errors);
  const collection = pastedCollection(state.config, errors);
  const hasConfig = collection !== undefined;
  const done = (): Outcome => ({ ok: false, errors, ms: now() - t0 });
  if (Object.keys(errors).length > 0) return done();

  let inputs: Inputs;
  let emit: EmitOptions;
  try {
    inputs = applyFlags({ workload: hasConfig ? { collection } : {}, constraints: {} }, flags);
    requireInputs(inputs);
    emit = parseEmitOptions(emitOptionsFromFlags(emitFlags));
  } catch (error) {
    if (error instanceof QsizeValidationError) for (const i of error.issues) add(errors, placeIssue(i.field, flags, emitFlags, hasConfig), `${i.field}: ${i.message}`);
    else if (error instanceof QsizeInputError) add(errors, placeIssue(error.field, flags, emitFlags, hasConfig), error.message);
    else throw error;
    return done();
  }
  // A part the page loads lazily and this plan needs: loading (compute again when it is in), or why it did not load.
  const pending = (p: Pending, where: string): Outcome => {
    if ('loading' in p) return { ok: false, errors, loading: p.loading, ready: p.ready, ms: now() - t0 };
    add(errors, where, p.error);
    return done();
  };
  let planCatalog: PlanCatalog;
  if (typeof catalog === 'function') {
    const region = (inputs.constraints as { placement?: { region?: string } }).placement?.region;
    const choice = catalog(region);
    if (!('catalog' in choice)) return pending(choice, flags['region'] !== undefined ? 'region' : 'form');
    planCatalog = choice.catalog;
  } else planCatalog = catalog;
  try {
    const r = recommend(inputs.workload as never, inputs.constraints as never, { catalog: planCatalog, timeline: true });
    return { ok: true, r, inputs, flags, emitFlags, emit, ...(currency ? { currency } : {}), ms: now() - t0 };
  } catch (error) {
    // The estimate of a text payload index read the text-index tables, which the page loads then (web/src/text-tables.ts).
    if (error instanceof TextTablesNotLoaded && textTables !== undefined) {
      const tables = textTables();
      if (!('value' in tables)) return pending(tables, hasConfig ? 'config' : 'form');
    }
    if (error instanceof QsizeValidationError) {
      for (const i of error.issues) {
        const where = placeIssue(i.field, flags, emitFlags, hasConfig);
        // A field a form field gave: its value as typed (`got "0"`), as the CLI's nameFlags says it (one formatter, withValue).
        const typed = typedText(where);
        const message = i.expected !== undefined && typed !== undefined ? withValue(i.expected, { value: typed }) : i.message;
        add(errors, where, where === 'form' || where === 'config' ? `${i.field}: ${i.message}` : `${FIELD_BY_KEY.get(where)?.flag ?? i.field}: ${message}`);
      }
      return done();
    }
    if (error instanceof QsizeInputError) {
      // Named as the CLI names it (src/cli/inputs.ts nameFlags): the flag that gave the value, when a field did.
      const where = placeIssue(error.field, flags, emitFlags, hasConfig);
      // With the value as typed (`got "10B"`, not 10000000000), as nameFlags says it.
      const flag = FIELD_BY_KEY.get(where)?.flag;
      add(errors, where, flag ? new QsizeInputError(flag, typedText(where) ?? error.value, error.expected, error.hint).message : error.message);
      return done();
    }
    if (error instanceof QsizeNoFitError) return { ok: false, errors, noFit: error.message, ms: now() - t0 };
    throw error;
  }
}

/** The spec file `qsize --spec` replays: the workload with its constraints (src/cli/inputs.ts readSpec). */
export function specObject(inputs: Inputs): Record<string, unknown> {
  return Object.keys(inputs.constraints).length > 0 ? { ...inputs.workload, constraints: inputs.constraints } : { ...inputs.workload };
}

/** The command line that gives the same quote (`qsize --vectors 100M --dim 768 ...`), from the fields as typed. */
export function commandLine(state: FormState, section: 'quote' | 'emit' = 'quote'): string {
  const parts = ['qsize'];
  if (section === 'emit') parts.push('emit', '--target', 'all', '--out', 'deploy/');
  // A pasted collection config has no flags: the downloaded spec file carries it (and every field).
  const viaSpec = state.config.trim() !== '';
  if (viaSpec) parts.push('--spec', 'qsize-spec.yaml');
  for (const f of FIELDS) {
    const raw = state.values[f.key];
    if (raw === undefined || raw.trim() === '') continue;
    // The quote's currency is in no spec file: it is a flag of both commands (`emit --currency` prices the README).
    if (f.section === 'emit' ? section !== 'emit' : f.section !== 'quote' && viaSpec) continue;
    if (f.kind === 'bool') parts.push(raw === 'true' ? f.flag : `--no-${f.key}`);
    else parts.push(f.flag, /^[\w.,:/@+-]+$/.test(raw.trim()) ? raw.trim() : `'${raw.trim().replace(/'/g, "'\\''")}'`);
  }
  return parts.join(' ');
}
