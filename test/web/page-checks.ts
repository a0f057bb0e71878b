/**
 * Checks of the web page that hold in every browser, written once against a small driver (`WebPage`) and run by
 * each browser's test file: Chromium through playwright-core (web.test.ts), Firefox ESR through puppeteer-core
 * (firefox.test.ts), WebKitGTK through selenium-webdriver (webkit.test.ts). Each expected value comes from the library called with the input written by hand in its own
 * shapes, or from the CLI's own stderr: never from the page.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import { qsize, ROOT } from '../cli/run.js';

type Lib = typeof import('../../src/index.js');

/** What the checks need of an open page, whatever drives the browser. */
export interface WebPage {
  /** An attribute of the first element the selector matches (null when absent). */
  attr(selector: string, name: string): Promise<string | null>;
  /** The text content of the first element the selector matches ('' when it has none). */
  text(selector: string): Promise<string>;
  /** How many elements the selector matches. */
  count(selector: string): Promise<number>;
  /** The current value of a form field. */
  inputValue(selector: string): Promise<string>;
  visible(selector: string): Promise<boolean>;
  /** The text content of every element the selector matches, in order. */
  texts(selector: string): Promise<string[]>;
  /**
   * Every URL the page has requested since it was opened, but data: and blob: URLs (its own fonts and downloads), as
   * the browser reports them: Chromium reports file:// requests (the page, quote-data.js), Firefox's BiDi none, and
   * WebKitGTK's Resource Timing (the page's own list, read over WebDriver classic) none.
   */
  requested(): Promise<string[]>;
  /** Whether requested() sees file:// requests. */
  readonly seesFileRequests: boolean;
  /** Lets the page read one more URL without the watch failing the test (quote-data.js, once a region is chosen). */
  allow(url: string): void;
  /**
   * Lets the page try to read a file that is not there: the request, and the one console error the browser reports
   * for it (Chromium: `Failed to load resource: net::ERR_FILE_NOT_FOUND`; Firefox: a message naming the file).
   */
  allowMissing(url: string): void;
  /** Types or selects a field's value as a user does (a folded field is opened first) and waits for its recompute. */
  setField(key: string, value: string): Promise<void>;
  url(): Promise<string>;
}

/**
 * on-demand.js beside the built page: the line items' sources and notes and the CSV and zip writers, which the page reads
 * on the first explanation of a line item or download of the quote or the zip (web/src/on-demand.ts).
 */
export const ON_DEMAND_URL = pathToFileURL(join(ROOT, 'dist/web/on-demand.js')).href;

/** Opens a URL in a fresh page whose requests, console errors and page errors are watched. */
export type OpenPage = (url: string) => Promise<WebPage>;

/** Clicks a download button of the page (its id) and returns the bytes the browser saved. */
export type Download = (page: WebPage, button: string) => Promise<Buffer>;

/** Every file under a folder, by its path relative to it. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** The number behind a figure the page shows (its data-value), as recommend() gives it. */
export async function valueOf(page: WebPage, id: string): Promise<number> {
  return Number(await page.attr(`[data-explain="${id}"]`, 'data-value'));
}

