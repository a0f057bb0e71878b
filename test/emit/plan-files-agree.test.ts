/**
 * The plan and the files agree, and the files are secure by default: findings of the s26 audit (docs/emit.md).
 * Every expected value below is worked out by hand from the rule it tests, not copied from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAll, renderReadme } from '../../src/emit/index.js';
import type { HelmValues } from '../../src/emit/schemas/helm-values.js';
import type { QdrantClusterObject } from '../../src/emit/schemas/qdrant-cluster.js';
import type { KubeBlocksClusterObject } from '../../src/emit/schemas/kubeblocks.js';
import type { NetworkPolicyObject } from '../../src/emit/schemas/network-policy.js';
import { PodDisruptionBudgetObject } from '../../src/emit/schemas/pod-disruption-budget.js';
import { writesDuringUpgrade } from '../../src/plan/checks/writes-during-upgrade.js';
import type { Evaluation } from '../../src/plan/evaluate.js';
import type { Plan } from '../../src/plan/types.js';
import { noDisruptionReason } from '../../src/topology/placement.js';
import { ha3Options, ha3Peers, smallSingleNode } from './fixtures.js';
import { REAL_SCENARIOS } from './scenarios.js';

const files = (plan: Plan, options: object) => Object.fromEntries(renderAll(plan, options).map((f) => [f.path, f.content]));

/** A copy of a plan with other peers / replication (the emitters read only these integers for the PDB). */
function withTopology(plan: Plan, peers: number, replicationFactor: number, writeConsistencyFactor: number): Plan {
  const p = structuredClone(plan);
  Object.assign(p, { peers, replicationFactor, writeConsistencyFactor });
  return p;
}

