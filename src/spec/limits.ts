/**
 * Input limits: how much qsize reads and walks before it refuses, so that a hostile or broken input
 * (a device file as `--spec`, a 3,000-level nesting, a cyclic object, 10,000 sparse vectors, 50 MB of
 * metadata) ends in a clear message and exit 2 instead of a stack overflow, an out-of-memory abort or
 * a run that never ends. Every limit is far above what a real collection config needs; docs/cli.md
 * lists them with the message each gives.
 *
 * Qdrant sets none of these for the collection config itself (its REST server only caps a request
 * at `service.max_request_size_mb`, 32 MiB by default: qdrant@v1.19.0 config/config.yaml); they are
 * qsize's own, sized from what a real spec holds:
 * - a `GET /collections/{name}` response with 64 named vectors, 64 sparse vectors and 256 payload
 *   indexes is about 60 KB of JSON, so 1 MiB of spec is more than ten times that;
 * - the deepest field Qdrant's collection config has is 8 levels down (result.config.params.vectors.<name>
 *   .quantization_config.scalar.type), so 32 levels leave 24 for `metadata`;
 * - metadata and strict_mode_config do not change the sizing (they are checked, then not carried into
 *   the plan), so 64 KiB of each is generous.
 */
/**
 * The largest dense vector Qdrant accepts: 65,536 dimensions. Sources: qdrant@v1.19.0
 * lib/collection/src/operations/types.rs (`VectorParams.size`, `validate_nonzerou64_range_min_1_max_65536`; the
 * OpenAPI file states only the minimum), and for 1.20 crates.io qdrant-edge 0.9.0,
 * src/segment/data_types/vector_name_config.rs (`DenseVectorConfig.size`, `range(min = 1, max = 65536)`). The
 * `--dim` flag, the spec schema and the emitted-body check all use this one number.
 */
export const QDRANT_MAX_DIMENSION = 65_536;

/** 1 to 100 billion points: qsize's own bound; beyond it no single Qdrant cluster is sized by a rule. */
export const MAX_POINTS = 100e9;

/**
 * At most 100,000 inner vectors per point on average: qsize's own bound on a multivector (`--multivector`, the spec's
 * `multivector.<name>`, observe's recovered spec). Here, beside MAX_POINTS, so the CLI's flag table reads it without
 * loading the workload schema at start-up.
 */
export const MAX_MULTIVECTOR_AVG = 100_000;

/**
 * At most 1,000,000 points per upsert request (`--upload-batch`, `assumptions.uploadBatchPoints`): qsize's own bound;
 * Qdrant caps a request's bytes instead (32 MiB by default, qdrant@v1.19.0 config/config.yaml
 * `service.max_request_size_mb`), which even 2-d points reach well before it.
 */
export const MAX_UPLOAD_BATCH_POINTS = 1_000_000;

/**
 * At most 10,000,000 points written per second (`--writes`, `constraints.query.writesPerSecond`,
 * `assumptions.writesPerSecond`): qsize's own bound, beyond any cluster it plans (a written point costs about 1e-4 vCPU-s
 * per replica).
 */
export const MAX_WRITES_PER_SECOND = 10_000_000;

/**
 * At most 1,000,000 non-zeros per point on average in a sparse vector (`--sparse-nnz`, the spec's `sparse.<name>`,
 * observe's recovered spec): qsize's own bound. Qdrant sets none by default (strict mode's `sparse_config.<name>
 * .max_length` is optional, unset unless configured: qdrant@v1.19.0 lib/segment/src/types.rs StrictModeSparse; a
 * dimension id is a u32: lib/sparse/src/common/types.rs DimId). A million is a round number below what one point can
 * carry through Qdrant's REST API at its default 32 MiB request limit (`service.max_request_size_mb`,
 * config/config.yaml): in JSON a non-zero is its index (6 or more digits once there are 10^5 of them), its value and two
 * commas, about 10 bytes or more, so one request holds about 3 million at most.
 */
export const MAX_SPARSE_NON_ZEROS = 1_000_000;

