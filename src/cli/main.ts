/**
 * First CLI: `qsize --vectors 100M --dim 768` prints the memory/disk estimate for one copy of the
 * collection. The full command set is built on top of this (issue: the command line and the quote).
 */
import { estimate, formatBytes, QsizeError, QsizeInputError, QsizeValidationError } from '../index.js';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function main(argv: string[]): number {
  const vectors = arg(argv, 'vectors') ?? '1M';
  const dim = Number(arg(argv, 'dim') ?? '768');
  const e = estimate({ points: vectors, collection: { vectors: { size: dim, distance: 'Cosine' } } });
  const out: string[] = [];
  out.push(`qsize estimate: ${e.points.toLocaleString('en-US')} points, Qdrant ${e.qdrantVersion}`);
  out.push(`  resident RAM (RssAnon)   ${formatBytes(e.memory.residentBytes)}`);
  out.push(`  page cache to keep hot   ${formatBytes(e.memory.pageCacheBytes)}`);
  out.push(`  peak while optimizing    ${formatBytes(e.memory.peakBytes)}`);
  out.push(`  disk                     ${formatBytes(e.disk.bytes)}`);
  out.push('');
  for (const i of e.lineItems) out.push(`  ${i.residency.padEnd(9)} ${formatBytes(i.bytes).padStart(10)}  ${i.name}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof QsizeInputError || err instanceof QsizeValidationError) {
    process.stderr.write(`qsize: ${err.message}\n`);
    process.exitCode = 2;
  } else if (err instanceof QsizeError) {
    process.stderr.write(`qsize: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`qsize: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
