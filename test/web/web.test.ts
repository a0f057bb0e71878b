/**
 * The web page (web/, built to dist/web/index.html) in a real Chromium, driven with playwright-core: the numbers
 * it shows are recommend()'s for the same input, its downloads are the CLI's output byte for byte, and no request
 * leaves the page (any request other than the page itself, any console error or page error fails the test).
 *
 * Needs Debian's `chromium` (apt-get install chromium; .ci/run installs it). Without it the file is skipped with
 * a one-line message, unless QSIZE_WEB=required (CI), where a missing browser fails. Screenshots of the main
 * states go to test/web/screenshots/ (gitignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize, ROOT } from '../cli/run.js';
import { findBrowser } from './browsers.js';
import {
  currencyIsTheClis,
  downloadsAreTheClis,
  invalidValueIsTheClisMessage,
  missingTextTablesNamed,
  ON_DEMAND_URL,
  slowRecomputeAnnounced,
  pastedTextIndexIsTheClis,
  regionPricesAsTheCli,
  replyWithTextIndex,
  growthLimitIsTheClis,
  sharedLinkRestores,
  typedWorkloadIsRecommends,
  valueOf as shownValue,
  type OpenPage,
  type WebPage,
} from './page-checks.js';

const CHROMIUM = findBrowser('Chromium', [{ name: 'chromium', paths: [process.env['QSIZE_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'], debian: 'chromium' }]);

const PAGE = join(ROOT, 'dist/web/index.html');
const PAGE_URL = pathToFileURL(PAGE).href;
const SHOTS = join(ROOT, 'test/web/screenshots');

/** The little of the DOM the page functions below read (the tests compile without the DOM library). */
interface DomLike {
  document: { body: { dataset: Record<string, string | undefined> }; documentElement: { scrollWidth: number } };
}

type Lib = typeof import('../../src/index.js');
let lib: Lib;
let browser: Browser;

/** Everything a page did that it must not: requests other than the page itself, console errors, page errors. */
interface Watch {
  violations: string[];
  allowed: Set<string>;
  /** Console errors expected (a missing file's, once allowMissing said so). */
  expectedConsole: RegExp[];
  /** Every URL requested, the page first. */
  requested: string[];
}
const watches: Watch[] = [];
const pageWatch = new WeakMap<Page, Watch>();
/** The playwright page behind a driver, for the checks only Chromium runs (downloads). */
const pages = new WeakMap<WebPage, Page>();
const contexts: BrowserContext[] = [];

async function open(url: string, options: { width?: number; height?: number; dark?: boolean; mobile?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 1000 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  const watch: Watch = { violations: [], allowed: new Set([url.split('#')[0] ?? url]), expectedConsole: [], requested: [] };
  pageWatch.set(page, watch);
  watches.push(watch);
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('blob:') && !u.startsWith('data:')) watch.requested.push(u);
    if (!watch.allowed.has(u.split('#')[0] ?? u) && !u.startsWith('blob:') && !u.startsWith('data:')) watch.violations.push(`request ${r.method()} ${u}`);
  });
  page.on('websocket', (ws) => watch.violations.push(`websocket ${ws.url()}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !watch.expectedConsole.some((r) => r.test(m.text()))) watch.violations.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => watch.violations.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-computed]');
  return page;
}

/**
 * Waits for the recompute that follows an edit: a later one than before the edit, with no event left waiting for its
 * frame (`data-pending`). Counting alone let a recompute of the previous field's `change` on blur pass for the edit's
 * own under load, and a shared link was read before growth reached it.
 */
async function edit(page: Page, action: () => Promise<void>): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-computed'));
  await action();
  await page.waitForFunction((n) => {
    const body = (globalThis as unknown as DomLike).document.body;
    return Number(body.dataset['computed']) > n && body.dataset['pending'] === undefined;
  }, before);
}

async function setField(page: Page, key: string, value: string): Promise<void> {
  // Folded fields are opened first, as a user would.
  const tag = await page.$eval(`#f-${key}`, (e) => {
    e.closest('details')?.setAttribute('open', '');
    return e.tagName;
  });
  await edit(page, async () => {
    if (tag === 'SELECT') await page.selectOption(`#f-${key}`, value);
    else await page.fill(`#f-${key}`, value);
  });
}

