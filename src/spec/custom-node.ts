/**
 * Your own nodes: `--node NAME=8cpu/64Gi[@PRICE/h|@PRICE/month][:k3s|:kubeadm]` (repeatable) and the
 * same node as a spec object, for on-premises, k3s or sovereign-cloud machines the catalogs do not
 * list. PRICE is US dollars per node-hour or per node-month (730 h, as every qsize month); without
 * a price the node is planned but its cost line is flagged as unpriced. The distribution picks the
 * kubelet defaults for allocatable memory (`selfManagedAllocatable` in src/pricing/allocatable.ts);
 * kubeadm when not given.
 *
 * Examples: `onprem=8cpu/64Gi`, `vm=4cpu/4Gi@0.05/h:k3s`, `sov=16cpu/128Gi@900/month`.
 */
import { z } from 'zod';
import { describeValue, QsizeInputError } from '../errors.js';
import { SELF_MANAGED_DISTRIBUTIONS, type SelfManagedDistribution } from '../pricing/allocatable.js';
import { HOURS_PER_MONTH } from '../pricing/cost.js';
import { flattenIssues, issueMessage } from './issues.js';
import { parseBytes } from './units.js';

/** Bounds for a node a person types: 1..1024 vCPU, 256 MiB..64 TiB, a price under $10,000/h. */
export const CUSTOM_NODE_LIMITS = {
  maxVcpu: 1024,
  minMemoryBytes: 256 * 1024 ** 2,
  maxMemoryBytes: 64 * 1024 ** 4,
  maxUsdPerHour: 10_000,
} as const;

const NAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const FORMAT = 'NAME=VCPUcpu/MEMORY[@PRICE/h|@PRICE/month][:k3s|:kubeadm], e.g. onprem=8cpu/64Gi@0.40/h';

export interface CustomNode {
  /** DNS-label name, used in reports and emitted node selectors. */
  name: string;
  vcpu: number;
  memoryBytes: number;
  /** USD per node-hour (a monthly price divided by 730), or null when no price was given. */
  usdPerHour: number | null;
  /** How the price was given: `hour`, `month` or null. */
  priceBasis: 'hour' | 'month' | null;
  /** The price as given, in USD per `priceBasis` (so a monthly price is shown as typed, not as 730 h × its hourly share). */
  priceAmountUsd: number | null;
  distribution: SelfManagedDistribution;
}

/** A custom node in a spec file: numbers or the same strings the flag takes. */
export const customNodeSchema = z
  .object({
    name: z.string().regex(NAME_RE, 'a DNS label: lower-case letters, digits and hyphens, at most 63 characters'),
    vcpu: z
      .number()
      .int('a whole number of vCPUs')
      .min(1, 'at least 1 vCPU')
      .max(CUSTOM_NODE_LIMITS.maxVcpu, `at most ${CUSTOM_NODE_LIMITS.maxVcpu} vCPUs`),
    memory: z.union([z.string(), z.number()]).describe('memory per node: bytes, or a size such as 64Gi'),
    pricePerHour: z.number().positive().max(CUSTOM_NODE_LIMITS.maxUsdPerHour).optional().describe('USD per node-hour'),
    pricePerMonth: z
      .number()
      .positive()
      .max(CUSTOM_NODE_LIMITS.maxUsdPerHour * HOURS_PER_MONTH)
      .optional()
      .describe('USD per node-month of 730 h'),
    distribution: z.enum(SELF_MANAGED_DISTRIBUTIONS).default('kubeadm'),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.pricePerHour !== undefined && n.pricePerMonth !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['pricePerMonth'], message: 'give pricePerHour or pricePerMonth, not both' });
    }
    const bytes = parseBytes(n.memory);
    if (!Number.isFinite(bytes) || bytes < CUSTOM_NODE_LIMITS.minMemoryBytes || bytes > CUSTOM_NODE_LIMITS.maxMemoryBytes) {
      ctx.addIssue({ code: 'custom', path: ['memory'], message: 'expected a memory size from 256Mi to 64Ti, such as 64Gi' });
    }
  })
  .transform(
    (n): CustomNode => ({
      name: n.name,
      vcpu: n.vcpu,
      memoryBytes: parseBytes(n.memory),
      usdPerHour: n.pricePerHour ?? (n.pricePerMonth !== undefined ? n.pricePerMonth / HOURS_PER_MONTH : null),
      priceBasis: n.pricePerHour !== undefined ? 'hour' : n.pricePerMonth !== undefined ? 'month' : null,
      priceAmountUsd: n.pricePerHour ?? n.pricePerMonth ?? null,
      distribution: n.distribution,
    }),
  );
export type CustomNodeInput = z.input<typeof customNodeSchema>;

const SPEC_RE = /^([^=\s]+)=([^/@:\s]+)\/([^@:\s]+)(?:@([^/:\s]+)\/([a-z]+))?(?::([a-z0-9]+))?$/;

/**
 * Parses one `--node` value. Throws `QsizeInputError` naming `field`, the value and the expected
 * format, with what exactly is wrong (the name, the vCPU count, the memory, the price or the unit).
 */
