/**
 * Hostile workloads given to the library: names that are Object.prototype members, nesting past the
 * limit, cycles, too many sparse vectors, huge metadata, fractional counts, versions with line breaks.
 * Each was a crash, a silent loss or a hang on the landed main (issue 13); each is now a result or a
 * QsizeValidationError naming the field and the limit.
 */
import { describe, expect, it } from 'vitest';
import { estimate, parseWorkload } from '../../src/model/estimate.js';
import { INPUT_LIMITS } from '../../src/spec/limits.js';
import { parseCount } from '../../src/spec/units.js';
import type { WorkloadInput } from '../../src/spec/workload.js';
import { normalizeVectors } from '../../src/model/named-vectors.js';
import { describeValue, QsizeValidationError } from '../../src/errors.js';

const dense = (size: number) => ({ size, distance: 'Cosine' as const });
const PROTO_NAMES = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'toLocaleString'];

function validationError(input: unknown): QsizeValidationError {
  try {
    parseWorkload(input as WorkloadInput);
  } catch (error) {
    expect(error).toBeInstanceOf(QsizeValidationError);
    return error as QsizeValidationError;
  }
  throw new Error('expected the workload to be refused');
}

/** What the estimate says for a workload (the names differ between the two compared; the sizes must not). */
const total = (input: WorkloadInput): number[] => {
  const e = estimate(input);
  return [e.memory.residentBytes, e.memory.pageCacheBytes, e.memory.peakBytes, e.disk.bytes];
};

describe('names that are Object.prototype members are read as data', () => {
  // Without a statistic for the name, a plain object would answer `sparse.toString` with Object.prototype's function.
  // Against a plain name of the same length: a name is data the WAL writes with every point (CBOR map keys).
  const plainOf = (name: string) => 'p'.repeat(name.length);
  it.each(PROTO_NAMES)('a sparse vector named %s, with or without its non-zeros given, is sized like a plain name of its length', (name) => {
    const plain = plainOf(name);
    expect(total({ points: 100_000, collection: { sparse_vectors: { [name]: {} } } })).toEqual(total({ points: 100_000, collection: { sparse_vectors: { [plain]: {} } } }));
    const named = { points: 100_000, collection: { sparse_vectors: { [name]: {} } }, sparse: { [name]: 40 } };
    const other = { points: 100_000, collection: { sparse_vectors: { [plain]: {} } }, sparse: { [plain]: 40 } };
    expect(total(named)).toEqual(total(other));
  });

  it.each(PROTO_NAMES)('a multivector named %s, with or without its vectors per point given, is sized like a plain name of its length', (name) => {
    const mv = { ...dense(128), multivector_config: { comparator: 'max_sim' as const } };
    const plain = plainOf(name);
    expect(total({ points: 10_000, collection: { vectors: { [name]: mv } } })).toEqual(total({ points: 10_000, collection: { vectors: { [plain]: mv } } }));
    expect(total({ points: 10_000, collection: { vectors: { [name]: mv } }, multivector: { [name]: 8 } })).toEqual(
      total({ points: 10_000, collection: { vectors: { [plain]: mv } }, multivector: { [plain]: 8 } }),
    );
  });

  it('a vector named __proto__ (as JSON.parse gives it) is kept and sized like any other', () => {
    const input = JSON.parse('{"points": 100000, "collection": {"vectors": {"__proto__": {"size": 768, "distance": "Cosine"}}}}') as WorkloadInput;
    const w = parseWorkload(input);
    expect(Object.keys(normalizeVectors(w.collection.vectors!))).toEqual(['__proto__']);
    expect(total(input)).toEqual(total({ points: 100_000, collection: { vectors: { ppppppppp: dense(768) } } }));
  });

  it('vectors named "size" and "distance" are two named vectors, not the unnamed one', () => {
    const w = parseWorkload({ points: 1000, collection: { vectors: { size: dense(128), distance: dense(64) } } });
    expect(Object.keys(normalizeVectors(w.collection.vectors!)).sort()).toEqual(['distance', 'size']);
  });
});

