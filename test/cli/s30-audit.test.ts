/**
 * Findings of the s30 new-user audit, one block each: the command a user ran, what it did, and the value it should
 * give, worked out by hand from the inputs and the rule's source (never the code's own output).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qsizeInProcess as qsize } from './in-process.js';

/** stderr without the warnings. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

describe('emit --dr: the README says the standby is priced but gets no files (it said nothing)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 3 × r7g.2xlarge pinned in aws us-east-1: data/catalogs/instances-cpu.csv prices r7g.2xlarge at $0.4284/h, storage.csv
  // ebs-gp3 at $0.08/GB-month, control-plane.csv EKS standard at $0.10/cluster-hour.
  const args = ['--vectors', '20M', '--dim', '768', '--cloud', 'aws', '--region', 'us-east-1', '--instance-type', 'r7g.2xlarge', '--peers', '3'];

  it('the standby lines are marked in the JSON (nodes, volumes, control plane), and no other line is', async () => {
    const r = await qsize([...args, '--dr', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = (JSON.parse(r.stdout) as { plan: { cost: { lineItems: { name: string; standby?: true }[] } } }).plan.cost.lineItems;
    expect(lines.filter((l) => l.standby === true).map((l) => l.name)).toEqual([
      'DR standby nodes (r7g.2xlarge)',
      'DR standby volumes',
      'DR standby control plane (EKS standard, 1 cluster)',
    ]);
    const plain = await qsize([...args, '-o', 'json']);
    expect(JSON.parse(plain.stdout).plan.cost.lineItems.some((l: { standby?: true }) => l.standby)).toBe(false);
  });

  it('README: 3 × 730 h × $0.4284 = $938.20, + 3 × V GiB × $0.08, + 730 × $0.10 = $73.00 for the standby, and no file is for it', async () => {
    const out = join(dir, 'dr');
    const r = await qsize(['emit', ...args, '--dr', '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const v = Number(/\| Data volume \((\d+) GiB per peer\)/.exec(readme)![1]);
    const cents = 93820 + 7300 + Math.round(3 * v * 8);
    const usd = `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(readme).toContain(
      `The disaster-recovery standby is priced, not deployed: its 3 lines above (DR standby nodes (r7g.2xlarge); DR standby volumes; DR standby control plane (EKS standard, 1 cluster)) come to ${usd} a month, and none of these files is for it (they deploy the primary cluster).`,
    );
  });

  it('without --dr the README has no standby sentence', async () => {
    const out = join(dir, 'plain');
    const r = await qsize(['emit', ...args, '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('standby');
  });
});

void errors;
