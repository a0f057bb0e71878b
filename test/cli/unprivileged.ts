/**
 * Runs the real binary as a user without root's power to write anywhere, so that tests of read-only folders hold
 * on a CI machine that runs as root (root ignores a folder's write bit). As root: setpriv (util-linux) or runuser
 * switch to `nobody` (uid/gid 65534); as any other user, the binary runs as that user. Where neither tool exists,
 * or the switched user cannot run node here, `skip` says why in one line.
 */
import { spawnSync } from 'node:child_process';
import { chownSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Run } from './run.js';

export const NOBODY = 65534;

const BIN = join(ROOT, 'bin/qsize.js');
const PROBE = ['-e', `process.exit(process.getuid() === ${NOBODY} ? 0 : 1)`];

function works(prefix: string[]): boolean {
  const [cmd, ...rest] = [...prefix, process.execPath, ...PROBE];
  const r = spawnSync(cmd as string, rest, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  return r.status === 0;
}

/** The command prefix that runs a program unprivileged, or why there is none. */
export function unprivileged(): { prefix: string[]; switched: boolean } | { skip: string } {
  if (process.getuid?.() !== 0) return { prefix: [], switched: false };
  const candidates = [
    ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'],
    ['runuser', '-u', 'nobody', '--'],
  ];
  for (const prefix of candidates) if (works(prefix)) return { prefix, switched: true };
  return { skip: 'running as root without setpriv or runuser able to switch to uid 65534: a read-only folder cannot be tested here' };
}

/** Hands a path to the unprivileged user (as root); a no-op otherwise. */
export function giveToUnprivileged(path: string, how: { switched: boolean }): void {
  if (how.switched) chownSync(path, NOBODY, NOBODY);
}

/** `qsize ARGS` as the unprivileged user. */
export function qsizeUnprivileged(prefix: string[], args: readonly string[], env: Record<string, string> = {}): Run {
  const [cmd, ...rest] = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(cmd as string, rest, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, QSIZE_DEBUG: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