export function parseNodeSpec(value: string, field = '--node'): CustomNode {
  const text = value.trim();
  const m = SPEC_RE.exec(text);
  if (m === null) throw new QsizeInputError(field, value, FORMAT);
  const [, name = '', cpuText = '', memText = '', priceText, unit, dist] = m;
  if (!NAME_RE.test(name)) throw new QsizeInputError(field, value, FORMAT, `name ${describeValue(name)} must be a DNS label: lower-case letters, digits and hyphens`);
  const cpu = /^([0-9]+)(v?cpus?)?$/i.exec(cpuText);
  const vcpu = cpu === null ? Number.NaN : Number(cpu[1]);
  if (!Number.isInteger(vcpu) || vcpu < 1 || vcpu > CUSTOM_NODE_LIMITS.maxVcpu) {
    throw new QsizeInputError(field, value, FORMAT, `vCPU ${describeValue(cpuText)} must be a whole number from 1 to ${CUSTOM_NODE_LIMITS.maxVcpu}, like 8cpu`);
  }
  const memoryBytes = parseBytes(memText);
  if (!Number.isFinite(memoryBytes) || memoryBytes < CUSTOM_NODE_LIMITS.minMemoryBytes || memoryBytes > CUSTOM_NODE_LIMITS.maxMemoryBytes) {
    throw new QsizeInputError(field, value, FORMAT, `memory ${describeValue(memText)} must be a size from 256Mi to 64Ti, like 64Gi`);
  }
  let usdPerHour: number | null = null;
  let priceBasis: CustomNode['priceBasis'] = null;
  let priceAmountUsd: number | null = null;
  if (priceText !== undefined) {
    const price = /^\$?([0-9]+(\.[0-9]+)?)$/.exec(priceText);
    const amount = price === null ? Number.NaN : Number(price[1]);
    if (!(amount > 0)) throw new QsizeInputError(field, value, FORMAT, `price ${describeValue(priceText)} must be a positive number of US dollars, like 0.40`);
    priceAmountUsd = amount;
    if (unit === 'h' || unit === 'hour') {
      usdPerHour = amount;
      priceBasis = 'hour';
    } else if (unit === 'month' || unit === 'mo') {
      usdPerHour = amount / HOURS_PER_MONTH;
      priceBasis = 'month';
    } else {
      throw new QsizeInputError(field, value, FORMAT, `price unit "/${unit ?? ''}" must be /h or /month`);
    }
    if (usdPerHour > CUSTOM_NODE_LIMITS.maxUsdPerHour) {
      throw new QsizeInputError(field, value, FORMAT, `price must be under $${CUSTOM_NODE_LIMITS.maxUsdPerHour} per node-hour`);
    }
  }
  const distribution = (dist ?? 'kubeadm') as SelfManagedDistribution;
  if (!SELF_MANAGED_DISTRIBUTIONS.includes(distribution)) {
    throw new QsizeInputError(field, value, FORMAT, `distribution ":${dist ?? ''}" must be :${SELF_MANAGED_DISTRIBUTIONS.join(' or :')}`);
  }
  return { name, vcpu, memoryBytes, usdPerHour, priceBasis, priceAmountUsd, distribution };
}

/** A parsed node in the spec's form (`constraints.placement.nodes[]`), the price as given: what `--node` puts in the spec. */
export function customNodeInput(n: CustomNode): CustomNodeInput {
  return {
    name: n.name,
    vcpu: n.vcpu,
    memory: n.memoryBytes,
    ...(n.priceBasis === 'hour' && n.priceAmountUsd !== null ? { pricePerHour: n.priceAmountUsd } : {}),
    ...(n.priceBasis === 'month' && n.priceAmountUsd !== null ? { pricePerMonth: n.priceAmountUsd } : {}),
    distribution: n.distribution,
  };
}

/** Parses repeated `--node` values; two nodes with one name are refused. */
export function parseNodeSpecs(values: readonly string[], field = '--node'): CustomNode[] {
  const nodes = values.map((v) => parseNodeSpec(v, field));
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw new QsizeInputError(field, n.name, 'a different NAME for each --node');
    seen.add(n.name);
  }
  return nodes;
}

/**
 * `constraints.placement.nodes[]`: a node as the spec object or as the `--node` text (`vm=4cpu/4Gi@0.05/h:k3s`),
 * so a spec file can keep either form and the flag needs no second parser. Names must differ.
 */
export const customNodesSchema = z
  .array(
    // A union would report "Invalid input" for a bad string: the form is picked by type, and each form's own message kept.
    z.unknown().transform((value, ctx): CustomNode => {
      if (typeof value === 'string') {
        try {
          return parseNodeSpec(value);
        } catch (error) {
          if (!(error instanceof QsizeInputError)) throw error;
          // describeValue, as every message shows a value: a secret pasted by mistake is not repeated.
          ctx.addIssue({ code: 'custom', message: `got ${describeValue(value)}, expected ${error.expected}${error.hint ? ` (${error.hint})` : ''}` });
          return z.NEVER;
        }
      }
      const r = customNodeSchema.safeParse(value, { reportInput: true });
      if (r.success) return r.data;
      // Through flattenIssues, as every schema error is, so a union (memory: a size string or a number) says what it takes;
      // with the value here, where it is known (raised again, the issue would carry the whole node as its value).
      for (const issue of flattenIssues(r.error.issues)) {
        ctx.addIssue({ code: 'custom', path: issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k)), message: issueMessage(issue, value) });
      }
      return z.NEVER;
    }),
  )
  .superRefine((nodes, ctx) => {
    const seen = new Set<string>();
    nodes.forEach((n, i) => {
      if (seen.has(n.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a different name for each node ("${n.name}" is given twice)` });
      seen.add(n.name);
    });
  });
