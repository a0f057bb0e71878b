/** `qsize observe` as a user runs it: replayed recordings in every format, and bad input (exit 2, no stack trace). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, qsize, STACK_LINE } from '../cli/run.js';
import { csvRows } from '../cli/csv.js';
import { freePort } from '../support/qdrant-server.js';

const CLUSTER = 'test/observe/fixtures/cluster.json';
const tmp = mkdtempSync(join(tmpdir(), 'qsize-observe-cli-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qsize observe --from a recording', () => {
  it.each(['text', 'markdown', 'json', 'yaml', 'csv'])('renders %s without NaN or Infinity', (format) => {
    const r = qsize(['observe', '--from', CLUSTER, '--growth', '1M', '--memory-limit', '1Gi', '-o', format]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\bNaN\b|\bInfinity\b/);
    if (format === 'json') expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 'qsize.observe/v1', growth: { pointsPerMonth: 1e6 } });
    if (format === 'yaml') expect(parse(r.stdout)).toMatchObject({ schemaVersion: 'qsize.observe/v1' });
  });

  it('--spec-out writes one spec per collection, inside the named folder only', () => {
    const dir = join(tmp, 'specs');
    const r = qsize(['observe', '--from', CLUSTER, '--spec-out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['docs.yaml']);
  });

  it('--writes goes into each recovered spec (assumptions.writesPerSecond); a negative rate exits 2 naming the flag', () => {
    const dir = join(tmp, 'specs-writes');
    const r = qsize(['observe', '--from', CLUSTER, '--writes', '2k', '--spec-out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect((parse(readFileSync(join(dir, 'docs.yaml'), 'utf8')) as { assumptions: Record<string, unknown> }).assumptions['writesPerSecond']).toBe(2000);
    // The report says the rate was stated, beside the spec's other assumptions.
    expect(r.stdout).toContain("- assumptions.writesPerSecond: 2k points written per second, as --writes states it (the API reports no write rate): each shard's WAL is predicted at the top of its sawtooth plus a flush interval of them");
    const bad = qsize(['observe', '--from', CLUSTER, '--writes', '-5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^qsize: --writes: got "-5", expected /);
    expect(bad.stderr).not.toMatch(STACK_LINE);
  });

  it('--spec-out keeps a spec already there (exit 2 naming it) unless --force, which replaces it', () => {
    // Run from the temporary folder: its random name would be shown as a value that looks like a secret.
    const from = join(process.cwd(), CLUSTER);
    const run = (extra: string[] = []) => qsize(['observe', '--from', from, '--spec-out', 'specs-kept', ...extra], { cwd: tmp });
    const dir = join(tmp, 'specs-kept');
    expect(run().status).toBe(0);
    writeFileSync(join(dir, 'docs.yaml'), '# edited by hand\n');
    const again = run();
    expect(again.status).toBe(2);
    expect(again.stderr.trim()).toBe('qsize: --spec-out: got "specs-kept", expected a folder without docs.yaml (already there: --force replaces it)');
    expect(readFileSync(join(dir, 'docs.yaml'), 'utf8')).toBe('# edited by hand\n');
    expect(run(['--force']).status).toBe(0);
    expect(readFileSync(join(dir, 'docs.yaml'), 'utf8')).toMatch(/^# qsize observe: collection "docs"/);
  });
});

describe('qsize observe: bad input', () => {
  const bad = (args: string[], pattern: RegExp) => {
    const r = qsize(['observe', ...args]);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(STACK_LINE);
  };

  it('without --url or --from', () => bad([], /--url: got nothing, expected the REST URL of a Qdrant peer/));
  it('an unreachable peer', async () => {
    const port = await freePort();
    bad(['--url', `http://127.0.0.1:${port}`, '--retries', '0'], /--url: got "http:\/\/127\.0\.0\.1:\d+", expected a reachable Qdrant REST endpoint/);
  });
  it('--emit without --growth', () => bad(['--from', CLUSTER, '--emit', join(tmp, 'x')], /--emit: .*expected to come with --growth/));
  it('a --from file that is not a recording', () => {
    const f = join(tmp, 'not.json');
    writeFileSync(f, '{"hello": 1}');
    bad(['--from', f], /--from: .*expected a recording with schemaVersion qsize\.observe-recording\/v1/);
  });
  it('a missing --api-key-file', () => bad(['--url', 'http://127.0.0.1:9', '--api-key-file', join(tmp, 'nope')], /--api-key-file: .*no such file/));
  it('a negative --timeout', () => bad(['--from', CLUSTER, '--timeout', '-1'], /--timeout: got "-1", expected a number from 0.1 to 600/));
  // The plan's own --zones bounds (src/cli/flags.ts: a whole number from 1 to PLAN_LIMITS.maxNodes, 1,000).
  it.each(['0', '2.5', 'three', '1001', '-2'])('--zones %s', (v) => {
    const r = qsize(['observe', '--from', CLUSTER, `--zones=${v}`]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`qsize: --zones: got "${v}", expected a whole number from 1 to 1000`);
  });
});

/*
 * --zones on the recorded cluster: 3 peers, 6 shards each with 2 live replicas (test/observe/zones.test.ts reads them from
 * the replies). 2 zones put up to ceil(3/2) = 2 peers in one, and 2 live replicas are not > 2, so every shard fails; 3
 * zones put 1 in each, 2 > 1, so it survives.
 */
