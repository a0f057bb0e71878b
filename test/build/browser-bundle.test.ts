/**
 * The core (everything but the CLI and file output) imports no Node built-ins, so a quote tool can
 * bundle it for the browser. Proven by bundling src/index.ts for the browser platform with esbuild:
 * any `node:` or built-in import fails the build.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('browser bundle', () => {
  it('src/index.ts bundles for the browser platform with no Node built-ins', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
    // The bundle runs: evaluate it and call estimate() as a browser would.
    const code = result.outputFiles[0]!.text;
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as typeof import('../../src/index.js');
    const e = mod.estimate({ points: '1M', collection: { vectors: { size: 384, distance: 'Cosine' } } });
    expect(e.lineItems.find((i) => i.id === 'vectors.default.originals')?.bytes).toBe(1_536_000_000);
  });
});
