/** What every command handler shares: flags to validated inputs, output, warnings on stderr. */
import type { FlagValues, OutputFormat } from '../flags.js';
import { gatherInputs, nameFlags } from '../inputs.js';
import { writeResult, type Result } from '../output.js';

export type Args = FlagValues & { output: OutputFormat };

/** Spec file + flags -> the library call; schema errors are renamed to the flags that caused them. */
export async function withInputs<T>(argv: Args, call: (workload: Record<string, unknown>, constraints: Record<string, unknown>) => Promise<T> | T): Promise<T> {
  const inputs = await gatherInputs(argv);
  try {
    return await call(inputs.workload, inputs.constraints);
  } catch (error) {
    throw nameFlags(error, argv);
  }
}

export function warn(messages: readonly string[]): void {
  for (const m of messages) process.stderr.write(`qsize: warning: ${m}\n`);
}

export async function emitResult(argv: Args, result: Result, warnings: readonly string[] = []): Promise<void> {
  await writeResult(argv.output, result);
  warn(warnings);
}
