/**
 * Hostile strings given to the emitters (issue 13): every user string either is refused with an input error or
 * reaches the files only through the YAML/JSON writers, so that every emitted file parses back as one document,
 * validates against the upstream schemas, and keeps its header a comment; secrets are never echoed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderAll, type EmitOptionsInput } from '../../src/emit/index.js';
import { oneLine } from '../../src/emit/yaml.js';
import { QsizeError, QsizeInputError, QsizeValidationError } from '../../src/errors.js';
import { recommend } from '../../src/plan/recommend.js';
import type { Plan } from '../../src/plan/types.js';
import { REAL_SCENARIOS } from './scenarios.js';
import { checkFiles } from './upstream-check.js';

const SECRET = 'sk_live_9f8e7d6c5b4a39281706abcdef';
const base = REAL_SCENARIOS[0]!;

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('secrets given to the library are never echoed', () => {
  it.each<[string, unknown]>([
    ['an unknown apiKey option', { apiKey: SECRET }],
    ['a value beside a Secret reference', { apiKeySecret: { name: 'qdrant-key', key: 'api-key', value: SECRET } }],
    ['the key as the reference name', { apiKeySecret: { name: SECRET, key: 'api-key' } }],
    ['the key as the TLS Secret name', { tls: { secretName: SECRET } }],
    ['the options as a string', SECRET],
  ])('%s: refused, and the message does not contain the secret', (_what, options) => {
    const e = errorOf(() => renderAll(base.plan, options as EmitOptionsInput));
    expect(e).toBeInstanceOf(QsizeError);
    expect(e.message).not.toContain(SECRET);
    expect(e.message).not.toContain(SECRET.slice(0, 12));
  });
});

describe('text from a hand-edited plan cannot break a file', () => {
  it('line breaks in node.instanceType and gpu.gpuModel stay inside one README line and no YAML header opens a document', () => {
    const plan = structuredClone(base.plan) as Plan;
    plan.node.instanceType = 'r6i.large\n# injected\nkind: Evil\r\u2028';
    const files = renderAll(plan, base.options);
    const readme = files.find((f) => f.path === 'README.md')!.content;
    expect(readme).not.toContain('\n# injected');
    expect(readme).toContain('r6i.large\\u{a}# injected\\u{a}kind: Evil\\u{d}\\u{2028}');
    for (const f of files.filter((x) => x.path.endsWith('.yaml'))) {
      expect(parseAllDocuments(f.content), f.path).toHaveLength(1);
      expect(f.content).not.toContain('kind: Evil');
    }
  });

  it('recommend() refuses a cyclic metadata (it used to pass, and break renderAll)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const e = errorOf(() => recommend({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' }, metadata: cyclic } } as never, {}, { maxAlternatives: 0 }));
    expect(e).toBeInstanceOf(QsizeValidationError);
    expect(e.message).toContain('collection.metadata.self');
    expect(e.message).toContain('refers to itself');
  });

  it('a cyclic or over-deep metadata in a hand-edited plan is refused naming the field, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    for (const metadata of [cyclic, deep]) {
      const plan = structuredClone(base.plan) as Plan;
      (plan.workload.collection as Record<string, unknown>)['metadata'] = metadata;
      const e = errorOf(() => renderAll(plan, base.options));
      expect(e).toBeInstanceOf(QsizeValidationError);
      expect(e.message).toMatch(/^plan\.workload\.collection\.metadata\.\S+: nested more than 32 levels deep/);
    }
  });

  it('oneLine leaves printable text alone and escapes every line break and control character', () => {
    expect(oneLine('Qdrant 1.19.0 {{ .Values }} $(rm -rf /) a: b # c')).toBe('Qdrant 1.19.0 {{ .Values }} $(rm -rf /) a: b # c');
    expect(oneLine('a\nb\rc\u0085d\u2028e\u2029f\u202eg\u0000')).toBe('a\\u{a}b\\u{d}c\\u{85}d\\u{2028}e\\u{2029}f\\u{202e}g\\u{0}');
  });
});

/** Strings a user might type or paste: Unicode, control characters, template and shell syntax, YAML indicators. */
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('{{ .Release.Name }}', '$(id)', '`id`', 'a: b', '# c', '- d', 'qdrant\n', 'qdrant\r', ' qdrant', 'Qdrant', 'x'.repeat(64), '', 'kb-system', 'ok-name', 'a.b', '-a', 'a-'),
);

