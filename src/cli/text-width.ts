/**
 * Display width of a string, for yargs' help layout. The bundle uses this instead of string-width,
 * whose Intl.Segmenter pass over every help line cost more than the rest of `qsize --help`
 * (scripts/bundle-cli.mjs aliases it). Help text is ASCII and Latin; East Asian wide and emoji code
 * points count 2, combining marks and control characters 0, ANSI colour codes nothing.
 */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

export default function textWidth(text: string): number {
  let width = 0;
  for (const ch of String(text).replace(ANSI, '')) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c < 0x370) || c === 0x200b || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    width += WIDE.some(([lo, hi]) => c >= lo && c <= hi) ? 2 : 1;
  }
  return width;
}
