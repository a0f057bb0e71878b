/** The CSV the CLI writes, read back by the tests (one reader for every test file). */

/** RFC 4180 as the CLI writes it: fields with commas or quotes are quoted, quotes doubled; empty fields stay fields. */
export function csvRows(text: string): string[][] {
  // RFC 4180 as the CLI writes it: fields with commas or quotes are quoted, quotes doubled; empty fields stay fields.
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  return rows;
}