/**
 * qsize's own bounds on inputs that both a flag and a schema check, written here once, beside MAX_POINTS, so that the
 * CLI's flag table reads them without loading a schema at start-up (each is far past what a real plan uses):
 * - MAX_M: HNSW `m` and `payload_m` (`-m`, `--payload-m`, `hnsw_config.m`); Qdrant's default is 16 and its docs
 *   tune up to 64 (https://qdrant.tech/documentation/concepts/indexing/#vector-index);
 * - MAX_REPLICATION: `replication_factor`, `write_consistency_factor` and the peers that may fail at once;
 * - MAX_NODES: peers of one plan (`--peers`, `--max-nodes`, `constraints.placement.maxNodes`);
 * - MAX_PAYLOAD_BYTES: 16 MiB of JSON per point is far past any sane payload (Qdrant's default max request is 32 MiB:
 *   qdrant@v1.19.0 config/config.yaml `service.max_request_size_mb`);
 * - MAX_DAEMONSET_MEMORY_BYTES: memory of the DaemonSets on one node (`--daemonset-memory`).
 */
export const MAX_M = 512;
export const MAX_REPLICATION = 16;
export const MAX_NODES = 1000;
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
export const MAX_DAEMONSET_MEMORY_BYTES = 64 * 1024 ** 3;

/**
 * kubelet `--max-pods` (`--max-pods`, `constraints.placement.maxPods`): EKS and AKS reserve memory per allowed pod
 * (src/pricing/allocatable.ts), so a smaller number claims more room for Qdrant. The kubelet counts every pod on the node
 * against it, DaemonSet pods included (https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/,
 * --max-pods: "Number of Pods that can run on this Kubelet"). A node of a plan runs at least 4: the Qdrant peer, the
 * network plugin and kube-proxy (both installed by default on EKS: https://docs.aws.amazon.com/eks/latest/userguide/eks-networking-add-ons.html;
 * aws-node, kube-proxy), and the block-storage CSI node plugin that mounts the peer's volume (EBS CSI driver's
 * ebs-csi-node DaemonSet, https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html; GKE pdcsi-node, AKS
 * csi-azuredisk-node). Below 4 the node cannot run the plan at all, and the reservation it prices does not exist.
 * 1000: qsize's own upper bound. Here, beside MAX_POINTS, so the CLI's flag table reads it without loading a schema.
 */
export const MAX_PODS_RANGE = { min: 4, max: 1000 } as const;

export const INPUT_LIMITS = {
  /** Bytes of a `--spec` file qsize reads; past it the file is refused without reading on. */
  specBytes: 1024 * 1024,
  /**
   * Bytes of an `observe --from` recording qsize reads. A recording holds every GET reply and up to 256 sampled points
   * per collection (with their vectors only for multivectors and sparse vectors), usually well under a few MiB (the
   * test fixtures are 30-110 KB); 256 MiB leaves room for large samples and stays under the longest string V8 can hold
   * (2^29 - 24 characters), so /dev/zero is refused instead of exhausting memory.
   */
  recordingBytes: 256 * 1024 * 1024,
  /** Bytes of an `--api-key-file` or `--cacert` file (a key is under 1 KiB; a CA bundle such as Mozilla's about 220 KB). */
  credentialFileBytes: 1024 * 1024,
  /** Nesting levels of any input object (mappings and lists), counted from the workload itself. */
  depth: 32,
  /** Characters of any one string (names, values) in the workload. */
  stringChars: 1024,
  /** Named dense vectors in a collection. */
  denseVectors: 64,
  /** Sparse vectors in a collection. */
  sparseVectors: 64,
  /** Payload indexes in a workload. */
  payloadIndexes: 256,
  /** Serialized JSON bytes of `collection.metadata`, and of `collection.strict_mode_config`. */
  metadataBytes: 64 * 1024,
  /** Serialized JSON bytes of the whole workload (or of the constraints) given to the library. */
  workloadBytes: 1024 * 1024,
} as const;

export interface ShapeProblem {
  /** Path from the checked value's root. */
  path: (string | number)[];
  message: string;
}