describe('qsize observe --zones', () => {
  it('text: the zone table and the finding, 2 zones', () => {
    const r = qsize(['observe', '--from', CLUSTER, '--zones', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Losing a zone: 3 peers over 2 zones, at most ceil(3/2) = 2 in one');
    expect(r.stdout).toMatch(/^ {2}docs +NO +2 +0 \(2\), 1 \(2\), 2 \(2\), 3 \(2\), 4 \(2\), 5 \(2\)$/m);
    expect(r.stdout).toContain('Raft loses its majority with the fullest zone (1 of 3 peers left up).');
  });

  it('json: zones with the verdict, 3 zones; with --growth the re-plan survives a zone too', () => {
    const r = qsize(['observe', '--from', CLUSTER, '--zones', '3', '--growth', '100k', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.zones).toMatchObject({ zones: 3, peers: 3, peersPerZoneMax: 1, liveReplicasNeeded: 2, raftMajorityAfterZoneLoss: true, collections: [{ collection: 'docs', survivesZoneLoss: true, minLiveReplicas: 2, failingShards: [] }] });
    expect(d.growth.replans[0].replicationFactor).toBe(2);
    expect(d.growth.replans[0].peers).toBeLessThanOrEqual(3);
  });

  it('markdown: the same table', () => {
    const r = qsize(['observe', '--from', CLUSTER, '--zones', '3', '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Losing a zone: 3 peers over 3 zones, at most ceil(3/3) = 1 in one');
    expect(r.stdout).toMatch(/\| docs +\| yes +\| +2 \| - +\|/);
  });

  // By hand (the comment above): 2 zones: ceil(3/2) = 2 in one, 2 + 1 = 3 live replicas needed, every shard has 2, so
  // shards 0-5 fail; Raft: 3 live - 2 = 1 left, the majority of 3 is 2. 3 zones: 1 in one, 2 needed, 2 found; 3 - 1 = 2 left.
  // inRange is the verdict (csv-stringify writes true as 1 and false as an empty field, as in the comparison rows).
  it.each([
    ['2', 'zones: 3 peers over 2, at most ceil(3/2) = 2 in one', ['2', '3', ''], ['1', '2', ''], '0 (2), 1 (2), 2 (2), 3 (2), 4 (2), 5 (2)'],
    ['3', 'zones: 3 peers over 3, at most ceil(3/3) = 1 in one', ['2', '2', '1'], ['2', '2', '1'], 'none'],
  ])('csv: the zone rows, %s zones', (zones, scope, docs, raft, failing) => {
    const r = qsize(['observe', '--from', CLUSTER, '--zones', zones, '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const [head, ...rows] = csvRows(r.stdout);
    const col = (row: string[], name: string) => row[head!.indexOf(name)];
    const zoneRows = rows.filter((row) => col(row, 'scope') === scope);
    expect(zoneRows.map((row) => [col(row, 'measured'), col(row, 'predicted'), col(row, 'inRange')])).toEqual([docs, raft]);
    expect(col(zoneRows[0]!, 'what')).toMatch(/^collection docs: fewest live replicas/);
    expect(col(zoneRows[0]!, 'measuredFrom')).toContain(`live: ${failing}`);
    expect(col(zoneRows[1]!, 'what')).toMatch(/^Raft: live peers left/);
    // The measured-vs-predicted rows are still there, before the zone rows.
    expect(rows.findIndex((row) => col(row, 'scope') === scope)).toBeGreaterThan(0);
  });
});

describe('qsize observe --spec-out: names from the cluster stay inside their comment', () => {
  it('a collection name with a line break cannot write YAML into the spec (commentLine)', async () => {
    const { commentLine } = await import('../../src/cli/render/observe.js');
    const line = commentLine(`# qsize observe: collection ${JSON.stringify('docs\ninjected: true')} as recorded 2026-12-03`);
    // JSON.stringify already escapes \n; a raw U+2028 / CR / LF elsewhere (a payload field in an assumption) is escaped here.
    const assumption = commentLine('# assumption: field "a\nb: 1\u2028c\rd"');
    expect(assumption).toBe('# assumption: field "a\\u000ab: 1\\u2028c\\u000dd"');
    const doc = parse(`${line}\n${assumption}\npoints: 5\n`);
    expect(doc).toEqual({ points: 5 });
  });
});