describe('KubeBlocks: a multi-peer Cluster gets a PodDisruptionBudget (KubeBlocks creates none since 0.7)', () => {
  it('ha3Peers (1.19.0, 3 peers, RF 2, W 1): kubeblocks/pdb.yaml allows min(2 - 1, floor(2 / 2)) = 1, as Helm and the operator do', () => {
    const f = files(ha3Peers, ha3Options);
    const pdb = parse(f['kubeblocks/pdb.yaml']!) as PodDisruptionBudgetObject;
    expect(PodDisruptionBudgetObject.safeParse(pdb).success).toBe(true);
    expect(pdb).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'search-qdrant', namespace: 'vectordb' },
      spec: {
        maxUnavailable: 1,
        // The Cluster's pods, narrowed to those of the InstanceSet search-qdrant (<cluster>-<component>).
        selector: { matchLabels: { 'app.kubernetes.io/instance': 'search', 'apps.kubeblocks.io/component-name': 'qdrant', 'workloads.kubeblocks.io/instance': 'search-qdrant' } },
      },
    });
    // The same number in every file that carries a PDB.
    expect((parse(f['helm/values.yaml']!) as HelmValues).podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect((parse(f['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    // It selects among the pods the Cluster's anti-affinity and the KubeBlocks NetworkPolicy select.
    const kb = parse(f['kubeblocks/cluster.yaml']!) as KubeBlocksClusterObject;
    const anti = kb.spec.componentSpecs[0]!.schedulingPolicy!.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution[0]!;
    expect(pdb.spec.selector.matchLabels).toMatchObject(anti.labelSelector.matchLabels);
    expect(pdb.spec.selector.matchLabels).toMatchObject((parse(f['kubeblocks/networkpolicy.yaml']!) as NetworkPolicyObject).spec.podSelector.matchLabels);
    // The README installs it.
    expect(f['README.md']).toContain('- `kubeblocks/pdb.yaml`');
    expect(f['README.md']).toContain('kubectl apply -n vectordb -f kubeblocks/pdb.yaml');
  });

  it('replication 1 on 4 peers: maxUnavailable 0 (policy/v1 takes 0 as written; only the Helm chart drops it)', () => {
    const f = files(withTopology(ha3Peers, 4, 1, 1), ha3Options);
    expect((parse(f['kubeblocks/pdb.yaml']!) as PodDisruptionBudgetObject).spec.maxUnavailable).toBe(0);
    expect((parse(f['helm/values.yaml']!) as HelmValues).podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: null, minAvailable: 4 });
  });

  it('one peer: no PodDisruptionBudget anywhere (it would block every drain)', () => {
    const f = files(smallSingleNode, { customerId: 'acme' });
    expect(f['kubeblocks/cluster.yaml']).toBeDefined();
    expect(f['kubeblocks/pdb.yaml']).toBeUndefined();
    expect((parse(f['helm/values.yaml']!) as HelmValues).podDisruptionBudget).toEqual({ enabled: false });
  });

  it('real plans: every multi-peer plan the addon serves has kubeblocks/pdb.yaml equal to the Helm and operator budgets', () => {
    let seen = 0;
    for (const s of REAL_SCENARIOS) {
      const f = files(s.plan, s.options);
      if (f['kubeblocks/cluster.yaml'] === undefined) continue;
      if (s.plan.peers === 1) {
        expect(f['kubeblocks/pdb.yaml'], s.name).toBeUndefined();
        continue;
      }
      seen += 1;
      const qc = parse(f['operator/qdrant-cluster.yaml']!) as QdrantClusterObject;
      expect((parse(f['kubeblocks/pdb.yaml']!) as PodDisruptionBudgetObject).spec.maxUnavailable, s.name).toBe(qc.spec.podDisruptionBudget!.maxUnavailable);
    }
    // scalar-100m (Qdrant 1.18.2, several peers) is one.
    expect(seen).toBeGreaterThanOrEqual(1);
  });

  it('a version the addon does not serve skips the PDB with the other kubeblocks/ files, in one README line', () => {
    const p = structuredClone(ha3Peers);
    p.qdrantVersion = '1.20.0';
    p.workload = { ...p.workload, qdrantVersion: '1.20.0' };
    const f = files(p, ha3Options);
    expect(Object.keys(f).filter((x) => x.startsWith('kubeblocks/'))).toEqual([]);
    expect(f['README.md']).toContain('- kubeblocks/ was not written: the KubeBlocks qdrant addon serves no Qdrant 1.20.0');
  });
});

describe('a PDB of 0: the plan check and the README give one cause and one remedy', () => {
  const ev = (peers: number, rf: number, wcf: number, disruptions: number) =>
    ({ candidate: { peers }, rf, wcf, disruptions }) as unknown as Evaluation;

  it('names each bound of min(RF - W, floor((P - 1) / 2)) that is 0, and only those', () => {
    // 2 peers, RF 2, W 1: RF - W = 1, floor(1 / 2) = 0: only Raft.
    expect(noDisruptionReason({ peers: 2, replicationFactor: 2, writeConsistencyFactor: 1 })).toBe('2 peers lose the Raft majority with one down (3 peers keep it)');
    // 3 peers, RF 2, W 2: RF - W = 0, floor(2 / 2) = 1: only the replicas; W can go down to RF - 1 = 1.
    expect(noDisruptionReason({ peers: 3, replicationFactor: 2, writeConsistencyFactor: 2 })).toBe(
      'write_consistency_factor 2 needs 2 live replicas of each shard and replication_factor 2 leaves 1 with a peer down (lower write_consistency_factor to 1, or raise replication_factor)',
    );
    // One peer has no PDB, so no reason (the Raft clause is for 2 peers only: "2 peers lose").
    expect(noDisruptionReason({ peers: 1, replicationFactor: 1, writeConsistencyFactor: 1 })).toBeUndefined();
    // 5 peers, RF 1: W cannot go below 1, so the remedy is replication.
    expect(noDisruptionReason({ peers: 5, replicationFactor: 1, writeConsistencyFactor: 1 })).toBe(
      'replication_factor 1 keeps one replica of each shard, so a peer down takes its shards offline (raise replication_factor to 2)',
    );
    // 2 peers, RF 1: both.
    expect(noDisruptionReason({ peers: 2, replicationFactor: 1, writeConsistencyFactor: 1 })).toMatch(/^replication_factor 1 .*; and 2 peers lose the Raft majority/);
    // A peer may be down (3 peers, RF 2, W 1 -> 1), or one peer: no reason.
    expect(noDisruptionReason({ peers: 3, replicationFactor: 2, writeConsistencyFactor: 1 })).toBeUndefined();
    expect(noDisruptionReason({ peers: 1, replicationFactor: 1, writeConsistencyFactor: 1 })).toBeUndefined();
  });

  it('2 peers, RF 2, W 1: the check no longer says "1 = 2" or "lower write_consistency_factor", the README no longer says "raise replication_factor"', () => {
    const detail = writesDuringUpgrade.explain.call(writesDuringUpgrade, ev(2, 2, 1, 0));
    expect(detail).toBe('2 peers lose the Raft majority with one down (3 peers keep it): the PodDisruptionBudget allows 0 peers down, so node drains wait for an operator');
    const readme = files(withTopology(ha3Peers, 2, 2, 1), ha3Options)['README.md']!;
    expect(readme).toContain('- The PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0): 2 peers lose the Raft majority with one down (3 peers keep it). Node drains will wait.');
    expect(readme).not.toContain('raise replication_factor');
  });

  it('3 peers, RF 2, W 2: the same clause in the check and the README', () => {
    const clause = 'lower write_consistency_factor to 1, or raise replication_factor';
    expect(writesDuringUpgrade.explain.call(writesDuringUpgrade, ev(3, 2, 2, 0))).toContain(clause);
    expect(files(withTopology(ha3Peers, 3, 2, 2), ha3Options)['README.md']).toContain(clause);
  });
});

describe('README: what the files do not pin down', () => {
  it('a cloud plan without a storage class says which disk was priced (ebs-gp3 on aws); with one, nothing', () => {
    // smallSingleNode: aws, no storageClass, no snapshot volume.
    const without = files(smallSingleNode, { customerId: 'acme' })['README.md']!;
    expect(without).toContain('- The data volumes are priced as ebs-gp3, qsize\'s data disk on aws, but the volume claims name no storageClassName');
    const withClass = files(smallSingleNode, { customerId: 'acme', storageClass: 'gp3' })['README.md']!;
    expect(withClass).not.toContain('priced as ebs-gp3');
    // ha3Peers carries storageClass gp3 in the plan: nothing to say.
    expect(files(ha3Peers, ha3Options)['README.md']).not.toContain('priced as');
  });

  it('the curl URL names the Service of the deployment present: Helm, else the QdrantCluster, else KubeBlocks', () => {
    const o = { customerId: 'acme', clusterId: 'dev-1', name: 'vec', namespace: 'search' };
    const req = [{ method: 'PUT', path: '/collections/collection', file: 'collection/create-collection.json' }];
    const url = (paths: string[]) => /QDRANT_URL=(\S+)/.exec(renderReadme(smallSingleNode, o, { paths: [...paths, 'collection/create-collection.json'], requests: req, notes: [] }))![1];
    // Helm fullname: "vec" has no "qdrant", so "vec-qdrant" (charts/qdrant/templates/_helpers.tpl).
    expect(url(['helm/values.yaml', 'operator/qdrant-cluster.yaml'])).toBe('http://vec-qdrant.search.svc:6333');
    // QdrantCluster: qdrant-<id>.
    expect(url(['operator/qdrant-cluster.yaml'])).toBe('http://qdrant-dev-1.search.svc:6333');
    // KubeBlocks: <cluster>-<component>-<serviceName> = vec-qdrant-qdrant.
    expect(url(['kubeblocks/cluster.yaml'])).toBe('http://vec-qdrant-qdrant.search.svc:6333');
    expect(url(['kubeblocks/values.yaml'])).toBe('http://vec-qdrant-qdrant.search.svc:6333');
  });
});

describe('kubeblocks/pdb.yaml against the hand-written policy/v1 schema (test/emit/upstream)', () => {
  it('accepts the emitted budget and refuses both bounds at once, a negative bound and an unknown field', async () => {
    const { validators } = await import('./upstream-check.js');
    const pdb = parse(files(ha3Peers, ha3Options)['kubeblocks/pdb.yaml']!) as PodDisruptionBudgetObject;
    expect(validators.podDisruptionBudget(pdb)).toBe(true);
    expect(validators.podDisruptionBudget({ ...pdb, spec: { ...pdb.spec, minAvailable: 2 } })).toBe(false);
    expect(validators.podDisruptionBudget({ ...pdb, spec: { ...pdb.spec, maxUnavailable: -1 } })).toBe(false);
    expect(validators.podDisruptionBudget({ ...pdb, spec: { ...pdb.spec, maxUnavaliable: 1 } })).toBe(false);
  });
});

describe('QdrantCluster rebalanceStrategy follows the growth the plan is sized for', () => {
  it('a hand-built plan: estimate at twice today\'s points -> by_count_and_size; at today\'s points -> none', () => {
    const grown = structuredClone(ha3Peers);
    (grown.estimate as { points: number }).points = 2 * ha3Peers.workload.points;
    expect((parse(files(grown, ha3Options)['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.rebalanceStrategy).toBe('by_count_and_size');
    expect((parse(files(ha3Peers, ha3Options)['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.rebalanceStrategy).toBeUndefined();
  });

  it('a real plan for 10M points growing 1M a month (12-month horizon: 10M + 12 x 1M = 22M) gets it; the same without growth does not', async () => {
    const { recommend } = await import('../../src/plan/index.js');
    const w = { points: '10M', collection: { vectors: { size: 768, distance: 'Cosine' as const } } };
    const grown = recommend(w, { growth: { pointsPerMonth: 1_000_000 }, placement: { cloud: 'aws' } }).plan;
    expect(grown.estimate.points).toBe(22_000_000);
    expect(grown.peers).toBeGreaterThan(1);
    expect((parse(files(grown, { customerId: 'acme' })['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.rebalanceStrategy).toBe('by_count_and_size');
    const flat = recommend(w, { placement: { cloud: 'aws' } }).plan;
    expect((parse(files(flat, { customerId: 'acme' })['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.rebalanceStrategy).toBeUndefined();
  });
});

describe('README TLS line: "between peers" only where a file sets it', () => {
  it('ha3Peers with TLS: Helm sets cluster.p2p.enable_tls, KubeBlocks tls: true (its template then sets p2p), the QdrantCluster has no such field', () => {
    const f = files(ha3Peers, ha3Options);
    const helm = parse(f['helm/values.yaml']!) as HelmValues;
    expect(helm.config.cluster.p2p.enable_tls).toBe(true);
    expect((parse(f['kubeblocks/cluster.yaml']!) as KubeBlocksClusterObject).spec.componentSpecs[0]!.tls).toBe(true);
    expect(f['README.md']).toContain(
      '- TLS: on, from Secret qdrant-tls, for clients; between peers too in the Helm values and the KubeBlocks Cluster; the QdrantCluster has no field for TLS between peers, so that is up to the operator.',
    );
    expect(f['README.md']).not.toContain('for clients and between peers');
  });
});

describe('Helm with a LoadBalancer or NodePort Service: 6335 rides along (one ports list in the chart)', () => {
  it('the README says so and points at the NetworkPolicy; a ClusterIP Service needs no such note', () => {
    const lb = files(ha3Peers, { ...ha3Options, serviceType: 'LoadBalancer' });
    const helm = parse(lb['helm/values.yaml']!) as HelmValues;
    expect(helm.service.type).toBe('LoadBalancer');
    expect(helm.service.ports.map((p) => p.port)).toEqual([6333, 6334, 6335]);
    expect(lb['README.md']).toContain("- The Helm chart's LoadBalancer Service carries every port of service.ports, 6335 (p2p, which API keys do not protect) included");
    expect(files(ha3Peers, ha3Options)['README.md']).not.toContain('carries every port of service.ports');
  });
});

describe('pdbMaxUnavailable 0 asked for on a plan that tolerates 1', () => {
  it('every budget is 0 and the README gives that as the reason, not a replication cause', () => {
    const f = files(ha3Peers, { ...ha3Options, pdbMaxUnavailable: 0 });
    expect((parse(f['kubeblocks/pdb.yaml']!) as PodDisruptionBudgetObject).spec.maxUnavailable).toBe(0);
    expect((parse(f['operator/qdrant-cluster.yaml']!) as QdrantClusterObject).spec.podDisruptionBudget).toEqual({ maxUnavailable: 0 });
    expect((parse(f['helm/values.yaml']!) as HelmValues).podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: null, minAvailable: 3 });
    expect(f['README.md']).toContain('(maxUnavailable 0): maxUnavailable 0 was asked for (pdbMaxUnavailable), though 1 peer may be down. Node drains will wait.');
  });
});

describe("README curl lines work with the TLS they set up", () => {
  it('with TLS: the CA comes from the TLS Secret (key ca.crt) and every curl passes --cacert; without TLS: plain http, no CA', () => {
    const tls = files(ha3Peers, ha3Options)['README.md']!;
    expect(tls).toContain("kubectl get secret -n vectordb qdrant-tls -o jsonpath='{.data.ca\\.crt}' | base64 -d > qdrant-ca.crt");
    const curls = tls.split('\n').filter((l) => l.startsWith('curl '));
    // The create request and ha3Peers' two payload indexes.
    expect(curls).toHaveLength(3);
    for (const c of curls) expect(c.startsWith('curl -fsS --cacert qdrant-ca.crt -X PUT "$QDRANT_URL/collections/documents')).toBe(true);
    expect(tls).toContain('QDRANT_URL=https://search-qdrant.vectordb.svc:6333');
    const plain = files(smallSingleNode, { customerId: 'acme' })['README.md']!;
    expect(plain).not.toContain('--cacert');
    expect(plain).toContain('QDRANT_URL=http://');
  });
});

describe('certificate names for the KubeBlocks pods (UserProvided TLS)', () => {
  it('ha3Peers (release search, namespace vectordb, 3 peers): pods search-qdrant-<i> behind search-qdrant-headless, in the README and the Cluster file', () => {
    const f = files(ha3Peers, ha3Options);
    expect(f['README.md']).toContain(
      '- KubeBlocks: `search-qdrant-0.search-qdrant-headless`, `search-qdrant-1.search-qdrant-headless`, `search-qdrant-2.search-qdrant-headless` (and the same with `.vectordb.svc` appended)',
    );
    expect(f['kubeblocks/cluster.yaml']).toContain('#   search-qdrant-2.search-qdrant-headless.vectordb.svc.cluster.local\n');
    // Only the deployments present: a README for the QdrantCluster alone lists the operator's names only.
    const readme = renderReadme(ha3Peers, ha3Options, { paths: ['operator/qdrant-cluster.yaml'], requests: [], notes: [] });
    expect(readme).toContain('- Operator: `qdrant-a7d8d973-0cc5-42de-8d7b-c29d14d24840-0.qdrant-headless-a7d8d973-0cc5-42de-8d7b-c29d14d24840`');
    expect(readme).not.toContain('- Helm:');
    expect(readme).not.toContain('- KubeBlocks:');
  });
});

describe('the README says a port is shut only where a NetworkPolicy file in the folder shuts it (audit36)', () => {
  // `qsize emit --target helm` wrote no helm/networkpolicy.yaml yet its README read "Ports: 6333/6334 admitted from qdrant;
  // 6335 only between the peers" and "(anti-affinity, zone spread, NetworkPolicy)".
  const readme = (paths: string[]) => renderReadme(ha3Peers, ha3Options, { paths, requests: [], notes: [] });
  it('Helm values alone: the release is open, 6335 included, and the install line names no NetworkPolicy', () => {
    const r = readme(['helm/values.yaml']);
    expect(r).toContain('(anti-affinity, zone spread): install them under that name.');
    expect(r).toContain('- Ports of the Helm release: open to every pod, 6335 (p2p, no API key) too: no helm/networkpolicy.yaml here (--target networkpolicy writes it).');
    expect(r).not.toContain('6335 only between the peers');
  });
  it('Helm values and their policy: the ports the policy admits, from the namespaces asked for', () => {
    const r = readme(['helm/values.yaml', 'helm/networkpolicy.yaml']);
    expect(r).toContain('(anti-affinity, zone spread, NetworkPolicy)');
    expect(r).toContain('- Ports: 6333/6334 admitted from ingest, rag-app; 6335 only between the peers.');
    expect(r).not.toContain('open to every pod');
  });
  it('a KubeBlocks Cluster alone is open; a QdrantCluster alone leaves the ports to the operator', () => {
    expect(readme(['kubeblocks/cluster.yaml', 'kubeblocks/pdb.yaml'])).toContain('- Ports of the KubeBlocks Cluster: open to every pod, 6335 (p2p, no API key) too: no kubeblocks/networkpolicy.yaml here');
    const op = readme(['operator/qdrant-cluster.yaml']);
    expect(op).toContain('- Ports: the operator installs its own NetworkPolicy for its clusters.');
    expect(op).not.toContain('6335 only between the peers');
  });
});
