/**
 * Emitters: from a plan, the files a platform engineer applies. Pure functions (no Node built-ins,
 * no I/O): `renderAll` returns `{ path, content }[]` and the CLI writes them.
 */
import { pricesAsOfText } from '../plan/prices-as-of.js';
import { DEFAULT_BLOCK_STORAGE } from '../plan/catalog.js';
import { OPERATOR_MAX_PEERS } from '../plan/checks/operator-peer-limit.js';
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { buildCollectionRequests, collectionRequestFiles, disablesQuantizationPerVector, type CollectionRequest } from './collection.js';
import { HELM_CHART, HELM_SNAPSHOTS_PATH, renderHelmValues } from './helm.js';
import { kubeBlocksVersionProblem, renderKubeBlocksCluster, renderKubeBlocksPdb, renderKubeBlocksValues } from './kubeblocks.js';
import { admittedNamespaces, KBAGENT_PORT, renderNetworkPolicy } from './network-policy.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { QDRANT_NON_ROOT, renderQdrantCluster } from './qdrant-cluster.js';
import { deriveSizing, GIB, helmFullname, kubeBlocksWorkloadName, peerDnsNames } from './sizing.js';
import { formatBytes } from '../spec/units.js';
import { VOLUME_FILL_TARGET } from '../topology/fit.js';
import { headerLines, oneLine } from './yaml.js';
import type { ConvertedBill } from '../pricing/currency.js';
import { formatMoney, formatRate } from '../pricing/money.js';
import { unpricedNote } from '../pricing/cost.js';
import { noDisruptionReason } from '../topology/placement.js';
import { counted } from '../util/plural.js';

export { EmitOptions, SecretKeyRef, TlsOptions, parseEmitOptions } from './options.js';
export type { EmitOptionsInput } from './options.js';
export { renderHelmValues, HELM_CHART } from './helm.js';
export { renderQdrantCluster } from './qdrant-cluster.js';
export { renderKubeBlocksCluster, renderKubeBlocksPdb, renderKubeBlocksValues } from './kubeblocks.js';
export { renderCollectionRequests, type CollectionRequest } from './collection.js';
export { renderNetworkPolicy, type NetworkPolicyTarget } from './network-policy.js';
export { deriveSizing, peerDnsNames, type Sizing } from './sizing.js';
export { toleratedDisruptions } from '../topology/placement.js';
export { QsizeEmitError } from './schemas/check.js';

export interface EmittedFile {
  path: string;
  content: string;
}

/** The targets a file set is made of; `networkpolicy` holds both NetworkPolicies. */
export const EMIT_TARGETS = ['helm', 'operator', 'kubeblocks', 'collection', 'networkpolicy'] as const;
export type EmitTarget = (typeof EMIT_TARGETS)[number];

/** Which target an emitted path belongs to (README.md belongs to none: it describes the set). */
export function targetOfPath(path: string): EmitTarget | undefined {
  if (path.endsWith('/networkpolicy.yaml')) return 'networkpolicy';
  const top = path.split('/')[0];
  return (EMIT_TARGETS as readonly string[]).includes(top ?? '') ? (top as EmitTarget) : undefined;
}

/** A file the set would hold but that was not written, and why (the CLI says so on stderr). */
export interface SkippedFile {
  path: string;
  target: EmitTarget;
  reason: string;
}

/** A collection request as the README's curl lines need it. */
export interface ReadmeRequest {
  method: string;
  path: string;
  file: string;
}

export interface FileSet {
  /** The files, README excluded, in a fixed order. */
  files: EmittedFile[];
  requests: CollectionRequest[];
  skipped: SkippedFile[];
  /** Advice the files cannot carry (skipped files are in `skipped`, not here). */
  notes: string[];
}

/**
 * The files of the given targets (default: all) for the plan, without the README. A file that cannot be written
 * for this plan by design (the QdrantCluster without a customer id, KubeBlocks for a version or name its addon
 * does not take, KubeBlocks chart values asked to carry an API key or TLS) is in `skipped` with the reason.
 */
