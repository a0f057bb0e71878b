/**
 * Every emitted file checked against the real upstream schema, not only against our own zod mirrors
 * (src/emit/schemas). The schema files are vendored byte for byte in test/emit/upstream/ (README.md there gives
 * each file's repository, path, commit and date); nothing here reads outside the repository.
 *
 * - QdrantCluster: the CRD's openAPIV3Schema for the served version (qdrant.io/v1).
 * - KubeBlocks Cluster: the CRD's openAPIV3Schema (apps.kubeblocks.io/v1); chart values: the qdrant-cluster chart's
 *   values.schema.json and, for `extra`, its kblib subchart's values.schema.json (Helm validates a subchart's values
 *   against the subchart's schema).
 * - Collection body: the `PUT /collections/{collection_name}` request body of Qdrant's OpenAPI for the plan's version.
 * - NetworkPolicy: a hand-written networking.k8s.io/v1 schema (test/emit/upstream/kubernetes/, cites the API reference).
 * - Helm values: the chart has no values.schema.json; every key path we set must exist in the chart's values.yaml,
 *   be documented there in a comment, or sit under a map/list the chart passes through whole (listed below with
 *   what the chart does with it). The Kubernetes-typed parts of those pass-through values are validated against the
 *   core/v1 shapes that the KubeBlocks CRD embeds (generated from k8s.io/api).
 *
 * How the schemas are read (docs/emit.md, "Validation against the upstream schemas"):
 * - CRDs as the apiserver reads them: an object node that lists its fields is closed unless it has
 *   x-kubernetes-preserve-unknown-fields (the apiserver prunes unknown fields, and kubectl's default
 *   --validate=strict rejects them); x-kubernetes-list-type set/map is enforced; `nullable` adds null.
 *   CEL rules (x-kubernetes-validations) cannot be run by ajv: the ones that apply on create are asserted by hand.
 * - OpenAPI 3.0 as schemars means it: `{ nullable: true }` alone (the "or null" arm of an Option<T>) is the null type,
 *   not "anything" (read literally it would make every optional field accept any value). A second, closed reading
 *   (unknown keys refused) catches keys Qdrant would not store.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAll, type EmittedFile, type EmitOptionsInput } from '../../src/emit/index.js';
import { HELM_CHART } from '../../src/emit/helm.js';
import { QsizeNoFitError } from '../../src/errors.js';
import { recommend, type Plan } from '../../src/plan/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';
import { REAL_SCENARIOS } from './scenarios.js';

import {
  UPSTREAM,
  read,
  type Json,
  isObj,
  mapSchema,
  nullableToType,
  structural,
  closed,
  networkPolicySchema,
  objectMeta,
  crdSchema,
  newAjv,
  ajv,
  fmt,
  validators,
  OPENAPI_VERSIONS,
  FIELD_INDEX_VERSIONS,
  collectionBody,
  derivedCollectionBody119,
  fieldIndexBody,
  subSchema,
  kbRoot,
  qcRoot,
  kbComponent,
  coreV1,
  chartValuesText,
  chartValues,
  PASS_THROUGH,
  ITEM_KEYS,
  documentedInComment,
  kindOf,
  helmKeyPaths,
  kubeBlocksValueKeysUnknown,
  expectValid,
  checkFiles,
  helmPodUsers,
} from './upstream-check.js';

// ---------------------------------------------------------------------------------------------------------------

describe('the vendored upstream files', () => {
  it('are byte for byte the files README.md names, copied or derived (SHA-256)', () => {
    const rows = read('README.md').split('\n').filter((l) => /^\| `[^`]+` \|.*\| [0-9a-f]{64} \|$/.test(l));
    expect(rows.length).toBe(15);
    for (const row of rows) {
      const file = /^\| `([^`]+)`/.exec(row)![1]!;
      const sha = /([0-9a-f]{64}) \|$/.exec(row)![1]!;
      expect(createHash('sha256').update(readFileSync(join(UPSTREAM, file))).digest('hex'), file).toBe(sha);
    }
  });

  it('are the versions the emitters target', () => {
    const chart = parse(read('qdrant-helm/Chart.yaml')) as Json;
    expect(chart['version']).toBe(HELM_CHART.version);
    for (const v of OPENAPI_VERSIONS) {
      const doc = JSON.parse(read(`qdrant-openapi/create-collection.v${v}.json`)) as Json;
      expect((doc['info'] as Json)['version']).toBe(`v${v}`);
    }
    for (const v of FIELD_INDEX_VERSIONS) {
      const doc = JSON.parse(read(`qdrant-openapi/create-field-index.v${v}.json`)) as Json;
      expect((doc['info'] as Json)['version']).toBe(`v${v}`);
    }
  });

  it('reject what they should (the readers are not vacuous)', () => {
    const good = REAL_SCENARIOS[1]!;
    const files = Object.fromEntries(renderAll(good.plan, good.options).map((f) => [f.path, f.content]));
    const qc = parse(files['operator/qdrant-cluster.yaml']!) as Json;
    expect(validators.qdrantCluster(qc)).toBe(true);
    // A misspelled key in a known object: refused (the apiserver would prune it).
    expect(validators.qdrantCluster({ ...qc, spec: { ...(qc['spec'] as Json), resources: { ...((qc['spec'] as Json)['resources'] as Json), memroy: '1Gi' } } })).toBe(false);
    // spec itself preserves unknown fields (x-kubernetes-preserve-unknown-fields): a stray spec key passes, as on a cluster.
    expect(validators.qdrantCluster({ ...qc, spec: { ...(qc['spec'] as Json), affinity: {} } })).toBe(true);
    // ... but the operator's types do not declare it: the declared-fields reading refuses it.
    expect(validators.qdrantClusterDeclared({ ...qc, spec: { ...(qc['spec'] as Json), affinity: {} } })).toBe(false);
    const body = JSON.parse(files['collection/create-collection.json']!) as Json;
    const v19 = collectionBody['1.19.0']!;
    expect(v19.asIs(body)).toBe(true);
    expect(v19.asIs({ ...body, shard_number: 0 })).toBe(false);
    expect(v19.asIs({ ...body, hnsw_config: { m: 'sixteen' } })).toBe(false);
    expect(v19.asIs({ ...body, hnsw_config: null })).toBe(true);
    expect(v19.closed({ ...body, shard_numbr: 2 })).toBe(false);
    expect(collectionBody['1.18.2']!.closed({ ...body, payload: { memory: 'cold' } })).toBe(false);
    // The 1.20.0 schema (derived from the client) reads the same way, and knows 1.20's vocabulary where 1.19.0's does not.
    const v20 = collectionBody['1.20.0']!;
    expect(v20.asIs(body)).toBe(true);
    expect(v20.asIs({ ...body, hnsw_config: { m: 'sixteen' } })).toBe(false);
    expect(v20.closed({ ...body, shard_numbr: 2 })).toBe(false);
    const with20 = [
      { ...body, vectors: { size: 384, distance: 'Cosine', datatype: 'turbo8' } },
      { ...body, vectors: { size: 384, distance: 'Cosine', datatype: 'turbo16' } },
      { ...body, quantization_config: { turbo: { bits: 'bits8' } } },
      { ...body, id_tracker: { memory: 'cold' } },
    ];
    for (const b of with20) {
      expect(v20.closed(b), JSON.stringify(b)).toBe(true);
      expect(v19.closed(b), JSON.stringify(b)).toBe(false);
    }
    expect(v20.closed({ ...body, vectors: { size: 384, distance: 'Cosine', datatype: 'turbo32' } })).toBe(false);
    expect(v20.closed({ ...body, id_tracker: { memory: 'hot' } })).toBe(false);
    expect(v20.closed({ ...body, id_tracker: { tier: 'cold' } })).toBe(false);
    // CreateFieldIndex (derived from the 1.19.0 and 1.20.0 clients).
    const [i19, i20] = [fieldIndexBody['1.19.0']!, fieldIndexBody['1.20.0']!];
    const bm25 = { field_name: 'body', field_schema: { type: 'text', tokenizer: 'word', scoring: { type: 'bm25' } } };
    const nested = { field_name: 'offers[].title', field_schema: { type: 'keyword', nested: 'offers' } };
    const noGraph = { field_name: 'tenant', field_schema: { type: 'keyword', is_tenant: true, enable_hnsw: false } };
    for (const b of [bm25, nested]) {
      expect(i20.closed(b), JSON.stringify(b)).toBe(true);
      expect(i19.closed(b), JSON.stringify(b)).toBe(false);
    }
    expect(i19.closed(noGraph)).toBe(true);
    expect(i20.closed(noGraph)).toBe(true);
    expect(i20.closed({ ...bm25, field_schema: { type: 'text', scoring: { type: 'tfidf' } } })).toBe(false);
    expect(i20.closed({ ...bm25, field_schema: { type: 'text', scoring: true } })).toBe(true);
    expect(i20.closed({ field_name: 'x', field_schema: { type: 'integer', is_tenant: true } })).toBe(false);
    expect(i20.asIs({ field_name: 'x', field_schema: 'vector' })).toBe(false);
    // (REAL_SCENARIOS[1] has an API key, which the KubeBlocks chart values cannot carry: they come from the scenario on
    // 1.19.0, a version the addon serves.)
    const plain = REAL_SCENARIOS.find((x) => x.name === 'kubeblocks-1-19')!;
    const kb = parse(renderAll(plain.plan, plain.options).find((f) => f.path === 'kubeblocks/values.yaml')!.content) as Json;
    expect(validators.kubeBlocksValues({ ...kb, cpu: 0.7 })).toBe(false); // multipleOf 0.5
    expect(validators.kblibValues({ terminationPolicy: 'Halt' })).toBe(false);
    const np = parse(files['helm/networkpolicy.yaml']!) as Json;
    expect(validators.networkPolicy({ ...np, spec: { ...(np['spec'] as Json), ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] } })).toBe(false);
    const helm = parse(files['helm/values.yaml']!) as Json;
    const misplaced = { ...helm, persistence: { ...(helm['persistence'] as Json), storageClass: 'gp3' }, service: { ...(helm['service'] as Json), nodePort: 1 } };
    expect(helmKeyPaths(misplaced, chartValues, '', []).filter((x) => x.how === 'ignored by the chart').map((x) => x.path)).toEqual([
      'service.nodePort',
      'persistence.storageClass',
    ]);
    const retyped = { ...helm, replicaCount: '3', image: 'qdrant/qdrant:v1.19.0' };
    expect(helmKeyPaths(retyped, chartValues, '', []).filter((x) => x.how === 'type differs from the default').map((x) => x.path)).toEqual([
      'replicaCount',
      'image',
    ]);
    // Pass-through Kubernetes values are typed too.
    expect(coreV1.volumeMounts([{ name: 'x' }])).toBe(false); // mountPath is required
    expect(coreV1.tolerations([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: '1' }])).toBe(false);
    // metadata is read as ObjectMeta.
    expect(validators.qdrantCluster({ ...qc, metadata: { ...(qc['metadata'] as Json), name: 'Qdrant_X' } })).toBe(false);
  });
});

describe('the client-derived schema: the method that derives 1.20.0 reproduces the server\'s own 1.19.0 schema', () => {
  // test/emit/upstream/README.md, "The derived Qdrant schemas": the same derivation run on qdrant-client 1.19.0, held
  // against the server's v1.19.0 OpenAPI extract. Both readings (as is, closed) must agree, except for the numeric
  // bounds the client does not carry.
  const bodies = REAL_SCENARIOS.map((s) => {
    const plan = recommend({ ...s.workload, qdrantVersion: '1.19.0' }, s.constraints).plan;
    return JSON.parse(renderAll(plan, s.options).find((f) => f.path === 'collection/create-collection.json')!.content) as Json;
  });
  const server = collectionBody['1.19.0']!;
  const derived = derivedCollectionBody119;

  it('accepts every golden scenario\'s 1.19.0 body, as the server\'s schema does', () => {
    for (const b of bodies) {
      expect(server.closed(b), fmt(server.closed.errors)).toBe(true);
      expect(derived.closed(b), fmt(derived.closed.errors)).toBe(true);
    }
  });

  it('refuses what the server\'s schema refuses: unknown keys, wrong types, unknown enum values, 1.20-only values', () => {
    const b = bodies[0]!;
    const vec = { size: 384, distance: 'Cosine' };
    const wrong: Json[] = [
      { ...b, shard_numbr: 2 },
      { ...b, hnsw_config: { m: 'sixteen' } },
      { ...b, hnsw_config: { m: 1.5 } },
      { ...b, vectors: { ...vec, distance: 'cosine' } },
      { ...b, vectors: { ...vec, datatype: 'turbo8' } },
      { ...b, vectors: { size: 384 } },
      { ...b, quantization_config: { turbo: { bits: 'bits8' } } },
      { ...b, quantization_config: { scalar: { type: 'int4' } } },
      { ...b, quantization_config: { scalar: { type: 'int8' }, binary: {} } },
      { ...b, id_tracker: { memory: 'cold' } },
      { ...b, payload: { memory: 'warm' } },
      { ...b, optimizers_config: { max_optimization_threads: 'many' } },
      { ...b, sparse_vectors: { bm25: { modifier: 'bm25' } } },
    ];
    for (const w of wrong) {
      expect(server.closed(w), JSON.stringify(w)).toBe(false);
      expect(derived.closed(w), JSON.stringify(w)).toBe(false);
    }
  });

  it('misses only the numeric bounds (the client carries none): shard_number 0 and ef_construct 1 pass the derived schema', () => {
    const b = bodies[0]!;
    for (const w of [{ ...b, shard_number: 0 }, { ...b, hnsw_config: { ef_construct: 1 } }, { ...b, optimizers_config: { deleted_threshold: 2 } }]) {
      expect(server.closed(w), JSON.stringify(w)).toBe(false);
      expect(derived.closed(w), JSON.stringify(w)).toBe(true);
    }
  });
});

describe('no container of the emitted deployments runs as root, where the file can say so', () => {
  it("the chart's own defaults do run a root init container (the reading of statefulset.yaml is not vacuous)", () => {
    const plain = helmPodUsers({ image: { tag: 'v1.19.0' } });
    expect(plain.rootInitContainers).toEqual(['ensure-dir-ownership']);
    expect(plain.image).toBe('docker.io/qdrant/qdrant:v1.19.0');
    const unprivileged = helmPodUsers({ image: { tag: 'v1.19.0', useUnprivilegedImage: true } });
    expect(unprivileged.rootInitContainers).toEqual([]);
    expect(unprivileged.image).toBe('docker.io/qdrant/qdrant:v1.19.0-unprivileged');
    expect(helmPodUsers({ image: { tag: 'v1.19.0' }, updateVolumeFsOwnership: false }).rootInitContainers).toEqual([]);
  });

  it('Helm: the -unprivileged image (plain for GPU, which has none) and no init container; the Qdrant container as uid 1000, fsGroup 3000', () => {
    const values = (s: (typeof REAL_SCENARIOS)[number]) => parse(renderAll(s.plan, s.options).find((f) => f.path === 'helm/values.yaml')!.content) as Json;
    const small = helmPodUsers(values(REAL_SCENARIOS.find((s) => s.name === 'small-single-node')!));
    expect(small.image).toBe('docker.io/qdrant/qdrant:v1.20.0-unprivileged');
    expect(small.rootInitContainers).toEqual([]);
    expect([small.container['runAsNonRoot'], small.container['runAsUser'], small.pod['fsGroup']]).toEqual([true, 1000, 3000]);
    const gpu = helmPodUsers(values(REAL_SCENARIOS.find((s) => s.name === 'gpu-indexing')!));
    expect(gpu.image).toBe('docker.io/qdrant/qdrant:v1.20.0-gpu-nvidia');
    expect(gpu.rootInitContainers).toEqual([]);
  });

  it('the README says who Qdrant runs as in each deployment, KubeBlocks as root (its addon sets runAsUser: 0)', () => {
    const kb = REAL_SCENARIOS.find((s) => s.name === 'kubeblocks-1-19')!;
    const readme = renderAll(kb.plan, kb.options).find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('from the v1.19.0-unprivileged image, with no root init container');
    expect(readme).toContain('QdrantCluster: spec.security user 1000, group 2000, fsGroup 3000');
    expect(readme).toContain('KubeBlocks: as root');
  });
});

describe('every golden scenario validates against the upstream schemas', () => {
  for (const s of REAL_SCENARIOS) {
    it(`${s.name}: every emitted file`, () => {
      const files = renderAll(s.plan, s.options);
      // The files on disk are the same bytes (golden.test.ts); validate what the emitter returns.
      checkFiles(files, s.plan.qdrantVersion, s.name);
    });
  }
});

describe('files from generated plans validate against the upstream schemas', () => {
  /** What a workload before 1.19 cannot hold (the model refuses both): the memory tiers, and the turbo4 datatype, which the 1.18 releases cannot store. */
  const before119 = (v: unknown, strip: boolean): unknown => {
    if (!strip) return v;
    if (Array.isArray(v)) return v.map((x) => before119(x, strip));
    if (!isObj(v)) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => k !== 'memory' && k !== 'payload' && !(k === 'datatype' && x === 'turbo4'))
        .map(([k, x]) => [k, before119(x, strip)]),
    );
  };
  const tier = fc.option(fc.constantFrom('cold' as const, 'cached' as const, 'pinned' as const), { nil: undefined });
  /** Qdrant 1.20's own values, put onto a generated 1.20.0 collection: turbo8/turbo16, TurboQuant bits8, the id tracker's tier, payload_m 0. */
  const with120 = (c: unknown, v: { datatype: 'turbo8' | 'turbo16' | undefined; bits8: boolean; idTracker: 'cold' | 'cached' | 'pinned' | undefined; payloadM0: boolean } | undefined): unknown => {
    if (v === undefined || !isObj(c)) return c;
    const out: Json = { ...c };
    if (v.datatype !== undefined && isObj(out['vectors']) && typeof out['vectors']['size'] === 'number') out['vectors'] = { ...out['vectors'], datatype: v.datatype };
    if (v.bits8) out['quantization_config'] = { turbo: { bits: 'bits8' } };
    if (v.idTracker !== undefined) out['id_tracker'] = { memory: v.idTracker };
    if (v.payloadM0) out['hnsw_config'] = { ...(isObj(out['hnsw_config']) ? out['hnsw_config'] : {}), payload_m: 0 };
    return out;
  };
  const flag = fc.option(fc.boolean(), { nil: undefined });
  const quantization = fc.oneof(
    fc.record({ scalar: fc.record({ type: fc.constant('int8' as const), quantile: fc.option(fc.constantFrom(0.95, 0.99), { nil: undefined }), always_ram: flag, memory: tier }, { requiredKeys: ['type'] }) }),
    fc.record({ product: fc.record({ compression: fc.constantFrom('x4' as const, 'x16' as const, 'x64' as const), always_ram: flag, memory: tier }, { requiredKeys: ['compression'] }) }),
    fc.record({ binary: fc.record({ always_ram: flag, memory: tier, encoding: fc.constantFrom('one_bit' as const, 'two_bits' as const, 'one_and_half_bits' as const), query_encoding: fc.constantFrom('default' as const, 'scalar8bits' as const) }, { requiredKeys: [] }) }),
    fc.record({ turbo: fc.record({ bits: fc.constantFrom('bits1' as const, 'bits2' as const, 'bits4' as const), always_ram: flag, memory: tier }, { requiredKeys: [] }) }),
  );
  const hnsw = fc.record({ m: fc.constantFrom(0, 16, 32), ef_construct: fc.constantFrom(64, 128), on_disk: flag, memory: tier, payload_m: fc.constantFrom(0, 16) }, { requiredKeys: [] });
  const dense = fc.record(
    {
      size: fc.constantFrom(128, 384, 768, 1024, 1536),
      distance: fc.constantFrom('Cosine' as const, 'Dot' as const, 'Euclid' as const, 'Manhattan' as const),
      on_disk: flag,
      memory: fc.option(fc.constantFrom('cold' as const, 'cached' as const), { nil: undefined }),
      datatype: fc.option(fc.constantFrom('float32' as const, 'float16' as const, 'uint8' as const, 'turbo4' as const), { nil: undefined }),
      hnsw_config: hnsw,
      quantization_config: fc.oneof(quantization, fc.constant('Disabled' as const)),
    },
    { requiredKeys: ['size', 'distance'] },
  );
  const sparse = fc.record({ index: fc.record({ on_disk: flag, memory: tier, datatype: fc.constantFrom('float32' as const, 'float16' as const) }, { requiredKeys: [] }), modifier: fc.constantFrom('none' as const, 'idf' as const) }, { requiredKeys: [] });
  const workload: fc.Arbitrary<WorkloadInput> = fc
    .record({
      points: fc.integer({ min: 10_000, max: 100_000_000 }),
      version: fc.constantFrom(...OPENAPI_VERSIONS),
      vectors: fc.oneof(dense, fc.dictionary(fc.constantFrom('text', 'image', 'title'), dense, { minKeys: 1, maxKeys: 3 })),
      sparse: fc.option(fc.dictionary(fc.constantFrom('bm25', 'splade'), sparse, { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
      top: fc.record(
        {
          quantization_config: quantization,
          hnsw_config: hnsw,
          on_disk_payload: fc.boolean(),
          payload: fc.record({ memory: fc.constantFrom('cold' as const, 'cached' as const) }, { requiredKeys: [] }),
          optimizers_config: fc.record({ deleted_threshold: fc.constant(0.2), indexing_threshold: fc.constantFrom(0, 20_000), max_segment_size: fc.constantFrom(100_000, 5_000_000), default_segment_number: fc.constantFrom(0, 2) }, { requiredKeys: [] }),
          wal_config: fc.record({ wal_capacity_mb: fc.constantFrom(32, 64), wal_segments_ahead: fc.constantFrom(0, 1) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      indexes: fc.boolean(),
      v120: fc.record({
        datatype: fc.option(fc.constantFrom('turbo8' as const, 'turbo16' as const), { nil: undefined }),
        bits8: fc.boolean(),
        idTracker: fc.option(tier, { nil: undefined }),
        payloadM0: fc.boolean(),
      }),
    })
    .map((w) => ({
      points: w.points,
      qdrantVersion: w.version,
      // Memory tiers and turbo4 are refused in a workload before 1.19 (the model says so): there, only the legacy flags.
      collection: with120(
        before119({ vectors: w.vectors, ...(w.sparse !== undefined ? { sparse_vectors: w.sparse } : {}), ...w.top }, w.version === '1.18.2'),
        w.version === '1.20.0' ? w.v120 : undefined,
      ),
      ...(w.sparse !== undefined ? { sparse: Object.fromEntries(Object.keys(w.sparse).map((k) => [k, 100])) } : {}),
      ...(w.indexes ? { payload: { avgBytes: 300, indexes: [{ field_name: 'tenant', field_schema: { type: 'keyword' as const, is_tenant: true } }] } } : {}),
    })) as fc.Arbitrary<WorkloadInput>;
  const options: fc.Arbitrary<EmitOptionsInput> = fc
    .record({
      tls: fc.boolean(),
      apiKey: fc.boolean(),
      readOnlyKey: fc.boolean(),
      zoneSpread: fc.constantFrom('ScheduleAnyway' as const, 'DoNotSchedule' as const),
      serviceType: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
      allowedNamespaces: fc.option(fc.uniqueArray(fc.constantFrom('rag', 'ingest', 'qdrant', 'web-app'), { maxLength: 3 }), { nil: undefined }),
      expectScaling: fc.option(fc.boolean(), { nil: undefined }),
      storageClass: fc.option(fc.constantFrom('gp3', 'premium-rwo'), { nil: undefined }),
    })
    .map((o) => ({
      customerId: 'acme',
      zoneSpread: o.zoneSpread,
      serviceType: o.serviceType,
      ...(o.tls ? { tls: { secretName: 'q-tls' } } : {}),
      ...(o.apiKey ? { apiKeySecret: { name: 'q-keys', key: 'api-key' } } : {}),
      ...(o.readOnlyKey ? { readOnlyApiKeySecret: { name: 'q-keys', key: 'read-only' } } : {}),
      ...(o.allowedNamespaces !== undefined ? { allowedNamespaces: o.allowedNamespaces } : {}),
      ...(o.expectScaling !== undefined ? { expectScaling: o.expectScaling } : {}),
      ...(o.storageClass !== undefined ? { storageClass: o.storageClass } : {}),
    }));

  it('recommend() plans for generated workloads, with generated options: every file validates', () => {
    let emitted = 0;
    fc.assert(
      fc.property(workload, fc.integer({ min: 1, max: 3 }), options, (w, rf, o) => {
        let plan: Plan;
        try {
          // Replication 1 tolerates no node failure: ask for none (single node), else recommend() finds no fit.
          plan = recommend(w, rf === 1 ? { replicationFactor: 1, toleratedNodeFailures: 0 } : { replicationFactor: rf }).plan;
        } catch (error) {
          if (error instanceof QsizeNoFitError) return; // nothing fits these constraints: nothing to emit
          throw error;
        }
        checkFiles(renderAll(plan, o), plan.qdrantVersion, JSON.stringify({ w, rf, o }));
        emitted++;
      }),
      { numRuns: Number(process.env['QSIZE_UPSTREAM_RUNS'] ?? 25) },
    );
    expect(emitted).toBeGreaterThanOrEqual(20);
  });
});

describe('quantization_config "Disabled" on a vector (update-only in Qdrant)', () => {
  const workload: WorkloadInput = {
    points: '2M',
    collection: {
      vectors: { text: { size: 768, distance: 'Cosine' }, image: { size: 512, distance: 'Dot', quantization_config: 'Disabled' } },
      quantization_config: { scalar: { type: 'int8', always_ram: true } },
    },
  };
  const plan = recommend(workload, {}).plan;
  const files = renderAll(plan, { customerId: 'acme' });
  const body = JSON.parse(files.find((f) => f.path === 'collection/create-collection.json')!.content) as Json;

  it('is written as the same effective config: the collection-level quantization on each other vector, none on the disabled one', () => {
    const vectors = body['vectors'] as Record<string, Json>;
    expect(body['quantization_config']).toBeUndefined();
    expect(vectors['text']!['quantization_config']).toEqual({ scalar: { type: 'int8', memory: 'pinned' } });
    expect(vectors['image']!['quantization_config']).toBeUndefined();
    expect(files.find((f) => f.path === 'README.md')!.content).toContain('quantization_config "Disabled"');
  });

  it('validates against the upstream OpenAPI, where "Disabled" would not', () => {
    checkFiles(files, plan.qdrantVersion, 'disabled-quantization');
    const literal = { ...body, vectors: { ...(body['vectors'] as Json), image: { size: 512, distance: 'Dot', quantization_config: 'Disabled' } } };
    expect(collectionBody['1.19.0']!.asIs(literal)).toBe(false);
  });
});
