/**
 * A report as data (headings, key/value lines, tables, lists), rendered as plain text or Markdown, so
 * that every command writes one description and gets both formats.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'kv'; rows: [string, string][] }
  | { kind: 'table'; head: string[]; rows: string[][]; right?: number[] }
  | { kind: 'list'; items: string[] };

export type Doc = Block[];

export function renderText(doc: Doc): string {
  const out: string[] = [];
  for (const b of doc) {
    switch (b.kind) {
      case 'heading':
        if (out.length > 0) out.push('');
        out.push(b.text);
        break;
      case 'para':
        out.push(`  ${b.text}`);
        break;
      case 'kv': {
        const w = Math.max(...b.rows.map(([k]) => k.length));
        for (const [k, v] of b.rows) out.push(`  ${k.padEnd(w)}  ${v}`);
        break;
      }
      case 'table': {
        const widths = b.head.map((h, i) => Math.max(h.length, ...b.rows.map((r) => (r[i] ?? '').length)));
        const line = (cells: string[]) =>
          `  ${cells
            .map((c, i) => (b.right?.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd()}`;
        out.push(line(b.head));
        for (const r of b.rows) out.push(line(r));
        break;
      }
      case 'list':
        for (const i of b.items) out.push(`  - ${i}`);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function renderMarkdown(doc: Doc): string {
  const out: string[] = [];
  let first = true;
  for (const b of doc) {
    switch (b.kind) {
      case 'heading':
        out.push(first ? `# ${b.text}` : `## ${b.text}`, '');
        first = false;
        break;
      case 'para':
        out.push(b.text, '');
        break;
      case 'kv':
        out.push('| | |', '|---|---|');
        for (const [k, v] of b.rows) out.push(`| ${cell(k)} | ${cell(v)} |`);
        out.push('');
        break;
      case 'table':
        out.push(`| ${b.head.map(cell).join(' | ')} |`);
        out.push(`|${b.head.map((_, i) => (b.right?.includes(i) ? '---:' : '---')).join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
        out.push('');
        break;
      case 'list':
        for (const i of b.items) out.push(`- ${i}`);
        out.push('');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