describe('input limits', () => {
  it('metadata nested past the depth limit is refused with the field, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = [deep];
    const e = validationError({ points: 1000, collection: { vectors: dense(8), metadata: deep } });
    expect(e.issues[0]?.field).toMatch(/^collection\.metadata/);
    expect(e.message).toContain(`${INPUT_LIMITS.depth} levels`);
  });

  it('cyclic metadata is refused', () => {
    const meta: Record<string, unknown> = { a: 1 };
    meta['self'] = meta;
    const e = validationError({ points: 1000, collection: { vectors: dense(8), metadata: meta } });
    expect(e.message).toMatch(/refers to itself/);
  });

  it('metadata past 64 KiB is refused; under it, it is checked and not carried into the workload', () => {
    const big = { text: 'x'.repeat(1000) };
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, big])); // 70 x ~1 KB > 64 KiB
    expect(validationError({ points: 1000, collection: { vectors: dense(8), metadata: many } }).message).toContain(`${INPUT_LIMITS.metadataBytes} bytes`);
    const w = parseWorkload({ points: 1000, collection: { vectors: dense(8), metadata: { team: 'search' } } });
    expect(JSON.stringify(w)).not.toContain('search');
  });

  it(`more than ${INPUT_LIMITS.sparseVectors} sparse vectors are refused with the count and the limit`, () => {
    const n = INPUT_LIMITS.sparseVectors + 1;
    const sparse = Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, {}]));
    const e = validationError({ points: 1000, collection: { sparse_vectors: sparse } });
    expect(e.issues[0]?.field).toBe('collection.sparse_vectors');
    expect(e.message).toContain(`${n} sparse vectors, more than the limit of ${INPUT_LIMITS.sparseVectors}`);
  });

  it('a string longer than the limit is refused', () => {
    const name = 'v'.repeat(INPUT_LIMITS.stringChars + 1);
    expect(validationError({ points: 1000, collection: { vectors: { [name]: dense(8) } } }).message).toContain('longer than the limit');
  });
});

describe('counts and versions are taken exactly or refused', () => {
  it('1.5 points is not rounded to 2', () => {
    expect(parseCount('1.5')).toBe(1.5);
    expect(validationError({ points: '1.5', collection: { vectors: dense(8) } }).issues[0]?.field).toBe('points');
  });

  it('decimal counts with a suffix are exact: 1.1M is 1,100,000 and 1.15B is 1,150,000,000', () => {
    expect(parseCount('1.1M')).toBe(1_100_000);
    expect(parseCount('1.15B')).toBe(1_150_000_000);
    expect(parseCount('2.5k')).toBe(2500);
    expect(parseCount('1.0005k')).toBe(1000.5);
  });

  it.each(['1.19.0\n', '1.19.0\r', ' 1.19.0', '1.19.0 # x', '1.19\u2028'])('the version %j is refused (it is printed into every file header)', (v) => {
    expect(validationError({ points: 1000, collection: { vectors: dense(8) }, qdrantVersion: v }).issues[0]?.field).toBe('qdrantVersion');
  });
});

describe('error messages never repeat a value that looks like a secret', () => {
  it.each(['sk_live_9f8e7d6c5b4a39281706', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5QUJD', 'AKIAIOSFODNN7EXAMPLE', 'eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '/tmp/sk_live_9f8e7d6c5b4a39281706/plan.yaml'])('%s is not shown', (secret) => {
    expect(describeValue(secret)).not.toContain(secret.slice(0, 8));
    expect(describeValue(`${secret} 1.19.0`)).not.toContain(secret.slice(0, 8));
  });

  // File paths are judged name by name (s26): on macOS every path starts with /Users/, and with a digit anywhere the whole
  // path read as random text, so `--spec /Users/alice/plan2.yaml` said "a value that looks like a secret".
  it.each(['a7d8d973-0cc5-42de-8d7b-c29d14d24840', 'my-very-long-release-name-2024', '100M', '1.19.0', 'qdrant-api-key/api-key', 'Standard_E32s_v5', '/Users/alice/Downloads/qsize-spec-v2.yaml', './Deploy/Prod2/Plan2024.json', '~/Sizing/Q3-2026/plan.yml'])('%s (a name, not a secret) is shown', (name) => {
    expect(describeValue(name)).toBe(JSON.stringify(name));
  });
});
