/**
 * Every emitter validates its output against the mirror schema before returning it, so a file that
 * does not match the chart/CRD/OpenAPI shape is a bug report, never a file on disk.
 */
import type { z } from 'zod';
import { QsizeError } from '../../errors.js';

export class QsizeEmitError extends QsizeError {
  override readonly code = 'QSIZE_EMIT';
  constructor(message: string) {
    super(message);
    this.name = 'QsizeEmitError';
  }
}

/** Returns the value itself (not zod's rebuilt copy) so the emitted key order is the builder's. */
export function checkAgainst<S extends z.ZodType, T>(schema: S, value: T, file: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new QsizeEmitError(`internal error: ${file} does not match its schema:\n${lines.join('\n')}`);
  }
  return value;
}