export function renderFileSet(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions, targets: readonly EmitTarget[] = EMIT_TARGETS): FileSet {
  // A target it has not wrote nothing, without a word (renderFileSet(plan, {}, ['pdf']) was an empty set).
  const unknown = targets.find((t) => !(EMIT_TARGETS as readonly string[]).includes(t));
  if (unknown !== undefined) throw new QsizeInputError('targets', unknown, `one of ${EMIT_TARGETS.join(', ')}`);
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const want = (t: EmitTarget) => targets.includes(t);
  const files: EmittedFile[] = [];
  const skipped: SkippedFile[] = [];
  const notes: string[] = [];
  const tryRender = (path: string, target: EmitTarget, render: () => string): boolean => {
    try {
      files.push({ path, content: render() });
      return true;
    } catch (error) {
      if (!(error instanceof QsizeInputError) && !(error instanceof QsizeValidationError)) throw error;
      skipped.push({ path, target, reason: error instanceof QsizeValidationError ? (error.issues[0]?.message ?? error.message) : error.message });
      return false;
    }
  };

  if (want('helm')) files.push({ path: 'helm/values.yaml', content: renderHelmValues(plan, options) });
  if (want('networkpolicy')) files.push({ path: 'helm/networkpolicy.yaml', content: renderNetworkPolicy(plan, options, 'helm') });

  if (want('operator')) {
    if (plan.peers > OPERATOR_MAX_PEERS) {
      skipped.push({ path: 'operator/qdrant-cluster.yaml', target: 'operator', reason: `${plan.peers} peers exceed the QdrantCluster limit of ${OPERATOR_MAX_PEERS}; deploy with Helm` });
    } else if (options.customerId !== undefined) {
      files.push({ path: 'operator/qdrant-cluster.yaml', content: renderQdrantCluster(plan, options) });
    } else {
      skipped.push({ path: 'operator/qdrant-cluster.yaml', target: 'operator', reason: 'the QdrantCluster needs the customer-id label (option customerId, flag --customer-id)' });
    }
  }

  if (want('kubeblocks') || want('networkpolicy')) {
    // One reason covers the three KubeBlocks files when the addon cannot take this plan at all.
    let unsupported: string | undefined = kubeBlocksVersionProblem(s.version);
    try {
      if (unsupported === undefined) renderKubeBlocksCluster(plan, options);
    } catch (error) {
      if (!(error instanceof QsizeInputError)) throw error;
      unsupported = error.message;
    }
    const kbPaths: [string, EmitTarget, () => string][] = [
      ['kubeblocks/cluster.yaml', 'kubeblocks', () => renderKubeBlocksCluster(plan, options)],
      ['kubeblocks/values.yaml', 'kubeblocks', () => renderKubeBlocksValues(plan, options)],
      // KubeBlocks makes no PodDisruptionBudget: a multi-peer Cluster gets its own (kubeblocks.ts buildKubeBlocksPdb).
      ...(s.pdbMaxUnavailable !== undefined ? [['kubeblocks/pdb.yaml', 'kubeblocks', () => renderKubeBlocksPdb(plan, options)] as [string, EmitTarget, () => string]] : []),
      ['kubeblocks/networkpolicy.yaml', 'networkpolicy', () => renderNetworkPolicy(plan, options, 'kubeblocks')],
    ];
    for (const [path, target, render] of kbPaths) {
      if (!want(target)) continue;
      if (unsupported !== undefined) skipped.push({ path, target, reason: unsupported });
      else tryRender(path, target, render);
    }
  }

  const requests = want('collection') ? buildCollectionRequests(plan, options, s) : [];
  files.push(...collectionRequestFiles(requests));

  // Advice the files cannot carry.
  if (s.peers > 1 && s.pdbMaxUnavailable === 0) {
    // Why, and the remedy: the plan's writes-during-upgrade check says the same (topology/placement.ts noDisruptionReason).
    const why = noDisruptionReason(plan) ?? `maxUnavailable 0 was asked for (pdbMaxUnavailable), though ${counted(s.toleratedDisruptions, 'peer')} may be down`;
    notes.push(`The PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0): ${why}. Node drains will wait.`);
  }
  if (s.memoryBytes > plan.node.allocatableMemoryBytes) {
    notes.push(`The memory limit ${s.memory} exceeds the allocatable memory of ${plan.node.instanceType} (${(plan.node.allocatableMemoryBytes / GIB).toFixed(1)} GiB): pods will not schedule there.`);
  }
  if (disablesQuantizationPerVector(plan.workload.collection)) {
    notes.push(
      'A vector says quantization_config "Disabled", which the create-collection request does not accept (it is an update-only value): collection/create-collection.json gives the collection-level quantization to each vector that has none of its own instead, and none to the disabled ones (same effective config).',
    );
  }
  if (plan.node.cloud !== 'custom' && s.storageClass === undefined) {
    // The bill priced the cloud's default data disk (plan/catalog.ts DEFAULT_BLOCK_STORAGE); a claim without a
    // storageClassName gets whatever class the cluster marks default, which may be another disk at another price.
    const disk = DEFAULT_BLOCK_STORAGE[plan.node.cloud].productId;
    notes.push(
      `The data${s.snapshot ? ' and snapshot' : ''} volumes are priced as ${disk}, qsize's data disk on ${plan.node.cloud}, but the volume claims name no storageClassName (no --storage-class was given), so they get your cluster's default StorageClass, which may be another disk type at another price. Pass --storage-class naming a StorageClass of ${disk} to deploy what was priced.`,
    );
  }
  if (plan.node.cloud === 'custom' && s.storageClass === undefined) {
    // Your own nodes (--node): no cloud storage class is assumed; the volumes use the cluster's default class.
    notes.push(
      `Your own nodes (${plan.node.instanceType}, ${plan.node.distribution ?? 'kubeadm'}): the volume claims name no storageClassName, so they use your cluster's default StorageClass. k3s ships local-path (a volume on the node's own disk, pinned to that node: each Qdrant peer keeps its replicas there); a kubeadm cluster has no default class until you install one, and the claims stay Pending until then. Pass --storage-class to name one.`,
    );
  }
  if (want('helm') && options.serviceType !== 'ClusterIP') {
    // charts/qdrant/templates/service.yaml and statefulset.yaml read the one list service.ports for the client Service and
    // the container ports, so the p2p port cannot be left out of a LoadBalancer/NodePort Service.
    notes.push(
      `The Helm chart's ${options.serviceType} Service carries every port of service.ports, 6335 (p2p, which API keys do not protect) included: only helm/networkpolicy.yaml keeps 6335 to the peers, so apply it (your CNI must enforce NetworkPolicy) or keep the Service ClusterIP and expose 6333/6334 through an ingress.`,
    );
  }
  // Where a collection snapshot's archive is built (src/emit/helm.ts HELM_SNAPSHOTS_PATH): the Helm values move it to the
  // snapshot volume with storage.temp_path; the QdrantCluster's config and the KubeBlocks Cluster have no field for it, so
  // there Qdrant builds it in storage/tmp on the data volume, which the plan fills to VOLUME_FILL_TARGET.
  const kbWritten = files.some((f) => f.path === 'kubeblocks/cluster.yaml');
  const opWritten = files.some((f) => f.path === 'operator/qdrant-cluster.yaml');
  const dataVolumeFree = plan.perPeer.volumeBytes - plan.perPeer.diskBytes;
  if (plan.perPeer.snapshotVolumeBytes > 0 && (kbWritten || opWritten) && dataVolumeFree < plan.perPeer.diskBytes) {
    const archive = formatBytes(plan.perPeer.diskBytes, { binary: true });
    // One list of the targets that cannot move the archive: what they lack, and how they back up instead.
    const targets = [
      ...(opWritten ? [{ lacks: 'the QdrantCluster (its config has no storage.temp_path)', backup: "the operator's storage.volumeSnapshotClassName" }] : []),
      ...(kbWritten ? [{ lacks: 'the KubeBlocks Cluster (no Qdrant config field)', backup: "KubeBlocks' backups of the data volume" }] : []),
    ];
    const where = targets.map((t) => t.lacks).join(' and ');
    const fill = `${Math.round(VOLUME_FILL_TARGET * 100)}%`;
    notes.push(
      `Collection snapshots: Qdrant builds a collection snapshot as one archive of the peer's shards in its temp directory, storage/tmp on the data volume unless storage.temp_path is set (lib/storage/src/content_manager/toc/snapshots.rs, v1.19.0). helm/values.yaml sets it to the snapshot volume (${HELM_SNAPSHOTS_PATH}); ${where} cannot, so there a collection snapshot needs about ${archive} free on the ${s.storage} data volume, which has ${formatBytes(dataVolumeFree, { binary: true })} free (the plan fills it to ${fill}). Take backups there as volume snapshots (${targets.map((t) => t.backup).join(', ')}) or as shard snapshots, which Qdrant builds under the snapshots path.`,
    );
  }
  // The plan's memory-map warning (src/plan/checks/memory-maps.ts) is a node setting the files cannot make: the README
  // carries it, or a plan past vm.max_map_count was deployed without a word (the optimizer then fails to map segments).
  const maps = plan.checks.find((c) => c.id === 'memory-maps' && !c.passed);
  if (maps) notes.push(`${maps.name}: ${maps.detail}. This is a node setting the files cannot make.`);
  if (s.gpu) {
    notes.push(`GPU image tag ${s.imageTag}: the Helm chart's semverCompare(">=1.7.3") fails on the -gpu suffix, so its readiness probe uses path / instead of /readyz (still works).`);
  }
  return { files, requests, skipped, notes };
}

