// What takes the bytes of the web page's index.html (docs/web.md, "Speed and size"): by input, the minified bytes each
// package or source folder adds to the page's script (esbuild's metafile), and by kind of string, what each kind adds
// gzipped (the kind's literals blanked out of the script, which is gzipped again; a kind's bytes may recur elsewhere,
// so this is what removing the whole kind saves). Printed, never asserted.
//
//   QSIZE_WEB_METAFILE=dist/web-metafile.json npm run -s build && node scripts/web-size-report.mjs dist/web-metafile.json
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const metafile = process.argv[2];
if (!metafile) {
  console.error('usage: node scripts/web-size-report.mjs <metafile written by QSIZE_WEB_METAFILE=<it> npm run build>');
  process.exit(2);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (text) => gzipSync(text, { level: 9 }).length;

// By input: a package (node_modules/<name> or @scope/name), a folder of src/ or web/src, or a build-made module.
const group = (input) => {
  const pkg = input.split('node_modules/')[1];
  if (pkg) return pkg.split('/').slice(0, pkg.startsWith('@') ? 2 : 1).join('/');
  return input.startsWith('src/') ? input.split('/').slice(0, 2).join('/') : input.split('/').slice(0, 2).join('/');
};
const meta = JSON.parse(readFileSync(metafile, 'utf8'));
const [output] = Object.values(meta.outputs);
const byGroup = new Map();
const byFile = [];
for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
  byGroup.set(group(input), (byGroup.get(group(input)) ?? 0) + bytesInOutput);
  byFile.push([input, bytesInOutput]);
}
console.log(`index.html's script by input, minified (${kb(output.bytes)} in all):`);
for (const [g, bytes] of [...byGroup].sort((a, b) => b[1] - a[1]).filter(([, b]) => b >= 1024)) console.log(`  ${g.padEnd(40)} ${kb(bytes).padStart(9)}`);
console.log('the largest source files:');
for (const [f, bytes] of byFile.filter(([f]) => !f.includes('node_modules/')).sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${f.padEnd(40)} ${kb(bytes).padStart(9)}`);

// By kind of string, in the built page's inline script.
const html = readFileSync(new URL('../dist/web/index.html', import.meta.url), 'utf8');
const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'));
const sf = ts.createSourceFile('page.js', script, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
const literals = [];
const visit = (n) => {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.push({ start: n.getStart(sf), end: n.end, text: n.text, quotes: '""' });
  else if (ts.isTemplateExpression(n)) {
    // A template's pieces are blanked between their own delimiters.
    for (const p of [n.head, ...n.templateSpans.map((s) => s.literal)]) {
      const close = ts.isTemplateTail(p) ? 1 : 2;
      literals.push({ start: p.getStart(sf) + 1, end: p.end - close, text: p.text, quotes: '' });
    }
  }
  ts.forEachChild(n, visit);
};
visit(sf);
literals.sort((a, b) => a.start - b.start);
const total = gz(script);
const without = (kind) => {
  let out = '';
  let at = 0;
  for (const l of kind) {
    out += script.slice(at, l.start) + l.quotes;
    at = l.end;
  }
  return out + script.slice(at);
};
/** A citation: a Qdrant source file and tag, a calibration file, a measurement or fit, a URL, a docs/ page. */
const citation = (t) => /qdrant@v\d|data\/calibration|^(measured|calibrated|fit|inferred)\b|https?:\/\/|lib\/(segment|collection)\/|\.rs\b|docs\/[a-z-]+\.md/.test(t);
const kinds = [
  ['every string literal', () => true],
  ['citations', (l) => citation(l.text)],
  ['over 80 characters, not citations', (l) => l.text.length > 80 && !citation(l.text)],
  ['source tokens (scripts/web-sources.mjs)', (l) => /[\ue000-\uf8ff]/.test(l.text)],
];
console.log(`index.html's script by kind of string (the script: ${kb(script.length)}, ${kb(total)} gzipped):`);
for (const [name, is] of kinds) {
  const kind = literals.filter(is);
  const raw = kind.reduce((a, l) => a + l.end - l.start, 0);
  console.log(`  ${name.padEnd(40)} ${String(kind.length).padStart(6)} literals, ${kb(raw).padStart(9)} raw, ${kb(total - gz(without(kind))).padStart(8)} gzipped`);
}
