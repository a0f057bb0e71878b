/**
 * A zod mirror of networking.k8s.io/v1 NetworkPolicy, restricted to the fields qsize writes
 * (Kubernetes API reference, NetworkPolicySpec / NetworkPolicyIngressRule / NetworkPolicyPeer).
 */
import { z } from 'zod';
import { DNS1123_LABEL } from '../options.js';

const selector = z.strictObject({ matchLabels: z.record(z.string(), z.string()) });
const port = z.strictObject({ protocol: z.literal('TCP'), port: z.number().int().min(1).max(65535) });
const peer = z.union([z.strictObject({ podSelector: selector }), z.strictObject({ namespaceSelector: selector })]);

export const NetworkPolicyObject = z.strictObject({
  apiVersion: z.literal('networking.k8s.io/v1'),
  kind: z.literal('NetworkPolicy'),
  metadata: z.strictObject({ name: z.string().max(63).regex(DNS1123_LABEL), namespace: z.string().regex(DNS1123_LABEL) }),
  spec: z.strictObject({
    podSelector: selector,
    policyTypes: z.array(z.enum(['Ingress', 'Egress'])).min(1),
    ingress: z.array(z.strictObject({ from: z.array(peer).min(1), ports: z.array(port).min(1) })),
  }),
});
export type NetworkPolicyObject = z.infer<typeof NetworkPolicyObject>;
