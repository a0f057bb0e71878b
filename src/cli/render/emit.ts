/** `qsize emit`: recommend, render the files for the target, refuse to overwrite unless --force, write. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderAll } from '../../emit/index.js';
import { QsizeInputError } from '../../errors.js';
import { recommend } from '../../plan/recommend.js';
import type { Plan } from '../../plan/types.js';
import { cliPlanCatalog } from '../catalogs.js';
import { emitOptionsFromFlags, TARGET_FILES, type Target } from '../emit-options.js';
import { emitResult, withInputs, type Args } from '../commands/shared.js';

export interface EmitReport {
  schemaVersion: 'qsize.emit/v1';
  out: string;
  target: Target;
  files: { path: string; bytes: number }[];
}

/** Renders the plan's files for the target and writes them under `out` (refusing to overwrite without force). */
export function writePlanFiles(plan: Plan, options: Record<string, unknown>, target: Target, out: string, force: boolean, flag = '--out'): { root: string; files: { path: string; bytes: number }[] } {
  const files = renderAll(plan, options).filter((f) => f.path === 'README.md' || TARGET_FILES[target](f.path));
  const root = resolve(out);
  const clashes = files.map((f) => join(root, f.path)).filter((p) => existsSync(p));
  if (clashes.length > 0 && !force) {
    throw new QsizeInputError(flag, out, `a directory without ${clashes.length === 1 ? 'this file' : 'these files'} (or pass --force to overwrite): ${clashes.join(', ')}`);
  }
  for (const f of files) {
    const path = join(root, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  return { root, files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })) };
}

export async function runEmit(argv: Args): Promise<void> {
  const target = argv['target'] as Target;
  const out = String(argv['out']);
  const options = emitOptionsFromFlags(argv);
  if (target === 'operator' && options['customerId'] === undefined) {
    throw new QsizeInputError('--customer-id', undefined, 'the customer-id label value the QdrantCluster requires (e.g. --customer-id acme)');
  }

  const r = await withInputs(argv, (workload, constraints) => recommend(workload as never, constraints as never, { maxAlternatives: 0, catalog: cliPlanCatalog() }));
  const { root, files } = writePlanFiles(r.plan, options, target, out, argv['force'] === true);
  const report: EmitReport = { schemaVersion: 'qsize.emit/v1', out: root, target, files };
  await emitResult(
    argv,
    {
      data: report,
      doc: () => [
        { kind: 'heading', text: `qsize emit: wrote ${files.length} file(s) to ${root} for ${r.plan.peers} × ${r.plan.node.instanceType}` },
        { kind: 'list', items: files.map((f) => f.path) },
      ],
      rows: () => report.files.map((f) => ({ path: f.path, bytes: f.bytes })),
    },
    r.warnings,
  );
}