/** The peers, shards, memory, cost, placement, bill, checks and alternatives of a typed workload are recommend()'s. */
export async function typedWorkloadIsRecommends(open: OpenPage, pageUrl: string, lib: Lib, browser: string): Promise<void> {
  const page = await open(pageUrl);
  await page.setField('vectors', '50M');
  await page.setField('dim', '1024');
  await page.setField('quantization', 'scalar');
  await page.setField('replication', '3');
  // The same input written by hand in the library's own shapes (not through the page's or the CLI's mapping).
  const r = lib.recommend(
    { points: 50_000_000, collection: { vectors: { size: 1024, distance: 'Cosine', quantization_config: { scalar: { type: 'int8' } } } } },
    { replicationFactor: 3 },
  );
  expect(await page.attr('body', 'data-state')).toBe('ok');
  expect(await valueOf(page, 'plan.peers')).toBe(r.plan.peers);
  expect(await valueOf(page, 'plan.shards')).toBe(r.plan.shardNumber);
  expect(await valueOf(page, 'plan.monthlyUsd')).toBe(r.plan.cost.monthlyUsd);
  expect(await valueOf(page, 'perPeer.residentBytes')).toBe(r.plan.perPeer.residentBytes);
  expect(await valueOf(page, 'perPeer.pageCacheBytes')).toBe(r.plan.perPeer.pageCacheBytes);
  expect(await valueOf(page, 'perPeer.diskBytes')).toBe(r.plan.perPeer.diskBytes);
  expect(await page.text('[data-explain="plan.peers"]')).toBe(`${r.plan.peers} × ${r.plan.node.instanceType}`);
  // The placement drawing has one box per peer, each with its shard replicas, every shard replicationFactor times.
  expect(await page.count('svg.placement g.peer')).toBe(Math.min(r.plan.peers, 48));
  if (r.plan.peers <= 48) expect(await page.count('svg.placement g.shard')).toBe(r.plan.shardNumber * r.plan.replicationFactor);
  // The bill lists every cost line; the checks and alternatives are the plan's.
  expect(await page.count('#bill tbody tr')).toBe(r.plan.cost.lineItems.length);
  expect(await page.count('#checks li')).toBe(r.plan.checks.length);
  expect(await page.count('#alternatives tbody tr')).toBe(r.alternatives.length);
  console.log(
    `web: one recompute in ${browser} took ${await page.attr('body', 'data-compute-ms')} ms, with drawing ${await page.attr('body', 'data-render-ms')} ms (50M × 1024-d, scalar, replication 3)`,
  );
}

/** A bad value is said beside its field in the CLI's words, and the page recovers when it is mended. */
export async function invalidValueIsTheClisMessage(open: OpenPage, pageUrl: string): Promise<void> {
  const page = await open(`${pageUrl}#vectors=1M&dim=8`);
  await page.setField('dim', '0');
  expect(await page.attr('body', 'data-state')).toBe('error');
  const dimError = await page.text('#e-dim');
  expect(dimError).toBe('--dim: got "0", expected a whole number from 1 to 65536');
  expect(qsize(['--vectors', '1M', '--dim', '0']).stderr.trim()).toBe(`qsize: ${dimError}`);
  expect(await page.attr('#f-dim', 'aria-invalid')).toBe('true');
  expect(await page.visible('#banner')).toBe(true);
  // A rule the library's schema checks (zod), not the flag parser: placed beside the flag that set it.
  // (With no --replication, qsize chooses a factor of at least the write consistency: the rule binds a given one.)
  await page.setField('dim', '8');
  await page.setField('replication', '2');
  await page.setField('write-consistency', '3');
  const wcf = await page.text('#e-write-consistency');
  expect(qsize(['--vectors', '1M', '--dim', '8', '--replication', '2', '--write-consistency', '3']).stderr.trim()).toBe(`qsize: ${wcf}`);
  // A broken pasted config is reported beside the paste box.
  await page.setField('write-consistency', '');
  await page.setField('replication', '');
  await page.setField('config', '{ "vectors": ');
  expect(await page.text('#e-config')).toMatch(/^collection config: expected JSON/);
  await page.setField('config', '');
  expect(await page.attr('body', 'data-state')).toBe('ok');
  expect(await page.text('#e-dim')).toBe('');
}

/** The page's link reopens the same inputs and figures; a name the page does not know is said, not dropped. */
export async function sharedLinkRestores(open: OpenPage, pageUrl: string, browser: string): Promise<void> {
  const page = await open(pageUrl);
  await page.setField('vectors', '250M');
  await page.setField('dim', '1536');
  await page.setField('quantization', 'binary-2');
  await page.setField('on-disk', 'true');
  await page.setField('cloud', 'gcp');
  await page.setField('growth', '10M');
  const link = await page.url();
  expect(link).toContain('#');
  const headline = await page.text('#headline');
  const cost = await valueOf(page, 'plan.monthlyUsd');
  const again = await open(link);
  expect(await again.inputValue('#f-vectors')).toBe('250M');
  expect(await again.inputValue('#f-quantization')).toBe('binary-2');
  expect(await again.inputValue('#f-on-disk')).toBe('true');
  expect(await again.text('#headline')).toBe(headline);
  expect(await valueOf(again, 'plan.monthlyUsd')).toBe(cost);
  expect(await again.visible('#growth-chart')).toBe(true);
  console.log(`web: first draw in ${browser} after opening a link (with a growth timeline) ${await again.attr('body', 'data-render-ms')} ms`);
  const odd = await open(`${link}&vectorz=5M`);
  expect(await odd.text('#url-note')).toBe('The link\'s "vectorz" is not a field of this page and was ignored.');
}

