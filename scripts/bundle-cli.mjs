// Bundles the CLI into one ESM file (dist/cli.mjs) so that start-up loads one module instead of
// hundreds: the CLI cold start is measured against `node -e 0` by scripts/bench.mjs.
// mathjs is never part of this bundle (it is used by tests and docs tooling only).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  external: ['mathjs'],
  banner: { js: "import { createRequire as __qsizeCreateRequire } from 'node:module'; const require = __qsizeCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