/** The README's notes for skipped files: one line per target (the KubeBlocks files share one reason). */
export function skippedNotes(skipped: readonly SkippedFile[]): string[] {
  const out: string[] = [];
  const kb = skipped.filter((k) => k.path.startsWith('kubeblocks/'));
  const kbReasons = [...new Set(kb.map((k) => k.reason))];
  for (const k of skipped) {
    if (k.path.startsWith('kubeblocks/')) continue;
    out.push(`${k.path} was not written: ${k.reason}.`);
  }
  // cluster.yaml is skipped only when the addon cannot take the plan at all: then every kubeblocks/ file asked for is, for that one reason.
  if (kb.length > 1 && kbReasons.length === 1 && kb.some((k) => k.path === 'kubeblocks/cluster.yaml')) out.push(`kubeblocks/ was not written: ${kbReasons[0]}.`);
  else for (const k of kb) out.push(`${k.path} was not written: ${k.reason}.`);
  return out;
}

/**
 * The README's cost lines: the plan's bill (src/pricing/cost.ts, lines that add up to the total) in USD, or in the
 * currency of `bill` (src/pricing/currency.ts convertBill, whose lines add up to its total), with what it leaves out.
 */
function costSection(plan: Plan, bill?: ConvertedBill): string[] {
  const code = bill?.currency ?? 'USD';
  const amount = (i: number, usd: number) => formatMoney(bill ? (bill.lines[i] ?? 0) : usd, code);
  const total = formatMoney(bill ? bill.total : plan.cost.monthlyUsd, code);
  const out = ['## Cost per month', ''];
  out.push(
    // The unpriced lines said as the quote's total says them; your own nodes are not "custom own" (their cloud and region).
    `${total}${unpricedNote(plan)} a month at ${plan.node.cloud === 'custom' ? 'the prices you gave for your nodes' : `the prices of ${plan.node.cloud} ${plan.node.region}`} (${pricesAsOfText(plan)})` +
      (bill ? `, in ${code} at ${formatRate(bill.unitsPerUsd)} ${code} per USD (${bill.rateSource}; rate as of ${bill.rateAsOf})` : '') +
      ':',
    '',
    '| Line item | Per month |',
    '|---|---:|',
  );
  plan.cost.lineItems.forEach((l, i) => out.push(`| ${l.name.replace(/\|/g, '\\|')} | ${l.missingPrice ? 'no price (not in the total)' : `${amount(i, l.monthlyUsd)}${l.unverifiedPrice ? ' (unverified price)' : ''}`} |`));
  out.push(`| Total per month | ${total} |`, '');
  // The standby lines (CostLineItem.standby, set where src/plan/evaluate.ts prices them) are a second cluster these files
  // do not deploy: said here, beside the money it costs, or a reader takes the files for the whole bill.
  const standby = plan.cost.lineItems.flatMap((l, i) => (l.standby ? [{ l, i }] : []));
  if (standby.length > 0) {
    const cents = standby.reduce((sum, { l, i }) => sum + (l.missingPrice ? 0 : Math.round((bill ? (bill.lines[i] ?? 0) : l.monthlyUsd) * 100)), 0);
    // A line without a price (your own nodes without --node ...@PRICE) is not $0: said, not summed as if it were.
    const unpriced = standby.filter(({ l }) => l.missingPrice).length;
    const cost =
      unpriced === standby.length
        ? 'have no price'
        : `come to ${formatMoney(cents / 100, code)} a month${unpriced > 0 ? `, not counting the ${unpriced} without a price` : ''}`;
    out.push(
      `The disaster-recovery standby is in this quote but not in these files: its ${counted(standby.length, 'line')} above (${standby.map(({ l }) => l.name).join('; ')}) ${cost}, and none of these files is for it (they deploy the primary cluster). Deploy the standby as a second cluster of its own from the same plan, and keep it in step yourself: Qdrant does not replicate between clusters (restore snapshots into it, for example).`,
      '',
    );
  }
  out.push(`Not included: ${plan.cost.notIncluded.map((n) => n.replace(/ \([^()]*\)$/, '')).join('; ')}.`, '');
  return out;
}

