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

const UPSTREAM = join(dirname(fileURLToPath(import.meta.url)), 'upstream');
const read = (p: string): string => readFileSync(join(UPSTREAM, p), 'utf8');

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------------
// Schema readers

/** Maps every sub-schema of a JSON-schema node (properties, items, combinators) through `f`, bottom-up. */
function mapSchema(node: unknown, f: (n: Json) => Json): unknown {
  if (Array.isArray(node)) return node.map((x) => mapSchema(x, f));
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'properties' || k === 'schemas' || k === '$defs' || k === 'definitions') && isObj(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, mapSchema(s, f)]));
    } else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && isObj(v))) {
      out[k] = mapSchema(v, f);
    } else if ((k === 'anyOf' || k === 'allOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((x) => mapSchema(x, f));
    } else {
      out[k] = v;
    }
  }
  return f(out);
}

/** `type: X, nullable: true` -> `type: [X, 'null']` (OpenAPI 3.0 and Kubernetes structural schemas). */
function nullableToType(n: Json): Json {
  if (n['nullable'] !== true) return n;
  const { nullable: _drop, ...rest } = n;
  if (typeof rest['type'] === 'string') return { ...rest, type: [rest['type'], 'null'] };
  // schemars writes Option<T> as anyOf: [{ $ref: T }, { nullable: true }]: the second arm means "null".
  if (Object.keys(rest).length === 0) return { type: 'null' };
  throw new Error(`nullable without type next to ${Object.keys(rest).join(', ')}: not a pattern this reader knows`);
}

/**
 * The apiserver's reading of a structural schema: known fields only, unless x-kubernetes-preserve-unknown-fields.
 * `declared` is stricter: an object that lists its fields is closed even when it preserves unknown ones (the
 * QdrantCluster's `spec` does), because the controller's Go types read only the declared fields.
 */
const structural = (declared: boolean) => (n: Json): Json => {
  const m = nullableToType(n);
  const isObject = m['type'] === 'object' || (Array.isArray(m['type']) && m['type'].includes('object'));
  const open = m['x-kubernetes-preserve-unknown-fields'] === true && !(declared && isObj(m['properties']));
  if (isObject && m['additionalProperties'] === undefined && !open) return { ...m, additionalProperties: false };
  return m;
};

/** Closed reading of an OpenAPI object: keys outside `properties` are refused. */
function closed(n: Json): Json {
  if (isObj(n['properties']) && n['additionalProperties'] === undefined) return { ...n, additionalProperties: false };
  return n;
}

const networkPolicySchema = JSON.parse(read('kubernetes/networkpolicy.v1.schema.json')) as Json;
const objectMeta = { $ref: `${networkPolicySchema['$id'] as string}#/$defs/ObjectMeta` };

