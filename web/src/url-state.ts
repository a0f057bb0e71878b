/**
 * The page's state in the URL fragment, so a link reproduces the page: `#vectors=100M&dim=768&quantization=scalar`.
 * Values are kept as typed (units and all); the pasted collection config travels as `config=<JSON>`.
 * The fragment is never sent to a server.
 */
import type { FormState } from './compute.js';
import { FIELD_BY_KEY } from './fields.js';

export function encodeState(state: FormState): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state.values)) if (v.trim() !== '') params.set(k, v.trim());
  if (state.config.trim() !== '') params.set('config', state.config.trim());
  return params.toString();
}

export function decodeState(hash: string): FormState | undefined {
  return decodeLink(hash)?.state;
}

/** The state in a link, and the names in it that are no field (a link from another qsize version, a typo). */
export function decodeLink(hash: string): { state: FormState; ignored: string[] } | undefined {
  const text = hash.replace(/^#/, '');
  if (text === '') return undefined;
  const params = new URLSearchParams(text);
  const values: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [k, v] of params) {
    if (FIELD_BY_KEY.has(k)) values[k] = v;
    else if (k !== 'config') ignored.push(k);
  }
  return { state: { values, config: params.get('config') ?? '' }, ignored };
}
