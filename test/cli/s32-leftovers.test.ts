/**
 * The defects session 31's audit found and left: what a user (or a library caller) did, what qsize did, and what it
 * should give, worked out by hand from the inputs and the rule's source (never the code's own output pasted in).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { CurrencyError, estimate, formatMoney, QsizeInputError, QsizeValidationError, recommend, renderFileSet, renderHelmValues, roundMoney, type WorkloadInput } from '../../src/index.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ensureBuilt, qsize as qsizeBinary, ROOT } from './run.js';

// The first column of data/catalogs/currency-rates.csv, read as text: the currencies qsize has a rate for.
const RATE_TABLE_CODES = readFileSync(new URL('../../data/catalogs/currency-rates.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]);

describe("the library's formatMoney and roundMoney refuse a currency qsize has no rate for, as --currency does", () => {
  it("formatMoney(10, 'ZZZ') throws a CurrencyError naming ZZZ and the rate table's codes (it printed 'ZZZ 10.00')", () => {
    expect(RATE_TABLE_CODES).toEqual(['USD', 'EUR', 'GBP', 'INR', 'JPY', 'SGD', 'AUD', 'CAD', 'CHF', 'AED', 'SAR']);
    let caught: unknown;
    try {
      formatMoney(10, 'ZZZ');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CurrencyError);
    expect((caught as CurrencyError).message).toBe('unknown currency "ZZZ"; expected one of USD, EUR, GBP, INR, JPY, SGD, AUD, CAD, CHF, AED, SAR');
    expect((caught as CurrencyError).value).toBe('ZZZ');
    expect((caught as CurrencyError).known).toEqual(RATE_TABLE_CODES);
  });

  it('the CLI lists the same codes for --currency ZZZ (one list: the rate table)', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--currency', 'ZZZ']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--currency: got "ZZZ", expected a currency of data/catalogs/currency-rates.csv: ${RATE_TABLE_CODES.join(', ')}`);
  });

  it("roundMoney(1.005, 'ZZZ') is refused the same way; a known code in any case still formats (10 AED = 'AED 10.00', 1234.5 JPY = '¥1,235')", () => {
    expect(() => roundMoney(1.005, 'ZZZ')).toThrow(CurrencyError);
    // en-US writes a currency code with a no-break space; the yen has no minor unit, so 1234.5 rounds half up to 1,235.
    expect(formatMoney(10, 'aed')).toBe('AED\u00a010.00');
    expect(formatMoney(1234.5, 'JPY')).toBe('¥1,235');
    expect(roundMoney(2.675, 'USD')).toBe(2.68);
  });
});

describe('a spec with several settings its Qdrant version lacks hears of all of them in one run (it was one a run)', () => {
  // Six settings Qdrant 1.20 added (src/model/versions.ts; the 1.20.0 OpenAPI in test/emit/upstream), asked of 1.19.2.
  const spec = [
    'workload:',
    '  points: 1M',
    '  qdrantVersion: 1.19.2',
    '  collection:',
    '    vectors: { size: 768, distance: Cosine, datatype: turbo8 }',
    '    quantization_config: { turbo: { bits: bits8 } }',
    '    id_tracker: { memory: cold }',
    '  payload:',
    '    avgBytes: 200',
    '    indexes:',
    '      - field_name: title',
    '        field_schema: { type: text, tokenizer: code, scoring: true, nested: offers }',
    '',
  ].join('\n');
  let dir = '';
  let path = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
    path = join(dir, 'plan.yaml');
    writeFileSync(path, spec);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--spec at 1.19.2: exit 2, one line per setting, each with its field, value and "exists from Qdrant 1.20; this workload is 1.19.2"', async () => {
    const r = await qsize(['explain', '--spec', path]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    const at = `qsize: --spec ${path}: `;
    expect(lines).toEqual([
      `${at}collection.vectors.datatype: got "turbo8", expected float32, float16, uint8 or turbo4 (turbo8 exists from Qdrant 1.20; this workload is 1.19.2)`,
      `${at}collection.quantization_config.turbo.bits: got "bits8", expected bits1, bits1_5, bits2 or bits4 (bits8 exists from Qdrant 1.20; this workload is 1.19.2; as --quantization: turbo-1, turbo-1.5, turbo-2 or turbo-4)`,
      `${at}payload.indexes.0.field_schema.nested: got "offers", expected no "nested" setting: nested (array-element) indexes exist from Qdrant 1.20 (this workload is 1.19.2)`,
      `${at}payload.indexes.0.field_schema.scoring: got true, expected no "scoring" setting: BM25 scoring on a text index exists from Qdrant 1.20 (this workload is 1.19.2)`,
      `${at}payload.indexes.0.field_schema.tokenizer: got "code", expected prefix, whitespace, word or multilingual (the code tokenizer exists from Qdrant 1.20; this workload is 1.19.2)`,
      `${at}collection.id_tracker.memory: got "cold", expected no "id_tracker" setting: the id tracker's memory tier exists from Qdrant 1.20 (this workload is 1.19.2)`,
    ]);
  });

  it('explain --qdrant-version 1.20.0 --vs 1.19.2: every line says it is refused at --vs, beside the version that takes it', async () => {
    const r = await qsize(['explain', '--spec', path, '--qdrant-version', '1.20.0', '--vs', '1.19.2']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/this workload is 1\.19\.2.*\(at --vs 1\.19\.2, the version compared with 1\.20\.0, which takes it\)$/);
  });

  it('the same spec at 1.20.0 (--qdrant-version overrides it) is sized: every one of the six exists there', async () => {
    const r = await qsize(['explain', '--spec', path, '--qdrant-version', '1.20.0', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
  });

  it('flags name themselves: --id-tracker-memory cold --quantization turbo-8 at 1.19 are both refused, as typed', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--qdrant-version', '1.19', '--id-tracker-memory', 'cold', '--quantization', 'turbo-8']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qsize: --quantization: got "turbo-8", expected bits1, bits1_5, bits2 or bits4 (bits8 exists from Qdrant 1.20; this workload is 1.19.2;');
    expect(r.stderr).toContain('qsize: --id-tracker-memory: got "cold", expected no "id_tracker" setting: the id tracker\'s memory tier exists from Qdrant 1.20 (this workload is 1.19.2)');
  });

  it('the library: estimate() throws one QsizeValidationError with an issue per setting, each with its expected part', () => {
    const w = {
      points: 1000,
      qdrantVersion: '1.19.2',
      collection: { vectors: { size: 8, distance: 'Cosine' as const, datatype: 'turbo16' as const }, id_tracker: { memory: 'cached' as const } },
    };
    let caught: unknown;
    try {
      estimate(w);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QsizeValidationError);
    const issues = (caught as QsizeValidationError).issues;
    expect(issues.map((i) => i.field)).toEqual(['collection.vectors.datatype', 'collection.id_tracker.memory']);
    expect(issues[0]).toEqual({
      field: 'collection.vectors.datatype',
      message: 'got "turbo16", expected float32, float16, uint8 or turbo4 (turbo16 exists from Qdrant 1.20; this workload is 1.19.2)',
      expected: 'expected float32, float16, uint8 or turbo4 (turbo16 exists from Qdrant 1.20; this workload is 1.19.2)',
    });
  });

  it('one such setting is still the one QsizeInputError it was; TurboQuant at 1.17 is refused once (not again for its bits8), at the collection.quantization_config the user wrote', () => {
    expect(() => estimate({ points: 1000, qdrantVersion: '1.19.2', collection: { vectors: { size: 8, distance: 'Cosine' }, id_tracker: { memory: 'cold' } } })).toThrow(QsizeInputError);
    let caught: unknown;
    try {
      estimate({ points: 1000, qdrantVersion: '1.17', collection: { vectors: { size: 8, distance: 'Cosine' }, quantization_config: { turbo: { bits: 'bits8' } } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QsizeInputError);
    // Named where it was written: the collection's quantization_config (it read collection.vectors.quantization_config).
    expect((caught as QsizeInputError).field).toBe('collection.quantization_config.turbo');
  });
});

describe('a malformed text-index param and a bad emit option name the field, the value and what was expected (they read zod\'s words)', () => {
  const issuesOf = (fieldSchema: unknown) => {
    try {
      estimate({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } }, payload: { avgBytes: 10, indexes: [{ field_name: 't', field_schema: fieldSchema as never }] } });
    } catch (error) {
      return (error as QsizeValidationError).issues;
    }
    return [];
  };
  const at = 'payload.indexes.0.field_schema';

  it('scoring: { bm25: {} } is one issue at scoring with the value written there and the three shapes Qdrant 1.20 takes', () => {
    expect(issuesOf({ type: 'text', scoring: { bm25: {} } })).toEqual([
      { field: `${at}.scoring`, message: 'got {"bm25":{}}, expected true, false or {"type": "bm25"}', expected: 'expected true, false or {"type": "bm25"}' },
    ]);
    expect(issuesOf({ type: 'text', scoring: 'bm25' })[0]!.message).toBe('got "bm25", expected true, false or {"type": "bm25"}');
  });

  it('stemmer: { snowball: english } is one issue at stemmer (it was three: type, language and an unrecognized key); a bad language stays at language', () => {
    const whole = 'expected {"type": "snowball", "language": "<a Snowball language: english, german, ...>"} or {"type": "none"}';
    expect(issuesOf({ type: 'text', stemmer: { snowball: 'english' } })).toEqual([{ field: `${at}.stemmer`, message: `got {"snowball":"english"}, ${whole}`, expected: whole }]);
    const lang = issuesOf({ type: 'text', stemmer: { type: 'snowball', language: 'klingon' } });
    expect(lang.map((i) => i.field)).toEqual([`${at}.stemmer.language`]);
    expect(lang[0]!.message).toMatch(/^got "klingon", expected one of "arabic"\|"armenian"\|/);
  });

  it('type: txt is at type with its value and the eight index types (it read "Invalid discriminator value. Expected \'keyword\' | ...")', () => {
    expect(issuesOf({ type: 'txt' })).toEqual([
      {
        field: `${at}.type`,
        message: 'got "txt", expected one of "keyword"|"integer"|"float"|"bool"|"geo"|"datetime"|"uuid"|"text"',
        expected: 'expected one of "keyword"|"integer"|"float"|"bool"|"geo"|"datetime"|"uuid"|"text"',
      },
    ]);
  });

  it('the CLI says the same for a --spec file (one line, exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-'));
    try {
      const path = join(dir, 'bm.yaml');
      writeFileSync(path, 'points: 1M\ncollection:\n  vectors: { size: 768, distance: Cosine }\npayload:\n  avgBytes: 200\n  indexes:\n    - field_name: title\n      field_schema: { type: text, scoring: { bm25: {} } }\n');
      const r = await qsize(['explain', '--spec', path]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`qsize: --spec ${path}: payload.indexes.0.field_schema.scoring: got {"bm25":{}}, expected true, false or {"type": "bm25"}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('emit options of the library', () => {
    const plan = recommend({ points: '1M', collection: { vectors: { size: 64, distance: 'Cosine' } } }).plan;
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as Error;
      }
      throw new Error('not refused');
    };

    it('one bad option: a QsizeInputError in qsize\'s words (it read "expected Invalid input: expected int, received number")', () => {
      const e = refusal(() => renderHelmValues(plan, { pdbMaxUnavailable: 1.5 }));
      expect(e).toBeInstanceOf(QsizeInputError);
      expect(e.message).toBe('options.pdbMaxUnavailable: got 1.5, expected int');
      expect(refusal(() => renderHelmValues(plan, { namespace: 5 as never })).message).toBe('options.namespace: got 5, expected string');
      // A secret reference's missing key: nothing was given (it read got "[not shown]").
      expect(refusal(() => renderHelmValues(plan, { apiKeySecret: { name: 'qdrant-api-key' } as never })).message).toBe('options.apiKeySecret.key: got nothing, expected string');
    });

    it('several: one QsizeValidationError, each issue with its value and expected part', () => {
      const e = refusal(() => renderFileSet(plan, { namespace: 5 as never, serviceType: 'Foo' as never }));
      expect(e).toBeInstanceOf(QsizeValidationError);
      expect((e as QsizeValidationError).issues).toEqual([
        { field: 'options.namespace', message: 'got 5, expected string', expected: 'expected string' },
        { field: 'options.serviceType', message: 'got "Foo", expected one of "ClusterIP"|"NodePort"|"LoadBalancer"', expected: 'expected one of "ClusterIP"|"NodePort"|"LoadBalancer"' },
      ]);
    });
  });
});

describe('--payload-m with no payload index says it has no effect, and why (it was silent)', () => {
  const noEffect = 'vector "default": hnsw_config.payload_m (--payload-m) 16 has no effect: it sets the links of the sub-graphs Qdrant builds per payload index value, and this workload has no payload index';

  it('-m 0 --payload-m 16: a warning on stderr and in the JSON warnings, naming m 0 too; the estimate is the same bytes as without it', async () => {
    const args = ['explain', '--vectors', '1M', '--dim', '768', '-m', '0', '-o', 'json'];
    const r = await qsize([...args, '--payload-m', '16']);
    expect(r.status, r.stderr).toBe(0);
    const warning = `${noEffect}; with m 0 there is no main graph either, so this vector has no HNSW links at all (add a payload index under payload.indexes, or leave payload_m out)`;
    expect(r.stderr).toContain(`qsize: warning: ${warning}\n`);
    const withIt = JSON.parse(r.stdout) as { warnings: string[]; memory: unknown; disk: unknown };
    expect(withIt.warnings).toContain(warning);
    // No effect means no byte moves: payload_m feeds only the payload sub-graphs (src/model/hnsw.ts payloadLinkFields).
    const without = JSON.parse((await qsize(args)).stdout) as typeof withIt;
    expect(withIt.memory).toEqual(without.memory);
    expect(withIt.disk).toEqual(without.disk);
  });

  it('with m 16 the warning says the same without the m 0 clause; payload_m 0 (no sub-graphs asked) warns nothing', () => {
    const w = { points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' as const }, hnsw_config: { m: 16, payload_m: 16 } } };
    expect(estimate(w).warnings).toContain(`${noEffect} (add a payload index under payload.indexes, or leave payload_m out)`);
    expect(estimate({ ...w, collection: { ...w.collection, hnsw_config: { m: 16, payload_m: 0 } } }).warnings.filter((x) => x.includes('payload_m'))).toEqual([]);
  });

  it('a keyword index that builds sub-graphs silences it; one with enable_hnsw: false does not', () => {
    const w = (enable: boolean) => ({
      points: 1000,
      collection: { vectors: { size: 8, distance: 'Cosine' as const }, hnsw_config: { m: 0, payload_m: 16 } },
      payload: { avgBytes: 10, indexes: [{ field_name: 'tenant', field_schema: { type: 'keyword' as const, enable_hnsw: enable } }] },
    });
    expect(estimate(w(true)).warnings.filter((x) => x.includes('payload_m'))).toEqual([]);
    expect(estimate(w(false)).warnings.filter((x) => x.includes('payload_m'))).toEqual([
      'vector "default": hnsw_config.payload_m (--payload-m) 16 has no effect: it sets the links of the sub-graphs Qdrant builds per payload index value, and this workload has no payload index that builds them (every one has enable_hnsw: false); with m 0 there is no main graph either, so this vector has no HNSW links at all (add a payload index under payload.indexes, or leave payload_m out)',
    ]);
  });
});

describe('the HNSW tier with m 0 and no payload sub-graph says it has no effect (audit36: -m 0 --hnsw-on-disk was silent)', () => {
  const w = (hnsw: Record<string, unknown>, indexes: unknown[] = []) => ({
    points: 1000,
    collection: { vectors: { size: 8, distance: 'Cosine' as const }, hnsw_config: { m: 0, ...hnsw } },
    ...(indexes.length > 0 ? { payload: { avgBytes: 10, indexes } } : {}),
  }) as WorkloadInput;
  const tier = (e: ReturnType<typeof estimate>) => e.warnings.filter((x) => x.includes('no HNSW links to place'));
  it('m 0, on_disk true, no payload index: warned', () => {
    expect(tier(estimate(w({ on_disk: true })))).toEqual(['vector "default": hnsw_config.on_disk true (--hnsw-on-disk) has no effect: with m 0 and no payload sub-graph this vector has no HNSW links to place']);
  });
  it('m 0, on_disk true, a keyword index building sub-graphs (payload_m defaults to m, 0: none; payload_m 16: some)', () => {
    const idx = [{ field_name: 'tenant', field_schema: 'keyword' }];
    expect(tier(estimate(w({ on_disk: true }, idx)))).toHaveLength(1);
    expect(tier(estimate(w({ on_disk: true, payload_m: 16 }, idx)))).toEqual([]);
  });
  it('the CLI says it: qsize explain -m 0 --hnsw-on-disk', async () => {
    const r = await qsize(['explain', '--vectors', '1M', '--dim', '768', '-m', '0', '--hnsw-on-disk']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('hnsw_config.on_disk true (--hnsw-on-disk) has no effect: with m 0 and no payload sub-graph');
  });
});

describe('observe --growth honours --currency for the re-plan cost, through the one conversion (it was USD only)', () => {
  const CLUSTER = join(ROOT, 'test/observe/fixtures/cluster.json');
  const args = ['observe', '--from', CLUSTER, '--growth', '1M', '--memory-limit', '1Gi'];
  interface Replan {
    monthlyUsd: number;
    monthly?: number;
  }
  const json = async (extra: string[]) => {
    const r = await qsize([...args, ...extra, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { growth: { replans: Replan[]; currency?: { currency: string; unitsPerUsd: number } } };
  };

  it('--currency AED: each re-plan carries monthly = monthlyUsd x 3.6725 (the dirham\'s peg) to the fils, and the rate', async () => {
    const usd = (await json([])).growth;
    const aed = (await json(['--currency', 'AED'])).growth;
    expect(usd.replans.length).toBeGreaterThan(0);
    expect(usd.currency).toBeUndefined();
    expect(aed.currency).toMatchObject({ currency: 'AED', unitsPerUsd: 3.6725 });
    aed.replans.forEach((r, i) => {
      expect(r.monthlyUsd).toBe(usd.replans[i]!.monthlyUsd);
      expect(r.monthly).toBe(Math.round(r.monthlyUsd * 3.6725 * 100) / 100);
    });
  });

  it('the text says the re-plan cost in AED (en-US: "AED" and a no-break space) and the rate note; --currency without --growth is refused', async () => {
    const { monthlyUsd } = (await json([])).growth.replans[0]!;
    const aed = Math.round(monthlyUsd * 3.6725 * 100) / 100;
    const shown = `AED\u00a0${aed.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/month`;
    const r = await qsize([...args, '--currency', 'aed']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(shown);
    expect(r.stdout).toContain('Amounts in AED at 3.6725 AED per USD (3.6725 (peg);');
    const alone = await qsize(['observe', '--from', CLUSTER, '--currency', 'aed']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toBe('qsize: --currency: got "aed", expected to come with --growth (the re-plan\'s cost is the only money observe shows)\n');
    const unknown = await qsize([...args, '--currency', 'ZZZ']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('qsize: --currency: got "ZZZ", expected a currency of data/catalogs/currency-rates.csv: USD, EUR,');
  });
});

describe("WorkloadInput says points are optional, as a pasted GET reply lends them (the type required them)", () => {
  // A GET /collections/{name} reply as Qdrant writes it, shortened by hand: 250,000 points of 8-d Cosine vectors.
  const reply = { result: { status: 'green', points_count: 250_000, config: { params: { vectors: { size: 8, distance: 'Cosine' } } } }, status: 'ok', time: 0.001 };

  it('the type: a workload of a reply alone compiles (tsc -p tsconfig.json checks this file), points are optional, and a given count is still typed', () => {
    const fromReply: WorkloadInput = { collection: reply };
    expectTypeOf<WorkloadInput>().toHaveProperty('points');
    expectTypeOf<WorkloadInput['points']>().toEqualTypeOf<string | number | undefined>();
    // @ts-expect-error points are a count (a number or a text such as 10M), never a boolean
    const wrong: WorkloadInput = { points: true, collection: reply };
    void wrong;
    expect(estimate(fromReply).points).toBe(250_000);
    expect(recommend(fromReply).plan.estimate.points).toBe(250_000);
  });

  it('neither points nor a reply that lends them: refused at run time naming points and both ways to give them', () => {
    const expected = 'expected a count such as 1000000, 100M or 1.5B, or a collection that is a GET /collections/{name} reply with a points_count of at least 1 (which lends it)';
    for (const collection of [{ vectors: { size: 8, distance: 'Cosine' } }, { ...reply, result: { ...reply.result, points_count: 0 } }]) {
      let caught: unknown;
      try {
        estimate({ collection });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(QsizeValidationError);
      expect((caught as QsizeValidationError).issues).toEqual([{ field: 'points', message: `got nothing, ${expected}`, expected }]);
    }
  });
});

describe("--qdrant-version's help says what a bare minor and a leading v mean (it said only 'default the newest known')", () => {
  it('the help line names the range, the default, the bare minor rule (1.19 is 1.19.2) and the leading v', async () => {
    // The real binary: yargs writes the help itself (the in-process runner captures the command's output only).
    ensureBuilt();
    const r = qsizeBinary(['--help']);
    expect(r.status).toBe(0);
    const line = /--qdrant-version\s+([\s\S]*?)\[string\]/.exec(r.stdout)?.[1]?.replace(/\s+/g, ' ').trim();
    expect(line).toBe('Qdrant version, 1.12.0 to 1.20.x (default 1.20.0, the newest known); a bare minor is its newest known patch (1.19 is 1.19.2), a leading v is accepted (v1.20.0)');
  });

  it('and it is so: 1.19 and v1.19 plan Qdrant 1.19.2 (the newest 1.19 tag qsize knows), v1.20.0 plans 1.20.0', async () => {
    for (const [given, read] of [['1.19', '1.19.2'], ['v1.19', '1.19.2'], ['v1.20.0', '1.20.0']] as const) {
      const r = await qsize(['explain', '--vectors', '1M', '--dim', '8', '--qdrant-version', given, '-o', 'json']);
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { qdrantVersion: string }).qdrantVersion).toBe(read);
    }
  });
});