/** The page-checks driver over a playwright page. */
function driven(page: Page): WebPage {
  const watch = pageWatch.get(page)!;
  const view: WebPage = {
    attr: (selector, name) => page.getAttribute(selector, name),
    text: async (selector) => (await page.textContent(selector)) ?? '',
    count: (selector) => page.$$eval(selector, (e) => e.length),
    inputValue: (selector) => page.inputValue(selector),
    visible: (selector) => page.isVisible(selector),
    setField: (key, value) => setField(page, key, value),
    texts: (selector) => page.$$eval(selector, (e) => e.map((x) => x.textContent ?? '')),
    requested: async () => [...watch.requested],
    seesFileRequests: true,
    allow: (url) => watch.allowed.add(url),
    allowMissing: (url) => {
      watch.allowed.add(url);
      watch.expectedConsole.push(/^Failed to load resource: net::ERR_FILE_NOT_FOUND$/);
    },
    url: async () => page.url(),
  };
  pages.set(view, page);
  return view;
}
const openDriven: OpenPage = async (url) => driven(await open(url));
const valueOf = (page: Page, id: string) => shownValue(driven(page), id);

/** Clicks a download button; the quote and the zip read on-demand.js beside the page (its first time), which is allowed. */
async function download(page: Page, button: string): Promise<Buffer> {
  if (button !== 'dl-spec') pageWatch.get(page)?.allowed.add(new URL('on-demand.js', page.url()).href);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#${button}`)]);
  const path = await d.path();
  return readFileSync(path);
}


