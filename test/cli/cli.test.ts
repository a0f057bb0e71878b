import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from './csv.js';
import { ensureBuilt, qsize, STACK_LINE } from './run.js';

const BASE = ['--vectors', '10M', '--dim', '768'];

beforeAll(() => ensureBuilt(), 180_000);

describe('the default command (the quote)', () => {
  it('prints the recommended topology, per-peer resources, cost, checks and alternatives as text', () => {
    const r = qsize(BASE);
    expect(r.status).toBe(0);
    for (const heading of ['Recommended topology', 'Per peer', 'Cost per month', 'Checks', 'Alternatives worth knowing']) {
      expect(r.stdout).toContain(heading);
    }
    // stderr carries warnings only (e.g. an UNVERIFIED storage price), never an error.
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^qsize: warning: /);
  });

  it('json output is the library’s versioned recommendation', () => {
    const r = qsize([...BASE, '--output', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe('qsize.recommendation/v1');
    expect(data.plan.schemaVersion).toBe('qsize.plan/v1');
    expect(data.plan.peers).toBeGreaterThanOrEqual(1);
  });

  it('yaml output parses to the same object as json', () => {
    const y = qsize([...BASE, '-o', 'yaml']);
    const j = qsize([...BASE, '-o', 'json']);
    expect(y.status).toBe(0);
    expect(parseYaml(y.stdout)).toEqual(JSON.parse(j.stdout));
  });

  it('csv output has a header, summary rows, one row per line item and a total row', () => {
    const r = qsize([...BASE, '--output', 'csv']);
    expect(r.status).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(['section', 'name', 'value', 'residency', 'bytes', 'quantity', 'unit', 'unit_price_usd', 'monthly_usd', 'source']);
    expect(rows[1]?.[0]).toBe('summary');
    expect(rows.filter((row) => row[0] === 'total')).toHaveLength(1);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toHaveLength(10);
  });

  it('markdown output has headings and tables', () => {
    const r = qsize([...BASE, '--output', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# Qdrant on Kubernetes: /);
    expect(r.stdout).toContain('| Line item | Quantity | Unit price | Per month |');
    expect(r.stdout).toMatch(/^\| Total per month \| {2}\| {2}\| \$[\d,]+\.\d\d \|$/m);
  });

  it('reads a YAML spec file and lets flags override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-spec-'));
    try {
      const spec = join(dir, 'plan.yaml');
      writeFileSync(spec, 'points: 5M\ncollection:\n  vectors: { size: 384, distance: Cosine }\nconstraints:\n  replicationFactor: 3\n');
      const fromFile = JSON.parse(qsize(['--spec', spec, '-o', 'json']).stdout);
      expect(fromFile.plan.workload.points).toBe(5_000_000);
      expect(fromFile.plan.replicationFactor).toBe(3);
      const overridden = JSON.parse(qsize(['--spec', spec, '--vectors', '6M', '--replication', '2', '-o', 'json']).stdout);
      expect(overridden.plan.workload.points).toBe(6_000_000);
      expect(overridden.plan.replicationFactor).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exit codes and messages', () => {
  const bad: [string, string[], RegExp][] = [
    ['a negative count', ['--vectors', '-5', '--dim', '768'], /--vectors/],
    ['dimension 0', ['--vectors', '1M', '--dim', '0'], /--dim: got "0"/],
    ['an unknown quantization', ['--vectors', '1M', '--dim', '768', '--quantization', 'pq-x3'], /--quantization: got "pq-x3", expected one of/],
    // A wrong value gets the choice it is a typo of, or the choices it begins.
    ['a misspelt quantization', ['--vectors', '1M', '--dim', '768', '--quantization', 'scaler'], /--quantization: got "scaler", expected one of .*; did you mean scalar\?$/m],
    ['a quantization without its bits', ['--vectors', '1M', '--dim', '768', '--quantization', 'binary'], /; did you mean binary-1, binary-1\.5 or binary-2\?$/m],
    ['an absurd size', ['--vectors', '1e15', '--dim', '768'], /--vectors: got "1e15", expected a whole number from 1 to 100B/],
    ['a near-miss flag', ['--vectors', '1M', '--dimm', '768'], /unknown flag --dimm: did you mean --dim\?/],
    // yargs reports a dashed unknown flag twice (as typed and camel-cased): one line, the flag as typed.
    ['an unknown dashed flag', ['--vectors', '1M', '--dim', '8', '--foo-bar', '3'], /^qsize: unknown flag --foo-bar\nqsize: Run qsize --help for its flags\.$/m],
    ['an unknown camel-cased flag', ['--vectors', '1M', '--dim', '8', '--fooBar', '3'], /^qsize: unknown flag --fooBar\nqsize: Run qsize --help for its flags\.$/m],
    // Qdrant's config nests m under hnsw_config: the flag under its section's name is a near miss of the flag.
    ['a flag under its config section\'s name', ['--vectors', '1M', '--dim', '8', '--hnsw-m', '6'], /^qsize: unknown flag --hnsw-m: did you mean -m\?\nqsize: Run/m],
    ['another flag under its section\'s name', ['--vectors', '1M', '--dim', '8', '--hnsw-ef-construct', '200'], /^qsize: unknown flag --hnsw-ef-construct: did you mean --ef-construct\?$/m],
    ['a missing dimension', ['--vectors', '1M'], /--dim: got nothing/],
    ['a bad payload size', ['--vectors', '1M', '--dim', '8', '--payload-bytes', '2XB'], /--payload-bytes: got "2XB"/],
    ['a missing spec file', ['--spec', 'no-such-file.yaml'], /--spec: got "no-such-file.yaml"/],
    ['a misspelt command', ['exlpain', '--vectors', '1M', '--dim', '8'], /did you mean qsize explain\?/],
    // explain sizes one collection, not a cluster: it takes no --shards; the message names the commands that do.
    ['a plan flag given to explain', ['explain', '--vectors', '1M', '--dim', '8', '--shards', '2'], /^qsize: --shards is not a flag of qsize explain; qsize, qsize compare, qsize timeline, qsize emit take it$/m],
    // A misspelt flag is matched against the command's own flags: catalog has --min-memory, the default command has not.
    ['a near-miss catalog flag', ['catalog', '--min-memroy', '64Gi'], /^qsize: unknown flag --min-memroy: did you mean --min-memory\?$/m],
    // --growht is near --growth, which explain does not take: no suggestion of a flag explain would refuse.
    ['a near-miss of another command\'s flag', ['explain', '--vectors', '1M', '--dim', '8', '--growht', '2M'], /^qsize: unknown flag --growht$/m],
    ['a workload flag given to catalog', ['catalog', '--vectors', '1M'], /^qsize: --vectors is not a flag of qsize catalog; qsize, qsize explain, qsize compare, qsize timeline, qsize emit take it$/m],
    // yargs reads "-acme-" as flags, leaving --customer-id empty: the message says how to pass it (the value not repeated).
    ['a value that begins with "-"', ['emit', '--vectors', '1M', '--dim', '8', '--target', 'operator', '--out', 'never-written', '--customer-id', '-acme-'], /^qsize: --customer-id: got nothing, expected a value; a value that begins with "-" is read as a flag: write --customer-id=VALUE$/m],
    ['a write consistency above replication', ['--vectors', '1M', '--dim', '8', '--replication', '2', '--write-consistency', '3'], /--write-consistency/],
    // 3 lost peers can be the 3 peers of one shard's 3 replicas, on any cluster: the two flags contradict each other
    // (it exited 3, "nothing fits", before s37).
    ['tolerated failures as many as the replicas', ['--vectors', '1M', '--dim', '8', '--replication', '3', '--tolerated-failures', '3'], /^qsize: --tolerated-failures: got "3", expected fewer than the replication factor \(3, constraints\.replicationFactor, --replication\) \(losing 3 peers can take all 3 replicas of a shard: raise the replication factor to 4, or tolerate at most 2\)$/m],
  ];
  it.each(bad)('%s exits 2, names the flag, prints no stack trace', (_, args, message) => {
    const r = qsize(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it('nothing fitting the constraints exits 3', () => {
    const r = qsize(['--vectors', '100M', '--dim', '768', '--cloud', 'aws', '--max-nodes', '1', '--replication', '1']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^qsize: nothing fits the constraints/);
    expect(r.stdout).toBe('');
  });

  it('--version prints the package version, --help has examples', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(qsize(['--version']).stdout.trim()).toBe(pkg.version);
    const help = qsize(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--vectors');
  });

  it('completion prints a shell script', () => {
    const r = qsize(['completion']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('qsize');
    expect(r.stdout).toMatch(/complete|compdef/);
  });
});

describe('explain, compare, catalog, emit', () => {
  it('explain shows every line item with formula, substituted inputs and source', () => {
    const r = qsize(['explain', ...BASE, '--quantization', 'scalar', '-o', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe('qsize.explain/v1');
    for (const item of data.lineItems) {
      expect(item.formula).not.toBe('');
      expect(item.substituted).not.toBe('');
      expect(item.source).not.toBe('');
    }
    const text = qsize(['explain', ...BASE]).stdout;
    expect(text).toContain('formula');
    expect(text).toContain('substituted');
  });

  it('compare puts one row per option in one table (csv parses)', () => {
    const r = qsize(['compare', 'quantization', 'none', 'scalar', 'binary-1', ...BASE, '-o', 'csv']);
    expect(r.status).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['none', 'scalar', 'binary-1']);
  });

  it('compare quantization --on-disk --always-ram without values (the usual modes of the version) runs too: the flags are read without --always-ram before the options are set', () => {
    const r = qsize(['compare', 'quantization', ...BASE, '--on-disk', '--always-ram', '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    expect(csvRows(r.stdout).slice(1).map((row) => row[0])).toEqual(['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4', 'turbo-8']);
  });

  it("compare gives each option's warnings: one every option carries once, one only some carry prefixed with them; --always-ram is moot for quantization none", () => {
    const r = qsize(['compare', 'quantization', 'none', 'scalar', ...BASE, '--on-disk', '--always-ram', '-o', 'json']);
    expect(r.status).toBe(0);
    const rows = (JSON.parse(r.stdout) as { rows: { option: string; warnings: string[] }[] }).rows;
    // Originals on disk: without quantization every search reads them there; scalar keeps its codes in RAM.
    const diskOnly = /originals on disk without quantized vectors in memory/;
    expect(rows.map((x) => x.option)).toEqual(['none', 'scalar']);
    expect(rows[0]!.warnings.some((w) => diskOnly.test(w))).toBe(true);
    expect(rows[1]!.warnings.some((w) => diskOnly.test(w))).toBe(false);
    expect(r.stderr).toMatch(/^qsize: warning: quantization none: vector "default": originals on disk without quantized vectors in memory/m);
    // Without --always-ram both keep their vectors on disk: said once, for every option.
    const both = qsize(['compare', 'quantization', 'none', 'scalar', ...BASE, '--on-disk']);
    expect(both.status).toBe(0);
    expect(both.stderr).toMatch(/^qsize: warning: vector "default": originals on disk without quantized vectors in memory/m);
    expect(both.stderr.split('originals on disk without quantized vectors in memory').length - 1).toBe(1);
  });

  it('compare refuses an unknown value with exit 2', () => {
    const r = qsize(['compare', 'quantization', 'pq-x3', ...BASE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/compare quantization: got "pq-x3"/);
  });

  it('catalog lists instances with the catalog date, filtered by memory', () => {
    const r = qsize(['catalog', '--cloud', 'aws', '--min-memory', '256Gi', '-o', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe('qsize.catalog/v1');
    expect(data.catalogDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.instances.length).toBeGreaterThan(0);
    for (const i of data.instances) {
      expect(i.cloud).toBe('aws');
      expect(i.memoryGib).toBeGreaterThanOrEqual(256);
    }
  });

  it('catalog --regions lists the priced regions per cloud, Middle East included', () => {
    const r = qsize(['catalog', '--regions', '-o', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe('qsize.regions/v1');
    const regions = Object.fromEntries(data.clouds.map((c: { cloud: string; regions: string[] }) => [c.cloud, c.regions]));
    expect(regions.gcp).toContain('me-central1');
    expect(regions.azure).toContain('uaenorth');
    expect(regions.aws).toContain('me-central-1');
    expect(regions.aws).toContain('me-south-1');
    expect(regions.aws).toContain('us-east-1');
  });

  it('catalog --region names the nearest priced region and why an AWS region has no price (exit 2)', () => {
    const r = qsize(['catalog', '--region', 'ap-east-2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--region: got "ap-east-2", expected ap-east-2 is an AWS region, but the dated, machine-generated AWS price table qsize imports \(ec2instances.info, 2025-04-24\) predates it/);
    expect(r.stderr).toMatch(/nearest: ap-east-1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const ok = qsize(['catalog', '--region', 'uaenorth', '--family', 'Esv5', '-o', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).instances.map((i: { region: string }) => i.region)).toContain('uaenorth');
  });

  it('emit writes the files and refuses to overwrite them without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-emit-'));
    try {
      const first = qsize(['emit', ...BASE, '--target', 'helm', '--out', dir, '-o', 'json']);
      expect(first.status).toBe(0);
      const report = JSON.parse(first.stdout);
      expect(report.files.map((f: { path: string }) => f.path)).toContain('helm/values.yaml');
      expect(parseYaml(readFileSync(join(dir, 'helm/values.yaml'), 'utf8'))).toBeTypeOf('object');
      const again = qsize(['emit', ...BASE, '--target', 'helm', '--out', dir]);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/--out: .*--force/);
      expect(qsize(['emit', ...BASE, '--target', 'helm', '--out', dir, '--force']).status).toBe(0);
      expect(existsSync(join(dir, 'operator'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--bulk-load', () => {
  it('sets assumptions.bulkLoad: the appendable tail holds no vector chunk (1 shard: 0.5 x 32 MiB = 16,777,216 B without it, 0 with it)', () => {
    const tail = (extra: string[]) => {
      const r = qsize(['explain', '--vectors', '1M', '--dim', '384', ...extra, '-o', 'json']);
      expect(r.status).toBe(0);
      const e = JSON.parse(r.stdout) as { lineItems: { id: string; bytes: number }[] };
      return e.lineItems.find((i) => i.id === 'vectors.default.populated-holes')?.bytes;
    };
    expect(tail([])).toBe(16_777_216);
    expect(tail(['--bulk-load'])).toBe(0);
  });
});