/**
 * With growth the page shows the timeline's limit line in the CLI's words: `qsize -o json`'s timeline.shardLimit label and
 * detail. RF 2 in 3 zones survives on at most (2 − 1) × 3 = 3 peers, fewer than any S × 2 with S ≥ 2, so it is the
 * zone limit; without --zones the same workload's is the shard count's.
 */
export async function growthLimitIsTheClis(open: OpenPage, pageUrl: string): Promise<void> {
  const line = (flags: string[]) => {
    const l = (JSON.parse(qsize([...flags, '-o', 'json']).stdout) as { timeline: { shardLimit: { label: string; detail: string } } }).timeline.shardLimit;
    return `${l.label}: ${l.detail}`;
  };
  const flags = ['--vectors', '10M', '--dim', '768', '--cloud', 'aws', '--growth', '3M'];
  const page = await open(`${pageUrl}#vectors=10M&dim=768&cloud=aws&growth=3M&zones=3`);
  expect(await page.attr('body', 'data-state')).toBe('ok');
  const zoned = line([...flags, '--zones', '3']);
  expect(zoned).toMatch(/^Zone limit: with --zones 3, replication 2 survives losing a zone on at most 3 peers /);
  expect(await page.text('#growth-limit')).toBe(zoned);
  await page.setField('zones', '');
  const plain = line(flags);
  expect(plain).toMatch(/^Shard count limit: shard_number \d+ × replication 2 allows at most \d+ peers holding data/);
  expect(await page.text('#growth-limit')).toBe(plain);
}

/** What `qsize ... -o json` says of the plan, for the checks that hold the page to the CLI. */
interface CliPlan {
  peers: number;
  node: { instanceType: string; region: string };
  cost: { monthlyUsd: number; lineItems: { missingPrice?: boolean }[] };
}
const cliPlan = (flags: string[]) => (JSON.parse(qsize([...flags, '-o', 'json']).stdout) as { plan: CliPlan }).plan;

/**
 * A region reads quote-data.js once, from file:// beside the page, and prices the plan, its warnings and its bill as
 * `qsize --region` does; `each` adds a browser's own checks for every region (Chromium's downloads).
 */