describe.skipIf(CHROMIUM.skip)('the web page in Chromium', () => {
  beforeAll(async () => {
    ensureBuilt();
    if (!existsSync(PAGE)) throw new Error('dist/web/index.html is missing: npm run build');
    const { chromium: executablePath } = CHROMIUM.paths();
    lib = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as Lib;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterEach(async () => {
    const found = watches.flatMap((w) => w.violations);
    watches.length = 0;
    for (const c of contexts.splice(0)) await c.close();
    expect(found).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the peers, memory and cost that recommend() gives for the typed workload', async () => {
    await typedWorkloadIsRecommends(openDriven, PAGE_URL, lib, 'Chromium');
  });

  it('switching quantization changes the cost to recommend()\'s for the new storage', async () => {
    const page = await open(`${PAGE_URL}#vectors=100M&dim=768`);
    const none = await valueOf(page, 'plan.monthlyUsd');
    await setField(page, 'quantization', 'binary-1');
    const binary = await valueOf(page, 'plan.monthlyUsd');
    const expected = lib.recommend({ points: 100_000_000, collection: { vectors: { size: 768, distance: 'Cosine', quantization_config: { binary: { encoding: 'one_bit' } } } } }, {});
    expect(none).toBe(lib.recommend({ points: 100_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, {}).plan.cost.monthlyUsd);
    expect(binary).toBe(expected.plan.cost.monthlyUsd);
    expect(binary).not.toBe(none);
  });

  it('an invalid value shows the CLI\'s message beside its field and the page keeps working', async () => {
    await invalidValueIsTheClisMessage(openDriven, PAGE_URL);
  });

  it('a shared link restores the same page', async () => {
    await sharedLinkRestores(openDriven, PAGE_URL, 'Chromium');
  });

  it("with growth, the timeline's limit line is the CLI's: the zone limit with zones, the shard count's without", async () => {
    await growthLimitIsTheClis(openDriven, PAGE_URL);
  });

  it('the spec, CSV, markdown and deployment zip equal what the CLI writes, byte for byte', async () => {
    await downloadsAreTheClis(openDriven, PAGE_URL, (page, button) => download(pages.get(page)!, button));
  });

  it('a region loads quote-data.js once, from file://, and prices the plan and its quote as qsize --region does', async () => {
    await regionPricesAsTheCli(openDriven, PAGE_URL, async (page, flags) => {
      expect((await download(pages.get(page)!, 'dl-csv')).toString('utf8')).toBe(qsize([...flags, '-o', 'csv']).stdout);
    });
  });

  it('a currency shows every amount as qsize --currency does: the total, the bill, the alternatives, the rate note, the command line, CSV, markdown and the zip', async () => {
    await currencyIsTheClis(openDriven, PAGE_URL, (page, button) => download(pages.get(page)!, button));
    // Two currencies, each with 5 CLI runs and 3 downloads: 45 s alone, past the 60 s default when the machine is busy.
  }, 180_000);

  it('in a region with a currency (the CLI\'s example: GCP me-central1, Doha, in AED) the quote is qsize --region --currency\'s', async () => {
    const page = await open(`${PAGE_URL}#vectors=10M&dim=768&currency=AED`);
    watches.at(-1)?.allowed.add(pathToFileURL(join(ROOT, 'dist/web/quote-data.js')).href);
    await setField(page, 'region', 'me-central1');
    expect(await page.getAttribute('body', 'data-state')).toBe('ok');
    const flags = ['--vectors', '10M', '--dim', '768', '--region', 'me-central1', '--currency', 'AED'];
    const json = JSON.parse(qsize([...flags, '-o', 'json']).stdout) as { plan: { node: { region: string } }; currency: { total: number } };
    expect(json.plan.node.region).toBe('me-central1');
    expect(Number(await page.getAttribute('[data-explain="plan.monthlyUsd"]', 'data-amount'))).toBe(json.currency.total);
    expect((await download(page, 'dl-csv')).toString('utf8')).toBe(qsize([...flags, '-o', 'csv']).stdout);
  });

  it('a bad currency code is said beside the field as qsize --currency says it (field, value, the codes expected)', async () => {
    const page = await open(`${PAGE_URL}#vectors=1M&dim=384&currency=XYZ`);
    expect(await page.getAttribute('body', 'data-state')).toBe('error');
    const message = (await page.textContent('#e-currency')) ?? '';
    expect(message).toMatch(/^--currency: got "XYZ", expected a currency of data\/catalogs\/currency-rates\.csv: [A-Z]{3}(, [A-Z]{3})*$/);
    for (const code of ['USD', 'AED', 'EUR']) expect(message.split(': ').at(-1)?.split(', ')).toContain(code);
    expect(qsize(['--vectors', '1M', '--dim', '384', '--currency', 'XYZ']).stderr.trim()).toBe(`qsize: ${message}`);
    expect(await page.getAttribute('#f-currency', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#f-currency')).toBe('XYZ');
    // Any case, as the flag: `aed` is the dirham.
    await setField(page, 'currency', 'aed');
    expect(await page.getAttribute('body', 'data-state')).toBe('ok');
    expect(await page.textContent('#e-currency')).toBe('');
    const json = JSON.parse(qsize(['--vectors', '1M', '--dim', '384', '--currency', 'aed', '-o', 'json']).stdout) as { currency: { total: number } };
    expect(Number(await page.getAttribute('[data-explain="plan.monthlyUsd"]', 'data-amount'))).toBe(json.currency.total);
  });

  it('opened without quote-data.js beside it (or with another build\'s), the page plans without a region and says what is missing for one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-web-alone-'));
    try {
      writeFileSync(join(dir, 'index.html'), readFileSync(PAGE));
      const page = await open(`${pathToFileURL(join(dir, 'index.html')).href}#vectors=1M&dim=384`);
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
      const watch = watches.at(-1);
      const missing = pathToFileURL(join(dir, 'quote-data.js')).href;
      watch?.allowed.add(missing);
      await setField(page, 'region', 'europe-west4');
      expect(await page.getAttribute('body', 'data-state')).toBe('error');
      expect(await page.textContent('#e-region')).toBe("the regional price tables did not load: keep quote-data.js next to this page's index.html (the page reads it only when a region is chosen)");
      await setField(page, 'region', '');
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
      // The browser's own report of the missing file is the one console error expected here.
      if (watch) watch.violations = watch.violations.filter((v) => !/^console error: Failed to load resource: net::ERR_FILE_NOT_FOUND/.test(v));
      // A quote-data.js of another build beside it is refused, not mixed with this page.
      writeFileSync(join(dir, 'quote-data.js'), "globalThis.__qsizeQuoteData = { id: 'another-build', data: {} };\n");
      const mixed = await open(`${pathToFileURL(join(dir, 'index.html')).href}#vectors=1M&dim=384`);
      watches.at(-1)?.allowed.add(missing);
      await setField(mixed, 'region', 'europe-west4');
      expect(await mixed.textContent('#e-region')).toBe('the regional price tables in quote-data.js are from another build of qsize than this page: copy index.html and quote-data.js together');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pasted GET reply with a text index loads text-tables.js once and is sized as qsize --spec sizes the same reply', async () => {
    await pastedTextIndexIsTheClis(openDriven, PAGE_URL, lib);
  });

  it('opened without text-tables.js beside it, the page sizes what needs no text index and names the missing file beside the paste box', async () => {
    await missingTextTablesNamed(openDriven);
  });

  it('a recompute that may be slow (a pasted config, a slow last plan) shows "Computing…" before it runs, and a quick one does not', async () => {
    await slowRecomputeAnnounced(openDriven, PAGE_URL);
  });

  it('a pasted GET /collections config is sized like the same spec in the CLI', async () => {
    const config = { params: { vectors: { size: 384, distance: 'Dot', on_disk: true }, shard_number: 6, replication_factor: 2 }, hnsw_config: { m: 32, ef_construct: 200 }, optimizer_config: {}, quantization_config: { scalar: { type: 'int8', always_ram: true } } };
    const page = await open(`${PAGE_URL}#vectors=30M&config=${encodeURIComponent(JSON.stringify(config))}`);
    expect(await page.getAttribute('body', 'data-state')).toBe('ok');
    const r = lib.recommend({ points: 30_000_000, collection: config }, {});
    expect(await valueOf(page, 'plan.monthlyUsd')).toBe(r.plan.cost.monthlyUsd);
    expect(await valueOf(page, 'plan.shards')).toBe(6);
    const dir = mkdtempSync(join(tmpdir(), 'qsize-web-'));
    try {
      const specPath = join(dir, 'spec.yaml');
      writeFileSync(specPath, await download(page, 'dl-spec'));
      expect(qsize(['--spec', specPath, '-o', 'csv']).stdout).toBe((await download(page, 'dl-csv')).toString('utf8'));
      expect(await page.textContent('#command')).toBe('qsize --spec qsize-spec.yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clicking a number shows its formula, substituted inputs and source as qsize explain does', async () => {
    const page = await open(`${PAGE_URL}#vectors=10M&dim=768&quantization=scalar`);
    const explain = JSON.parse(qsize(['explain', '--vectors', '10M', '--dim', '768', '--quantization', 'scalar', '-o', 'json']).stdout) as {
      lineItems: { id: string; formula: string; substituted: string; source: string; bytes: number }[];
    };
    // A line item's source is in on-demand.js, read on the first such click, once.
    expect(await page.$$eval('script[src$="on-demand.js"]', (e) => e.length)).toBe(0);
    watches.at(-1)?.allowed.add(ON_DEMAND_URL);
    for (const id of ['vectors.default.originals', 'quantization.default.file']) {
      const item = explain.lineItems.find((i) => i.id === id);
      expect(item, id).toBeDefined();
      await page.click(`[data-explain="item.${id}"]`);
      expect(await page.textContent('dialog [data-field="formula"]')).toBe(item!.formula);
      expect(await page.textContent('dialog [data-field="substituted"]')).toBe(`${item!.substituted} = ${item!.bytes.toLocaleString('en-US')} B`);
      expect(await page.textContent('dialog [data-field="source"]')).toBe(item!.source);
      await page.click('dialog .close');
    }
    // A cost line: quantity × unit price, with the catalog row it came from.
    await page.click('[data-explain="cost.0"]');
    expect(await page.textContent('dialog [data-field="formula"]')).toBe('monthly = quantity × unit price');
    expect(await page.textContent('dialog [data-field="source"]')).toMatch(/\(as_of \d{4}-\d{2}-\d{2}\)|https?:\/\//);
    await page.click('dialog .close');
    expect(await page.$$eval('script[src$="on-demand.js"]', (e) => e.length)).toBe(1);
    expect(watches.at(-1)?.requested.filter((u) => u === ON_DEMAND_URL)).toEqual([ON_DEMAND_URL]);
  });

  it('opened without on-demand.js beside it, a line item\'s explanation and the quote name the missing file; the plan\'s own numbers explain as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-web-no-on-demand-'));
    try {
      writeFileSync(join(dir, 'index.html'), readFileSync(PAGE));
      const page = await open(`${pathToFileURL(join(dir, 'index.html')).href}#vectors=10M&dim=768`);
      const watch = watches.at(-1)!;
      watch.allowed.add(pathToFileURL(join(dir, 'on-demand.js')).href);
      watch.expectedConsole.push(/^Failed to load resource: net::ERR_FILE_NOT_FOUND$/);
      const missing = "the numbers' sources and the download writers did not load: keep on-demand.js next to this page's index.html (the page reads it only to explain a number or to download the quote or the zip)";
      await page.click('[data-explain="item.vectors.default.originals"]');
      await page.waitForSelector('dialog[open] [data-field="source"]');
      expect(await page.textContent('dialog [data-field="source"]')).toBe(missing);
      expect(await page.textContent('dialog [data-field="formula"]')).not.toBe('');
      await page.click('dialog .close');
      await page.click('[data-explain="plan.peers"]');
      expect(await page.textContent('dialog [data-field="source"]')).toBe('src/plan/recommend.ts; docs/topology.md');
      await page.click('dialog .close');
      await page.click('#dl-csv');
      await expect.poll(() => page.textContent('#link-status')).toBe(missing);
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('qsize web serves the page on 127.0.0.1 and prints its address', async () => {
    const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/qsize.js'), 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.once('exit', (code) => reject(new Error(`qsize web exited ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20_000);
      });
      const page = await open(`${address}#vectors=1M&dim=384`);
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
      expect(await valueOf(page, 'plan.monthlyUsd')).toBe(lib.recommend({ points: 1_000_000, collection: { vectors: { size: 384, distance: 'Cosine' } } }, {}).plan.cost.monthlyUsd);
      // A region: quote-data.js from the server, under the same Content-Security-Policy header.
      watches.at(-1)?.allowed.add(`${address}quote-data.js`);
      await setField(page, 'region', 'europe-west4');
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
      const regional = lib.recommend({ points: 1_000_000, collection: { vectors: { size: 384, distance: 'Cosine' } } }, { placement: { region: 'europe-west4' } });
      expect(await valueOf(page, 'plan.monthlyUsd')).toBe(regional.plan.cost.monthlyUsd);
      // A pasted reply with a text index: text-tables.js from the server.
      watches.at(-1)?.allowed.add(`${address}text-tables.js`);
      await setField(page, 'config', JSON.stringify(replyWithTextIndex('word')));
      expect(await page.getAttribute('body', 'data-state')).toBe('ok');
      expect(await valueOf(page, 'plan.monthlyUsd')).toBe(
        lib.recommend({ points: 1_000_000, collection: replyWithTextIndex('word') as never }, { placement: { region: 'europe-west4' } }).plan.cost.monthlyUsd,
      );
      // A line item's source: on-demand.js from the server.
      watches.at(-1)?.allowed.add(`${address}on-demand.js`);
      await page.click('[data-explain="item.vectors.default.originals"]');
      await page.waitForSelector('dialog[open] [data-field="source"]');
      expect(await page.textContent('dialog [data-field="source"]')).toMatch(/^qdrant@v\d+\.\d+\.\d+:lib\/segment\/src\/vector_storage\//);
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    }
  });

  it('prints as a one-document quote: the form and buttons are hidden', async () => {
    const page = await open(`${PAGE_URL}#vectors=100M&dim=768`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#form')).toBe(false);
    expect(await page.isVisible('#dl-zip')).toBe(false);
    expect(await page.isVisible('#bill')).toBe(true);
  });

  it('saves screenshots of the main states (desktop and phone, light and dark)', async () => {
    const url = `${PAGE_URL}#vectors=100M&dim=768&quantization=scalar&qps=500&growth=5M`;
    for (const dark of [false, true]) {
      const theme = dark ? 'dark' : 'light';
      const desktop = await open(url, { dark });
      await desktop.screenshot({ path: join(SHOTS, `desktop-${theme}.png`) });
      await desktop.screenshot({ path: join(SHOTS, `desktop-${theme}-full.png`), fullPage: true });
      const phone = await open(url, { dark, width: 390, height: 844, mobile: true });
      await phone.screenshot({ path: join(SHOTS, `phone-${theme}-full.png`), fullPage: true });
      await phone.$eval('#headline', (e) => e.scrollIntoView());
      await phone.screenshot({ path: join(SHOTS, `phone-${theme}.png`) });
      // Nothing wider than the phone's screen but the scrollable tables and drawing.
      expect(await phone.evaluate(() => (globalThis as unknown as DomLike).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    const invalid = await open(`${PAGE_URL}#vectors=100M&dim=0`);
    await invalid.screenshot({ path: join(SHOTS, 'desktop-invalid.png') });
    const explained = await open(url);
    await explained.click('[data-explain="perPeer.residentBytes"]');
    await explained.screenshot({ path: join(SHOTS, 'desktop-explain.png') });
    expect(readdirSync(SHOTS).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(10);
  });
});
