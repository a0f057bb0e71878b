/** What every command handler shares: flags to validated inputs, output, warnings on stderr. */
import type { FlagValues, OutputFormat } from '../flags.js';
import { printable } from '../errors.js';
import { gatherInputs, nameFlags } from '../inputs.js';
import { writeResult, type Result } from '../output.js';

export type Args = FlagValues & { output: OutputFormat };

/** Spec file + flags -> the library call; schema errors are renamed to the flags that caused them. */
export async function withInputs<T>(argv: Args, call: (workload: Record<string, unknown>, constraints: Record<string, unknown>) => Promise<T> | T): Promise<T> {
  const inputs = await gatherInputs(argv);
  try {
    return await call(inputs.workload, inputs.constraints);
  } catch (error) {
    throw nameFlags(error, argv, inputs);
  }
}

export function warn(messages: readonly string[]): void {
  for (const m of messages) process.stderr.write(`qsize: warning: ${printable(m)}\n`);
}

export async function emitResult(argv: Args, result: Result, warnings: readonly string[] = []): Promise<void> {
  await writeResult(argv.output, result);
  warn(warnings);
}

/**
 * The plan a quoting command shows (the report and the timeline): the flags' workload and constraints through
 * `recommend` on the CLI's catalogs (regional quote tables when a region is named), the `--currency` view, and the
 * staleness warnings of the quote tables that were used. Modules load on call, so `--help` stays cheap.
 */
export async function quotedPlan(argv: Args, options: { maxAlternatives?: number } = {}) {
  const { recommend } = await import('../../plan/recommend.js');
  const { cliPlanCatalogFor } = await import('../catalogs.js');
  const { currencyFromFlags } = await import('../currency.js');
  const { namesRegion, quoteStaleness } = await import('../staleness.js');
  const view = await currencyFromFlags(argv);
  let region = false;
  const plan = await withInputs(argv, (workload, constraints) => {
    region = namesRegion(constraints);
    return recommend(workload as never, constraints as never, { ...options, catalog: cliPlanCatalogFor(constraints), timeline: true });
  });
  const stale = await quoteStaleness({ region, currency: view !== undefined });
  return { plan, view, warnings: [...plan.warnings, ...stale] };
}
