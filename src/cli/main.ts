/**
 * Starts the qsize command line (src/cli/run.ts) on the process's arguments.
 * Exit codes: 0 ok, 1 internal error, 2 bad input, 3 nothing fits the constraints.
 */
import { stdoutFailed } from './output.js';
import { main } from './run.js';

export { main, VERSION } from './run.js';

// A closed pipe or a full disk on stdout: one line on stderr, exit 2 (src/cli/output.ts).
process.stdout.on('error', (error: NodeJS.ErrnoException) => stdoutFailed(error));
process.exitCode = await main(process.argv.slice(2));
