/**
 * The page's downloads, each made by the same library code the CLI runs:
 * - the spec (YAML), which `qsize --spec qsize-spec.yaml` replays;
 * - the quote as CSV and markdown: renderQuote, i.e. `qsize -o csv` / `qsize -o markdown` (with `--currency` when the
 *   currency field is set: the CSV's monthly_<code> and currency_rate columns, the markdown's amounts and rate);
 * - every deployment file (renderAll, i.e. `qsize emit --target all`, its README's cost lines in the chosen currency as
 *   `emit --currency` writes them) in one zip, each file byte for byte.
 * The zip is deterministic: fixed entry order (renderAll's) and a fixed timestamp, so the same input gives
 * the same archive.
 */
import type { Zippable } from 'fflate';
import { stringify } from 'yaml';
import { localCurrency, renderAll, renderQuote, type CurrencyView, type EmitOptions, type Inputs, type Recommendation } from '../../src/index.js';
import { specObject } from './compute.js';
import type { OnDemand } from './lazy-part.js';

/** DOS timestamps start in 1980; every entry carries this one (the emitted files have no date of their own). */
export const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export function specYaml(inputs: Inputs): string {
  const header = '# qsize spec (from the web page): replay with `qsize --spec qsize-spec.yaml`\n';
  return header + stringify(specObject(inputs), { lineWidth: 0, aliasDuplicateObjects: false });
}

export function quoteCsv(r: Recommendation, currency?: CurrencyView): Promise<string> {
  return renderQuote(r, 'csv', currency);
}

export function quoteMarkdown(r: Recommendation, currency?: CurrencyView): Promise<string> {
  return renderQuote(r, 'markdown', currency);
}

/** `zip`: fflate's writer, from on-demand.js (web/src/on-demand.ts). */
export function deploymentZip(r: Recommendation, options: EmitOptions, currency: CurrencyView | undefined, { zipSync, strToU8 }: Pick<OnDemand, 'zipSync' | 'strToU8'>): Uint8Array {
  const entries: Zippable = {};
  for (const f of renderAll(r.plan, options, currency && localCurrency(currency, r).bill)) entries[f.path] = [strToU8(f.content), { mtime: ZIP_MTIME }];
  return zipSync(entries, { level: 6 });
}

/** Saves bytes under a file name through a blob: URL (no request leaves the page). */
export function save(name: string, data: string | Uint8Array, type: string): void {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