export async function regionPricesAsTheCli(
  open: OpenPage,
  pageUrl: string,
  each: (page: WebPage, flags: string[]) => Promise<void> = async () => {},
): Promise<void> {
  const page = await open(`${pageUrl}#vectors=100M&dim=768`);
  // Opened and planned without a region: nothing but the page was read.
  expect((await page.requested()).filter((u) => u.split('#')[0] !== pageUrl)).toEqual([]);
  const data = pathToFileURL(join(ROOT, 'dist/web/quote-data.js')).href;
  page.allow(data);
  // GCP europe-west4: regional instance prices (instance-prices-regional.csv) and pd-balanced / GCS prices
  // (storage-regional.csv); then a 1-year commitment there (commitment-prices.csv); then AWS eu-west-1, where no
  // dated table prices EBS or S3.
  for (const [region, pricing] of [['europe-west4', ''], ['europe-west4', '1y'], ['eu-west-1', '']] as const) {
    await page.setField('region', region);
    await page.setField('pricing', pricing);
    expect(await page.attr('body', 'data-state')).toBe('ok');
    const flags = ['--vectors', '100M', '--dim', '768', '--region', region, ...(pricing ? ['--pricing', pricing] : [])];
    const cli = cliPlan(flags);
    expect(cli.node.region).toBe(region);
    expect(await valueOf(page, 'plan.monthlyUsd'), flags.join(' ')).toBe(cli.cost.monthlyUsd);
    expect(await valueOf(page, 'plan.peers')).toBe(cli.peers);
    expect(await page.text('[data-explain="plan.peers"]')).toBe(`${cli.peers} × ${cli.node.instanceType}`);
    // The page's warnings are the CLI's, the regional tables' age included (one rule: quoteTablesUsed).
    const stderr = qsize(flags).stderr.split('\n').filter((l) => l.startsWith('qsize: warning: ')).map((l) => l.slice('qsize: warning: '.length));
    expect(await page.texts('#warnings li')).toEqual(stderr);
    // A line no catalog row prices is `not included`, never $0.00, and the total says how many it leaves out, as the
    // CLI's quote does.
    const cells = await page.texts('#bill tbody tr td:last-child');
    expect(cells.map((c) => c === 'not included')).toEqual(cli.cost.lineItems.map((l) => l.missingPrice === true));
    const unpriced = cli.cost.lineItems.filter((l) => l.missingPrice).length;
    if (region === 'eu-west-1') expect(unpriced).toBeGreaterThan(0);
    const total = await page.text('#bill tfoot [data-explain="plan.monthlyUsd"]');
    expect((await page.text('#bill tfoot')).endsWith(unpriced === 0 ? total : ` + ${unpriced} unpriced line${unpriced === 1 ? '' : 's'}`)).toBe(true);
    await each(page, flags);
  }
  // One script element, read once: the DOM in every browser, the request where the browser reports file:// ones.
  expect(await page.count('script[src$="quote-data.js"]')).toBe(1);
  expect((await page.requested()).filter((u) => u === data)).toEqual(page.seesFileRequests ? [data] : []);
  // Back to no region: the base catalog, as before.
  await page.setField('region', '');
  expect(await valueOf(page, 'plan.monthlyUsd')).toBe(cliPlan(['--vectors', '100M', '--dim', '768']).cost.monthlyUsd);
  // A region no table prices: the CLI's message beside the field.
  await page.setField('region', 'mars-north1');
  expect(await page.attr('body', 'data-state')).toBe('error');
  expect(qsize(['--vectors', '100M', '--dim', '768', '--region', 'mars-north1']).stderr.trim()).toBe(`qsize: ${await page.text('#e-region')}`);
}

/**
 * A whole GET /collections/{name} reply, as Qdrant returns it, whose payload_schema has a text index (`tokenizer`) and a
 * keyword index; `text: false` leaves the text index out.
 */
export function replyWithTextIndex(tokenizer: 'word' | 'prefix' | false): Record<string, unknown> {
  const text = tokenizer ? { title: { data_type: 'text', params: { type: 'text', tokenizer, lowercase: true }, points: 2_000_000 } } : {};
  return {
    result: {
      status: 'green',
      points_count: 2_000_000,
      config: { params: { vectors: { size: 384, distance: 'Cosine' }, shard_number: 2, replication_factor: 2 }, hnsw_config: { m: 16, ef_construct: 100 } },
      payload_schema: { ...text, tenant: { data_type: 'keyword', points: 2_000_000 } },
    },
    status: 'ok',
    time: 0.002,
  };
}

/** What `qsize --spec <file> -o json` says of a plan, its memory and its line items. */
interface CliSizing {
  plan: { peers: number; shardNumber: number; cost: { monthlyUsd: number }; perPeer: { residentBytes: number; pageCacheBytes: number; diskBytes: number }; estimate: { lineItems: { id: string; bytes: number }[] } };
}

/**
 * A pasted GET reply with a text payload index (word tokenizer, then prefix) loads text-tables.js once, from beside the
 * page, and is sized as `qsize --spec <the same reply> --vectors 2M` and recommend() size it: the same peers, shards,
 * cost, per-peer memory and line items. Before the paste, and with a reply without a text index, the page reads nothing
 * but itself (the watch fails the test on any request not allowed; text-tables.js is allowed only after).
 */
