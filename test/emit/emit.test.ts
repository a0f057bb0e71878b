import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { QsizeError, QsizeInputError } from '../../src/errors.js';
import {
  renderAll,
  renderFileSet,
  renderCollectionRequests,
  renderHelmValues,
  renderKubeBlocksCluster,
  renderNetworkPolicy,
  renderQdrantCluster,
  toleratedDisruptions,
} from '../../src/emit/index.js';
import { buildHelmValues } from '../../src/emit/helm.js';
import { buildQdrantCluster } from '../../src/emit/qdrant-cluster.js';
import { buildKubeBlocksCluster, buildKubeBlocksValues } from '../../src/emit/kubeblocks.js';
import { buildNetworkPolicy } from '../../src/emit/network-policy.js';
import { parseEmitOptions, DNS1123_LABEL } from '../../src/emit/options.js';
import { deriveSizing } from '../../src/emit/sizing.js';
import { HelmValues, CHART_TOP_LEVEL_KEYS } from '../../src/emit/schemas/helm-values.js';
import { QdrantClusterObject } from '../../src/emit/schemas/qdrant-cluster.js';
import { KUBEBLOCKS_SERVICE_VERSIONS, KubeBlocksChartValues, KubeBlocksClusterObject } from '../../src/emit/schemas/kubeblocks.js';
import { NetworkPolicyObject } from '../../src/emit/schemas/network-policy.js';
import { createCollectionSchema, createFieldIndexSchema } from '../../src/emit/schemas/collection.js';
import { SCENARIOS as HAND_BUILT, ha3Options, ha3Peers, smallSingleNode } from './fixtures.js';
import { REAL_SCENARIOS } from './scenarios.js';
import { defaultPlanCatalog, recommend } from '../../src/plan/index.js';
import { allocatableCpuMillicores } from '../../src/pricing/index.js';

/** Hand-built fixtures (artificial numbers) and real recommend() plans; property tests use the hand-built ones. */
const SCENARIOS = HAND_BUILT;
const ALL = [...REAL_SCENARIOS.map((s) => ({ ...s, name: `real ${s.name}` })), ...HAND_BUILT.map((s) => ({ ...s, name: `hand-built ${s.name}` }))];
const MiB = 1024 ** 2;
/** The KubeBlocks qdrant addon serves only its own list of versions (1.19.0 the newest): for others no kubeblocks/ file is written. */
const kubeBlocksServes = (version: string): boolean => (KUBEBLOCKS_SERVICE_VERSIONS as readonly string[]).includes(version);

const GiB = 1024 ** 3;
const qtyBytes = (q: string): number => {
  const m = /^(\d+)(Gi|Mi)?$/.exec(q);
  if (!m) throw new Error(q);
  return Number(m[1]) * (m[2] === 'Gi' ? GiB : m[2] === 'Mi' ? 1024 ** 2 : 1);
};
const cpuCores = (q: string): number => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));

