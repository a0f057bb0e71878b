import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

type Schema = Record<string, unknown>;
const ROOT_SCHEMA = JSON.parse(readFileSync(new URL('../../docs/result-schema.json', import.meta.url), 'utf8')) as Schema;

/** A small JSON Schema checker for the keywords docs/result-schema.json uses. Returns the first problem. */
function check(value: unknown, schema: Schema, path = '$'): string | undefined {
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace('#/$defs/', '');
    return check(value, (ROOT_SCHEMA['$defs'] as Record<string, Schema>)[name]!, path);
  }
  if (Array.isArray(schema['oneOf'])) {
    const ok = (schema['oneOf'] as Schema[]).filter((s) => check(value, s, path) === undefined).length;
    return ok === 1 ? undefined : `${path}: matches ${ok} of oneOf`;
  }
  if ('const' in schema && value !== schema['const']) return `${path}: expected ${String(schema['const'])}`;
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) return `${path}: ${String(value)} not in enum`;
  const types = schema['type'] === undefined ? [] : ([] as unknown[]).concat(schema['type']);
  if (types.length > 0) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)));
    if (!ok) return `${path}: expected ${types.join('|')}, got ${actual}`;
  }
  if (typeof value === 'number' && typeof schema['minimum'] === 'number' && value < schema['minimum']) return `${path}: below minimum`;
  if (Array.isArray(value) && schema['items']) {
    for (const [i, v] of value.entries()) {
      const p = check(v, schema['items'] as Schema, `${path}[${i}]`);
      if (p) return p;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of (schema['required'] as string[] | undefined) ?? []) if (!(key in obj)) return `${path}: missing ${key}`;
    for (const [key, sub] of Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {})) {
      if (key in obj) {
        const p = check(obj[key], sub, `${path}.${key}`);
        if (p) return p;
      }
    }
    if (schema['additionalProperties'] && typeof schema['additionalProperties'] === 'object') {
      for (const [key, v] of Object.entries(obj)) {
        const p = check(v, schema['additionalProperties'] as Schema, `${path}.${key}`);
        if (p) return p;
      }
    }
  }
  return undefined;
}

beforeAll(() => ensureBuilt(), 180_000);

describe('docs/result-schema.json describes every --output json result', () => {
  const commands: [string, string[]][] = [
    ['the quote', ['--vectors', '2M', '--dim', '512', '--payload-bytes', '1KiB']],
    ['explain', ['explain', '--vectors', '2M', '--dim', '512', '--quantization', 'binary-1.5']],
    ['compare', ['compare', 'replication', '1', '2', '--vectors', '2M', '--dim', '512']],
    ['catalog', ['catalog', '--cloud', 'gcp']],
    ['catalog --regions', ['catalog', '--regions']],
    ['the quote with growth and a currency', ['--vectors', '2M', '--dim', '512', '--growth', '500k', '--horizon', '4', '--currency', 'AED']],
    ['timeline', ['timeline', '--vectors', '2M', '--dim', '512', '--growth', '500k', '--horizon', '4', '--currency', 'JPY']],
    ['compare with a currency', ['compare', 'replication', '2', '--vectors', '2M', '--dim', '512', '--currency', 'EUR']],
    ['observe', ['observe', '--from', 'test/observe/fixtures/cluster.json', '--growth', '1M', '--memory-limit', '1Gi']],
    ['observe with zones', ['observe', '--from', 'test/observe/fixtures/cluster-one-down.json', '--zones', '3', '--growth', '1M', '--memory-limit', '1Gi']],
  ];
  it.each(commands)('%s', (_, args) => {
    const r = qsize([...args, '--output', 'json']);
    expect(r.status).toBe(0);
    expect(check(JSON.parse(r.stdout), ROOT_SCHEMA)).toBeUndefined();
  });
});