export async function pastedTextIndexIsTheClis(open: OpenPage, pageUrl: string, lib: Lib): Promise<void> {
  const page = await open(`${pageUrl}#vectors=2M`);
  const noText = JSON.stringify(replyWithTextIndex(false));
  await page.setField('config', noText);
  expect(await page.attr('body', 'data-state')).toBe('ok');
  expect(await valueOf(page, 'plan.monthlyUsd')).toBe(lib.recommend({ points: 2_000_000, collection: JSON.parse(noText) as never }, {}).plan.cost.monthlyUsd);
  expect(await page.count('script[src$="text-tables.js"]')).toBe(0);
  expect((await page.requested()).filter((u) => u.split('#')[0] !== pageUrl)).toEqual([]);
  const tables = pathToFileURL(join(ROOT, 'dist/web/text-tables.js')).href;
  page.allow(tables);
  const dir = mkdtempSync(join(tmpdir(), 'qsize-web-text-'));
  try {
    for (const tokenizer of ['word', 'prefix'] as const) {
      const reply = replyWithTextIndex(tokenizer);
      await page.setField('config', JSON.stringify(reply));
      expect(await page.attr('body', 'data-state'), tokenizer).toBe('ok');
      // The library on the same input, and the CLI on the same reply as a spec file.
      const r = lib.recommend({ points: 2_000_000, collection: reply as never }, {});
      writeFileSync(join(dir, 'spec.json'), JSON.stringify({ collection: reply }));
      const cli = (JSON.parse(qsize(['--spec', 'spec.json', '--vectors', '2M', '-o', 'json'], { cwd: dir }).stdout) as CliSizing).plan;
      expect(cli.estimate.lineItems.some((i) => i.id.includes('title')), 'the CLI sizes the text index').toBe(true);
      expect(r.plan.cost.monthlyUsd).toBe(cli.cost.monthlyUsd);
      expect(await valueOf(page, 'plan.peers')).toBe(cli.peers);
      expect(await valueOf(page, 'plan.shards')).toBe(cli.shardNumber);
      expect(await valueOf(page, 'plan.monthlyUsd')).toBe(cli.cost.monthlyUsd);
      expect(await valueOf(page, 'perPeer.residentBytes')).toBe(cli.perPeer.residentBytes);
      expect(await valueOf(page, 'perPeer.pageCacheBytes')).toBe(cli.perPeer.pageCacheBytes);
      expect(await valueOf(page, 'perPeer.diskBytes')).toBe(cli.perPeer.diskBytes);
      // Every line item of one copy, the text index's among them, with the CLI's bytes.
      const shown = await Promise.all(cli.estimate.lineItems.map(async (i) => [i.id, await valueOf(page, `item.${i.id}`)] as const));
      expect(shown).toEqual(cli.estimate.lineItems.map((i) => [i.id, i.bytes]));
      expect(await page.count('[data-explain^="item."]')).toBe(cli.estimate.lineItems.length);
      expect(await page.text('#e-config')).toBe('');
      console.log(`web: a pasted reply with a ${tokenizer}-tokenizer text index (2M points): one recompute ${await page.attr('body', 'data-compute-ms')} ms, with drawing ${await page.attr('body', 'data-render-ms')} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Read once: one script element in every browser, one request where the browser reports file:// ones.
  expect(await page.count('script[src$="text-tables.js"]')).toBe(1);
  expect((await page.requested()).filter((u) => u === tables)).toEqual(page.seesFileRequests ? [tables] : []);
}

/**
 * A recompute that may be slow is announced: the page shows "Computing…" (counted in `data-busy-shown`) and lets the
 * browser paint it before running recommend(), when the pasted config changes (a reply can bring a text index), when a
 * link carries a config, and when the last recompute's library call took over 100 ms (web/src/main.ts SLOW_COMPUTE_MS);
 * a quick plan's edit is computed at the next frame with no notice. Each announced plan ends with the notice gone.
 */
export async function slowRecomputeAnnounced(open: OpenPage, pageUrl: string): Promise<void> {
  const shown = async (page: WebPage) => Number((await page.attr('body', 'data-busy-shown')) ?? 0);
  const settled = async (page: WebPage) => {
    expect(await page.attr('body', 'data-state')).toBe('ok');
    expect(await page.visible('#banner')).toBe(false);
    expect(await page.attr('#results', 'aria-busy')).toBe(null);
  };
  // Whether the page takes the next edit as slow, from the last recompute's time it shows (rounded to 0.1 ms: a time
  // within that of the limit says nothing).
  const slowNext = async (page: WebPage): Promise<boolean | undefined> => {
    const ms = Number(await page.attr('body', 'data-compute-ms'));
    return Math.abs(ms - 100) < 0.1 ? undefined : ms > 100;
  };
  // The edits whose notice is checked choose an option: one recompute per edit (text typed key by key recomputes at
  // every key, and any of those can be slow on a busy machine).
  const page = await open(`${pageUrl}#vectors=2M`);
  expect(await shown(page)).toBe(0);
  let slow = await slowNext(page);
  await page.setField('quantization', 'scalar');
  if (slow !== undefined) expect(await shown(page)).toBe(slow ? 1 : 0);
  const before = await shown(page);
  // A pasted reply with a text index: announced before its first plan (and after text-tables.js loads).
  page.allow(pathToFileURL(join(ROOT, 'dist/web/text-tables.js')).href);
  await page.setField('config', JSON.stringify(replyWithTextIndex('prefix')));
  expect(await shown(page)).toBeGreaterThan(before);
  await settled(page);
  // The next edit: announced exactly when the plan just shown took over 100 ms to compute.
  const afterPaste = await shown(page);
  slow = await slowNext(page);
  await page.setField('quantization', 'binary-1');
  if (slow !== undefined) expect(await shown(page)).toBe(afterPaste + (slow ? 1 : 0));
  await settled(page);
  // A link with a pasted config: its first plan is announced.
  const linked = await open(`${pageUrl}#vectors=2M&config=${encodeURIComponent(JSON.stringify(replyWithTextIndex(false)))}`);
  expect(await shown(linked)).toBe(1);
  await settled(linked);
}

/**
 * The page copied without text-tables.js: a pasted reply with a text index is refused beside the paste box with the
 * file's name and what to do; a reply without one is sized as before.
 */
export async function missingTextTablesNamed(open: OpenPage): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qsize-web-alone-'));
  try {
    writeFileSync(join(dir, 'index.html'), readFileSync(join(ROOT, 'dist/web/index.html')));
    const pageUrl = pathToFileURL(join(dir, 'index.html')).href;
    const page = await open(`${pageUrl}#vectors=2M`);
    page.allowMissing(pathToFileURL(join(dir, 'text-tables.js')).href);
    await page.setField('config', JSON.stringify(replyWithTextIndex('word')));
    expect(await page.attr('body', 'data-state')).toBe('error');
    expect(await page.text('#e-config')).toBe("the text-index tables did not load: keep text-tables.js next to this page's index.html (the page reads it only for a text payload index)");
    await page.setField('config', JSON.stringify(replyWithTextIndex(false)));
    expect(await page.attr('body', 'data-state')).toBe('ok');
    expect(await page.text('#e-config')).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The spec, CSV, markdown and deployment zip the browser saves are what the CLI writes for the same flags, byte for byte. */
export async function downloadsAreTheClis(open: OpenPage, pageUrl: string, download: Download): Promise<void> {
  const flags = ['--vectors', '20M', '--dim', '1536', '--quantization', 'scalar', '--growth', '2M', '--replication', '3'];
  const page = await open(`${pageUrl}#vectors=20M&dim=1536&quantization=scalar&growth=2M&replication=3&customer-id=acme&namespace=vectors&api-key-secret=qdrant-key/api-key`);
  const dir = mkdtempSync(join(tmpdir(), 'qsize-web-'));
  try {
    // The spec needs nothing but the page; the quote and the zip are written once on-demand.js is in, read once.
    const spec = await download(page, 'dl-spec');
    expect(await page.count('script[src$="on-demand.js"]')).toBe(0);
    expect((await page.requested()).filter((u) => u.split('#')[0] !== pageUrl)).toEqual([]);
    page.allow(ON_DEMAND_URL);
    const csv = await download(page, 'dl-csv');
    const md = await download(page, 'dl-md');
    const zip = await download(page, 'dl-zip');
    const specPath = join(dir, 'qsize-spec.yaml');
    writeFileSync(specPath, spec);
    expect(csv.toString('utf8')).toBe(qsize([...flags, '-o', 'csv']).stdout);
    expect(md.toString('utf8')).toBe(qsize([...flags, '-o', 'markdown']).stdout);
    // The spec replays: the CLI reading it gives the same quote.
    expect(qsize(['--spec', specPath, '-o', 'csv']).stdout).toBe(csv.toString('utf8'));
    const out = join(dir, 'deploy');
    const emitted = qsize(['emit', '--spec', specPath, '--target', 'all', '--out', out, '--customer-id', 'acme', '--namespace', 'vectors', '--api-key-secret', 'qdrant-key/api-key']);
    expect(emitted.status).toBe(0);
    const cli = filesUnder(out);
    const zipped = new Map(Object.entries(unzipSync(new Uint8Array(zip))).map(([k, v]) => [k, Buffer.from(v)]));
    // .qsize-manifest.json is emit's record of what it wrote into the folder (for --force), not a deployment file.
    cli.delete('.qsize-manifest.json');
    expect([...zipped.keys()].sort()).toEqual([...cli.keys()].sort());
    for (const [path, bytes] of cli) expect(zipped.get(path)?.equals(bytes), path).toBe(true);
    expect(zipped.has('operator/qdrant-cluster.yaml')).toBe(true);
    // Same input, same archive (fixed entry order and timestamps).
    expect((await download(page, 'dl-zip')).equals(zip)).toBe(true);
    expect(await page.count('script[src$="on-demand.js"]')).toBe(1);
    expect((await page.requested()).filter((u) => u === ON_DEMAND_URL)).toEqual(page.seesFileRequests ? [ON_DEMAND_URL] : []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A currency shows every amount as `qsize --currency` does: the total, the bill, the alternatives, the rate note, the
 * command line, and the CSV, markdown and zip the browser saves.
 */
export async function currencyIsTheClis(open: OpenPage, pageUrl: string, download: Download): Promise<void> {
  const base = ['--vectors', '20M', '--dim', '1536', '--quantization', 'scalar', '--growth', '2M', '--replication', '3'];
  const page = await open(`${pageUrl}#vectors=20M&dim=1536&quantization=scalar&growth=2M&replication=3`);
  page.allow(ON_DEMAND_URL);
  const dir = mkdtempSync(join(tmpdir(), 'qsize-web-currency-'));
  try {
    for (const code of ['AED', 'EUR']) {
      await page.setField('currency', code);
      expect(await page.attr('body', 'data-state')).toBe('ok');
      const flags = [...base, '--currency', code];
      type CliQuote = {
        plan: { cost: { monthlyUsd: number; lineItems: { monthlyUsd: number }[] } };
        alternatives: { plan: { cost: { monthlyUsd: number } } }[];
        currency: { currency: string; unitsPerUsd: number; rateSource: string; rateAsOf: string; total: number; lineItems: { monthly: number }[] };
      };
      const json = JSON.parse(qsize([...flags, '-o', 'json']).stdout) as CliQuote;
      const text = qsize(flags);
      // An amount as the CLI's rule gives it: in minor units (2 digits for AED and EUR), en-US.
      const shown = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(amount);
      const total = '[data-explain="plan.monthlyUsd"]';
      // The USD figure stays the number behind the total (as the CLI's JSON keeps USD); the shown total is the CLI's.
      expect(await valueOf(page, 'plan.monthlyUsd')).toBe(json.plan.cost.monthlyUsd);
      expect(Number(await page.attr(total, 'data-amount'))).toBe(json.currency.total);
      expect(await page.text(total)).toBe(/^Cost per month: (.+)$/m.exec(text.stdout)?.[1]);
      expect(await page.text(total)).toBe(shown(json.currency.total));
      // Every bill line is the converted bill's own line (they add up to the total), as the CLI's JSON has them.
      const lines = await page.texts('#bill tbody tr td:last-child');
      expect(lines).toEqual(json.currency.lineItems.map((l) => shown(l.monthly)));
      expect(await page.text('#bill thead')).toContain('Unit price (USD)');
      // Each alternative: its USD amount × the rate, rounded to the minor unit on its own.
      const alternatives = await page.texts('#alternatives tbody tr td:nth-child(3)');
      expect(alternatives).toEqual(json.alternatives.map((a) => shown(Math.round(a.plan.cost.monthlyUsd * json.currency.unitsPerUsd * 100) / 100)));
      // The rate note, once on the page: the CLI's sentence (currency, rate, source, date).
      const note = await page.text('#currency-note');
      expect(await page.visible('#currency-note')).toBe(true);
      expect(text.stdout).toContain(note);
      for (const part of [`Amounts in ${code} at `, json.currency.rateSource, `rate as of ${json.currency.rateAsOf}`]) expect(note).toContain(part);
      expect((await page.text('#results')).split(`rate as of ${json.currency.rateAsOf}`).length - 1).toBe(1);
      // The page's warnings are the CLI's (the plan's, and the rate table's age when it is past its limit).
      const warnings = await page.texts('#warnings li');
      expect(warnings).toEqual(text.stderr.split('\n').filter((l) => l.startsWith('qsize: warning: ')).map((l) => l.slice('qsize: warning: '.length)));
      // The downloads are the CLI's with --currency, byte for byte.
      const csv = (await download(page, 'dl-csv')).toString('utf8');
      expect(csv).toBe(qsize([...flags, '-o', 'csv']).stdout);
      expect(csv.split('\n')[0]).toMatch(new RegExp(`,monthly_${code.toLowerCase()},currency_rate$`));
      expect((await download(page, 'dl-md')).toString('utf8')).toBe(qsize([...flags, '-o', 'markdown']).stdout);
      // The command line the page shows gives the same CSV; the link carries the field.
      const command = await page.text('#command');
      expect(command).toMatch(new RegExp(` --currency ${code}$`));
      expect(qsize(command.split(' ').slice(1).concat('-o', 'csv')).stdout).toBe(csv);
      expect(await page.url()).toContain(`currency=${code}`);
      // The zip: what the emit command the page shows writes (its README's cost lines in the currency), file for file.
      const emitCommand = await page.text('#emit-command');
      expect(emitCommand).toMatch(new RegExp(` --currency ${code}$`));
      const out = join(dir, code);
      mkdirSync(out);
      expect(qsize(emitCommand.split(' ').slice(1), { cwd: out }).status).toBe(0);
      const cli = filesUnder(join(out, 'deploy'));
      cli.delete('.qsize-manifest.json');
      const zipped = new Map(Object.entries(unzipSync(new Uint8Array(await download(page, 'dl-zip')))).map(([k, v]) => [k, Buffer.from(v)]));
      expect([...zipped.keys()].sort()).toEqual([...cli.keys()].sort());
      for (const [path, bytes] of cli) expect(zipped.get(path)?.equals(bytes), path).toBe(true);
      expect(zipped.get('README.md')?.toString('utf8')).toContain(`, in ${code} at `);
    }
    // A link with the currency opens on it.
    const again = await open(await page.url());
    expect(await again.inputValue('#f-currency')).toBe('EUR');
    expect(await again.text('[data-explain="plan.monthlyUsd"]')).toBe(await page.text('[data-explain="plan.monthlyUsd"]'));
    // Cleared: USD again, no note, the CLI's quote without --currency.
    await page.setField('currency', '');
    expect(await page.visible('#currency-note')).toBe(false);
    expect((await download(page, 'dl-csv')).toString('utf8')).toBe(qsize([...base, '-o', 'csv']).stdout);
    expect(await page.text('#command')).not.toContain('--currency');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
