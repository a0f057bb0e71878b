/**
 * Emitters: from a plan, the files a platform engineer applies. Pure functions (no Node built-ins,
 * no I/O): `renderAll` returns `{ path, content }[]` and the CLI writes them.
 */
import { OPERATOR_MAX_PEERS } from '../plan/checks/operator-peer-limit.js';
import { QsizeInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { buildCollectionRequests, collectionRequestFiles, disablesQuantizationPerVector } from './collection.js';
import { HELM_CHART, renderHelmValues } from './helm.js';
import { renderKubeBlocksCluster, renderKubeBlocksValues } from './kubeblocks.js';
import { renderNetworkPolicy } from './network-policy.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { renderQdrantCluster } from './qdrant-cluster.js';
import { deriveSizing, GIB, helmFullname, peerDnsNames } from './sizing.js';
import { headerLines } from './yaml.js';

export { EmitOptions, SecretKeyRef, TlsOptions, parseEmitOptions } from './options.js';
export type { EmitOptionsInput } from './options.js';
export { renderHelmValues, HELM_CHART } from './helm.js';
export { renderQdrantCluster } from './qdrant-cluster.js';
export { renderKubeBlocksCluster, renderKubeBlocksValues } from './kubeblocks.js';
export { renderCollectionRequests, type CollectionRequest } from './collection.js';
export { renderNetworkPolicy, type NetworkPolicyTarget } from './network-policy.js';
export { deriveSizing, peerDnsNames, type Sizing } from './sizing.js';
export { toleratedDisruptions } from '../topology/placement.js';
export { QsizeEmitError } from './schemas/check.js';

export interface EmittedFile {
  path: string;
  content: string;
}

/** Every file for the plan, in a fixed order. */
export function renderAll(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): EmittedFile[] {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const files: EmittedFile[] = [];
  const notes: string[] = [];

  files.push({ path: 'helm/values.yaml', content: renderHelmValues(plan, options) });
  files.push({ path: 'helm/networkpolicy.yaml', content: renderNetworkPolicy(plan, options, 'helm') });

  if (plan.peers > OPERATOR_MAX_PEERS) {
    notes.push(`operator/qdrant-cluster.yaml was not written: ${plan.peers} peers exceed the QdrantCluster limit of ${OPERATOR_MAX_PEERS}; deploy with Helm.`);
  } else if (options.customerId !== undefined) {
    files.push({ path: 'operator/qdrant-cluster.yaml', content: renderQdrantCluster(plan, options) });
  } else {
    notes.push('operator/qdrant-cluster.yaml was not written: the QdrantCluster needs the customer-id label; pass customerId.');
  }

  try {
    files.push({ path: 'kubeblocks/cluster.yaml', content: renderKubeBlocksCluster(plan, options) });
    files.push({ path: 'kubeblocks/values.yaml', content: renderKubeBlocksValues(plan, options) });
    files.push({ path: 'kubeblocks/networkpolicy.yaml', content: renderNetworkPolicy(plan, options, 'kubeblocks') });
  } catch (error) {
    if (!(error instanceof QsizeInputError)) throw error;
    for (const p of ['kubeblocks/cluster.yaml', 'kubeblocks/values.yaml', 'kubeblocks/networkpolicy.yaml']) {
      const i = files.findIndex((f) => f.path === p);
      if (i >= 0) files.splice(i, 1);
    }
    notes.push(`kubeblocks/ was not written: ${error.message}.`);
  }

  const requests = buildCollectionRequests(plan, options, s);
  files.push(...collectionRequestFiles(requests));

  // Advice the files cannot carry.
  if (s.peers > 1 && s.pdbMaxUnavailable === 0) {
    notes.push(
      `The PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0): replication_factor ${plan.replicationFactor} with write_consistency_factor ${plan.writeConsistencyFactor} on ${s.peers} peers tolerates no peer down. Node drains will wait; raise replication_factor to allow rolling maintenance.`,
    );
  }
  if (s.memoryBytes > plan.node.allocatableMemoryBytes) {
    notes.push(`The memory limit ${s.memory} exceeds the allocatable memory of ${plan.node.instanceType} (${(plan.node.allocatableMemoryBytes / GIB).toFixed(1)} GiB): pods will not schedule there.`);
  }
  if (disablesQuantizationPerVector(plan.workload.collection)) {
    notes.push(
      'A vector says quantization_config "Disabled", which the create-collection request does not accept (it is an update-only value): collection/create-collection.json gives the collection-level quantization to each vector that has none of its own instead, and none to the disabled ones (same effective config).',
    );
  }
  if (s.gpu) {
    notes.push(`GPU image tag ${s.imageTag}: the Helm chart's semverCompare(">=1.7.3") fails on the -gpu suffix, so its readiness probe uses path / instead of /readyz (still works).`);
  }

  files.unshift({ path: 'README.md', content: renderReadme(plan, options, requests, files.map((f) => f.path), notes) });
  return files;
}

function renderReadme(
  plan: Plan,
  options: EmitOptions,
  requests: ReturnType<typeof buildCollectionRequests>,
  paths: string[],
  notes: string[],
): string {
  const s = deriveSizing(plan, options);
  const lines: string[] = [];
  lines.push('# Qdrant deployment files', '');
  for (const h of headerLines(plan, options, 'Emitted by qsize.')) lines.push(`> ${h}`);
  lines.push('');
  lines.push(
    `Plan: ${s.peers} peer(s), ${plan.shardNumber} shard(s), replication_factor ${plan.replicationFactor}, write_consistency_factor ${plan.writeConsistencyFactor}; per peer ${s.cpu} CPU, ${s.memory} memory (request = limit), ${s.storage} volume${s.snapshot ? `, ${s.snapshot} snapshot volume` : ''}; node ${plan.node.instanceType}${s.gpu ? `; GPU indexing in each peer on its node's ${plan.gpu?.gpuModel ?? s.gpu.vendor} (${s.gpu.resource}: 1, image ${s.imageTag}, gpu.indexing: true)` : ''}.`,
    '',
  );
  lines.push('## Files', '');
  for (const p of paths) lines.push(`- \`${p}\``);
  lines.push('', '## Collection requests', '');
  lines.push(
    `The JSON files are request bodies and carry no comment: this README is their header (qsize ${options.qsizeVersion}, Qdrant ${plan.qdrantVersion}, catalog ${plan.catalogDate}). Send them in this order, the index requests after the collection exists:`,
    '',
  );
  const scheme = options.tls?.enabled ? 'https' : 'http';
  const auth = options.apiKeySecret ? ' -H "api-key: $QDRANT_API_KEY"' : '';
  lines.push('```sh');
  lines.push(`QDRANT_URL=${scheme}://${helmFullname(options.name)}.${options.namespace}.svc:6333`);
  if (options.apiKeySecret) {
    lines.push(`QDRANT_API_KEY=$(kubectl get secret -n ${options.namespace} ${options.apiKeySecret.name} -o jsonpath='{.data.${options.apiKeySecret.key.replace(/\./g, '\\.')}}' | base64 -d)`);
  }
  for (const r of requests) {
    lines.push(`curl -fsS -X ${r.method} "$QDRANT_URL${r.path}?wait=true"${auth} -H 'Content-Type: application/json' --data-binary @${r.file}`);
  }
  lines.push('```', '');
  lines.push('## Security defaults', '');
  lines.push(`- API keys: ${options.apiKeySecret ? `read from Secret ${options.apiKeySecret.name} (key ${options.apiKeySecret.key})` : 'none configured (only expose the service inside the cluster)'}${options.readOnlyApiKeySecret ? `; read-only key from Secret ${options.readOnlyApiKeySecret.name} (key ${options.readOnlyApiKeySecret.key})` : ''}. Secrets are referenced, never written.`);
  lines.push(`- TLS: ${options.tls?.enabled ? `on, from Secret ${options.tls.secretName}, for clients and between peers` : 'off'}.`);
  lines.push(`- Ports: 6333/6334 admitted from ${(options.allowedNamespaces ?? [options.namespace]).join(', ') || '(no namespace)'}; 6335 only between the peers (the operator installs its own NetworkPolicy for its clusters).`);
  if (s.peers > 1) {
    lines.push(`- Scheduling: at most one peer per host (required anti-affinity), spread across zones (${options.zoneSpread}); PodDisruptionBudget maxUnavailable ${s.pdbMaxUnavailable}.`);
  }
  if (options.tls?.enabled) {
    lines.push('', '## Certificate names', '', 'The certificate must cover the peer names (p2p TLS):', '');
    lines.push(`- Helm: ${peerDnsNames('helm', options, s.peers).filter((_, i) => i % 3 === 0).map((n) => `\`${n}\``).join(', ')} (and the same with \`.${options.namespace}.svc\` appended)`);
    lines.push(`- Operator: ${peerDnsNames('operator', options, s.peers).filter((_, i) => i % 3 === 0).map((n) => `\`${n}\``).join(', ')} (and the same with \`.${options.namespace}.svc\` appended)`);
  }
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of notes) lines.push(`- ${n}`);
  }
  lines.push('', `Helm chart: ${HELM_CHART.name} ${HELM_CHART.version} from ${HELM_CHART.repo}.`, '');
  return lines.join('\n');
}