describe('emitted files match the mirrored schemas', () => {
  for (const s of ALL) {
    it(`${s.name}: every file validates against its chart/CRD/OpenAPI mirror`, () => {
      const files = Object.fromEntries(renderAll(s.plan, s.options).map((f) => [f.path, f.content]));
      expect(HelmValues.safeParse(parse(files['helm/values.yaml']!)).success).toBe(true);
      expect(QdrantClusterObject.safeParse(parse(files['operator/qdrant-cluster.yaml']!)).success).toBe(true);
      const kbServed = kubeBlocksServes(s.plan.qdrantVersion);
      expect(files['kubeblocks/cluster.yaml'] !== undefined).toBe(kbServed);
      if (kbServed) expect(KubeBlocksClusterObject.safeParse(parse(files['kubeblocks/cluster.yaml']!)).success).toBe(true);
      else expect(files['README.md']).toContain(`kubeblocks/ was not written: the KubeBlocks qdrant addon serves no Qdrant ${s.plan.qdrantVersion}`);
      // The KubeBlocks chart has no values for an API key, TLS or a zone spread: with any of them (a plan made with
      // --zones rests on its spread), its values file is refused (not written).
      const o = parseEmitOptions(s.options);
      const kbValuesRefused = !!(o.apiKeySecret || o.readOnlyApiKeySecret || o.tls?.enabled) || (s.plan.zones?.zones ?? 1) > 1 || !kbServed;
      expect(files['kubeblocks/values.yaml'] === undefined).toBe(kbValuesRefused);
      if (!kbValuesRefused) expect(KubeBlocksChartValues.safeParse(parse(files['kubeblocks/values.yaml']!)).success).toBe(true);
      expect(NetworkPolicyObject.safeParse(parse(files['helm/networkpolicy.yaml']!)).success).toBe(true);
      const body = JSON.parse(files['collection/create-collection.json']!);
      const r = createCollectionSchema(s.plan.qdrantVersion).safeParse(body);
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      for (const [p, c] of Object.entries(files)) if (p.includes('payload-index')) expect(createFieldIndexSchema(s.plan.qdrantVersion).safeParse(JSON.parse(c)).success).toBe(true);
    });

    it(`${s.name}: the files agree on version, peers, shards and memory, and the memory holds the plan`, () => {
      const files = Object.fromEntries(renderAll(s.plan, s.options).map((f) => [f.path, f.content]));
      const helm = parse(files['helm/values.yaml']!) as HelmValues;
      const qc = parse(files['operator/qdrant-cluster.yaml']!) as QdrantClusterObject;
      // No kubeblocks/ files for a version the addon does not serve (checked above): only Helm and the operator then.
      const kbServed = kubeBlocksServes(s.plan.qdrantVersion);
      const kb = kbServed ? (parse(files['kubeblocks/cluster.yaml']!) as KubeBlocksClusterObject) : undefined;
      // Where the file is refused (API key, TLS or zones asked for), the same plan's values without them are checked.
      const kbValues = files['kubeblocks/values.yaml'];
      const { apiKeySecret: _a, readOnlyApiKeySecret: _r, tls: _t, ...plainOptions } = parseEmitOptions(s.options);
      const { zones: _z, ...plainPlan } = s.plan;
      const kbv: KubeBlocksChartValues | undefined = !kbServed
        ? undefined
        : kbValues === undefined
          ? buildKubeBlocksValues(plainPlan, plainOptions, deriveSizing(plainPlan, plainOptions))
          : (parse(kbValues) as KubeBlocksChartValues);
      const body = JSON.parse(files['collection/create-collection.json']!);
      const v = s.plan.qdrantVersion;
      expect(helm.image.tag.startsWith(`v${v}`)).toBe(true);
      expect(qc.spec.version).toBe(`v${v}`);
      if (kb) expect(kb.spec.componentSpecs[0]!.serviceVersion).toBe(v);
      if (kbv) expect(kbv.version).toBe(v);
      for (const n of [helm.replicaCount, qc.spec.size, ...(kb ? [kb.spec.componentSpecs[0]!.replicas] : []), ...(kbv ? [kbv.replicas] : [])]) expect(n).toBe(s.plan.peers);
      expect(body.shard_number).toBe(s.plan.shardNumber);
      expect(body.replication_factor).toBe(s.plan.replicationFactor);
      expect(helm.config.storage.collection.replication_factor).toBe(s.plan.replicationFactor);
      expect(qc.spec.config?.collection?.replication_factor).toBe(s.plan.replicationFactor);
      const mem = [helm.resources.limits['memory']!, helm.resources.requests['memory']!, qc.spec.resources.memory, ...(kb ? [kb.spec.componentSpecs[0]!.resources.limits.memory] : [])];
      for (const m of mem) {
        expect(m).toBe(mem[0]);
        expect(qtyBytes(m)).toBeGreaterThanOrEqual(s.plan.perPeer.memoryRequestBytes);
        // Never more than the plan's request rounded up to a whole MiB: recommend() asks for the node's usable memory.
        expect(qtyBytes(m)).toBeLessThan(s.plan.perPeer.memoryRequestBytes + MiB);
        expect(qtyBytes(m)).toBeGreaterThanOrEqual(s.plan.perPeer.residentBytes + s.plan.perPeer.pageCacheBytes);
      }
      if (kbv) expect(kbv.memory * GiB).toBe(qtyBytes(mem[0]!));
      // CPU rounds DOWN to KubeBlocks' 0.5 step (at least 0.5): never above the plan's request, less than 0.5 below.
      const cpu = cpuCores(helm.resources.requests['cpu']!);
      expect(cpuCores(helm.resources.limits['cpu']!)).toBe(cpu);
      if (s.plan.perPeer.cpuCores >= 0.5) expect(cpu).toBeLessThanOrEqual(s.plan.perPeer.cpuCores);
      expect(cpu).toBeGreaterThan(s.plan.perPeer.cpuCores - 0.5);
      if (kbv) expect(cpuCores(qc.spec.resources.cpu)).toBe(kbv.cpu);
      expect(qtyBytes(helm.persistence.size)).toBeGreaterThanOrEqual(s.plan.perPeer.volumeBytes);
      expect(qc.spec.resources.storage).toBe(helm.persistence.size);
      if (kbv) expect(kbv.storage * GiB).toBe(qtyBytes(helm.persistence.size));
      expect(helm.snapshotPersistence.enabled).toBe(s.plan.perPeer.snapshotVolumeBytes > 0);
      // With a snapshot volume, a collection snapshot's archive is built on it, not on the 85%-full data volume: Qdrant's
      // temp directory is storage/tmp unless storage.temp_path is set (toc/snapshots.rs, v1.19.0); the chart mounts the
      // snapshot volume at /qdrant/snapshots (statefulset.yaml).
      expect(helm.config.storage.temp_path).toBe(s.plan.perPeer.snapshotVolumeBytes > 0 ? '/qdrant/snapshots' : undefined);
      if (s.plan.gpu?.enabled) {
        expect(body.optimizers_config.max_segment_size).toBeLessThanOrEqual(s.plan.gpu.maxSegmentSizeKb);
        expect(qc.spec.gpu?.gpuType).toBe(s.plan.gpu.vendor);
        expect(helm.image.tag).toBe(`v${v}-gpu-${s.plan.gpu.vendor}`);
      }
    });
  }

  it("says where a collection snapshot is built when the data volume cannot hold it: 'needs about <disk> free ... has <volume - disk> free'", () => {
    let seen = 0;
    for (const s of ALL) {
      const set = renderFileSet(s.plan, s.options);
      const note = set.notes.find((n) => n.startsWith('Collection snapshots:'));
      const p = s.plan.perPeer;
      const others = set.files.some((f) => f.path === 'operator/qdrant-cluster.yaml' || f.path === 'kubeblocks/cluster.yaml');
      // Helm moves the archive to the snapshot volume; the QdrantCluster and KubeBlocks cannot, so they need disk_peer free
      // beside disk_peer on a volume of volumeBytes: a note exactly when volume - disk < disk.
      const expected = p.snapshotVolumeBytes > 0 && others && p.volumeBytes - p.diskBytes < p.diskBytes;
      expect(note !== undefined, s.name).toBe(expected);
      if (note) {
        seen += 1;
        const free = note.match(/which has ([0-9.]+) (GiB|TiB) free/);
        const unit = free?.[2] === 'TiB' ? 1024 ** 4 : 1024 ** 3;
        expect(Number(free?.[1]) * unit).toBeCloseTo(p.volumeBytes - p.diskBytes, -8);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('values.yaml only uses top-level keys the chart defines', () => {
    for (const s of ALL) {
      for (const k of Object.keys(parse(renderHelmValues(s.plan, s.options)) as object)) expect(CHART_TOP_LEVEL_KEYS).toContain(k);
    }
  });

  it('the collection body for 1.18 carries no 1.19 memory tiers, and for 1.19 no deprecated on_disk flags', () => {
    for (const s of ALL) {
      const text = JSON.stringify(renderCollectionRequests(s.plan, s.options)[0]!.body);
      if (s.plan.qdrantVersion.startsWith('1.18')) expect(text).not.toMatch(/"memory"|"payload"/);
      else expect(text).not.toMatch(/"on_disk"|"always_ram"|"on_disk_payload"/);
    }
  });
});

describe('real plans (recommend() on the shipped catalogs): the files hold the plan', () => {
  it('the scenarios are the shapes the goldens are named after', () => {
    const by = Object.fromEntries(REAL_SCENARIOS.map((s) => [s.name, s.plan]));
    expect(by['small-single-node']!.peers).toBe(1);
    expect(by['small-single-node']!.replicationFactor).toBe(1);
    expect(by['ha-3-peers-rf2']!.peers).toBe(3);
    expect(by['ha-3-peers-rf2']!.replicationFactor).toBe(2);
    expect(by['scalar-100m']!.qdrantVersion).toBe('1.18.2');
    expect(JSON.stringify(by['scalar-100m']!.workload.collection.quantization_config)).toContain('int8');
    expect(JSON.stringify(by['binary-1b-on-disk']!.workload.collection)).toContain('binary');
    expect(by['binary-1b-on-disk']!.workload.points).toBe(1e9);
    expect(by['gpu-indexing']!.gpu?.enabled).toBe(true);
    // The default version (1.20.0) is not served by the KubeBlocks addon: one scenario keeps its files, on 1.19.0.
    expect(by['small-single-node']!.qdrantVersion).toBe('1.20.0');
    expect(by['kubeblocks-1-19']!.qdrantVersion).toBe('1.19.0');
    for (const s of REAL_SCENARIOS) expect(s.plan.checks.filter((k) => k.severity === 'error' && !k.passed)).toEqual([]);
  });

  for (const s of REAL_SCENARIOS) {
    it(`${s.name}: memory holds the busiest peer, fits the node; volume, PDB, spreading, ports and collection body follow the plan`, () => {
      const p = s.plan;
      const files = Object.fromEntries(renderAll(p, s.options).map((f) => [f.path, f.content]));
      const helm = parse(files['helm/values.yaml']!) as HelmValues;
      const qc = parse(files['operator/qdrant-cluster.yaml']!) as QdrantClusterObject;
      const kbServed = kubeBlocksServes(p.qdrantVersion);
      const kb = kbServed ? (parse(files['kubeblocks/cluster.yaml']!) as KubeBlocksClusterObject) : undefined;
      const body = JSON.parse(files['collection/create-collection.json']!);
      const mem = qtyBytes(helm.resources.limits['memory']!);
      // Resident + hot page cache of the busiest peer, and the optimization peak, under the limit; the limit under the node.
      expect(mem).toBeGreaterThanOrEqual(p.perPeer.residentBytes + p.perPeer.pageCacheBytes);
      expect(mem).toBeGreaterThanOrEqual(p.perPeer.peakBytes);
      expect(mem).toBeLessThanOrEqual(p.node.allocatableMemoryBytes);
      expect(cpuCores(helm.resources.limits['cpu']!)).toBeLessThanOrEqual(p.node.vcpu);
      expect(helm.persistence.size).toBe(`${Math.ceil(p.perPeer.volumeBytes / GiB)}Gi`);
      expect(helm.snapshotPersistence.enabled).toBe(p.perPeer.snapshotVolumeBytes > 0);
      // Every peer holds at most ceil(S*RF/P) replicas; the placement the plan carries agrees.
      expect(p.placement).toHaveLength(p.peers);
      expect(Math.max(...p.placement.map((x) => x.shards.length))).toBe(Math.ceil((p.shardNumber * p.replicationFactor) / p.peers));
      const tolerated = p.peers > 1 ? Math.min(p.replicationFactor - p.writeConsistencyFactor, Math.floor((p.peers - 1) / 2)) : undefined;
      if (tolerated === undefined) {
        expect(helm.podDisruptionBudget.enabled).toBe(false);
        expect(helm.affinity).toEqual({});
        expect(qc.spec.topologySpreadConstraints).toBeUndefined();
      } else {
        expect(helm.podDisruptionBudget).toEqual(tolerated > 0 ? { enabled: true, maxUnavailable: tolerated } : { enabled: true, maxUnavailable: null, minAvailable: p.peers });
        expect(qc.spec.podDisruptionBudget?.maxUnavailable).toBe(tolerated);
        expect(JSON.stringify(helm.affinity)).toContain('kubernetes.io/hostname');
        expect(helm.topologySpreadConstraints[0]?.topologyKey).toBe('topology.kubernetes.io/zone');
        expect(qc.spec.topologySpreadConstraints?.map((t) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
        if (kb) expect(kb.spec.componentSpecs[0]!.schedulingPolicy).toBeDefined();
      }
      // API keys only as secretKeyRef; no literal value anywhere.
      for (const e of helm.env) if (e.name.includes('API_KEY')) expect(Object.keys(e)).toEqual(['name', 'valueFrom']);
      expect(Object.values(files).join('\n')).not.toMatch(/api[-_]key:\s*["']?[A-Za-z0-9]{16,}/i);
      // NetworkPolicy: 6335 from the cluster's pods only, 6333/6334 from the allowed namespaces only; on KubeBlocks,
      // the kbagent sidecar's 3501 from the KubeBlocks namespace (kb-system by default) only.
      for (const path of ['helm/networkpolicy.yaml', ...(kbServed ? ['kubeblocks/networkpolicy.yaml'] : [])]) {
        const np = parse(files[path]!) as NetworkPolicyObject;
        const allowed = [...new Set((s.options.allowedNamespaces as string[] | undefined) ?? [(s.options.namespace as string | undefined) ?? 'qdrant'])].sort();
        const kb = path.startsWith('kubeblocks/');
        expect(np.spec.ingress).toHaveLength(kb ? 3 : 2);
        const [peer, clients] = kb ? [np.spec.ingress[0], np.spec.ingress[2]] : np.spec.ingress;
        if (kb) expect(np.spec.ingress[1]).toEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kb-system' } } }], ports: [{ protocol: 'TCP', port: 3501 }] });
        expect(peer!.ports).toEqual([{ protocol: 'TCP', port: 6335 }]);
        expect(peer!.from).toEqual([{ podSelector: np.spec.podSelector }]);
        expect(clients!.ports.map((x) => x.port)).toEqual([6333, 6334]);
        expect(clients!.from.map((f) => ('namespaceSelector' in f ? f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] : undefined))).toEqual(allowed);
      }
      expect(body.shard_number).toBe(p.shardNumber);
      expect(body.replication_factor).toBe(p.replicationFactor);
      expect(body.write_consistency_factor).toBe(p.writeConsistencyFactor);
      if (p.workload.collection.quantization_config) expect(Object.keys(body.quantization_config)).toEqual(Object.keys(p.workload.collection.quantization_config));
      if (p.gpu?.enabled) expect(body.optimizers_config.max_segment_size).toBe(Math.min(p.gpu.maxSegmentSizeKb, p.optimizers.max_segment_size ?? Infinity));
    });
  }
});

describe('GPU plans: the peers are the GPU nodes and their pods fit them', () => {
  const gpuScenario = REAL_SCENARIOS.find((x) => x.name === 'gpu-indexing')!;
  // Real recommend() GPU plans on the shipped catalogs: the golden scenario and one per cloud, with and without load.
  const plans = [
    gpuScenario.plan,
    ...(['aws', 'gcp', 'azure'] as const).flatMap((cloud) =>
      [
        { points: '5M', collection: { vectors: { size: 768, distance: 'Cosine' as const } } },
        { points: '200M', collection: { vectors: { size: 1536, distance: 'Cosine' as const }, quantization_config: { scalar: { type: 'int8' as const, always_ram: true } } } },
      ].map((w, i) => recommend(w, { gpuIndexing: { enabled: true }, query: { qps: i * 300 }, placement: { cloud } }).plan),
    ),
  ];
  const gpuOffers = defaultPlanCatalog().instances.filter((o) => o.gpuCount > 0);

  for (const p of plans) {
    it(`${p.peers} x ${p.node.instanceType} (${p.node.cloud}): requests within the GPU node's allocatable memory and vCPU, GPU resource, image and config`, () => {
      const offer = gpuOffers.find((o) => o.cloud === p.node.cloud && o.instanceType === p.node.instanceType)!;
      expect(offer, 'the plan node is a catalogued GPU instance').toBeDefined();
      expect(p.gpu?.instanceType).toBe(p.node.instanceType);
      const files = Object.fromEntries(renderAll(p, { customerId: 'acme' }).map((f) => [f.path, f.content]));
      const helm = parse(files['helm/values.yaml']!) as HelmValues;
      const qc = parse(files['operator/qdrant-cluster.yaml']!) as QdrantClusterObject;
      const allocCpu = allocatableCpuMillicores(p.node.cloud as 'aws' | 'gcp' | 'azure', p.node.vcpu) / 1000;
      for (const r of [helm.resources.requests, helm.resources.limits]) {
        expect(qtyBytes(r['memory']!)).toBeLessThanOrEqual(p.node.allocatableMemoryBytes);
        expect(cpuCores(r['cpu']!)).toBeLessThanOrEqual(allocCpu);
        expect(r[p.gpu!.vendor === 'nvidia' ? 'nvidia.com/gpu' : 'amd.com/gpu']).toBe('1');
      }
      expect(qtyBytes(qc.spec.resources.memory)).toBeLessThanOrEqual(p.node.allocatableMemoryBytes);
      expect(cpuCores(qc.spec.resources.cpu)).toBeLessThanOrEqual(allocCpu);
      expect(helm.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': p.node.instanceType });
      expect(qc.spec.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': p.node.instanceType });
      expect(helm.tolerations.map((t) => t.key)).toEqual([p.gpu!.vendor === 'nvidia' ? 'nvidia.com/gpu' : 'amd.com/gpu']);
      expect(helm.image.tag).toBe(`v${p.qdrantVersion}-gpu-${p.gpu!.vendor}`);
      expect(helm.config.gpu).toEqual({ indexing: true });
      expect(qc.spec.gpu?.gpuType).toBe(p.gpu!.vendor);
      expect(files['README.md']).not.toContain('will not schedule');
    });
  }

  it('a plan whose GPU type is not the peers\' node type is refused (its pods could not schedule)', () => {
    const p = gpuScenario.plan;
    expect(() => renderHelmValues({ ...p, node: { ...p.node, instanceType: 'Standard_E16s_v5' } }, {})).toThrow(/Qdrant indexes on the GPU of each peer's own node/);
  });
});

describe('disruption budget follows replication', () => {
  it('a PDB never allows more disruptions than replication and consensus tolerate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (peers, rf0, w0) => {
        const rf = Math.min(rf0, peers);
        const w = Math.min(w0, rf);
        const t = toleratedDisruptions({ peers, replicationFactor: rf, writeConsistencyFactor: w });
        expect(t).toBeLessThanOrEqual(Math.max(0, rf - w));
        expect(t).toBeLessThanOrEqual(Math.floor((peers - 1) / 2));
      }),
    );
  });

  it('asking for a PDB looser than the replication tolerates is an input error', () => {
    expect(() => renderHelmValues(ha3Peers, { ...ha3Options, pdbMaxUnavailable: 2 })).toThrow(QsizeInputError);
  });

  it('replication 1 on several peers forbids voluntary disruptions with minAvailable = peers', () => {
    const plan = { ...ha3Peers, replicationFactor: 1, placement: ha3Peers.placement };
    const v = parse(renderHelmValues(plan, ha3Options)) as HelmValues;
    expect(v.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: null, minAvailable: 3 });
  });

  it('a single node gets no PDB and no anti-affinity', () => {
    const v = parse(renderHelmValues(smallSingleNode, {})) as HelmValues;
    expect(v.podDisruptionBudget.enabled).toBe(false);
    expect(v.affinity).toEqual({});
  });
});

describe('properties', () => {
  const nameArb = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);

  it('emitted YAML parses back to the same objects', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), nameArb, nameArb, (s, id, ns) => {
        const o = parseEmitOptions({ ...s.options, clusterId: id, namespace: ns, allowedNamespaces: [ns] });
        const sz = deriveSizing(s.plan, o);
        const pairs: [string, unknown][] = [
          [renderHelmValues(s.plan, o), buildHelmValues(s.plan, o, sz)],
          [renderQdrantCluster(s.plan, o), buildQdrantCluster(s.plan, o, sz)],
          [renderKubeBlocksCluster(s.plan, { ...o, name: 'kb' }), buildKubeBlocksCluster(s.plan, { ...o, name: 'kb' }, sz)],
          [renderNetworkPolicy(s.plan, o), buildNetworkPolicy(o, 'helm')],
        ];
        for (const [text, obj] of pairs) {
          expect(parseAllDocuments(text)).toHaveLength(1);
          expect(parse(text)).toEqual(JSON.parse(JSON.stringify(obj)));
        }
        const { apiKeySecret: _a, readOnlyApiKeySecret: _r, tls: _t, ...withoutSecrets } = o;
        expect(buildKubeBlocksValues(s.plan, { ...withoutSecrets, name: 'kb' }, sz)).toBeTruthy();
      }),
      { numRuns: 60 },
    );
  });

  it('no secret value ever appears in any emitted file, whatever the input', () => {
    const secret = fc.string({ minLength: 12, maxLength: 40 }).filter((x) => x.trim().length >= 12);
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), secret, fc.constantFrom('value', 'apiKey', 'token', 'password'), (s, value, field) => {
        // A value pasted where a reference belongs is refused, and the error does not echo it.
        for (const bad of [
          { ...s.options, apiKeySecret: { name: 'k', key: 'api-key', [field]: value } },
          { ...s.options, apiKeySecret: value },
          { ...s.options, [field]: value },
          { ...s.options, tls: { secretName: 'tls', [field]: value } },
        ]) {
          try {
            renderAll(s.plan, bad as never);
            throw new Error('accepted a secret value');
          } catch (e) {
            expect(e).toBeInstanceOf(QsizeError);
            expect((e as Error).message).not.toContain(value);
          }
        }
        // With references only, the output never contains a value that was never given.
        for (const f of renderAll(s.plan, s.options)) expect(f.content).not.toContain(value);
      }),
      { numRuns: 40 },
    );
  });

  it('names always satisfy DNS-1123 and the operator pattern qdrant-<id>', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), nameArb, (s, id) => {
        const qc = parse(renderQdrantCluster(s.plan, { ...s.options, clusterId: id })) as QdrantClusterObject;
        expect(qc.metadata.name).toBe(`qdrant-${id}`);
        expect(qc.metadata.labels['cluster-id']).toBe(id);
        expect(qc.metadata.name).toMatch(DNS1123_LABEL);
        expect(`qdrant-headless-${id}`.length).toBeLessThanOrEqual(63);
        const np = parse(renderNetworkPolicy(s.plan, { ...s.options, name: id })) as NetworkPolicyObject;
        expect(np.metadata.name).toMatch(DNS1123_LABEL);
      }),
    );
  });

  it('hostile strings in names or labels are rejected with a QsizeInputError', () => {
    const hostile = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }).filter((x) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(x) || x.length > 45),
      fc.constantFrom('a\nkind: Secret', 'x"; rm -rf /', '{{ .Release.Name }}', '../etc', 'UPPER', '-lead', 'a'.repeat(64), 'ns\u0000', 'é'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), hostile, fc.constantFrom('clusterId', 'name', 'namespace', 'customerId', 'collectionName', 'storageClass'), (s, bad, field) => {
        if (field === 'customerId' && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(bad) && bad.length <= 63 && bad.length > 0) return;
        // Collection names take ".", not dots alone (caebcb7: /collections/.. is the parent path); ".0" is a name.
        if (field === 'collectionName' && /^[A-Za-z0-9._-]{1,255}$/.test(bad) && !/^\.+$/.test(bad)) return;
        if (field === 'storageClass' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(bad) && bad.length <= 253) return;
        if ((field === 'name' || field === 'namespace') && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(bad) && bad.length <= 53) return;
        expect(() => renderAll(s.plan, { ...s.options, [field]: bad })).toThrow(QsizeError);
        try {
          renderAll(s.plan, { ...s.options, [field]: bad });
        } catch (e) {
          expect(e instanceof QsizeInputError || (e as QsizeError).code === 'QSIZE_INPUT').toBe(true);
        }
      }),
    );
  });

  it('a hostile storage class or instance type in the plan is rejected, not emitted', () => {
    expect(() => renderHelmValues({ ...ha3Peers, storageClass: 'gp3\nmalicious: true' }, ha3Options)).toThrow(QsizeInputError);
    const gpuPlan = SCENARIOS.find((x) => x.name === 'gpu-indexing')!.plan;
    expect(() => renderHelmValues({ ...gpuPlan, gpu: { ...gpuPlan.gpu!, instanceType: 'g5 "x"' } }, {})).toThrow(QsizeInputError);
  });
});
