import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry under a folder with its content (links as links, never followed), for before/after comparisons. */
export function snapshot(root: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(root)) return out;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, e.name);
    const key = `${prefix}${e.name}`;
    if (e.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)}`;
    else if (e.isDirectory()) Object.assign(out, { [`${key}/`]: 'dir' }, snapshot(path, `${key}/`));
    else out[key] = readFileSync(path, 'utf8');
  }
  return out;
}
