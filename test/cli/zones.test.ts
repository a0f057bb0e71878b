/**
 * --zones on the command line: bad input names the flag, the value and what was expected (exit 2); a zone count no
 * replication can meet exits 3 naming --zones and --replication; the emitted files enforce the spread the zone check
 * rests on. Expected lines are written out by hand from the inputs (src/cli/flags.ts bounds, docs/topology.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { qsizeInProcess as qsize } from './in-process.js';

const BASE = ['--vectors', '1M', '--dim', '128', '--instance-type', 'r6i.xlarge'];
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

describe('--zones: bad input, exit 2', () => {
  it.each([
    [['--zones', '0'], 'qsize: --zones: got "0", expected a whole number from 1 to 1000'],
    [['--zones', '2.5'], 'qsize: --zones: got "2.5", expected a whole number from 1 to 1000'],
    [['--zones', 'three'], 'qsize: --zones: got "three", expected a whole number from 1 to 1000'],
    [['--zones', '1001'], 'qsize: --zones: got "1001", expected a whole number from 1 to 1000'],
    [
      ['--zones', '3', '--replication', '1'],
      'qsize: --zones: got "3", expected a replication factor of at least 2 beside it (constraints.replicationFactor, --replication 2), or 1 zone (no zone check) (replication factor 1 keeps one replica of each shard, lost with the zone of its peer)',
    ],
    // 6 pinned peers in 3 zones: 2 per zone, so RF 2 may sit wholly in one; 6 zones (1 per zone) or RF 3 would do.
    // (Without --replication qsize chooses RF 3 itself: below.)
    [
      ['--zones', '3', '--peers', '6', '--replication', '2'],
      'qsize: --zones: got "3", expected at least 6 zones for replication factor 2 on the 6 pinned peers, or replication factor 3 (constraints.replicationFactor, --replication) (3 zones put up to 2 of 6 peers in one zone, and Qdrant may place both replicas of a shard there)',
    ],
  ])('qsize %j', async (args, line) => {
    const r = await qsize([...BASE, ...args]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('--zones: nothing fits, exit 3', () => {
  it('two zones at replication 2: the message names --zones 2 and --replication 3', async () => {
    const r = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--family', 'r6i', '--zones', '2', '--replication', '2']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('with --zones 2, replication factor 2 survives losing a zone on at most 2 peers');
    expect(r.stderr).toContain('--replication 3');
  });
});

describe('--zones with pinned peers and no --replication: qsize chooses the fewest replicas that survive a lost zone', () => {
  it('6 pinned peers in 3 zones: 2 per zone, so RF 3 (RF 2 may sit wholly in one zone)', async () => {
    const r = await qsize([...BASE, '--zones', '3', '--peers', '6', '--output', 'json']);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout).plan;
    expect([plan.peers, plan.replicationFactor, plan.zones.survivesZoneLoss]).toEqual([6, 3, true]);
    expect(plan.replicationReason).toContain('3 is the fewest that survive losing a zone on the 6 pinned peers');
  });
});

describe('--zones: the report, JSON and emitted files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qsize-zones-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('JSON carries plan.zones and the three zone checks', async () => {
    const r = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--family', 'r6i', '--zones', '3', '--output', 'json']);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout).plan;
    // 3 peers (the Raft minimum) in 3 zones: 1 per zone, RF 2 > 1; 2 of 3 left keep the majority.
    expect(plan.peers).toBe(3);
    expect(plan.zones).toEqual({ zones: 3, peersPerZoneMax: 1, survivesZoneLoss: true, minReplicationFactor: 2, raftMajorityAfterZoneLoss: true });
    expect(plan.checks.filter((k: { id: string }) => k.id.startsWith('zone-')).map((k: { id: string; passed: boolean }) => [k.id, k.passed])).toEqual([
      ['zone-replicas', true],
      ['zone-failure', true],
      ['zone-quorum', true],
    ]);
  });

  // The customer documents carry the zone result too (audit33: -o markdown and -o csv said nothing of zones). 3 peers
  // in 2 zones: ceil(3/2) = 2 in one, RF 3 > 2 keeps a replica; 3 − 2 = 1 of 3 left is no Raft majority.
  it.each(['markdown', 'csv'])('-o %s: the Availability assumption states the zone result by hand', async (fmt) => {
    const r = await qsize(['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--family', 'r6i', '--zones', '2', '--replication', '3', '--output', fmt]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'The peers spread over 2 zones (DoNotSchedule, at most ceil(3/2) = 2 in one): losing any one zone leaves a replica of every shard (replication factor 3 > 2), and Raft loses its majority with it (1 of 3 left): collection and cluster changes wait for the zone.',
    );
    if (fmt === 'markdown') expect(r.stdout).toContain('sizing checks pass (memory, placement, failures, losing a zone, upgrades, volumes)');
  });

  it('emit: the zone spread is DoNotSchedule and the README states the zone result', async () => {
    const out = join(dir, 'deploy');
    const r = await qsize(['emit', '--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--family', 'r6i', '--zones', '3', '--target', 'helm', '--out', out]);
    expect(r.status).toBe(0);
    const values = parse(readFileSync(join(out, 'helm/values.yaml'), 'utf8'));
    const zone = values.topologySpreadConstraints.find((c: { topologyKey: string }) => c.topologyKey === 'topology.kubernetes.io/zone');
    expect(zone).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 });
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('spread across zones (DoNotSchedule)');
    expect(readme).toContain('- Losing a zone: sized for 3 zones (--zones 3). The zone spread is DoNotSchedule with minDomains 3, so no zone takes more than ceil(3/3) = 1 peer');
    expect(readme).toContain('Replication factor 2 > 1, so every shard keeps a replica after losing any zone');
  });
});

/*
 * The growth timeline's limit line names the rule that stops the cluster (zones34): replication 2 in 3 zones survives
 * losing a zone on at most (2 − 1) × 3 = 3 peers, fewer than any shard count of 2 or more allows (S × 2 ≥ 4), so the
 * line is the zone limit in every format, and JSON says so in limitedBy and label beside the old fields. Without
 * --zones the same workload's line is the shard count's.
 */
