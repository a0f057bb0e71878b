import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/pricing');

describe('src/pricing runs in a browser bundle', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  // Relative modules are the pricing folder's own and src/util's (pure helpers such as plural, shared by every report).
  it.each(files)('%s imports no Node built-in and nothing but zod, its own folder and src/util', (file) => {
    const text = readFileSync(resolve(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    for (const s of specifiers) {
      expect(s.startsWith('node:') || builtinModules.includes(s)).toBe(false);
      expect(s === 'zod' || s.startsWith('./') || s.startsWith('../util/')).toBe(true);
    }
    expect(text).not.toMatch(/\/work\/shared|\.\.\/shared/);
    expect(text).not.toMatch(/Date\.now\(\)|new Date\(\)/);
  });
});
