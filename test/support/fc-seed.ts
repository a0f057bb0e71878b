/**
 * Every fast-check property in the suite draws from one seed per commit: the first 8 hex digits of `git rev-parse
 * HEAD`, or QSIZE_FC_SEED when set. So a run is reproducible (CI and a developer running the same commit check the
 * same inputs, and a red run can be replayed exactly), while every new commit explores new inputs across the whole
 * space. Outside a git checkout (a source tarball) the seed is random, as fast-check's default. fast-check prints
 * the seed and the shrunk counterexample of a failure; pin it as an example next to the property.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';

function commitSeed(): number | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return /^[0-9a-f]{8}/.test(head) ? Number.parseInt(head.slice(0, 8), 16) | 0 : undefined;
  } catch {
    return undefined;
  }
}

const fromEnv = process.env['QSIZE_FC_SEED'];
const seed = fromEnv !== undefined && /^-?\d+$/.test(fromEnv) ? Number(fromEnv) : commitSeed();
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
