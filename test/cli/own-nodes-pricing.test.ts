/** The CLI's --node, --pricing and --control-plane flags (issue 14), end to end through the built binary. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize, STACK_LINE } from './run.js';

beforeAll(() => ensureBuilt(), 300_000);

const SEED = ['--vectors', '5000', '--dim', '384', '--shards', '6', '--replication', '2', '--write-consistency', '2'];

describe('qsize --node', () => {
  it("plans the seed's 4 vCPU / 4 GiB k3s VMs: 3 peers of 3184Mi and 3.5 cores, $109.50 of nodes at $0.05/h", () => {
    const r = qsize([...SEED, '--node', 'vm=4cpu/4Gi@0.05/h:k3s', '-o', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: { peers: number; node: { cloud: string; distribution: string }; perPeer: { memoryRequestBytes: number; cpuCores: number }; cost: { monthlyUsd: number } } };
    expect(out.plan.peers).toBe(3);
    expect(out.plan.node).toMatchObject({ cloud: 'custom', distribution: 'k3s' });
    expect(out.plan.perPeer.memoryRequestBytes).toBe(3184 * 1024 ** 2);
    expect(out.plan.perPeer.cpuCores).toBe(3.5);
    expect(out.plan.cost.monthlyUsd).toBe(109.5);
    expect(r.stderr).toContain('no price for block-storage on your own nodes');
  });

  it('says the total leaves out unpriced lines, and never prints a node without a price as $0', () => {
    const r = qsize([...SEED, '--node', 'vm=4cpu/4Gi:k3s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cost per month: $0.00 (no line priced)');
    expect(r.stdout).toMatch(/Node \(vm, your node, no price\)\s+2,190 instance-hour\s+no price\s+not included/);
  });

  it('reads nodes from a spec file, as objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-node-'));
    try {
      const spec = join(dir, 'spec.json');
      writeFileSync(spec, JSON.stringify({ points: 5000, collection: { vectors: { size: 384, distance: 'Cosine' } }, constraints: { placement: { nodes: [{ name: 'vm', vcpu: 4, memory: '4Gi', pricePerMonth: 36.5, distribution: 'k3s' }] } } }));
      const r = qsize(['--spec', spec, '-o', 'json']);
      expect(r.status).toBe(0);
      expect((JSON.parse(r.stdout) as { plan: { node: { instanceType: string } } }).plan.node.instanceType).toBe('vm');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('emits files that name no cloud storage class, and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-node-emit-'));
    try {
      const r = qsize(['emit', ...SEED, '--node', 'vm=4cpu/4Gi:k3s', '--out', join(dir, 'out'), '--target', 'helm']);
      expect(r.status).toBe(0);
      const values = readFileSync(join(dir, 'out', 'helm', 'values.yaml'), 'utf8');
      expect(values).not.toMatch(/storageClassName/);
      expect(readFileSync(join(dir, 'out', 'README.md'), 'utf8')).toContain("your cluster's default StorageClass");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--node', 'vm=4cpu'], /--node: got "vm=4cpu", expected NAME=VCPUcpu\/MEMORY/],
    [['--node', 'vm=4cpu/4Gi', '--cloud', 'aws'], /--cloud: got "aws", expected no cloud with your own nodes/],
    [['--node', 'vm=4cpu/4Gi', '--pricing', '3y'], /--pricing: got "3y"/],
    [['--node', 'a=4cpu/4Gi@0.05/h', '--node', 'b=8cpu/8Gi'], /--node: got "b", expected a price for every node/],
  ])('refuses %j with exit 2, naming the flag, without a stack trace', (args, message) => {
    const r = qsize([...SEED, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('qsize --pricing and --control-plane', () => {
  it('prices three n2-highmem-8 for three years at $516.51 and shows the other models beside it', () => {
    const r = qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'gcp', '--instance-type', 'n2-highmem-8', '--peers', '3', '--pricing', '3y']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Node \(n2-highmem-8, 3-year commitment\)\s+2,190 instance-hour\s+\$0\.2358\s+\$516\.51/);
    expect(r.stdout).toMatch(/3-year commitment\s+\$\d/);
    expect(r.stdout).toContain('this quote uses 3y');
  });

  it('refuses spot on Azure alone, and a 3-year reservation in an Azure region newer than its source, with exit 2', () => {
    const r = qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'azure', '--pricing', 'spot']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--pricing: got "spot", expected a pricing model with prices for azure/);
    const israel = qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'azure', '--region', 'israelcentral', '--pricing', '3y']);
    expect(israel.status).toBe(2);
    expect(israel.stderr).toMatch(/--pricing: got "3y", expected a pricing model with prices for azure in israelcentral/);
  });

  it('compare adds a column per pricing model: Azure reservations priced, "no row" for Azure spot, and says why', () => {
    const r = qsize(['compare', 'cloud', 'azure', 'gcp', '--vectors', '1M', '--dim', '768']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1-year commitment\s+3-year commitment\s+spot/);
    expect(r.stdout).toMatch(/azure .* \$[\d,.]+\s+\$[\d,.]+\s+\$[\d,.]+\s+no row/);
    expect(r.stdout).toContain('no row: no spot prices for azure');
    expect(r.stdout).toContain('A Qdrant peer is stateful');
  });

  it('bills EKS extended support with --control-plane ($438.00) and refuses an unknown tier with exit 2', () => {
    const ok = qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'aws', '--control-plane', 'extended-support']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Managed control plane \(EKS extended-support, 1 cluster\)\s+730 cluster-hour\s+\$0\.60\s+\$438\.00/);
    const bad = qsize(['--vectors', '1M', '--dim', '768', '--control-plane', 'gold']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--control-plane: got "gold", expected a tier of data\/catalogs\/control-plane\.csv/);
    const pair = qsize(['--vectors', '1M', '--dim', '768', '--control-plane', 'mars=standard']);
    expect(pair.status).toBe(2);
    expect(pair.stderr).toMatch(/--control-plane: got "mars=standard"/);
  });
});