const OPTION_STRINGS = ['name', 'namespace', 'clusterId', 'customerId', 'collectionName', 'storageClass', 'kubeblocksNamespace'] as const;

describe('every user string is refused or reaches the files only through the writers', () => {
  it('emit options: each file parses back as one document and validates against its upstream schema, or the input is refused', () => {
    fc.assert(
      fc.property(
        fc.record({
          field: fc.constantFrom(...OPTION_STRINGS, 'apiKeySecret.name', 'apiKeySecret.key', 'tls.secretName', 'allowedNamespaces', 'metricsNamespaces'),
          value: hostileString,
        }),
        ({ field, value }) => {
          const options: Record<string, unknown> = { ...(base.options as Record<string, unknown>) };
          if (field === 'apiKeySecret.name') options['apiKeySecret'] = { name: value, key: 'api-key' };
          else if (field === 'apiKeySecret.key') options['apiKeySecret'] = { name: 'qdrant-key', key: value };
          else if (field === 'tls.secretName') options['tls'] = { secretName: value };
          else if (field === 'allowedNamespaces' || field === 'metricsNamespaces') options[field] = [value];
          else options[field] = value;
          let files;
          try {
            files = renderAll(base.plan, options as EmitOptionsInput);
          } catch (error) {
            expect(error instanceof QsizeInputError || error instanceof QsizeValidationError, String(error)).toBe(true);
            return;
          }
          for (const f of files) {
            if (f.path.endsWith('.yaml')) {
              const docs = parseAllDocuments(f.content);
              expect(docs, f.path).toHaveLength(1);
              expect(docs[0]!.errors, f.path).toEqual([]);
              // The header is comments only: the first line that is not a comment is the object's first key.
              expect(f.content.split('\n').find((l) => !l.startsWith('#'))).toMatch(/^(apiVersion|replicaCount|version):/);
            } else if (f.path.endsWith('.json')) {
              expect(() => JSON.parse(f.content), f.path).not.toThrow();
            } else {
              // README: only the lines qsize writes; no user string can open a new one.
              expect(f.content.split('\n').every((l) => !/[\r\u0085\u2028\u2029]/.test(l)), f.path).toBe(true);
            }
          }
          checkFiles(files, base.plan.qdrantVersion, `${field}=${JSON.stringify(value)}`);
        },
      ),
      { numRuns: 120, examples: [[{ field: 'name', value: 'qdrant\n' }], [{ field: 'namespace', value: '{{ .Release.Name }}' }], [{ field: 'storageClass', value: 'a: b' }]] },
    );
  });

  it('names in the workload (vectors, payload fields) reach the collection requests as JSON strings, whatever they hold', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (vectorName, fieldName) => {
        const plan = structuredClone(base.plan) as Plan;
        const v = plan.workload.collection.vectors;
        const params = v && 'size' in v && typeof v.size === 'number' ? v : undefined;
        if (params) plan.workload.collection.vectors = Object.fromEntries([[vectorName, params]]) as never;
        plan.workload.payload = { avgBytes: 100, compressionRatio: 0.6, indexes: [{ field_name: fieldName || 'f', field_schema: 'keyword', valuesPerPoint: 1, avgValueBytes: 16 }] };
        const files = renderAll(plan, base.options);
        const body = JSON.parse(files.find((f) => f.path === 'collection/create-collection.json')!.content) as { vectors: Record<string, unknown> };
        if (params) expect(Object.keys(body.vectors)).toEqual([vectorName]);
        const index = JSON.parse(files.find((f) => f.path === 'collection/payload-index-01.json')!.content) as { field_name: string };
        expect(index.field_name).toBe(fieldName || 'f');
        checkFiles(files, plan.qdrantVersion, `vector ${JSON.stringify(vectorName)}, field ${JSON.stringify(fieldName)}`);
      }),
      { numRuns: 60, examples: [['__proto__', 'constructor'], ['size', 'toString'], ['NaN', 'Infinity']] },
    );
  });
});