describe('--zones: the timeline limit line says "Zone limit"', () => {
  const A = ['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--family', 'r6i', '--zones', '3', '--growth', '3M'];
  it.each([
    ['text', /^ {2}Zone limit: with --zones 3, replication 2 survives losing a zone on at most 3 peers \(\(2 − 1\) × 3; shard_number \d+ × replication 2 would allow \d+\)/m],
    ['markdown', /^Zone limit: with --zones 3, replication 2 survives losing a zone on at most 3 peers/m],
    ['csv', /^timeline,Zone limit,"with --zones 3, replication 2 survives losing a zone on at most 3 peers/m],
  ])('-o %s', async (fmt, line) => {
    const r = await qsize([...A, '--output', fmt]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(line);
    expect(r.stdout).not.toContain('Shard count limit');
  });

  it('-o json: limitedBy "zones", label "Zone limit", maxPeers 3, maxDataPeers still S × 2', async () => {
    const r = await qsize([...A, '--output', 'json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as { plan: { shardNumber: number }; timeline: { shardLimit: Record<string, unknown> } };
    expect(d.timeline.shardLimit).toMatchObject({ limitedBy: 'zones', label: 'Zone limit', maxPeers: 3, maxDataPeers: d.plan.shardNumber * 2 });
  });

  it('without --zones the line is the shard count\'s: limitedBy "shard-count", maxPeers = maxDataPeers = S × 2', async () => {
    const r = await qsize([...A.slice(0, 8), '--growth', '3M', '--output', 'json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as { plan: { shardNumber: number }; timeline: { shardLimit: Record<string, unknown> } };
    const s2 = d.plan.shardNumber * 2;
    expect(d.timeline.shardLimit).toMatchObject({ limitedBy: 'shard-count', label: 'Shard count limit', maxPeers: s2, maxDataPeers: s2 });
  });
});