/**
 * Every file for the plan, in a fixed order, README first (it lists the files, the requests and the notes). `currency`:
 * the plan's bill converted (src/pricing/currency.ts convertBill), for the README's cost lines, as `emit --currency`.
 */
export function renderAll(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions, currency?: ConvertedBill): EmittedFile[] {
  const options = parseEmitOptions(optionsInput);
  const set = renderFileSet(plan, options);
  const readme = renderReadme(plan, options, {
    paths: set.files.map((f) => f.path),
    requests: set.requests.map((r) => ({ method: r.method, path: r.path, file: r.file })),
    notes: [...skippedNotes(set.skipped), ...set.notes],
    ...(currency ? { currency } : {}),
  });
  return [{ path: 'README.md', content: readme }, ...set.files];
}

/**
 * The client Service of each deployment whose file is present, Helm first: the chart's `qdrant.fullname`
 * (_helpers.tpl), the QdrantCluster's `qdrant-<id>` (https://qdrant.tech/documentation/private-cloud/security-exposure/,
 * "Exposing a Cluster"), and KubeBlocks' component Service `<cluster>-<component>-<serviceName>`
 * (apecloud/kubeblocks pkg/constant/pattern.go GenerateComponentServiceName at 13138f46; the qdrant addon's
 * ComponentDefinition names its service `qdrant`, addons/qdrant/templates/cmpd.yaml at ce67f5a8).
 */
