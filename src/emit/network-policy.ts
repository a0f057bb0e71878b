/**
 * A NetworkPolicy that admits the client ports 6333 (REST) and 6334 (gRPC) only from the namespaces
 * the user names, and the peer port 6335 only from the cluster's own pods. Qdrant's internal
 * channel on 6335 is never protected by API keys, so it must not be reachable from anything else
 * (https://qdrant.tech/documentation/private-cloud/security-exposure/, "Internal communication").
 * Selects the pods of the Helm release (chart selector labels) or of the KubeBlocks Cluster.
 */
import { QsizeInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { helmSelectorLabels, requireHelmName } from './helm.js';
import { kubeBlocksPodLabels } from './kubeblocks.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { NetworkPolicyObject } from './schemas/network-policy.js';
import { checkAgainst } from './schemas/check.js';
import { deriveSizing } from './sizing.js';
import { headerLines, k8sOrder, toYaml } from './yaml.js';

export type NetworkPolicyTarget = 'helm' | 'kubeblocks';

/**
 * The kbagent sidecar KubeBlocks adds to every pod of a component with lifecycle actions (the qdrant addon has
 * memberLeave) listens on 3501, or the next free port when a container already uses it: kbAgentDefaultHTTPPort in
 * apecloud/kubeblocks pkg/controller/component/kbagent.go (commit 0055daf9). The KubeBlocks controller calls it there.
 * Its streaming port (kbAgentDefaultStreamingPort, 3502) serves only the dataDump/dataLoad actions, which the qdrant
 * addon does not define, so it is not opened.
 */
export const KBAGENT_PORT = 3501;

/**
 * The metrics exporter of the KubeBlocks qdrant addon is Qdrant itself: the addon's ComponentDefinition
 * (apecloud/kubeblocks-addons addons/qdrant/templates/cmpd.yaml, commit ce67f5a8) runs one container, qdrant, with
 * ports 6333/6334/6335, and declares no `exporter` and no exporter sidecar; Qdrant serves `GET /metrics` on 6333.
 * The 9187 some KubeBlocks pods expose is postgres_exporter's port (the postgresql and mogdb addons); nothing in a
 * qdrant pod listens there, so no policy opens it: a scraping namespace gets 6333, as on the Helm chart.
 */
export const METRICS_PORT = 6333;

type Ingress = NetworkPolicyObject['spec']['ingress'][number];

const fromNamespaces = (namespaces: readonly string[]) => namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }));

/** The namespaces admitted to each port, sorted, without duplicates (shared by the policy and its header). */
export function admittedNamespaces(options: EmitOptions): { clients: string[]; metrics: string[] } {
  const clients = [...new Set(options.allowedNamespaces ?? [options.namespace])].sort();
  const metrics = [...new Set(options.metricsNamespaces ?? [])].filter((ns) => !clients.includes(ns)).sort();
  return { clients, metrics };
}

export function buildNetworkPolicy(options: EmitOptions, target: NetworkPolicyTarget): NetworkPolicyObject {
  const pods = target === 'helm' ? helmSelectorLabels(options.name) : kubeBlocksPodLabels(options.name);
  const { clients, metrics } = admittedNamespaces(options);
  const name = `${options.name}-${target === 'helm' ? 'qdrant' : 'kb-qdrant'}-ports`.slice(0, 63).replace(/-+$/, '');
  const ingress: Ingress[] = [{ from: [{ podSelector: { matchLabels: { ...pods } } }], ports: [{ protocol: 'TCP', port: 6335 }] }];
  if (target === 'kubeblocks') {
    ingress.push({ from: fromNamespaces([options.kubeblocksNamespace]), ports: [{ protocol: 'TCP', port: KBAGENT_PORT }] });
  }
  if (clients.length > 0) {
    ingress.push({
      from: fromNamespaces(clients),
      ports: [
        { protocol: 'TCP', port: 6333 },
        { protocol: 'TCP', port: 6334 },
      ],
    });
  }
  // Prometheus scrapes GET /metrics on the REST port (METRICS_PORT, on both targets); a scraping namespace gets that port only.
  if (metrics.length > 0) ingress.push({ from: fromNamespaces(metrics), ports: [{ protocol: 'TCP', port: METRICS_PORT }] });
  return k8sOrder({
    apiVersion: 'networking.k8s.io/v1' as const,
    kind: 'NetworkPolicy' as const,
    metadata: { name, namespace: options.namespace },
    spec: { podSelector: { matchLabels: { ...pods } }, policyTypes: ['Ingress' as const], ingress },
  });
}

export function renderNetworkPolicy(
  plan: Plan,
  optionsInput?: EmitOptionsInput | EmitOptions,
  target: NetworkPolicyTarget = 'helm',
): string {
  if (target !== 'helm' && target !== 'kubeblocks') throw new QsizeInputError('target', target, '"helm" or "kubeblocks"');
  const options = parseEmitOptions(optionsInput);
  deriveSizing(plan, options); // validates the plan the header quotes
  if (target === 'helm') requireHelmName(options);
  const obj = checkAgainst(NetworkPolicyObject, buildNetworkPolicy(options, target), 'networkpolicy.yaml');
  const { clients, metrics } = admittedNamespaces(options);
  const header = [
    ...headerLines(plan, options, `NetworkPolicy for the Qdrant pods of the ${target === 'helm' ? 'Helm release' : 'KubeBlocks Cluster'} ${options.name}.`),
    `6333/6334 from namespace(s): ${clients.length > 0 ? clients.join(', ') : '(none: no client can connect)'}; 6335 only between the peers.`,
    ...(metrics.length > 0 ? [`${METRICS_PORT} (GET /metrics) also from the metrics namespace(s): ${metrics.join(', ')}.`] : []),
    ...(metrics.length > 0 && target === 'kubeblocks'
      ? ['The KubeBlocks qdrant addon runs no exporter sidecar: Qdrant serves the metrics itself, so no exporter port (such as 9187) is opened.']
      : []),
    ...(target === 'kubeblocks' ? [`${KBAGENT_PORT} (the kbagent sidecar) from the KubeBlocks namespace ${options.kubeblocksNamespace}.`] : []),
  ];
  return toYaml(obj, header);
}
