/**
 * Findings of the s31 audit, one block each: the command a user ran, what it did, and what it should give, worked out
 * by hand from the inputs and the rule's source (never the code's own output).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommend } from '../../src/index.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ROOT } from './run.js';

/** stderr without the warnings. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

const KEY = 'sk_live_abcdef0123456789';
const SMALL = { points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } } };

describe('a secret-looking value is not repeated by the --node and DaemonSet-memory checks (they printed it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`qsize --node ${KEY.slice(0, 8)}...: exit 2 naming --node and the form, without the value`, async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--node', KEY]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain(KEY);
    expect(errors(r.stderr)).toEqual([
      'qsize: --node: got a value that looks like a secret (24 characters, not shown), expected NAME=VCPUcpu/MEMORY[@PRICE/h|@PRICE/month][:k3s|:kubeadm], e.g. onprem=8cpu/64Gi@0.40/h',
    ]);
  });

  it('a spec file with constraints.daemonsetMemoryBytes set to a key: not shown, and the bound is a size (64Gi), not 68719476736 bytes', async () => {
    const spec = join(dir, 'ds.yaml');
    writeFileSync(spec, `points: 1M\ncollection: {vectors: {size: 8, distance: Cosine}}\nconstraints: {daemonsetMemoryBytes: "${KEY}"}\n`);
    const r = await qsize(['--spec', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain(KEY);
    expect(errors(r.stderr)[0]).toMatch(/constraints\.daemonsetMemoryBytes: got a value that looks like a secret \(24 characters, not shown\), expected a size from 0 to 64Gi/);
  });

  it('the library says the same and shows neither (recommend with placement.nodes and daemonsetMemoryBytes)', () => {
    expect(() => recommend(SMALL as never, { placement: { nodes: [KEY] } } as never)).toThrow(/placement\.nodes\.0: got a value that looks like a secret/);
    expect(() => recommend(SMALL as never, { daemonsetMemoryBytes: KEY } as never)).toThrow(/daemonsetMemoryBytes: got a value that looks like a secret/);
    for (const c of [{ placement: { nodes: [KEY] } }, { daemonsetMemoryBytes: KEY }]) {
      try {
        recommend(SMALL as never, c as never);
      } catch (e) {
        expect(String((e as Error).message)).not.toContain(KEY);
      }
    }
  });

  it('a key in one part of --node (the name, the memory, the price) is not repeated, neither in the value nor in the hint', async () => {
    for (const node of [`${KEY}=4cpu/4Gi`, `vm=4cpu/${KEY}`, `vm=4cpu/4Gi@${KEY}/h`]) {
      const r = await qsize(['--vectors', '1M', '--dim', '8', '--node', node]);
      expect(r.status, node).toBe(2);
      expect(r.stderr, node).not.toContain(KEY);
      expect(errors(r.stderr)[0], node).toContain(`--node: got a value that looks like a secret (${node.length} characters, not shown)`);
    }
  });

  it('a value that is no secret is still shown as typed: --node vm4cpu (no "="), and a bad memory in the hint', async () => {
    const m = await qsize(['--vectors', '1M', '--dim', '8', '--node', 'vm=4cpu/4Gx']);
    expect(errors(m.stderr)[0]).toContain('--node: got "vm=4cpu/4Gx", expected NAME=VCPUcpu/MEMORY');
    expect(errors(m.stderr)[0]).toContain('(memory "4Gx" must be a size from 256Mi to 64Ti, like 64Gi)');

    const r = await qsize(['--vectors', '1M', '--dim', '8', '--node', 'vm4cpu']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toContain('--node: got "vm4cpu", expected NAME=VCPUcpu/MEMORY');
  });
});

describe('compare: every money cell of a row in one currency, and unpriced lines said (as the quote says them)', () => {
  it('compare cloud aws gcp --currency EUR: the commitment and spot columns are in euros too (they stayed in dollars beside a euro Per month)', async () => {
    const r = await qsize(['compare', 'cloud', 'aws', 'gcp', '--vectors', '1M', '--dim', '768', '--currency', 'EUR']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\s+(aws|gcp)\s/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).not.toContain('$');
      // Per month, 1-year, 3-year, spot: four amounts in euros.
      expect(row.match(/€[\d,]+\.\d\d/g), row).toHaveLength(4);
    }
    // Each cell is the USD total of that model × 1 / 1.1172 (the ECB rate of data/catalogs/currency-rates.csv), rounded
    // once to the cent.
    const j = JSON.parse((await qsize(['compare', 'cloud', 'aws', 'gcp', '--vectors', '1M', '--dim', '768', '-o', 'json'])).stdout);
    const aws = j.rows[0].pricingModels.find((m: { model: string }) => m.model === '1y').monthlyUsd as number;
    const eur = Math.round((aws / 1.1172) * 100) / 100;
    expect(rows[0]).toContain(`€${eur.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });

  it('compare m 8 16 on your own nodes at $0.10/h: 3 × 730 h × $0.10 = $219.00 + 3 unpriced lines (the volumes and snapshots); it read $219.00', async () => {
    const r = await qsize(['compare', 'm', '8', '16', '--vectors', '1M', '--dim', '768', '--node', 'vm=4cpu/16Gi@0.1/h', '--peers', '3']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\s*(8|16)\s/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\$219\.00 \+ 3 unpriced lines$/);
  });

  it('compare on-disk on your own nodes without a price: "$0.00 (no line priced)", as the quote says (it read a bare $0.00)', async () => {
    const r = await qsize(['compare', 'on-disk', '--vectors', '1M', '--dim', '768', '--node', 'vm=4cpu/16Gi', '--peers', '3']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\s*(true|false)\s/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\$0\.00 \(no line priced\)$/);
  });
});

describe('timeline on your own nodes: a month whose bill leaves lines out says so (it read $0.00 for nodes without a price)', () => {
  const args = ['timeline', '--vectors', '1M', '--dim', '768', '--growth', '1M', '--horizon', '2', '--peers', '3'];

  it('no price at all: every month reads "$0.00 (no line priced)", the CSV notes it, the JSON carries unpriced', async () => {
    const r = await qsize([...args, '--node', 'vm=4cpu/16Gi']);
    expect(r.status, r.stderr).toBe(0);
    const months = r.stdout.split('\n').filter((l) => /^\s+[0-2]\s+\d+M\s/.test(l));
    expect(months).toHaveLength(3);
    for (const m of months) expect(m).toContain('$0.00 (no line priced)');
    expect(r.stdout).toContain('per month (no line priced).');
    expect(r.stdout).not.toContain('(no line priced) per month');
    const csv = (await qsize([...args, '--node', 'vm=4cpu/16Gi', '-o', 'csv'])).stdout.trim().split('\n');
    for (const row of csv.slice(1)) expect(row.endsWith(',no line priced'), row).toBe(true);
    const j = JSON.parse((await qsize([...args, '--node', 'vm=4cpu/16Gi', '-o', 'json'])).stdout);
    // A node, a data volume, a snapshot volume, snapshots in object storage: four lines, none priced (no control plane on your own nodes).
    for (const m of j.timeline.months) expect(m.unpriced).toEqual({ lines: 4, of: 4 });
  });

  it('nodes at $0.10/h: 3 × 730 h × $0.10 = $219.00 + 3 unpriced lines (volumes, snapshots) each month, and in the plan sentence', async () => {
    const r = await qsize([...args, '--node', 'vm=4cpu/16Gi@0.1/h']);
    expect(r.status, r.stderr).toBe(0);
    const months = r.stdout.split('\n').filter((l) => /^\s+[0-2]\s+\d+M\s/.test(l));
    for (const m of months) expect(m).toContain('$219.00 + 3 unpriced lines');
    expect(r.stdout).toContain('$219.00 + 3 unpriced lines per month (prices as given).');
  });

  it('a cloud plan has no note (every line priced): no unpriced key, no note', async () => {
    const j = JSON.parse((await qsize([...args, '--cloud', 'aws', '-o', 'json'])).stdout);
    for (const m of j.timeline.months) expect(m.unpriced).toBeUndefined();
  });
});

describe('observe --emit on a cluster whose collection is named docs.v2 (a name Qdrant takes)', () => {
  let dir: string;
  const fixture = (name: string) => {
    const text = readFileSync(join(ROOT, 'test/observe/fixtures/cluster.json'), 'utf8');
    const enc = encodeURIComponent(name);
    return text
      .replaceAll('"docs"', JSON.stringify(name))
      .replaceAll('/collections/docs', `/collections/${enc}`)
      .replaceAll('id=\\"docs\\"', `id=\\"${name}\\"`)
      .replaceAll('collection=\\"docs\\"', `collection=\\"${name}\\"`);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the re-plan for docs.v2: the create request goes to /collections/docs.v2 (it read "--collection: got docs.v2", a flag never typed)', async () => {
    const rec = join(dir, 'v2.json');
    writeFileSync(rec, fixture('docs.v2'));
    const out = join(dir, 'next');
    const r = await qsize(['observe', '--from', rec, '--growth', '1M', '--emit', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'docs.v2', 'README.md'), 'utf8')).toContain('"$QDRANT_URL/collections/docs.v2?wait=true"');
  });

  it('a name the files cannot carry ("my docs") is refused naming --emit and the collection, before any file is written', async () => {
    const rec = join(dir, 'space.json');
    writeFileSync(rec, fixture('my docs'));
    const out = join(dir, 'space-next');
    const specs = join(dir, 'space-specs');
    const r = await qsize(['observe', '--from', rec, '--growth', '1M', '--emit', out, '--spec-out', specs]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toContain('expected collections whose names the files can carry (letters, digits, ".", "_" and "-" (not dots alone)); collection "my docs" is not one');
    expect(errors(r.stderr)[0]).toMatch(/^qsize: --emit: /);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(specs)).toBe(false);
  });

  it('emit --collection .. is refused (the parent path in a URL); docs.v2 is taken', async () => {
    const bad = await qsize(['emit', '--vectors', '1M', '--dim', '8', '--target', 'collection', '--out', join(dir, 'dots'), '--collection', '..']);
    expect(bad.status).toBe(2);
    expect(errors(bad.stderr)[0]).toContain('--collection: got "..", expected letters, digits, ".", "_" and "-" (not dots alone)');
    const ok = await qsize(['emit', '--vectors', '1M', '--dim', '8', '--target', 'collection', '--out', join(dir, 'v2'), '--collection', 'docs.v2']);
    expect(ok.status, ok.stderr).toBe(0);
  });
});

describe('-o markdown: the plan table\'s cost says the unpriced lines, as the bill heading under it does', () => {
  it('own nodes at $0.10/h: "| Cost per month | $219.00 + 3 unpriced lines |" (3 × 730 h × $0.10; it read $219.00 alone)', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--node', 'vm=4cpu/16Gi@0.1/h', '--peers', '3', '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('| Cost per month | $219.00 + 3 unpriced lines |');
    expect(r.stdout).toContain('## The bill: $219.00 + 3 unpriced lines per month');
  });

  it('the emit README too: "$219.00 + 3 unpriced lines a month at the prices you gave for your nodes" (it read "$219.00 a month at the prices of custom own")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-'));
    try {
      const r = await qsize(['emit', '--vectors', '1M', '--dim', '768', '--node', 'vm=4cpu/16Gi@0.1/h', '--peers', '3', '--target', 'helm', '--out', dir]);
      expect(r.status, r.stderr).toBe(0);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(readme).toContain('$219.00 + 3 unpriced lines a month at the prices you gave for your nodes (prices as given):');
      expect(readme).not.toContain('custom own');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cloud plan, every line priced: no note', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--cloud', 'aws', '-o', 'markdown']);
    expect(r.stdout).toMatch(/\| Cost per month \| \$[\d,]+\.\d\d \|/);
  });
});

describe('docs/cli.md said --currency works on every command that shows money; catalog shows USD prices and refuses it', () => {
  it('catalog --currency EUR: exit 2 naming the commands that take it, as the page now says', async () => {
    const r = await qsize(['catalog', '--cloud', 'gcp', '--currency', 'EUR']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toBe('qsize: --currency is not a flag of qsize catalog; qsize, qsize compare, qsize timeline, qsize emit, qsize observe take it'); // observe since s32 (--growth's re-plan)
    const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    expect(doc).toContain("`catalog` lists the catalogs' own prices, in USD as published");
  });
});

describe('renderQuote (the library) with a format it has not: a QsizeInputError naming the format (it was a TypeError)', () => {
  it("renderQuote(r, 'pdf') rejects with format: got \"pdf\", expected one of text, markdown, json, yaml, csv", async () => {
    const { renderQuote } = await import('../../src/index.js');
    const r = recommend(SMALL as never);
    await expect(renderQuote(r, 'pdf' as never)).rejects.toThrow('format: got "pdf", expected one of text, markdown, json, yaml, csv');
    expect(await renderQuote(r, 'csv')).toMatch(/^section,name,value/);
  });
});

describe('the emit renderers from the library: what is not a plan, or a target they lack, is named (TypeErrors, or nothing written)', () => {
  it('renderAll(recommendation) instead of renderAll(recommendation.plan): says to pass .plan (it was "Cannot read properties of undefined")', async () => {
    const { renderAll, renderHelmValues } = await import('../../src/index.js');
    const r = recommend(SMALL as never);
    expect(() => renderAll(r as never)).toThrow('plan: got "qsize.recommendation/v1", expected a plan from recommend() (schemaVersion qsize.plan/v1) (this is a recommendation: pass its .plan)');
    expect(() => renderHelmValues(null as never)).toThrow('plan: got null, expected a plan from recommend()');
    expect(renderAll(r.plan).map((f) => f.path)).toContain('helm/values.yaml');
  });

  it("renderFileSet(plan, {}, ['pdf']): refused naming the target and the five there are (it returned an empty set)", async () => {
    const { renderFileSet } = await import('../../src/index.js');
    const r = recommend(SMALL as never);
    expect(() => renderFileSet(r.plan, {}, ['pdf' as never])).toThrow('targets: got "pdf", expected one of helm, operator, kubeblocks, collection, networkpolicy');
    expect(renderFileSet(r.plan, {}, ['collection']).files.map((f) => f.path)).toEqual(['collection/create-collection.json']);
  });
});

describe('observe --from a recording cut by hand: exit 2 saying what is missing (it was exit 1, an internal error)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a peer without its replies: names peers.0.replies', async () => {
    const f = join(dir, 'cut.json');
    writeFileSync(f, JSON.stringify({ schemaVersion: 'qsize.observe-recording/v1', recordedAt: '2026-12-01T00:00:00Z', peers: [{ url: 'http://q0:6333' }] }));
    const r = await qsize(['observe', '--from', f]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --from: got ${JSON.stringify(f)}, expected a recording with schemaVersion qsize.observe-recording/v1 (written by qsize observe --record) (peers.0.replies: not an object of replies by request)`]);
  });

  it('no recordedAt: named (the report read "recorded undefined")', async () => {
    const f = join(dir, 'undated.json');
    writeFileSync(f, JSON.stringify({ schemaVersion: 'qsize.observe-recording/v1', peers: [] }));
    const r = await qsize(['observe', '--from', f]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toContain('(recordedAt: not an ISO time string)');
  });

  it('the library: observe({}) is a QsizeValidationError naming the recording (it was "recording.peers is not iterable")', async () => {
    const { observe } = await import('../../src/index.js');
    expect(() => observe({} as never)).toThrow('recording: expected a recording with schemaVersion qsize.observe-recording/v1, as recordCluster or qsize observe --record writes it (schemaVersion: not qsize.observe-recording/v1)');
  });

  it('the shipped fixture still reads', async () => {
    const r = await qsize(['observe', '--from', join(ROOT, 'test/observe/fixtures/cluster.json')]);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('currencyView / currencyRate with no code (the library): unknown like any other code, not a TypeError', () => {
  it('currencyView(undefined) names --currency and the codes; currencyRate(undefined) is a CurrencyError', async () => {
    const { currencyView, currencyRate } = await import('../../src/index.js');
    expect(() => currencyView(undefined as never)).toThrow('--currency: got nothing, expected a currency of data/catalogs/currency-rates.csv: USD, EUR');
    expect(() => currencyRate(undefined as never)).toThrow(expect.objectContaining({ name: 'CurrencyError', code: 'unknown-currency' }));
  });
});

describe('--quantization refused on an older Qdrant: the modes it has are named as the flag spells them too (only bits1, ... one_bit were)', () => {
  it('turbo-8 on 1.19.0: TurboQuant 8-bit from 1.20 (qdrant-client 1.20.0 TurboQuantBitSize Bits8); the flag spellings turbo-1 to turbo-4', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--quantization', 'turbo-8', '--qdrant-version', '1.19.0']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --quantization: got "turbo-8", expected bits1, bits1_5, bits2 or bits4 (bits8 exists from Qdrant 1.20; this workload is 1.19.0; as --quantization: turbo-1, turbo-1.5, turbo-2 or turbo-4)']);
  });

  it('binary-2 on 1.12.0: binary-1 only (1.5- and 2-bit encodings from 1.15)', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--quantization', 'binary-2', '--qdrant-version', '1.12.0']);
    expect(errors(r.stderr)).toEqual(['qsize: --quantization: got "binary-2", expected one_bit (1.5-bit and 2-bit encodings exist from Qdrant 1.15; this workload is 1.12.0; as --quantization: binary-1)']);
  });
});

describe('explain --qdrant-version 1.20.0 --vs 1.19.2 with a 1.20 setting: said to be refused at --vs (it read as if asked at 1.19.2)', () => {
  it('--id-tracker-memory cold (the id tracker tier exists from 1.20, qdrant-client 1.20.0 IdTrackerParams): names --vs 1.19.2 and 1.20.0', async () => {
    const r = await qsize(['explain', '--vectors', '1M', '--dim', '8', '--qdrant-version', '1.20.0', '--vs', '1.19.2', '--id-tracker-memory', 'cold']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      'qsize: --id-tracker-memory: got "cold", expected no "id_tracker" setting: the id tracker\'s memory tier exists from Qdrant 1.20 (this workload is 1.19.2) (at --vs 1.19.2, the version compared with 1.20.0, which takes it)',
    ]);
  });

  it('without the 1.20 setting the comparison runs', async () => {
    const r = await qsize(['explain', '--vectors', '1M', '--dim', '8', '--qdrant-version', '1.20.0', '--vs', '1.19.2']);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('--family or --instance-type beside --node: the conflict named as --cloud\'s is (it read "nearest: vm", a node name taken for a family)', () => {
  it('qsize --node vm=4cpu/16Gi --family r6i, and --instance-type r6i.large: exit 2, "no catalog instance family with your own nodes"', async () => {
    const f = await qsize(['--vectors', '1M', '--dim', '8', '--node', 'vm=4cpu/16Gi', '--family', 'r6i']);
    expect(f.status).toBe(2);
    expect(errors(f.stderr)).toEqual(['qsize: --family: got "r6i", expected no catalog instance family (your nodes are the offers) with your own nodes (constraints.placement.nodes, --node) (the plan runs on the nodes you gave only; drop one or the other)']);
    const t = await qsize(['--vectors', '1M', '--dim', '8', '--node', 'vm=4cpu/16Gi', '--instance-type', 'r6i.large']);
    expect(t.status).toBe(2);
    expect(errors(t.stderr)[0]).toMatch(/^qsize: --instance-type: got "r6i\.large", expected no catalog instance type/);
  });
});

describe("the quote's CSV timeline rows on your own nodes say the unpriced lines in value (monthly_usd 0 read as free nodes)", () => {
  it('qsize --node vm=4cpu/16Gi --growth 1M -o csv: each timeline row reads "3 × vm (no line priced)"', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--growth', '1M', '--horizon', '2', '--peers', '3', '--node', 'vm=4cpu/16Gi', '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('timeline,Month'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^timeline,Month \d,3 × vm \(no line priced\),/);
  });
});
