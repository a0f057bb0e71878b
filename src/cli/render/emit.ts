/**
 * `qsize emit`: recommend, render the files of the target, and write them into --out as one set
 * (src/cli/write-set.ts: nothing outside --out, nothing half-written, --force replaces exactly what qsize
 * wrote). The README is written again for the whole set present, so targets emitted one by one into one
 * folder end with one README that lists exactly the files there. Skipped files are warnings on stderr.
 */
import { EMIT_TARGETS, renderFileSet, renderReadme, skippedNotes, targetOfPath, type EmitTarget, type ReadmeRequest } from '../../emit/index.js';
import { QsizeInputError, QsizeValidationError } from '../../errors.js';
import { recommend } from '../../plan/recommend.js';
import { cliPlanCatalogFor } from '../catalogs.js';
import { EMIT_OPTION_FLAGS, emitOptionsFromFlags, type Target } from '../emit-options.js';
import type { Plan } from '../../plan/types.js';
import type { ConvertedBill } from '../../pricing/currency.js';
import { currencyFromFlags } from '../currency.js';
import { namesRegion, quoteStaleness } from '../staleness.js';
import { emitResult, warn, withInputs, type Args } from '../commands/shared.js';
import { checkWritePlan, commitWritePlan, isPlainFile, MANIFEST, readManifest, resolveOut, sha256, withOutLock, type Manifest, type ManifestEntry } from '../write-set.js';
import { counted } from '../../util/plural.js';

/** Emit option fields back to the flags that set them, for error messages. */
const OPTION_FLAGS: Record<string, string> = EMIT_OPTION_FLAGS;

/** `options.name: ...` -> `--name: ...`; `plan.qdrantVersion` -> the flag or spec field that set the version. */
function toFlagField(field: string, argv: Args): string {
  const option = /^options\.([A-Za-z]+)/.exec(field);
  if (option?.[1] && OPTION_FLAGS[option[1]]) return OPTION_FLAGS[option[1]] as string;
  if (field === 'plan.gpu') return '--gpu-indexing';
  const specField = /^workload\.(.+)$/.exec(field)?.[1];
  if (specField !== undefined) return typeof argv['spec'] === 'string' ? `--spec ${argv['spec']}: ${specField}` : specField;
  if (field === 'plan.qdrantVersion' || field === 'qdrantVersion') return argv['qdrant-version'] !== undefined || typeof argv['spec'] !== 'string' ? '--qdrant-version' : `--spec ${String(argv['spec'])}: qdrantVersion`;
  return field;
}

function renameFields(error: unknown, argv: Args): unknown {
  if (error instanceof QsizeValidationError) return new QsizeValidationError(error.issues.map((i) => ({ ...i, field: toFlagField(i.field, argv) })));
  if (error instanceof QsizeInputError) {
    const field = toFlagField(error.field, argv);
    return field === error.field ? error : new QsizeInputError(field, error.value, error.expected);
  }
  return error;
}

export interface EmitReport {
  schemaVersion: 'qsize.emit/v1';
  out: string;
  target: Target;
  files: { path: string; bytes: number }[];
}

