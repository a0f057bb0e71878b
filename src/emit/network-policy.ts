/**
 * A NetworkPolicy that admits the client ports 6333 (REST) and 6334 (gRPC) only from the namespaces
 * the user names, and the peer port 6335 only from the cluster's own pods. Qdrant's internal
 * channel on 6335 is never protected by API keys, so it must not be reachable from anything else
 * (https://qdrant.tech/documentation/private-cloud/security-exposure/, "Internal communication").
 * Selects the pods of the Helm release (chart selector labels) or of the KubeBlocks Cluster.
 */
import { QsizeInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { helmSelectorLabels } from './helm.js';
import { kubeBlocksPodLabels } from './kubeblocks.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { NetworkPolicyObject } from './schemas/network-policy.js';
import { checkAgainst } from './schemas/check.js';
import { deriveSizing } from './sizing.js';
import { headerLines, k8sOrder, toYaml } from './yaml.js';

export type NetworkPolicyTarget = 'helm' | 'kubeblocks';

export function buildNetworkPolicy(options: EmitOptions, target: NetworkPolicyTarget): NetworkPolicyObject {
  const pods = target === 'helm' ? helmSelectorLabels(options.name) : kubeBlocksPodLabels(options.name);
  const namespaces = [...new Set(options.allowedNamespaces ?? [options.namespace])].sort();
  const name = `${options.name}-${target === 'helm' ? 'qdrant' : 'kb-qdrant'}-ports`.slice(0, 63).replace(/-+$/, '');
  const ingress: NetworkPolicyObject['spec']['ingress'] = [
    { from: [{ podSelector: { matchLabels: { ...pods } } }], ports: [{ protocol: 'TCP', port: 6335 }] },
  ];
  if (namespaces.length > 0) {
    ingress.push({
      from: namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
      ports: [
        { protocol: 'TCP', port: 6333 },
        { protocol: 'TCP', port: 6334 },
      ],
    });
  }
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
  const obj = checkAgainst(NetworkPolicyObject, buildNetworkPolicy(options, target), 'networkpolicy.yaml');
  const allowed = [...new Set(options.allowedNamespaces ?? [options.namespace])].sort();
  const header = [
    ...headerLines(plan, options, `NetworkPolicy for the Qdrant pods of the ${target === 'helm' ? 'Helm release' : 'KubeBlocks Cluster'} ${options.name}.`),
    `6333/6334 from namespace(s): ${allowed.length > 0 ? allowed.join(', ') : '(none: no client can connect)'}; 6335 only between the peers.`,
  ];
  return toYaml(obj, header);
}