/**
 * Walks a value without recursion (so no depth can overflow the stack) and reports the first
 * problem: nesting deeper than `maxDepth` (a cycle always is), a string longer than `maxString`, a
 * value JSON cannot carry, or more than `maxBytes` of JSON. Bytes are counted as JSON.stringify
 * would write them (close enough: quotes, separators, digits), and the walk stops at the first byte
 * past the limit, so a shared reference repeated a million times costs no more than the limit.
 */
export function findShapeProblem(value: unknown, limits: { maxDepth: number; maxBytes: number; maxString?: number }): ShapeProblem | null {
  const stack: { v: unknown; depth: number; path: (string | number)[] }[] = [{ v: value, depth: 0, path: [] }];
  let bytes = 0;
  const tooBig = (path: (string | number)[]): ShapeProblem => ({ path, message: `more than ${limits.maxBytes} bytes of JSON (the limit)` });
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop() as (typeof stack)[number];
    if (v === null || v === undefined || typeof v === 'boolean') {
      bytes += 5;
    } else if (typeof v === 'number') {
      bytes += 24;
    } else if (typeof v === 'string') {
      if (limits.maxString !== undefined && v.length > limits.maxString) {
        return { path, message: `a string of ${v.length} characters, longer than the limit of ${limits.maxString}` };
      }
      bytes += v.length + 2;
    } else if (typeof v === 'object') {
      if (depth >= limits.maxDepth) {
        return { path, message: `nested more than ${limits.maxDepth} levels deep (the limit), or refers to itself` };
      }
      if (Array.isArray(v)) {
        bytes += 2 + v.length;
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: [...path, i] });
      } else {
        const keys = Object.keys(v);
        bytes += 2 + keys.length * 2;
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i] as string;
          if (limits.maxString !== undefined && k.length > limits.maxString) {
            return { path, message: `a key of ${k.length} characters, longer than the limit of ${limits.maxString}` };
          }
          bytes += k.length + 2;
          stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, path: [...path, k] });
        }
      }
    } else {
      return { path, message: `a ${typeof v}, which JSON cannot hold` };
    }
    if (bytes > limits.maxBytes) return tooBig(path.slice(0, 1));
  }
  return null;
}

/** A mapping (an object that is neither null nor a list), as the input walkers take one: the one test they share. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A path as a user reads it: `collection.vectors.__proto__.size`, `payload.indexes.3`, `multivector.""`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  return path.map((p) => (typeof p === 'string' && p === '' ? '""' : String(p))).join('.');
}

/**
 * The value an input holds at a path, for an error message to show what the user gave: the one walker (the CLI's
 * schema messages, src/cli/inputs.ts, and the emit options', src/emit/options.ts). It reads own properties only, so a
 * key that is not in the input (`constructor`, `toString`) is not found on Object.prototype. `path` is either the keys
 * (a zod issue's path), taken as they are, or a field as formatPath writes it (`collection.vectors.img.size`): split
 * at the dots, a name that itself holds a dot (a vector named `a.b`) matched by joining the parts, and `""` also read
 * as the empty name. Undefined when the path leads nowhere; `{ value: undefined }` when it leads to an undefined value.
 */
export function valueAtPath(root: unknown, path: string | readonly PropertyKey[]): { value: unknown } | undefined {
  const own = (at: unknown, key: PropertyKey): boolean => typeof at === 'object' && at !== null && Object.prototype.hasOwnProperty.call(at, key);
  if (typeof path !== 'string') {
    let at: unknown = root;
    for (const key of path) {
      if (!own(at, key)) return undefined;
      at = (at as Record<PropertyKey, unknown>)[key];
    }
    return { value: at };
  }
  const parts = path.split('.');
  let at: unknown = root;
  for (let i = 0; i < parts.length; ) {
    if (typeof at !== 'object' || at === null) return undefined;
    let key: string | undefined;
    let j = i + 1;
    for (; j <= parts.length; j++) {
      const joined = parts.slice(i, j).join('.');
      if (own(at, joined)) key = joined;
      else if (joined === '""' && own(at, '')) key = '';
      if (key !== undefined) break;
    }
    if (key === undefined) return undefined;
    at = (at as Record<string, unknown>)[key];
    i = j;
  }
  return { value: at };
}
