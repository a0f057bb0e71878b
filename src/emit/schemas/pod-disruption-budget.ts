/**
 * A zod mirror of policy/v1 PodDisruptionBudget, restricted to the fields qsize writes (Kubernetes API reference,
 * https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/: PodDisruptionBudgetSpec
 * `maxUnavailable` (int-or-string; qsize writes the integer) and `selector` (LabelSelector)).
 */
import { z } from 'zod';
import { DNS1123_LABEL } from '../options.js';

export const PodDisruptionBudgetObject = z.strictObject({
  apiVersion: z.literal('policy/v1'),
  kind: z.literal('PodDisruptionBudget'),
  metadata: z.strictObject({ name: z.string().max(63).regex(DNS1123_LABEL), namespace: z.string().regex(DNS1123_LABEL) }),
  spec: z.strictObject({
    maxUnavailable: z.number().int().min(0),
    selector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }),
  }),
});
export type PodDisruptionBudgetObject = z.infer<typeof PodDisruptionBudgetObject>;
