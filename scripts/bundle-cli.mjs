// Bundles the CLI into dist/cli.mjs plus lazily loaded chunks in dist/cli-chunks/ (esbuild code
// splitting): start-up loads yargs and the option tables only; each command's handler imports the
// model, catalogs, planner, emitters, yaml or csv-stringify when it runs. The cold start is measured
// against `node -e 0` by scripts/bench.mjs. mathjs is never part of the CLI (tests and docs only):
// the build fails if anything pulls it in.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatedCatalogsPlugin, zodLocalesPlugin } from './bundle-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The shipped catalogs, validated now by the library's own validator (tsc has just built dist/):
// inlined so that a run does not re-validate every row; an invalid catalog fails the build.
const { defaultCatalogs } = await import(new URL('../dist/pricing/catalog.js', import.meta.url).href);
const catalogs = defaultCatalogs();

rmSync('dist/cli-chunks', { recursive: true, force: true });
rmSync('dist/cli.mjs', { force: true });

const result = await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cli-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  define: { __QSIZE_VERSION__: JSON.stringify(pkg.version), __QSIZE_CATALOGS__: JSON.stringify(catalogs) },
  banner: { js: "import { createRequire as __qsizeCreateRequire } from 'node:module'; const require = __qsizeCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [
    {
      // string-width segments every help line with Intl.Segmenter (more than half of `qsize --help`);
      // help text is ASCII, so a code-point width is exact there (src/cli/text-width.ts).
      name: 'text-width',
      setup(b) {
        b.onResolve({ filter: /^string-width$/ }, () => ({ path: fileURLToPath(new URL('../src/cli/text-width.ts', import.meta.url)) }));
      },
    },
    zodLocalesPlugin,
    validatedCatalogsPlugin,
  ],
});

const mathjs = Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/mathjs'));
if (mathjs.length > 0) {
  console.error(`bundle-cli: mathjs must never load in the CLI, but the bundle includes ${mathjs[0]}`);
  process.exit(1);
}
