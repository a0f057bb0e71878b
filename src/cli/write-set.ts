/**
 * Writes an emitted file set into `--out` so that a broken disk or a hostile directory cannot leave a
 * half-written set or a file outside the folder the user named:
 *
 * - Everything is checked before anything is written: a path component that is a symbolic link is
 *   refused (qsize never writes through a link), a file where a folder must be is refused, and
 *   without --force any existing file of the new set (a dangling link counts) is refused.
 * - The set is written into a staging folder inside `--out` (same file system), then each file is
 *   moved into place with rename(2), which replaces a link at the destination instead of following
 *   it. The manifest goes last. A failure before the moves leaves `--out` as it was.
 * - `.qsize-manifest.json` lists the files qsize wrote, with the target each belongs to. --force
 *   replaces exactly those of the targets being written (files of an earlier, larger plan are
 *   removed); files of other targets stay, and the README is written again to list exactly the files
 *   present. Files qsize did not write are never removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, rmdirSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { QsizeFileError, QsizeInputError } from '../errors.js';
import { fsReason } from './inputs.js';

export const MANIFEST = '.qsize-manifest.json';
const STAGING_PREFIX = '.qsize-staging-';

export interface ManifestEntry {
  path: string;
  target: string;
  sha256: string;
  /** For a collection request body: the request it is the body of (for the README's curl lines). */
  request?: { method: string; path: string };
}

export interface Manifest {
  schemaVersion: 'qsize.emit-manifest/v1';
  files: ManifestEntry[];
}

/** Relative paths qsize writes: lower-case folders and names it chooses itself, never `..`. */
const SAFE_PATH = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined;
    throw new QsizeFileError(path, fsReason(error));
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The `--out` folder as a real path. It may be a link the user named (it is where they asked for the files);
 * anything inside it is never followed. A file where the folder should be is refused.
 */
export function resolveOut(out: string): { root: string; exists: boolean } {
  const path = resolve(out);
  // The nearest existing ancestor must be a folder: `--out file/inside` is refused with the reason.
  let probe = path;
  for (;;) {
    const st = lstat(probe);
    if (st) {
      let real: string;
      try {
        real = realpathSync(probe);
      } catch (error) {
        throw new QsizeFileError(probe, fsReason(error));
      }
      const target = lstatSync(real);
      if (!target.isDirectory()) {
        throw new QsizeInputError('--out', out, `a folder (${probe} is not a folder${probe === real ? '' : ` by way of a link to ${real}`})`);
      }
      return probe === path ? { root: real, exists: true } : { root: path, exists: false };
    }
    const parent = dirname(probe);
    if (parent === probe) return { root: path, exists: false };
    probe = parent;
  }
}

/** Reads the manifest of an earlier emit; a missing or unreadable one means "no set of ours here". */
export function readManifest(root: string): Manifest | undefined {
  const path = join(root, MANIFEST);
  const st = lstat(path);
  if (!st || !st.isFile()) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (data.schemaVersion !== 'qsize.emit-manifest/v1' || !Array.isArray(data.files)) return undefined;
    const files = data.files.filter(
      (f) => typeof f === 'object' && f !== null && typeof f.path === 'string' && SAFE_PATH.test(f.path) && typeof f.target === 'string' && typeof f.sha256 === 'string',
    );
    return { schemaVersion: data.schemaVersion, files };
  } catch {
    return undefined;
  }
}

/** True when the path holds a regular file (not a link, not a folder). */
export function isPlainFile(root: string, relative: string): boolean {
  return inspect(root, relative).kind === 'file';
}

type Found = { kind: 'none' } | { kind: 'file' | 'link' | 'dir' | 'other'; at: string } | { kind: 'blocked'; at: string; why: 'link' | 'file' };

/** What is at root/relative, looking at every component without following a link. */
function inspect(root: string, relative: string): Found {
  const parts = relative.split('/');
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i] as string);
    const st = lstat(current);
    if (!st) return { kind: 'none' };
    const last = i === parts.length - 1;
    if (!last) {
      if (st.isSymbolicLink()) return { kind: 'blocked', at: current, why: 'link' };
      if (!st.isDirectory()) return { kind: 'blocked', at: current, why: 'file' };
      continue;
    }
    if (st.isSymbolicLink()) return { kind: 'link', at: current };
    if (st.isDirectory()) return { kind: 'dir', at: current };
    if (st.isFile()) return { kind: 'file', at: current };
    return { kind: 'other', at: current };
  }
  return { kind: 'none' };
}

export interface WritePlan {
  /** Files to write (README and manifest included), relative to root. */
  files: { path: string; content: string }[];
  /** Files of an earlier set to remove (only ever manifest entries). */
  remove: string[];
}

/**
 * Refuses, before anything is written, what would write outside --out or destroy what is not ours:
 * a link or a file in the way of a folder; a folder where a file goes; without --force, any existing file
 * of the set except the README and manifest of an earlier set of ours (they are written again, merged).
 */
