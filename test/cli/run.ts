/**
 * Runs the real binary (`node bin/qsize.js ...`). The CLI is built once if dist/ is missing or older
 * than src/ (`npm test` builds first; a lock keeps parallel test files from building twice).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/qsize.js');
const BUNDLE = join(ROOT, 'dist/cli.mjs');
const LOCK = join(ROOT, 'dist/.cli-test-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  return existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestMtime(join(ROOT, 'src'));
}

export function ensureBuilt(): void {
  if (fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  let owner = false;
  try {
    mkdirSync(LOCK);
    owner = true;
  } catch {
    // Another test file is building: wait for it.
  }
  if (owner) {
    try {
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      rmdirSync(LOCK);
    }
    return;
  }
  const deadline = Date.now() + 120_000;
  while (existsSync(LOCK) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function qsize(args: readonly string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    env: { ...process.env, QSIZE_DEBUG: '', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line as Node prints it: `    at fn (file:line:col)`. */
export const STACK_LINE = /^\s+at\s/m;
