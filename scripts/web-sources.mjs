// The web page's copy of the model (src/model/*.ts) without its citations (scripts/bundle-web.mjs, plugin
// `source-texts`). Every line item carries the source of its numbers (the Qdrant file and tag, the measurement, the
// doc URL) and often a note; the page shows them only when a number is clicked, and writes them only into the quote's
// CSV and markdown. So index.html carries a token (one private-use character) in place of each such text, and
// sources.js beside it holds the texts, loaded only when the page first needs one (web/src/sources.ts). The texts stay
// where they are written (src/model/*.ts): this script reads them out of those files at build time, so there is one
// copy of each, and the library and the CLI (built by tsc, not by this) are unchanged.
//
// Which texts: the string pieces of
// - the source and note arguments of constants.ts's `c(value, source, note)`;
// - every `source:` and `note:` property of an object literal (the line item specs and the tables they read);
// - every variable whose name ends in `source` (`const source = ...`, `baseSource`, `HEAP_GRAPH_SOURCE`);
// read through `a ? b : c`, `a ?? b`, `a + b`, parentheses and template literals (`${X.source}; measured: ...`: the
// literal pieces, not the expressions' own arguments or conditions). Pieces shorter than MIN_CHARS stay (`; `).
// test/build/web-sources.test.ts checks that the page's library puts tokens in line items' `source` and `note` only,
// and that with the texts put back its plans are the library's, deep-equal.
import ts from 'typescript';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first token: U+E000, the start of Unicode's private-use area (U+E000..U+F8FF), which no text of the model uses. */
export const SOURCE_TOKEN_BASE = 0xe000;
const SOURCE_TOKEN_LAST = 0xf8ff;
/** Shorter pieces stay inline: a token and its table entry would cost more than they save. */
const MIN_CHARS = 12;
const TEXT_PROPERTIES = new Set(['source', 'note']);
const textVariable = (name) => /source$/i.test(name);

/**
 * `modelDir`'s modules with their texts as tokens (absolute path -> TypeScript text) and the texts, token i being the
 * character SOURCE_TOKEN_BASE + i. Files in name order, pieces in file order, one token per distinct text: the same
 * sources give the same tokens, build after build.
 */
export function sourceTexts(modelDir) {
  const texts = [];
  const index = new Map();
  const token = (text) => {
    let i = index.get(text);
    if (i === undefined) {
      i = texts.length;
      if (SOURCE_TOKEN_BASE + i > SOURCE_TOKEN_LAST) throw new Error(`web-sources: more than ${SOURCE_TOKEN_LAST - SOURCE_TOKEN_BASE + 1} texts`);
      if (/[\ue000-\uf8ff]/.test(text)) throw new Error(`web-sources: a private-use character in ${JSON.stringify(text)}`);
      texts.push(text);
      index.set(text, i);
    }
    return String.fromCharCode(SOURCE_TOKEN_BASE + i);
  };
  const files = new Map();
  for (const name of readdirSync(modelDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts')).sort()) {
    const path = join(modelDir, name);
    const code = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const edits = [];
    // A literal piece of a template: the raw text between its delimiters (`...${, }...${, }...`).
    const piece = (lit) => {
      if (lit.text.length < MIN_CHARS) return;
      const open = 1;
      const close = ts.isTemplateTail(lit) || ts.isNoSubstitutionTemplateLiteral(lit) ? 1 : 2;
      edits.push([lit.getStart(sf) + open, lit.end - close, token(lit.text)]);
    };
    const text = (e) => {
      if (e === undefined) return;
      if (ts.isStringLiteral(e)) {
        if (e.text.length >= MIN_CHARS) edits.push([e.getStart(sf), e.end, JSON.stringify(token(e.text))]);
      } else if (ts.isNoSubstitutionTemplateLiteral(e)) piece(e);
      else if (ts.isTemplateExpression(e)) {
        piece(e.head);
        for (const s of e.templateSpans) {
          text(s.expression);
          piece(s.literal);
        }
      } else if (ts.isConditionalExpression(e)) {
        text(e.whenTrue);
        text(e.whenFalse);
      } else if (ts.isParenthesizedExpression(e)) text(e.expression);
      else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
        text(e.left);
        text(e.right);
      }
    };
    const visit = (n) => {
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && TEXT_PROPERTIES.has(n.name.text)) text(n.initializer);
      else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && textVariable(n.name.text)) text(n.initializer);
      else if (name === 'constants.ts' && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'c') {
        text(n.arguments[1]);
        text(n.arguments[2]);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    edits.sort((a, b) => b[0] - a[0]);
    let out = code;
    for (const [start, end, replacement] of edits) out = out.slice(0, start) + replacement + out.slice(end);
    files.set(path, out);
  }
  return { files, texts };
}

/** The esbuild plugin: src/model's modules as sourceTexts gave them. */
export function sourceTextsPlugin(sources) {
  return {
    name: 'source-texts',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]model[\\/][^\\/]+\.ts$/ }, (args) => {
        const contents = sources.files.get(args.path);
        return contents === undefined ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}