/** The order files are listed in: README, then the targets' own order. */
function order(paths: Iterable<string>): string[] {
  const rank = (p: string) => ['helm/values.yaml', 'helm/networkpolicy.yaml', 'operator/', 'kubeblocks/cluster.yaml', 'kubeblocks/values.yaml', 'kubeblocks/pdb.yaml', 'kubeblocks/networkpolicy.yaml', 'collection/'].findIndex((x) => p.startsWith(x));
  return [...new Set(paths)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Renders the plan's files for the target and writes them into `out` as one set (src/cli/write-set.ts). Shared by
 * `emit` and `observe --emit`; `flag` names the option that gave `out` in errors.
 */
export function writePlanFiles(
  plan: Plan,
  options: Record<string, unknown>,
  target: Target,
  out: string,
  argv: Args,
  flag: string,
  /** The plan's bill in the --currency currency, for the README's cost lines (USD without). */
  currency?: ConvertedBill,
): { root: string; files: { path: string; content: string }[]; warnings: string[] } {
  const targets: readonly EmitTarget[] = target === 'all' ? EMIT_TARGETS : [target];
  const { root } = resolveOut(out, flag);
  let rendered: ReturnType<typeof renderFileSet>;
  let readme: (paths: string[], requests: ReadmeRequest[], notes: string[]) => string;
  try {
    rendered = renderFileSet(plan, options, targets);
    readme = (paths, requests, notes) => renderReadme(plan, options, { paths, requests, notes, ...(currency ? { currency } : {}) });
  } catch (error) {
    throw renameFields(error, argv);
  }
  // Skip reasons name the library's fields (`options.name: ...`): the CLI names the flags.
  rendered.skipped = rendered.skipped.map((k) => ({ ...k, reason: k.reason.replace(/^([A-Za-z.]+):/, (_, f: string) => `${toFlagField(f, argv)}:`) }));
  if (rendered.files.length === 0) {
    const why = [...new Set(rendered.skipped.map((k) => k.reason))].join('; ');
    throw new QsizeInputError('--target', target, `a target that can be written for this plan (${why || 'it has no files'})`);
  }

  // Reading the set already there, checking and writing hold --out's lock: concurrent emits never mix.
  const { files, kept, recovered } = withOutLock(out, root, (recovered) => {
    // The set already there: entries of other targets stay (if still there), the targets written now are replaced.
    const previous: Manifest | undefined = readManifest(root);
    const ours = new Set(previous ? [...previous.files.map((f) => f.path), 'README.md', MANIFEST] : []);
    const kept: ManifestEntry[] = (previous?.files ?? []).filter((f) => {
      const t = targetOfPath(f.path);
      return t !== undefined && !targets.includes(t) && isPlainFile(root, f.path);
    });
    const newPaths = new Set(rendered.files.map((f) => f.path));
    const remove = (previous?.files ?? [])
      .filter((f) => {
        const t = targetOfPath(f.path);
        return t !== undefined && targets.includes(t) && !newPaths.has(f.path);
      })
      .map((f) => f.path);
    if (remove.length > 0 && argv['force'] !== true) {
      throw new QsizeInputError(flag, out, `a folder without an earlier set of these targets (or pass --force to replace it): ${remove.map((p) => `${root}/${p}`).join(', ')}`);
    }

    const requestOf = new Map(rendered.requests.map((q) => [q.file, { method: q.method, path: q.path }]));
    const entries: ManifestEntry[] = [
      ...kept,
      ...rendered.files.map((f) => {
        const request = requestOf.get(f.path);
        return { path: f.path, target: targetOfPath(f.path) as string, sha256: sha256(f.content), ...(request ? { request } : {}) };
      }),
    ];
    const paths = order(entries.map((e) => e.path));
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const requests: ReadmeRequest[] = paths.flatMap((p) => {
      const q = byPath.get(p)?.request;
      return q ? [{ method: q.method, path: q.path, file: p }] : [];
    });
    const readmeText = readme(paths, requests, [...skippedNotes(rendered.skipped), ...rendered.notes]);
    const manifest: Manifest = {
      schemaVersion: 'qsize.emit-manifest/v1',
      files: [...paths.map((p) => byPath.get(p) as ManifestEntry), { path: 'README.md', target: 'readme', sha256: sha256(readmeText) }],
    };
    const files = [{ path: 'README.md', content: readmeText }, ...rendered.files];
    const writes = { files: [...files, { path: MANIFEST, content: `${JSON.stringify(manifest, null, 2)}\n` }], remove };
    checkWritePlan(out, root, writes, argv['force'] === true, ours, flag);
    commitWritePlan(root, true, writes);
    return { files, kept, recovered };
  }, flag);
  const warnings = [
    ...recovered,
    // The README's own lines (skippedNotes: the KubeBlocks files skipped for one reason are one line), without their full stop.
    ...skippedNotes(rendered.skipped).map((line) => line.replace(/\.$/, '')),
    ...(kept.length > 0 ? [`kept ${counted(kept.length, 'file')} of an earlier emit into ${root} (other targets): ${kept.map((k) => k.path).join(', ')}; README.md lists them too`] : []),
  ];
  return { root, files, warnings };
}

export async function runEmit(argv: Args): Promise<void> {
  const target = argv['target'] as Target;
  const out = String(argv['out']);
  const options = emitOptionsFromFlags(argv);
  if (target === 'operator' && options['customerId'] === undefined) {
    throw new QsizeInputError('--customer-id', undefined, 'the customer-id label value the QdrantCluster requires (e.g. --customer-id acme)');
  }
  // Where the files go is checked before the plan is computed: a bad --out costs nothing.
  resolveOut(out);
  const view = await currencyFromFlags(argv);
  let region = false;
  const r = await withInputs(argv, (workload, constraints) => {
    region = namesRegion(constraints);
    return recommend(workload as never, constraints as never, { maxAlternatives: 0, catalog: cliPlanCatalogFor(constraints) });
  });
  const bill = view?.bill(r.plan.cost.lineItems.map((l) => l.monthlyUsd), r.plan.cost.monthlyUsd);
  const { root, files, warnings: writeWarnings } = writePlanFiles(r.plan, options, target, out, argv, '--out', bill);
  const warnings = [...r.warnings, ...writeWarnings, ...(await quoteStaleness({ region, currency: view !== undefined }))];
  const report: EmitReport = { schemaVersion: 'qsize.emit/v1', out: root, target, files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })) };
  await emitResult(
    argv,
    {
      data: report,
      doc: () => [
        { kind: 'heading', text: `qsize emit: wrote ${counted(files.length, 'file')} to ${root} for ${r.plan.peers} × ${r.plan.node.instanceType}` },
        { kind: 'list', items: files.map((f) => f.path) },
      ],
      rows: () => report.files.map((f) => ({ path: f.path, bytes: f.bytes })),
    },
    warnings,
  );
  void warn;
}
