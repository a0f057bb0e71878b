/**
 * The upstream schema readers and validators of upstream.test.ts (how each schema is read is explained there and
 * in docs/emit.md), shared with the hostile-input suites so every emitted file they produce is checked the same way.
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

export const UPSTREAM = join(dirname(fileURLToPath(import.meta.url)), 'upstream');
export const read = (p: string): string => readFileSync(join(UPSTREAM, p), 'utf8');

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------------
// Schema readers

/** Maps every sub-schema of a JSON-schema node (properties, items, combinators) through `f`, bottom-up. */
export function mapSchema(node: unknown, f: (n: Json) => Json): unknown {
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
export function nullableToType(n: Json): Json {
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
export const structural = (declared: boolean) => (n: Json): Json => {
  const m = nullableToType(n);
  const isObject = m['type'] === 'object' || (Array.isArray(m['type']) && m['type'].includes('object'));
  const open = m['x-kubernetes-preserve-unknown-fields'] === true && !(declared && isObj(m['properties']));
  if (isObject && m['additionalProperties'] === undefined && !open) return { ...m, additionalProperties: false };
  return m;
};

/** Closed reading of an OpenAPI object: keys outside `properties` are refused. */
export function closed(n: Json): Json {
  if (isObj(n['properties']) && n['additionalProperties'] === undefined) return { ...n, additionalProperties: false };
  return n;
}

export const networkPolicySchema = JSON.parse(read('kubernetes/networkpolicy.v1.schema.json')) as Json;
export const objectMeta = { $ref: `${networkPolicySchema['$id'] as string}#/$defs/ObjectMeta` };
export const podDisruptionBudgetSchema = JSON.parse(read('kubernetes/poddisruptionbudget.v1.schema.json')) as Json;

/** The served version's openAPIV3Schema of a CRD, read structurally, with metadata checked as ObjectMeta. */
export function crdSchema(file: string, version: string, declared = false): Json {
  const crd = parse(read(file)) as Json;
  const versions = ((crd['spec'] as Json)['versions'] as Json[]).filter((v) => v['name'] === version && v['served'] === true);
  expect(versions, `${file}: one served version ${version}`).toHaveLength(1);
  const schema = ((versions[0]!['schema'] as Json)['openAPIV3Schema']) as Json;
  const root = mapSchema(schema, structural(declared)) as Json;
  // The apiserver validates metadata as ObjectMeta, not through the CRD schema (which only says `type: object`).
  return { ...root, properties: { ...(root['properties'] as Json), metadata: objectMeta } };
}

export function newAjv(): Ajv {
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

export const ajv = newAjv();
ajv.addSchema(networkPolicySchema);
ajv.addSchema(podDisruptionBudgetSchema);
export const fmt = (errors: ErrorObject[] | null | undefined): string =>
  JSON.stringify((errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`), null, 1);

export const validators = {
  qdrantCluster: ajv.compile(crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1')),
  qdrantClusterDeclared: ajv.compile(crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1', true)),
  kubeBlocksCluster: ajv.compile(crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1')),
  kubeBlocksClusterDeclared: ajv.compile(crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1', true)),
  kubeBlocksValues: ajv.compile(JSON.parse(read('kubeblocks/values.schema.json')) as Json),
  kblibValues: ajv.compile(JSON.parse(read('kubeblocks/kblib-values.schema.json')) as Json),
  networkPolicy: ajv.getSchema(networkPolicySchema['$id'] as string)!,
  podDisruptionBudget: ajv.getSchema(podDisruptionBudgetSchema['$id'] as string)!,
};

/**
 * The request-body validator of `PUT /collections/{collection_name}` in the OpenAPI of that Qdrant version: the server's
 * own OpenAPI (extracts) for 1.18.2 and 1.19.0; for 1.20.0, the schema derived from the published client's pydantic
 * models (qdrant-client 1.20.0, test/emit/upstream/qdrant-openapi/derive/: the method reproduces the 1.19.0 extract
 * except for the numeric bounds and formats, which the client does not carry; see the README there).
 */
export const OPENAPI_VERSIONS = ['1.18.2', '1.19.0', '1.20.0'] as const;
/** `PUT /collections/{collection_name}/index` (`CreateFieldIndex`): derived from qdrant-client 1.19.0 and 1.20.0 only. */
export const FIELD_INDEX_VERSIONS = ['1.19.0', '1.20.0'] as const;
const COLLECTION_POINTER = '#/paths/~1collections~1{collection_name}/put/requestBody/content/application~1json/schema';
const INDEX_POINTER = '#/paths/~1collections~1{collection_name}~1index/put/requestBody/content/application~1json/schema';
function addOpenApi(file: string, key: string, pointer: string): { asIs: ValidateFunction; closed: ValidateFunction } {
  const doc = JSON.parse(read(`qdrant-openapi/${file}`)) as Json;
  const schemas = (doc['components'] as Json)['schemas'] as Json;
  const read3 = (f: (n: Json) => Json): Json => ({ ...doc, components: { schemas: Object.fromEntries(Object.entries(schemas).map(([k, x]) => [k, mapSchema(x, f)])) } });
  ajv.addSchema(read3(nullableToType), key);
  ajv.addSchema(read3((n) => closed(nullableToType(n))), `${key}-closed`);
  return { asIs: ajv.getSchema(`${key}${pointer}`)!, closed: ajv.getSchema(`${key}-closed${pointer}`)! };
}
export const collectionBody: Record<string, { asIs: ValidateFunction; closed: ValidateFunction }> = {};
for (const v of OPENAPI_VERSIONS) collectionBody[v] = addOpenApi(`create-collection.v${v}.json`, `openapi-${v}`, COLLECTION_POINTER);
/** The 1.19.0 schema derived by the same method as 1.20.0's, kept to show the method against the server's extract. */
export const derivedCollectionBody119 = addOpenApi('derive/create-collection.v1.19.0.derived.json', 'derived-1.19.0', COLLECTION_POINTER);
export const fieldIndexBody: Record<string, { asIs: ValidateFunction; closed: ValidateFunction }> = {};
for (const v of FIELD_INDEX_VERSIONS) fieldIndexBody[v] = addOpenApi(`create-field-index.v${v}.json`, `openapi-index-${v}`, INDEX_POINTER);
/**
 * The patch releases 1.19.1 and 1.19.2 are read with 1.19.0's schemas: qdrant-client 1.19.1's models.py is byte for byte
 * 1.19.0's (SHA-256 1ab429dc..., README.md), and 1.19.2 (no client release) patched two dependencies only.
 */
for (const patch of ['1.19.1', '1.19.2']) {
  collectionBody[patch] = collectionBody['1.19.0']!;
  fieldIndexBody[patch] = fieldIndexBody['1.19.0']!;
}

// Core/v1 shapes embedded in the two CRDs (generated from k8s.io/api), for the Helm values' pass-through parts.
/** The sub-schema at a dotted path (`[]` = array items), from the root of a CRD schema. */
export function subSchema(root: Json, path: string): Json {
  let node: Json = root;
  for (const part of path.split('.')) {
    const [name, ...arr] = part.split('[]');
    node = (node['properties'] as Json)[name!] as Json;
    for (const _ of arr) node = node['items'] as Json;
    expect(node, path).toBeDefined();
  }
  return node;
}
export const kbRoot = crdSchema('kubeblocks/apps.kubeblocks.io_clusters.yaml', 'v1');
export const qcRoot = crdSchema('qdrant-operator/qdrant.io_qdrantclusters.yaml', 'v1');
export const kbComponent = 'spec.componentSpecs[]';
export const coreV1 = {
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

export const chartValuesText = read('qdrant-helm/values.yaml');
export const chartValues = parse(chartValuesText) as Json;

/**
 * Values the chart hands on whole (charts/qdrant/templates/statefulset.yaml and configmap.yaml; the templates are not
 * vendored, these uses were read in the qdrant-helm repository and are listed in docs/emit.md), so any key below them
 * reaches its destination; the Kubernetes-typed ones are validated against core/v1 in checkFiles.
 */
export const PASS_THROUGH: Record<string, string> = {
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
export const ITEM_KEYS: Record<string, string[]> = {
  env: ['name', 'value', 'valueFrom'],
};

/** Is `key` documented as a commented-out `# key:` line inside the block of the top-level `parent` in values.yaml? */
export function documentedInComment(parent: string, key: string): boolean {
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

// ---------------------------------------------------------------------------------------------------------------
// Who the chart's pod runs as: statefulset.yaml's own conditions, applied to our values over the chart's defaults

export const chartStatefulSetText = read('qdrant-helm/statefulset.yaml');

/** The lines of statefulset.yaml this reading relies on; the test fails if the template no longer has them. */
export const STATEFULSET_RULES = {
  initGuard: '{{- if and .Values.updateVolumeFsOwnership (not .Values.image.useUnprivilegedImage) }}',
  initGuardUser: '{{- if and .Values.containerSecurityContext .Values.containerSecurityContext.runAsUser }}',
  initName: '- name: ensure-dir-ownership',
  initImage: 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
  mainImage: 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}{{ .Values.image.useUnprivilegedImage | ternary "-unprivileged" "" }}"',
  mainSecurity: '{{- with .Values.containerSecurityContext }}',
  podSecurity: '{{- with .Values.podSecurityContext }}',
} as const;

/** Helm's merge of user values over chart defaults: maps merge key by key, anything else replaces, null deletes. */
export function helmMerge(chart: unknown, ours: unknown): unknown {
  if (!isObj(chart) || !isObj(ours)) return ours;
  const out: Json = { ...chart };
  for (const [k, v] of Object.entries(ours)) {
    if (v === null) delete out[k];
    else out[k] = helmMerge(chart[k], v);
  }
  return out;
}

export interface HelmPodUsers {
  /** Init containers that run with no securityContext, so as the image's own user (root for the plain image). */
  rootInitContainers: string[];
  image: string;
  container: Json;
  pod: Json;
}

/** The users of the pod statefulset.yaml renders for `values` (what the template does, read from the lines above). */
export function helmPodUsers(values: Json): HelmPodUsers {
  for (const line of Object.values(STATEFULSET_RULES)) expect(chartStatefulSetText, `statefulset.yaml still has: ${line}`).toContain(line);
  // The two guards nest around the init container, in this order (the init container itself sets no securityContext).
  const i = [STATEFULSET_RULES.initGuard, STATEFULSET_RULES.initGuardUser, STATEFULSET_RULES.initName, STATEFULSET_RULES.initImage].map((l) => chartStatefulSetText.indexOf(l));
  expect(i, 'the init container sits inside both guards').toEqual([...i].sort((a, b) => a - b));
  const initBlock = chartStatefulSetText.slice(i[2]!, chartStatefulSetText.indexOf('containers:', i[2]!));
  expect(initBlock, 'ensure-dir-ownership has no securityContext of its own').not.toContain('securityContext');
  const v = helmMerge(chartValues, values) as Json;
  const image = v['image'] as Json;
  const container = (v['containerSecurityContext'] ?? {}) as Json;
  const truthy = (x: unknown) => x !== undefined && x !== null && x !== false && x !== 0 && x !== '';
  const init = truthy(v['updateVolumeFsOwnership']) && !truthy(image['useUnprivilegedImage']) && truthy(v['containerSecurityContext']) && truthy(container['runAsUser']);
  return {
    rootInitContainers: init ? ['ensure-dir-ownership'] : [],
    image: `${String(image['repository'])}:${String(image['tag'])}${truthy(image['useUnprivilegedImage']) ? '-unprivileged' : ''}`,
    container,
    pod: (v['podSecurityContext'] ?? {}) as Json,
  };
}

interface KeyFinding {
  path: string;
  how: 'in values.yaml' | 'documented in a comment' | 'pass-through' | 'ignored by the chart' | 'type differs from the default';
}

/** JSON type of a value, as far as a template cares (null = Helm deletes the key and the default with it). */
export const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

/** Every key path of `ours`, and how the chart knows it. Array items are compared with the default's items. */
export function helmKeyPaths(ours: unknown, chart: unknown, path: string, out: KeyFinding[]): KeyFinding[] {
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
export function kubeBlocksValueKeysUnknown(values: Json): string[] {
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

export function expectValid(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  expect(ok, `${what}: ${fmt(validate.errors)}`).toBe(true);
}

export function checkFiles(files: EmittedFile[], qdrantVersion: string, label: string, requireHelm = true): void {
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
      // No container of the pod runs as root (docs/emit.md, "No root").
      const users = helmPodUsers(values);
      expect(users.rootInitContainers, `${what}: init containers running as root`).toEqual([]);
      expect(users.container['runAsNonRoot'], `${what}: runAsNonRoot`).toBe(true);
      expect(users.container['runAsUser'], `${what}: runAsUser`).toBeGreaterThan(0);
      expect(users.pod['fsGroup'], `${what}: fsGroup (the volumes' group, since nothing chowns them)`).toBeGreaterThan(0);
      // Qdrant builds -unprivileged images for its release tags, not for its -gpu-* ones (docker-image.yml).
      const tag = String((values['image'] as Json)['tag']);
      expect(users.image.endsWith('-unprivileged'), `${what}: ${users.image}`).toBe(!tag.includes('-gpu-'));
    } else if (f.path.endsWith('networkpolicy.yaml')) {
      expectValid(validators.networkPolicy, parse(f.content), what);
    } else if (f.path === 'kubeblocks/pdb.yaml') {
      expectValid(validators.podDisruptionBudget, parse(f.content), what);
    } else if (f.path === 'operator/qdrant-cluster.yaml') {
      expectValid(validators.qdrantCluster, parse(f.content), what);
      expectValid(validators.qdrantClusterDeclared, parse(f.content), `${what} (declared fields only)`);
      // Qdrant runs as the chart's non-root user, group and fsGroup here too.
      const chartContainer = chartValues['containerSecurityContext'] as Json;
      expect(((parse(f.content) as Json)['spec'] as Json)['security'], `${what}: spec.security`).toEqual({
        user: chartContainer['runAsUser'],
        group: chartContainer['runAsGroup'],
        fsGroup: (chartValues['podSecurityContext'] as Json)['fsGroup'],
      });
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
      // CreateFieldIndex: derived from the 1.19.0 and 1.20.0 clients; other versions are checked by the zod mirror only.
      const v = fieldIndexBody[qdrantVersion];
      if (v === undefined) continue;
      const body = JSON.parse(f.content) as unknown;
      expectValid(v.asIs, body, `${what} (CreateFieldIndex ${qdrantVersion})`);
      expectValid(v.closed, body, `${what} (CreateFieldIndex ${qdrantVersion}, unknown keys refused)`);
    } else {
      throw new Error(`${what}: no upstream schema is assigned to this file`);
    }
  }
  if (requireHelm) expect(byPath['helm/values.yaml'], `${label}: Helm values present`).toBeDefined();
}