function clientServices(has: (p: string) => boolean, options: EmitOptions): { via: string; service: string }[] {
  return [
    ...(has('helm/values.yaml') ? [{ via: 'Helm', service: helmFullname(options.name) }] : []),
    ...(has('operator/qdrant-cluster.yaml') ? [{ via: 'QdrantCluster', service: `qdrant-${options.clusterId}` }] : []),
    ...(has('kubeblocks/cluster.yaml') || has('kubeblocks/values.yaml') ? [{ via: 'KubeBlocks', service: `${kubeBlocksWorkloadName(options.name)}-qdrant` }] : []),
  ];
}

/**
 * The README of a file set: the plan, the files present (exactly `paths`), how to install each, the collection
 * requests in order, the security defaults and the notes. Every line is one line (plan strings included).
 */
export function renderReadme(
  plan: Plan,
  optionsInput: EmitOptionsInput | EmitOptions,
  present: { paths: readonly string[]; requests: readonly ReadmeRequest[]; notes: readonly string[]; currency?: ConvertedBill },
): string {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const has = (p: string) => present.paths.includes(p);
  const lines: string[] = [];
  lines.push('# Qdrant deployment files', '');
  for (const h of headerLines(plan, options, 'Emitted by qsize.')) lines.push(`> ${h}`);
  lines.push('');
  lines.push(
    `Plan: ${counted(s.peers, 'peer')}, ${counted(plan.shardNumber, 'shard')}, replication_factor ${plan.replicationFactor}, write_consistency_factor ${plan.writeConsistencyFactor}; per peer ${s.cpu} CPU, ${s.memory} memory (request = limit), ${s.storage} volume${s.snapshot ? `, ${s.snapshot} snapshot volume` : ''}; node ${plan.node.instanceType}${s.gpu ? `; GPU indexing in each peer on its node's ${plan.gpu?.gpuModel ?? s.gpu.vendor} (${s.gpu.resource}: 1, image ${s.imageTag}, gpu.indexing: true)` : ''}.`,
    '',
  );
  lines.push(...costSection(plan, present.currency));
  lines.push('## Files', '');
  for (const p of present.paths) lines.push(`- \`${p}\``);
  const install: string[] = [];
  if (has('helm/values.yaml')) install.push(`helm upgrade --install ${options.name} qdrant/qdrant --version ${HELM_CHART.version} -n ${options.namespace} -f helm/values.yaml`);
  if (has('operator/qdrant-cluster.yaml')) install.push(`kubectl apply -n ${options.namespace} -f operator/qdrant-cluster.yaml`);
  if (has('kubeblocks/cluster.yaml')) install.push(`kubectl apply -n ${options.namespace} -f kubeblocks/cluster.yaml`);
  else if (has('kubeblocks/values.yaml')) install.push(`helm upgrade --install ${options.name} kubeblocks/qdrant-cluster -n ${options.namespace} -f kubeblocks/values.yaml`);
  if (has('kubeblocks/pdb.yaml')) install.push(`kubectl apply -n ${options.namespace} -f kubeblocks/pdb.yaml`);
  for (const p of ['helm/networkpolicy.yaml', 'kubeblocks/networkpolicy.yaml']) if (has(p)) install.push(`kubectl apply -n ${options.namespace} -f ${p}`);
  if (install.length > 0) {
    lines.push('', '## Install', '');
    if (has('helm/values.yaml')) {
      const selects = ['anti-affinity', 'zone spread', ...(has('helm/networkpolicy.yaml') ? ['NetworkPolicy'] : [])].join(', ');
      lines.push(`The Helm values select the pods of the release named \`${options.name}\` (${selects}): install them under that name.`, '');
    }
    lines.push('```sh', ...install, '```');
  }
  if (present.requests.length > 0) {
    lines.push('', '## Collection requests', '');
    lines.push(
      `The JSON files are request bodies and carry no comment: this README is their header (qsize ${options.qsizeVersion}, Qdrant ${plan.qdrantVersion}, ${pricesAsOfText(plan)}). Send them in this order, the index requests after the collection exists:`,
      '',
    );
    const scheme = options.tls?.enabled ? 'https' : 'http';
    const auth = options.apiKeySecret ? ' -H "api-key: $QDRANT_API_KEY"' : '';
    // With TLS the server presents a certificate of the user's CA: curl needs that CA (the Secret's CA key) to connect.
    const cacert = options.tls?.enabled ? ' --cacert qdrant-ca.crt' : '';
    lines.push('```sh');
    const services = clientServices(has, options);
    if (services.length > 1) lines.push(`# ${services.map((x) => `${x.via}: ${x.service}`).join('; ')} (the first is used below)`);
    lines.push(`QDRANT_URL=${scheme}://${services[0]?.service ?? helmFullname(options.name)}.${options.namespace}.svc:6333`);
    if (options.apiKeySecret) {
      lines.push(`QDRANT_API_KEY=$(kubectl get secret -n ${options.namespace} ${options.apiKeySecret.name} -o jsonpath='{.data.${options.apiKeySecret.key.replace(/\./g, '\\.')}}' | base64 -d)`);
    }
    if (options.tls?.enabled) {
      lines.push(`kubectl get secret -n ${options.namespace} ${options.tls.secretName} -o jsonpath='{.data.${options.tls.caKey.replace(/\./g, '\\.')}}' | base64 -d > qdrant-ca.crt`);
    }
    for (const r of present.requests) {
      lines.push(`curl -fsS${cacert} -X ${r.method} "$QDRANT_URL${r.path}?wait=true"${auth} -H 'Content-Type: application/json' --data-binary @${r.file}`);
    }
    lines.push('```');
  }
  lines.push('', '## Security defaults', '');
  lines.push(`- API keys: ${options.apiKeySecret ? `read from Secret ${options.apiKeySecret.name} (key ${options.apiKeySecret.key})` : 'none configured (only expose the service inside the cluster)'}${options.readOnlyApiKeySecret ? `; read-only key from Secret ${options.readOnlyApiKeySecret.name} (key ${options.readOnlyApiKeySecret.key})` : ''}. Secrets are referenced, never written.`);
  // p2p TLS is set by the Helm values (cluster.p2p.enable_tls) and by the KubeBlocks addon's config template when its TLS is
  // on (addons/qdrant/configs/config.yaml.tpl at ce67f5a8); the QdrantCluster CRD (v1.37.6) has no p2p field: the operator decides.
  const p2p = [
    ...(has('helm/values.yaml') ? ['the Helm values'] : []),
    ...(has('kubeblocks/cluster.yaml') ? ['the KubeBlocks Cluster'] : []),
  ];
  const p2pText =
    (p2p.length > 0 ? `; between peers too in ${p2p.join(' and ')}` : '') +
    (has('operator/qdrant-cluster.yaml') ? '; the QdrantCluster has no field for TLS between peers, so that is up to the operator' : '');
  // An API key without TLS is sent in clear on every request (Qdrant reads it from the api-key header or a bearer token):
  // said, not left for the reader to infer from "off".
  const clearKey = !options.tls?.enabled && (options.apiKeySecret !== undefined || options.readOnlyApiKeySecret !== undefined);
  lines.push(
    `- TLS: ${options.tls?.enabled ? `on, from Secret ${options.tls.secretName}, for clients${p2pText}` : clearKey ? 'off, so the API key crosses the network in clear text with every request: turn TLS on (--tls-secret) unless every client reaches Qdrant over a network you trust' : 'off'}.`,
  );
  // The ports are closed only by a NetworkPolicy file in this folder (written now or kept from an earlier emit), one per
  // deployment kind; the operator installs its own. A deployment without its policy is said to be open, not claimed shut.
  const { clients, metrics } = admittedNamespaces(options);
  const deployments = [
    { deployed: has('helm/values.yaml'), policy: 'helm/networkpolicy.yaml', what: 'the Helm release' },
    { deployed: has('kubeblocks/cluster.yaml') || has('kubeblocks/values.yaml'), policy: 'kubeblocks/networkpolicy.yaml', what: 'the KubeBlocks Cluster' },
  ];
  const operatorNote = has('operator/qdrant-cluster.yaml') ? ' (the operator installs its own NetworkPolicy for its clusters)' : '';
  if (has('helm/networkpolicy.yaml') || has('kubeblocks/networkpolicy.yaml')) {
    lines.push(
      `- Ports: 6333/6334 admitted from ${clients.join(', ') || '(no namespace)'}${metrics.length > 0 ? `; 6333 (metrics) from ${metrics.join(', ')}` : ''}; 6335 only between the peers${has('kubeblocks/networkpolicy.yaml') ? `; ${KBAGENT_PORT} (KubeBlocks kbagent) from ${options.kubeblocksNamespace}` : ''}${operatorNote}.`,
    );
  } else if (operatorNote !== '') {
    lines.push(`- Ports: the operator installs its own NetworkPolicy for its clusters.`);
  }
  for (const d of deployments.filter((x) => x.deployed && !has(x.policy))) {
    lines.push(`- Ports of ${d.what}: open to every pod, 6335 (p2p, no API key) too: no ${d.policy} here (--target networkpolicy writes it).`);
  }
  // Who Qdrant runs as: src/emit/helm.ts (useUnprivilegedImage, updateVolumeFsOwnership), src/emit/qdrant-cluster.ts
  // (QDRANT_NON_ROOT); the KubeBlocks qdrant addon's ComponentDefinition sets the container's securityContext
  // runAsUser: 0 (apecloud/kubeblocks-addons addons/qdrant/templates/cmpd.yaml at ce67f5a8) and the Cluster CRD has no
  // field that changes it.
  const runAs = [
    ...(has('helm/values.yaml')
      ? [`Helm: as uid ${QDRANT_NON_ROOT.user} (the chart's containerSecurityContext, runAsNonRoot)${s.gpu ? ` from the ${s.imageTag} image` : ` from the ${s.imageTag}-unprivileged image`}, with no root init container (the volumes get fsGroup ${QDRANT_NON_ROOT.fsGroup})`]
      : []),
    ...(has('operator/qdrant-cluster.yaml') ? [`QdrantCluster: spec.security user ${QDRANT_NON_ROOT.user}, group ${QDRANT_NON_ROOT.group}, fsGroup ${QDRANT_NON_ROOT.fsGroup}`] : []),
    ...(has('kubeblocks/cluster.yaml') ? ['KubeBlocks: as root (the qdrant addon sets runAsUser: 0 and the Cluster has no field to change it)'] : []),
  ];
  if (runAs.length > 0) lines.push(`- Qdrant runs as: ${runAs.join('; ')}.`);
  if (s.peers > 1) {
    lines.push(`- Scheduling: at most one peer per host (required anti-affinity), spread across zones (${s.zoneSpread}); PodDisruptionBudget maxUnavailable ${s.pdbMaxUnavailable}.`);
  }
  const z = plan.zones;
  if (z !== undefined && z.zones > 1) {
    const m = z.peersPerZoneMax;
    lines.push(
      `- Losing a zone: sized for ${z.zones} zones (--zones ${z.zones}). The zone spread is DoNotSchedule with minDomains ${z.zones}, so no zone takes more than ceil(${s.peers}/${z.zones}) = ${counted(m, 'peer')}: a pod that would break it, or crowd fewer zones than ${z.zones}, stays Pending (the node pool must span ${z.zones} zones; minDomains needs Kubernetes 1.27 or later). ` +
        (z.survivesZoneLoss
          ? `Replication factor ${plan.replicationFactor} > ${m}, so every shard keeps a replica after losing any zone, whichever peers it holds (Qdrant places replicas without regard to zones).`
          : `Replication factor ${plan.replicationFactor} is not above ${m}: one zone may hold every replica of a shard (replication factor ${z.minReplicationFactor} would survive).`) +
        (z.raftMajorityAfterZoneLoss
          ? ' Raft keeps its majority.'
          : ` Raft loses its majority with that zone (${s.peers - m} of ${s.peers} left): searches and writes go on, collection and cluster changes wait for the zone.`),
    );
  }
  if (options.tls?.enabled) {
    lines.push('', '## Certificate names', '', 'The certificate must cover the peer names (p2p TLS):', '');
    // The names of the deployments whose files are present (all three when none is: a collection-only folder).
    const kinds = ([
      ['Helm', 'helm', has('helm/values.yaml')],
      ['Operator', 'operator', has('operator/qdrant-cluster.yaml')],
      ['KubeBlocks', 'kubeblocks', has('kubeblocks/cluster.yaml')],
    ] as const).filter((k, _, all) => k[2] || all.every((x) => !x[2]));
    for (const [label, kind] of kinds) {
      lines.push(`- ${label}: ${peerDnsNames(kind, options, s.peers).filter((_, i) => i % 3 === 0).map((n) => `\`${n}\``).join(', ')} (and the same with \`.${options.namespace}.svc\` appended)`);
    }
  }
  if (present.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of present.notes) lines.push(`- ${n}`);
  }
  lines.push('', `Helm chart: ${HELM_CHART.name} ${HELM_CHART.version} from ${HELM_CHART.repo}.`, '');
  return lines.map(oneLine).join('\n');
}
