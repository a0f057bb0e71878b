/**
 * Runs the command line in this process (src/cli/run.ts `main`), with stdout and stderr captured: the same code
 * path as the binary minus the process start (about 0.4 s a run on the CI machine), so property suites can afford
 * many runs. Only the stdout-failure path (process.exit on EPIPE/ENOSPC) needs the real binary (run.ts).
 */
import { main } from '../../src/cli/run.js';
import type { Run } from './run.js';

export async function qsizeInProcess(args: readonly string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const debug = process.env['QSIZE_DEBUG'];
  process.env['QSIZE_DEBUG'] = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  let status: number;
  try {
    status = await main([...args]);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    if (debug === undefined) delete process.env['QSIZE_DEBUG'];
    else process.env['QSIZE_DEBUG'] = debug;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}
