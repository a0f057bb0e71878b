/**
 * valueAtPath (src/spec/limits.ts) is the one walker that finds the value an input holds at an error's field: it
 * replaced two, the CLI's (src/cli/inputs.ts, a dotted field string) and the emit options' (src/emit/options.ts, a zod
 * path). Both are kept below, word for word as they were at 83aef80, as the reference the merged walker is held to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEmitOptions } from '../../src/emit/options.js';
import { QsizeInputError } from '../../src/errors.js';
import { formatPath, valueAtPath } from '../../src/spec/limits.js';

/** src/cli/inputs.ts before the merge. */
function cliValueAt(root: unknown, field: string): { value: unknown } | undefined {
  const parts = field.split('.');
  let at: unknown = root;
  for (let i = 0; i < parts.length; ) {
    if (typeof at !== 'object' || at === null) return undefined;
    let j = i + 1;
    while (j <= parts.length && !Object.prototype.hasOwnProperty.call(at, parts.slice(i, j).join('.'))) j++;
    if (j > parts.length) return undefined;
    at = (at as Record<string, unknown>)[parts.slice(i, j).join('.')];
    i = j;
  }
  return { value: at };
}

/** src/emit/options.ts before the merge. */
function emitValueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

// Keys of real inputs: field names, vector names with dots, digits (array indexes); never '' (below) and never a name
// Object.prototype has (below).
const key = fc.constantFrom('collection', 'vectors', 'size', 'img', 'a', 'b', 'a.b', 'x.y.z', '0', '1', 'tls', 'name');
const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const tree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((t) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(key, t('node'), { maxKeys: 4 }), fc.array(t('node'), { maxLength: 3 })),
})).node;
const path = fc.array(key, { minLength: 1, maxLength: 4 });

/** A path the input does hold: at each level one of its own keys, chosen by `picks`. */
function heldPath(root: unknown, picks: number[]): string[] {
  const out: string[] = [];
  let at = root;
  for (const n of picks) {
    if (typeof at !== 'object' || at === null) break;
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const k = keys[n % keys.length]!;
    out.push(k);
    at = (at as Record<string, unknown>)[k];
  }
  return out;
}

describe('valueAtPath finds what the two walkers it replaced found', () => {
  it('on paths the input holds (every key found), the same value as both', () => {
    let found = 0;
    fc.assert(
      fc.property(tree, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (root, picks) => {
        const parts = heldPath(root, picks);
        if (parts.length === 0) return;
        found += 1;
        const field = parts.join('.');
        // A dotted name can make the field string ambiguous; the CLI walker's reading (shortest name first) is the reference.
        expect(valueAtPath(root, field)).toEqual(cliValueAt(root, field));
        expect(valueAtPath(root, parts)).toEqual({ value: emitValueAt(root, parts) });
      }),
    );
    expect(found).toBeGreaterThan(20);
  });

  it('for a field string, what the CLI walker found (dotted names joined), on generated inputs and fields', () => {
    fc.assert(
      fc.property(tree, path, (root, parts) => {
        const field = parts.join('.');
        expect(valueAtPath(root, field)).toEqual(cliValueAt(root, field));
      }),
    );
  });

  it('for a zod path, what the emit walker found, wherever the input holds the keys or lacks them (no prototype names)', () => {
    fc.assert(
      fc.property(tree, path, (root, parts) => {
        const keys = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        expect(valueAtPath(root, keys)?.value).toEqual(emitValueAt(root, keys));
      }),
    );
  });

  it('worked examples: nested, a vector named a.b, an array index, missing, an undefined value', () => {
    const root = { collection: { vectors: { 'a.b': { size: 768 }, img: { size: 512 } } }, payload: { indexes: [{ field_name: 't' }] }, u: undefined };
    expect(valueAtPath(root, 'collection.vectors.a.b.size')).toEqual({ value: 768 });
    expect(valueAtPath(root, ['collection', 'vectors', 'img', 'size'])).toEqual({ value: 512 });
    expect(valueAtPath(root, 'payload.indexes.0.field_name')).toEqual({ value: 't' });
    expect(valueAtPath(root, ['payload', 'indexes', 0, 'field_name'])).toEqual({ value: 't' });
    expect(valueAtPath(root, 'collection.vectors.c.size')).toBeUndefined();
    expect(valueAtPath(root, 'u')).toEqual({ value: undefined });
    expect(valueAtPath(root, 'collection.vectors.img.size.more')).toBeUndefined();
  });
});

describe('where the merged walker differs, by design', () => {
  it('the empty name, written "" by formatPath, is found from the field string (the CLI walker looked for a key named "")', () => {
    const root = { multivector: { '': 0 } };
    expect(formatPath(['multivector', ''])).toBe('multivector.""');
    expect(valueAtPath(root, 'multivector.""')).toEqual({ value: 0 });
    expect(cliValueAt(root, 'multivector.""')).toBeUndefined();
    // A key literally named "" (two quotes) is still found first.
    expect(valueAtPath({ multivector: { '""': 1, '': 0 } }, 'multivector.""')).toEqual({ value: 1 });
  });

  it('names on Object.prototype are not found (the emit walker read them, and then showed nothing: a function or object is never shown)', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(valueAtPath({}, [name])).toBeUndefined();
      expect(valueAtPath({}, name)).toBeUndefined();
      expect(typeof emitValueAt({}, [name])).not.toMatch(/^(string|number|boolean)$/);
    }
  });

  it('an emit option the schema refuses is still shown with the value given (through the merged walker)', () => {
    try {
      parseEmitOptions({ namespace: 42 } as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(QsizeInputError);
      expect((error as QsizeInputError).field).toBe('options.namespace');
      expect((error as QsizeInputError).value).toBe(42);
    }
  });
});
