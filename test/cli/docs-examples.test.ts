/**
 * The console examples in the docs are what qsize prints today. Every `$ qsize ...` line of a ```console block in
 * docs/cli.md and docs/observe.md is run (through bash, for its pipes, with `qsize` the built CLI), and the lines the
 * doc shows under it must appear in its output in the same order; a doc line may leave out a part as `...`, and an
 * example may show a few of the lines (an excerpt), and a line of its own `...` any lines. Both streams are read as a
 * terminal shows them; `exit N` under a command is its exit status. Left out: commands
 * that write files (`emit`, a redirect), start a server (`web`), or read a file the doc only describes (`--spec
 * plan.yaml`), which other tests cover (test/cli/*, test/emit/*).
 *
 * Until s46 nothing checked them, and four examples had drifted from what qsize prints (the timeline, the CSV's
 * cloud, the observe report's WAL month, the id tracker's line).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './run.js';

interface Example {
  doc: string;
  line: number;
  command: string;
  shown: string[];
}

function examples(doc: string): Example[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const out: Example[] = [];
  let inConsole = false;
  let current: Example | undefined;
  lines.forEach((text, i) => {
    if (text.startsWith('```')) {
      inConsole = !inConsole && text.trim() === '```console';
      current = undefined;
      return;
    }
    if (!inConsole) return;
    if (text.startsWith('$ ')) {
      // A trailing `# comment` is the doc's, not the shell's.
      current = { doc, line: i + 1, command: text.slice(2).replace(/\s+#\s.*$/, '').trim(), shown: [] };
      out.push(current);
    } else if (current && text.trim() !== '') current.shown.push(text.replace(/\s+$/, ''));
  });
  return out;
}

/** Commands that write, serve, or read files the doc only describes. */
function runnable(e: Example): boolean {
  const c = e.command;
  if (!c.startsWith('qsize ') || /^qsize (emit|web|completion)\b/.test(c) || c === 'qsize ...') return false;
  if (/>\s*(?!\/dev\/full)\S/.test(c.replace(/2>&1/g, ''))) return false;
  const spec = /--spec\s+(\S+)/.exec(c);
  if (spec && !spec[1]!.startsWith('/dev/') && !existsSync(join(ROOT, spec[1]!))) return false;
  return e.shown.length > 0;
}

/** A shown line as a pattern: `...` stands for anything, the rest literally; trailing spaces are not compared. */
function pattern(shown: string): RegExp {
  return new RegExp(`^${shown.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

let bin: string;
beforeAll(() => {
  ensureBuilt();
  bin = mkdtempSync(join(tmpdir(), 'qsize-docs-'));
  writeFileSync(join(bin, 'qsize'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/qsize.js')}" "$@"\n`, { mode: 0o755 });
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

for (const doc of ['docs/cli.md', 'docs/observe.md']) {
  describe(`${doc}: every console example prints what the doc shows`, () => {
    const all = examples(doc);
    it('has examples to check', () => {
      expect(all.filter(runnable).length).toBeGreaterThan(doc === 'docs/cli.md' ? 20 : 1);
    });
    for (const e of all.filter(runnable)) {
      it(`line ${e.line}: $ ${e.command}`, () => {
        // Both streams as a terminal shows them, in the order written (Node writes both synchronously to a pipe).
        const r = spawnSync('bash', ['-c', `{ ${e.command}\n} 2>&1\necho "exit $?"`], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, QSIZE_DEBUG: '' },
        });
        // The catalogs' age warning aside: it depends on the day the test runs.
        const printed = r.stdout.split('\n').filter((l) => !/older than 180 days/.test(l)).map((l) => l.replace(/\s+$/, ''));
        let at = 0;
        for (const shown of e.shown) {
          // A line of its own `...`: any lines, or none.
          if (shown.trim() === '...') continue;
          const p = pattern(shown);
          const found = printed.findIndex((l, k) => k >= at && p.test(l));
          expect(found, `${doc}:${e.line} shows a line qsize does not print (after line ${at} of its output):\n  ${shown}\nqsize printed:\n${printed.join('\n')}`).toBeGreaterThanOrEqual(0);
          at = found + 1;
        }
      });
    }
  });
}
