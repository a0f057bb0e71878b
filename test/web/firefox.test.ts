/**
 * The web page opened from file:// in Firefox ESR, driven over WebDriver BiDi with puppeteer-core: the checks of
 * page-checks.ts that Chromium also runs (the figures are recommend()'s, a bad value is said in the CLI's words, a
 * link restores the page, a region reads quote-data.js from file:// and prices as the CLI, a pasted reply with a text index reads text-tables.js and sizes as the CLI), with the same watch: any request other than the page and its own quote-data.js and text-tables.js once allowed, any
 * console error or page error fails the test.
 *
 * Why puppeteer-core and not playwright-core, which drives Chromium: playwright-core 1.65's Firefox over BiDi asks
 * for commands Firefox ESR 153 does not have (emulation.setMediaFeaturesOverride, on every new page), while
 * puppeteer-core 24 drives the ESR as it is.
 *
 * Needs Debian's `firefox-esr` (apt-get install firefox-esr; .ci/run installs it). Without it the file is skipped
 * with a one-line message, unless QSIZE_WEB=required (CI), where a missing browser fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../cli/run.js';
import { findBrowser } from './browsers.js';
import { invalidValueIsTheClisMessage, missingTextTablesNamed, pastedTextIndexIsTheClis, slowRecomputeAnnounced, regionPricesAsTheCli, growthLimitIsTheClis, sharedLinkRestores, typedWorkloadIsRecommends, type OpenPage, type WebPage } from './page-checks.js';

const FIREFOX = findBrowser('Firefox', [{ name: 'firefox-esr', paths: [process.env['QSIZE_FIREFOX'], '/usr/bin/firefox-esr', '/usr/bin/firefox'], debian: 'firefox-esr' }]);

const PAGE = join(ROOT, 'dist/web/index.html');
const PAGE_URL = pathToFileURL(PAGE).href;

type Lib = typeof import('../../src/index.js');
let lib: Lib;
let browser: Browser;
const contexts: BrowserContext[] = [];
const violations: string[] = [];

/** The recompute that follows an edit: a later one than before it, with no event left waiting (`data-pending`). */
async function edit(page: Page, action: () => Promise<void>): Promise<void> {
  const before = Number(await page.$eval('body', (b) => b.getAttribute('data-computed')));
  await action();
  await page.waitForFunction(
    (n: number) => {
      const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body;
      return Number(body.dataset['computed']) > n && body.dataset['pending'] === undefined;
    },
    {},
    before,
  );
}

function driven(page: Page, requested: string[], allowed: Set<string>, expectedConsole: RegExp[]): WebPage {
  return {
    attr: async (selector, name) => page.$eval(selector, (e, n) => e.getAttribute(n), name),
    text: async (selector) => (await page.$eval(selector, (e) => e.textContent)) ?? '',
    count: async (selector) => page.$$eval(selector, (e) => e.length),
    inputValue: async (selector) => page.$eval(selector, (e) => (e as unknown as { value: string }).value),
    visible: async (selector) => (await page.$(selector))?.isVisible() ?? false,
    setField: async (key, value) => {
      // Folded fields are opened first, as a user would; a select is chosen, a text field typed into.
      const tag = await page.$eval(`#f-${key}`, (e) => {
        e.closest('details')?.setAttribute('open', '');
        return e.tagName;
      });
      await edit(page, async () => {
        if (tag === 'SELECT') await page.select(`#f-${key}`, value);
        // Locator.fill types a value, as a user does; a field it would leave as it is (clearing it, or the value it
        // already holds) it leaves without an input event, where playwright's fill always sends one: those are
        // set and announced with one input event, so that every edit has its recompute.
        else if (value !== '' && value !== (await page.$eval(`#f-${key}`, (e) => (e as unknown as { value: string }).value))) {
          await page.locator(`#f-${key}`).fill(value);
        } else {
          await page.$eval(
            `#f-${key}`,
            (e, v) => {
              (e as unknown as { value: string }).value = v;
              e.dispatchEvent(new Event('input', { bubbles: true }));
            },
            value,
          );
        }
      });
    },
    texts: async (selector) => page.$$eval(selector, (e) => e.map((x) => x.textContent ?? '')),
    requested: async () => [...requested],
    seesFileRequests: false,
    allow: (url) => allowed.add(url),
    allowMissing: (url) => {
      allowed.add(url);
      const file = url.split('/').at(-1) ?? url;
      expectedConsole.push(new RegExp(file.replace(/[.]/g, '\\.')));
    },
    url: async () => page.url(),
  };
}

const open: OpenPage = async (url) => {
  const context = await browser.createBrowserContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const allowed = new Set([url.split('#')[0] ?? url]);
  const requested: string[] = [];
  const expectedConsole: RegExp[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('blob:') && !u.startsWith('data:')) requested.push(u);
    if (!allowed.has(u.split('#')[0] ?? u) && !u.startsWith('blob:') && !u.startsWith('data:')) violations.push(`request ${r.method()} ${u}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectedConsole.some((r) => r.test(m.text()))) violations.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  await page.goto(url);
  await page.waitForSelector('body[data-computed]');
  return driven(page, requested, allowed, expectedConsole);
};

describe.skipIf(FIREFOX.skip)('the web page in Firefox ESR', () => {
  beforeAll(async () => {
    ensureBuilt();
    if (!existsSync(PAGE)) throw new Error('dist/web/index.html is missing: npm run build');
    const { 'firefox-esr': executablePath } = FIREFOX.paths();
    lib = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as Lib;
    browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
    console.log(`web: Firefox ${await browser.version()}`);
  }, 180_000);

  afterEach(async () => {
    const found = violations.splice(0);
    for (const c of contexts.splice(0)) await c.close();
    expect(found).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the peers, memory and cost that recommend() gives for the typed workload', async () => {
    await typedWorkloadIsRecommends(open, PAGE_URL, lib, 'Firefox');
  });

  it('an invalid value shows the CLI\'s message beside its field and the page keeps working', async () => {
    await invalidValueIsTheClisMessage(open, PAGE_URL);
  });

  it('a shared link restores the same page', async () => {
    await sharedLinkRestores(open, PAGE_URL, 'Firefox');
  });

  it("with growth, the timeline's limit line is the CLI's: the zone limit with zones, the shard count's without", async () => {
    await growthLimitIsTheClis(open, PAGE_URL);
  });

  it('a region loads quote-data.js once, from file://, and prices the plan, its warnings and its bill as qsize --region does', async () => {
    await regionPricesAsTheCli(open, PAGE_URL);
  });

  it('a pasted GET reply with a text index loads text-tables.js once and is sized as qsize --spec sizes the same reply', async () => {
    await pastedTextIndexIsTheClis(open, PAGE_URL, lib);
  });

  it('opened without text-tables.js beside it, the page sizes what needs no text index and names the missing file beside the paste box', async () => {
    await missingTextTablesNamed(open);
  });

  it('a recompute that may be slow (a pasted config, a slow last plan) shows "Computing…" before it runs, and a quick one does not', async () => {
    await slowRecomputeAnnounced(open, PAGE_URL);
  });
});