/** The served version's openAPIV3Schema of a CRD, read structurally, with metadata checked as ObjectMeta. */
function crdSchema(file: string, version: string, declared = false): Json {
  const crd = parse(read(file)) as Json;
  const versions = ((crd['spec'] as Json)['versions'] as Json[]).filter((v) => v['name'] === version && v['served'] === true);
  expect(versions, `${file}: one served version ${version}`).toHaveLength(1);
  const schema = ((versions[0]!['schema'] as Json)['openAPIV3Schema']) as Json;
  const root = mapSchema(schema, structural(declared)) as Json;
  // The apiserver validates metadata as ObjectMeta, not through the CRD schema (which only says `type: object`).
  return { ...root, properties: { ...(root['properties'] as Json), metadata: objectMeta } };
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  const int = (min: number, max: number) => ({ type: 'number' as const, validate: (x: number) => Number.isInteger(x) && x >= min && x <= max });
  ajv.addFormat('int32', int(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat('int64', int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('uint', int(0, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('uint8', int(0, 255));
  ajv.addFormat('uint32', int(0, 2 ** 32 - 1));
  ajv.addFormat('uint64', int(0, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('float', { type: 'number', validate: (x: number) => Number.isFinite(x) });
  ajv.addFormat('double', { type: 'number', validate: (x: number) => Number.isFinite(x) });
  // x-kubernetes-list-type: set = unique items; map = unique by x-kubernetes-list-map-keys.
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    schemaType: 'string',
    validate: (type: string, data: unknown, parent?: Json) => {
      if (!Array.isArray(data)) return true;
      if (type === 'set') return new Set(data.map((x) => JSON.stringify(x))).size === data.length;
      if (type === 'map') {
        const keys = (parent?.['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
        const ids = data.map((x) => JSON.stringify(keys.map((k) => (isObj(x) ? x[k] : undefined))));
        return new Set(ids).size === ids.length;
      }
      return true;
    },
  });
  ajv.addVocabulary([
    'x-kubernetes-list-map-keys',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-int-or-string',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
    'x-kubernetes-embedded-resource',
    'example',
  ]);
  return ajv;
}

const ajv = newAjv();
ajv.addSchema(networkPolicySchema);
const fmt = (errors: ErrorObject[] | null | undefined): string =>
  JSON.stringify((errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`), null, 1);

const validators = {
  qdrantCluster: ajv.compile(crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1')),
  qdrantClusterDeclared: ajv.compile(crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1', true)),
  kubeBlocksCluster: ajv.compile(crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1')),
  kubeBlocksClusterDeclared: ajv.compile(crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1', true)),
  kubeBlocksValues: ajv.compile(JSON.parse(read('kubeblocks/values.schema.json')) as Json),
  kblibValues: ajv.compile(JSON.parse(read('kubeblocks/kblib-values.schema.json')) as Json),
  networkPolicy: ajv.getSchema(networkPolicySchema['$id'] as string)!,
};

/** The request-body validator of `PUT /collections/{collection_name}` in the OpenAPI of that Qdrant version. */
const OPENAPI_VERSIONS = ['1.18.2', '1.19.0'] as const;
const collectionBody: Record<string, { asIs: ValidateFunction; closed: ValidateFunction }> = {};
for (const v of OPENAPI_VERSIONS) {
  const doc = JSON.parse(read(`qdrant-openapi/create-collection.v${v}.json`)) as Json;
  const pointer = '#/paths/~1collections~1{collection_name}/put/requestBody/content/application~1json/schema';
  const schemas = (doc['components'] as Json)['schemas'] as Json;
  const read3 = (f: (n: Json) => Json): Json => ({ ...doc, components: { schemas: Object.fromEntries(Object.entries(schemas).map(([k, x]) => [k, mapSchema(x, f)])) } });
  ajv.addSchema(read3(nullableToType), `openapi-${v}`);
  ajv.addSchema(read3((n) => closed(nullableToType(n))), `openapi-${v}-closed`);
  collectionBody[v] = { asIs: ajv.getSchema(`openapi-${v}${pointer}`)!, closed: ajv.getSchema(`openapi-${v}-closed${pointer}`)! };
}

// Core/v1 shapes embedded in the two CRDs (generated from k8s.io/api), for the Helm values' pass-through parts.
/** The sub-schema at a dotted path (`[]` = array items), from the root of a CRD schema. */
function subSchema(root: Json, path: string): Json {
  let node: Json = root;
  for (const part of path.split('.')) {
    const [name, ...arr] = part.split('[]');
    node = (node['properties'] as Json)[name!] as Json;
    for (const _ of arr) node = node['items'] as Json;
    expect(node, path).toBeDefined();
  }
  return node;
}
const kbRoot = crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1');
const qcRoot = crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1');
const kbComponent = 'spec.componentSpecs[]';
const coreV1 = {
  env: ajv.compile(subSchema(kbRoot, `${kbComponent}.env`)),
  resources: ajv.compile(subSchema(kbRoot, `${kbComponent}.resources`)),
  affinity: ajv.compile(subSchema(kbRoot, `${kbComponent}.schedulingPolicy.affinity`)),
  tolerations: ajv.compile(subSchema(kbRoot, `${kbComponent}.schedulingPolicy.tolerations`)),
  nodeSelector: ajv.compile(subSchema(kbRoot, `${kbComponent}.schedulingPolicy.nodeSelector`)),
  topologySpreadConstraints: ajv.compile(subSchema(kbRoot, `${kbComponent}.schedulingPolicy.topologySpreadConstraints`)),
  volumes: ajv.compile(subSchema(kbRoot, `${kbComponent}.volumes`)),
  volumeMounts: ajv.compile(subSchema(qcRoot, 'spec.storage.additionalVolumeMounts')),
};

// ---------------------------------------------------------------------------------------------------------------
// Helm values: key paths against the chart's values.yaml

const chartValuesText = read('qdrant-helm/values.yaml');
const chartValues = parse(chartValuesText) as Json;

/**
 * Values the chart hands on whole (charts/qdrant/templates/statefulset.yaml and configmap.yaml; the templates are not
 * vendored, these uses were read in the qdrant-helm repository and are listed in docs/emit.md), so any key below them
 * reaches its destination; the Kubernetes-typed ones are validated against core/v1 in checkFiles.
 */
const PASS_THROUGH: Record<string, string> = {
  config: 'configmap.yaml: tpl (toYaml) into Qdrant\'s production.yaml (Qdrant config keys, not checked here)',
  resources: 'statefulset.yaml: toYaml into the container resources (core/v1 ResourceRequirements)',
  nodeSelector: 'statefulset.yaml: toYaml into the pod nodeSelector',
  affinity: 'statefulset.yaml: tpl (toYaml) into the pod affinity (core/v1 Affinity)',
  tolerations: 'statefulset.yaml: toYaml into the pod tolerations (core/v1 Toleration[])',
  topologySpreadConstraints: 'statefulset.yaml: toYaml into the pod topologySpreadConstraints',
  additionalVolumes: 'statefulset.yaml: toYaml appended to the pod volumes (core/v1 Volume[])',
  additionalVolumeMounts: 'statefulset.yaml: toYaml appended to the container volumeMounts (core/v1 VolumeMount[])',
  'env[].valueFrom': 'statefulset.yaml: toYaml into the env var valueFrom (core/v1 EnvVarSource)',
};
/** List items the chart reads field by field (statefulset.yaml `range`): only these keys reach the pod. */
const ITEM_KEYS: Record<string, string[]> = {
  env: ['name', 'value', 'valueFrom'],
};

/** Is `key` documented as a commented-out `# key:` line inside the block of the top-level `parent` in values.yaml? */
function documentedInComment(parent: string, key: string): boolean {
  const lines = chartValuesText.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${parent}:`));
  if (start < 0) return false;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^[A-Za-z]/.test(l)) break; // next top-level key
    if (new RegExp(`^\\s+#\\s*${key}:`).test(l)) return true;
  }
  return false;
}

interface KeyFinding {
  path: string;
  how: 'in values.yaml' | 'documented in a comment' | 'pass-through' | 'ignored by the chart' | 'type differs from the default';
}

/** JSON type of a value, as far as a template cares (null = Helm deletes the key and the default with it). */
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

/** Every key path of `ours`, and how the chart knows it. Array items are compared with the default's items. */
function helmKeyPaths(ours: unknown, chart: unknown, path: string, out: KeyFinding[]): KeyFinding[] {
  if (Array.isArray(ours)) {
    const itemKeys = ITEM_KEYS[path];
    const chartItems = Array.isArray(chart) ? chart.filter(isObj) : [];
    for (const item of ours) {
      if (!isObj(item)) continue;
      for (const [k, v] of Object.entries(item)) {
        const p = `${path}[].${k}`;
        if (PASS_THROUGH[p] !== undefined) out.push({ path: p, how: 'pass-through' });
        else if (itemKeys !== undefined) out.push({ path: p, how: itemKeys.includes(k) ? 'in values.yaml' : 'ignored by the chart' });
        else if (chartItems.some((c) => k in c)) helmKeyPaths(v, chartItems.find((c) => k in c)![k], p, out);
        else out.push({ path: p, how: 'ignored by the chart' });
      }
    }
    return out;
  }
  if (!isObj(ours)) {
    // A scalar (or null, which deletes the default) where the chart has a scalar of the same type or nothing typed.
    const same = ours === null || chart === null || chart === undefined || kindOf(ours) === kindOf(chart);
    out.push({ path, how: same ? 'in values.yaml' : 'type differs from the default' });
    return out;
  }
  if (chart !== undefined && chart !== null && !isObj(chart)) {
    out.push({ path, how: 'type differs from the default' });
    return out;
  }
  for (const [k, v] of Object.entries(ours)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (PASS_THROUGH[p] !== undefined) out.push({ path: p, how: 'pass-through' });
    else if (isObj(chart) && k in chart) helmKeyPaths(v, chart[k], p, out);
    else if (path !== '' && !path.includes('.') && !path.includes('[') && documentedInComment(path, k)) out.push({ path: p, how: 'documented in a comment' });
    else out.push({ path: p, how: 'ignored by the chart' });
  }
  return out;
}

/** The KubeBlocks chart values: every key is in its values.yaml, its values.schema.json, or the kblib subchart's. */
function kubeBlocksValueKeysUnknown(values: Json): string[] {
  const defaults = parse(read('kubeblocks/values.yaml')) as Json;
  const schema = JSON.parse(read('kubeblocks/values.schema.json')) as Json;
  const kblib = { ...(parse(read('kubeblocks/kblib-values.yaml')) as Json), ...((JSON.parse(read('kubeblocks/kblib-values.schema.json')) as Json)['properties'] as Json) };
  const known = (k: string) => k in defaults || k in (schema['properties'] as Json);
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (!known(k)) {
      unknown.push(k);
    } else if (k === 'extra' && isObj(v)) {
      for (const e of Object.keys(v)) if (!(e in kblib)) unknown.push(`extra.${e}`);
    } else if (k === 'config' && isObj(v)) {
      for (const c of Object.keys(v)) if (!(c in (defaults['config'] as Json))) unknown.push(`config.${c}`);
    }
  }
  return unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// The check of one rendered set of files

function expectValid(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  expect(ok, `${what}: ${fmt(validate.errors)}`).toBe(true);
}

function checkFiles(files: EmittedFile[], qdrantVersion: string, label: string): void {
  const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
  for (const f of files) {
    const what = `${label} ${f.path}`;
    if (f.path === 'README.md') continue;
    if (f.path === 'helm/values.yaml') {
      const values = parse(f.content) as Json;
      const findings = helmKeyPaths(values, chartValues, '', []);
      expect(findings.filter((x) => x.how === 'ignored by the chart').map((x) => x.path), `${what}: keys the chart would ignore`).toEqual([]);
      expect(findings.filter((x) => x.how === 'type differs from the default').map((x) => x.path), `${what}: values of another type than the chart's`).toEqual([]);
      // The Kubernetes-typed pass-through values, against core/v1.
      for (const key of ['resources', 'affinity', 'tolerations', 'nodeSelector', 'topologySpreadConstraints'] as const) {
        if (values[key] !== undefined) expectValid(coreV1[key], values[key], `${what} ${key}`);
      }
      expectValid(coreV1.volumes, values['additionalVolumes'], `${what} additionalVolumes`);
      expectValid(coreV1.volumeMounts, values['additionalVolumeMounts'], `${what} additionalVolumeMounts`);
      expectValid(coreV1.env, values['env'], `${what} env`);
    } else if (f.path.endsWith('networkpolicy.yaml')) {
      expectValid(validators.networkPolicy, parse(f.content), what);
    } else if (f.path === 'operator/qdrant-cluster.yaml') {
      expectValid(validators.qdrantCluster, parse(f.content), what);
      expectValid(validators.qdrantClusterDeclared, parse(f.content), `${what} (declared fields only)`);
    } else if (f.path === 'kubeblocks/cluster.yaml') {
      const obj = parse(f.content) as Json;
      expectValid(validators.kubeBlocksCluster, obj, what);
      expectValid(validators.kubeBlocksClusterDeclared, obj, `${what} (declared fields only)`);
      // CEL rules of spec.componentSpecs that apply on create (the others compare with oldSelf).
      const comps = (obj['spec'] as Json)['componentSpecs'] as Json[];
      expect(new Set(comps.map((c) => c['name'])).size, `${what}: duplicated component`).toBe(comps.length);
      const withDef = comps.filter((c) => 'componentDef' in c).length;
      expect(withDef === 0 || withDef === comps.length, `${what}: two kinds of definition API`).toBe(true);
    } else if (f.path === 'kubeblocks/values.yaml') {
      const values = parse(f.content) as Json;
      expectValid(validators.kubeBlocksValues, values, what);
      expectValid(validators.kblibValues, values['extra'] ?? {}, `${what} extra (kblib subchart)`);
      expect(kubeBlocksValueKeysUnknown(values), `${what}: keys the chart does not know`).toEqual([]);
    } else if (f.path === 'collection/create-collection.json') {
      const v = collectionBody[qdrantVersion];
      expect(v, `${what}: an upstream OpenAPI for Qdrant ${qdrantVersion}`).toBeDefined();
      const body = JSON.parse(f.content) as unknown;
      expectValid(v!.asIs, body, `${what} (OpenAPI ${qdrantVersion})`);
      expectValid(v!.closed, body, `${what} (OpenAPI ${qdrantVersion}, unknown keys refused)`);
    } else if (/^collection\/payload-index-\d+\.json$/.test(f.path)) {
      // CreateFieldIndex is not among the vendored OpenAPI fragments: checked by the zod mirror only (emit.test.ts).
    } else {
      throw new Error(`${what}: no upstream schema is assigned to this file`);
    }
  }
  expect(byPath['helm/values.yaml'], `${label}: Helm values present`).toBeDefined();
}

// ---------------------------------------------------------------------------------------------------------------

describe('the vendored upstream files', () => {
  it('are byte for byte the files README.md names (SHA-256)', () => {
    const rows = read('README.md').split('\n').filter((l) => /^\| `[^`]+` \|.*\| [0-9a-f]{64} \|$/.test(l));
    expect(rows.length).toBe(10);
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
    const kb = parse(files['kubeblocks/values.yaml']!) as Json;
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
  const withoutTiers = (v: unknown, strip: boolean): unknown => {
    if (!strip) return v;
    if (Array.isArray(v)) return v.map((x) => withoutTiers(x, strip));
    if (!isObj(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'memory' && k !== 'payload').map(([k, x]) => [k, withoutTiers(x, strip)]));
  };
  const tier = fc.option(fc.constantFrom('cold' as const, 'cached' as const, 'pinned' as const), { nil: undefined });
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
    })
    .map((w) => ({
      points: w.points,
      qdrantVersion: w.version,
      // Memory tiers are refused in a workload before 1.19 (the model says so): there, only the legacy flags.
      collection: withoutTiers({ vectors: w.vectors, ...(w.sparse !== undefined ? { sparse_vectors: w.sparse } : {}), ...w.top }, w.version !== '1.19.0'),
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