export function checkWritePlan(out: string, root: string, plan: WritePlan, force: boolean, ours: ReadonlySet<string>): void {
  const clashes: string[] = [];
  for (const f of [...plan.files.map((x) => x.path), ...plan.remove]) {
    const found = inspect(root, f);
    if (found.kind === 'blocked') {
      throw new QsizeInputError(
        '--out',
        out,
        found.why === 'link'
          ? `a folder without symbolic links on the way to the files (${found.at} is a link; qsize never writes through one: remove it or choose another --out)`
          : `a folder where ${found.at} can be a folder (it is a file)`,
      );
    }
    if (found.kind === 'dir') throw new QsizeInputError('--out', out, `a folder where ${found.at} can be written (it is a folder)`);
    if (found.kind === 'other') throw new QsizeInputError('--out', out, `a folder where ${found.at} can be written (it is a device, socket or pipe)`);
    if (found.kind === 'none' || plan.remove.includes(f)) continue;
    const mergeable = (f === 'README.md' || f === MANIFEST) && ours.has(f) && found.kind === 'file';
    if (!force && !mergeable) clashes.push(found.at);
  }
  if (clashes.length > 0) {
    throw new QsizeInputError('--out', out, `a folder without ${clashes.length === 1 ? 'this file' : 'these files'} (or pass --force to replace the set qsize wrote): ${clashes.join(', ')}`);
  }
}

/** Writes the plan: staging inside root, then one rename per file, stale files removed, manifest last. */
export function commitWritePlan(root: string, rootExisted: boolean, plan: WritePlan): void {
  const created: string[] = [];
  const mkdirs = (dir: string) => {
    const missing: string[] = [];
    for (let d = dir; !lstat(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      try {
        mkdirSync(d);
        created.push(d);
      } catch (error) {
        throw new QsizeFileError(d, fsReason(error));
      }
    }
  };
  let staging: string | undefined;
  try {
    mkdirs(root);
    staging = join(root, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(staging);
    } catch (error) {
      throw new QsizeFileError(root, fsReason(error));
    }
    const ordered = [...plan.files.filter((f) => f.path !== MANIFEST), ...plan.files.filter((f) => f.path === MANIFEST)];
    for (const f of ordered) {
      const path = join(staging, f.path);
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content, { flag: 'wx' });
      } catch (error) {
        throw new QsizeFileError(join(root, f.path), fsReason(error));
      }
    }
    for (const f of ordered) {
      const to = join(root, f.path);
      mkdirs(dirname(to));
      try {
        renameSync(join(staging, f.path), to);
      } catch (error) {
        throw new QsizeFileError(to, fsReason(error));
      }
    }
    for (const p of plan.remove) {
      const path = join(root, p);
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new QsizeFileError(path, fsReason(error));
      }
      removeEmptyDirs(root, dirname(path));
    }
  } catch (error) {
    if (staging !== undefined) removeStaging(staging);
    if (!rootExisted) for (const d of created.reverse()) tryRmdir(d);
    throw error;
  }
  removeStaging(staging);
}

function removeStaging(staging: string): void {
  try {
    rmSync(staging, { recursive: true, force: true });
  } catch {
    // it was never created (the folder above it is not one): nothing to clean
  }
}

const LOCK = '.qsize-lock';

/**
 * Runs `fn` while holding `--out`'s lock (`.qsize-lock`, created exclusively, holding the pid), so that two emits into
 * one folder cannot interleave their reads of the manifest and their renames into one mixed set. A lock whose process
 * is gone (a run that was killed) is taken over. The folder is created for the lock if missing, and removed again
 * if `fn` fails and leaves it empty.
 */
export function withOutLock<T>(out: string, root: string, fn: () => T): T {
  const created: string[] = [];
  for (let d = root; !lstat(d); d = dirname(d)) created.unshift(d);
  for (const d of created) {
    try {
      mkdirSync(d);
    } catch (error) {
      throw new QsizeFileError(d, fsReason(error));
    }
  }
  const lock = join(root, LOCK);
  const take = (): boolean => {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new QsizeFileError(lock, fsReason(error));
      return false;
    }
  };
  if (!take()) {
    const holder = Number.parseInt(readFileSafe(lock), 10);
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new QsizeInputError('--out', out, `a folder no other qsize emit is writing into (process ${holder} holds ${lock})`);
    }
    try {
      unlinkSync(lock);
    } catch {
      // taken over by another run in between: take() says so
    }
    if (!take()) throw new QsizeInputError('--out', out, `a folder no other qsize emit is writing into (${lock} is held)`);
  }
  let failed = true;
  try {
    const result = fn();
    failed = false;
    return result;
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
    if (failed) for (const d of created.reverse()) tryRmdir(d);
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryRmdir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty or gone: leave it
  }
}

/** Removes folders emptied by removing stale files, up to (not including) root. */
function removeEmptyDirs(root: string, dir: string): void {
  for (let d = dir; d.startsWith(root + sep) && d !== root; d = dirname(d)) tryRmdir(d);
}
