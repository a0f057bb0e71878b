/**
 * The web page opened from file:// in WebKitGTK, the engine family of Safari (not Safari itself: the same WebCore
 * and JavaScriptCore, with Linux's network, graphics and font layers), driven by WebDriver classic: Debian's
 * `webkit2gtk-driver` (WebKitWebDriver) runs WebKitGTK's MiniBrowser, on an Xvfb display this file starts, and
 * selenium-webdriver (the Selenium project's own client) talks to it. It runs the checks of page-checks.ts that
 * Chromium and Firefox run: the figures are recommend()'s, a bad value is said in the CLI's words, a link restores
 * the page, a region reads quote-data.js from file:// and prices as the CLI.
 *
 * What WebDriver classic lets this file watch (WebKitGTK 2.50 has no WebDriver BiDi: a session asking for
 * `webSocketUrl` is refused, so there is no console or network event stream):
 * - console errors, page errors and CSP violations: listeners the test adds to each page once it has loaded
 *   (`error`, `unhandledrejection`, `securitypolicyviolation`, and console.error wrapped); they see every edit and the
 *   region's script, not the load itself. The load is watched apart: MiniBrowser run outside automation with
 *   `--enable-write-console-messages-to-stdout` prints every console message (an automated MiniBrowser prints none);
 * - requests: the page's own Resource Timing list, read at the end of each test. WebKit lists what was loaded from
 *   the network (an image, a script, a fetch that succeeded), no file:// read (so quote-data.js is checked in the DOM,
 *   one script element, as in Firefox) and no request it refused (CSP blocks are seen as violations, above).
 *
 * Needs `webkit2gtk-driver` (WebKitWebDriver, and MiniBrowser through libwebkit2gtk-4.1-0) and `xvfb` (apt-get install
 * webkit2gtk-driver xvfb; .ci/run installs them). Without them the file is skipped with a one-line message, unless
 * QSIZE_WEB=required (CI), where they fail it (test/web/browsers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Builder, By, Capabilities, type WebDriver } from 'selenium-webdriver';
import type * as Remote from 'selenium-webdriver/remote' with { 'resolution-mode': 'require' };
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from './browsers.js';
import { ensureBuilt, qsize, ROOT } from '../cli/run.js';
import {
  currencyIsTheClis,
  ON_DEMAND_URL,
  downloadsAreTheClis,
  invalidValueIsTheClisMessage,
  missingTextTablesNamed,
  slowRecomputeAnnounced,
  pastedTextIndexIsTheClis,
  regionPricesAsTheCli,
  growthLimitIsTheClis,
  sharedLinkRestores,
  typedWorkloadIsRecommends,
  type Download,
  type OpenPage,
  type WebPage,
} from './page-checks.js';

// selenium-webdriver is CommonJS without an exports map: its subpath modules load through require.
const { DriverService } = createRequire(import.meta.url)('selenium-webdriver/remote') as typeof Remote;

const WEBKIT = findBrowser('WebKitGTK', [
  { name: 'WebKitWebDriver', paths: [process.env['QSIZE_WEBKITWEBDRIVER'], '/usr/bin/WebKitWebDriver'], debian: 'webkit2gtk-driver' },
  {
    name: 'MiniBrowser',
    paths: [process.env['QSIZE_MINIBROWSER'], ...['x86_64', 'aarch64'].map((arch) => `/usr/lib/${arch}-linux-gnu/webkit2gtk-4.1/MiniBrowser`)],
    debian: 'webkit2gtk-driver',
  },
  { name: 'Xvfb', paths: ['/usr/bin/Xvfb'], debian: 'xvfb' },
]);

const PAGE = join(ROOT, 'dist/web/index.html');
const PAGE_URL = pathToFileURL(PAGE).href;
/** WebDriver's own steps are slower than playwright's or puppeteer's (one HTTP round trip each, a key per character). */
const TEST_MS = 180_000;

type Lib = typeof import('../../src/index.js');
let lib: Lib;
let xvfb: ChildProcess | undefined;
let display = '';
let service: Remote.DriverService | undefined;
let driver: WebDriver;
/** The session's first window, kept open (closing a session's last window ends it); each page gets its own window. */
let firstWindow = '';
/** MiniBrowser's home folder (a temporary one): WebKitGTK saves downloads in its Downloads folder. */
let home = '';
let downloads = '';
/** The environment of the browser's processes: the Xvfb display and that home. */
let browserEnv: NodeJS.ProcessEnv = {};
let current = '';

/** A page opened by a test: its window and the URLs it may read (itself, then quote-data.js once allowed). */
interface Opened {
  handle: string;
  allowed: Set<string>;
  /** Files the page may try to read that are not there: the watch's error event for each (its script's src) is expected. */
  missing: Set<string>;
}
const opened: Opened[] = [];
const openedOf = new WeakMap<WebPage, Opened>();

/** Starts Xvfb on a free display (it writes the number it took on fd 3) and returns `:N`. */
function startXvfb(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const x = spawn(path, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    xvfb = x;
    let err = '';
    let out = '';
    x.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    x.stdio[3]?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\n')) resolve(`:${out.trim()}`);
    });
    x.on('exit', (code) => reject(new Error(`Xvfb exited with ${code} before taking a display: ${err.trim()}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function focus(handle: string): Promise<void> {
  if (current === handle) return;
  await driver.switchTo().window(handle);
  current = handle;
}

/** Runs a script in the page of `handle` (scripts are strings: the tests compile without the DOM library). */
async function run<T>(handle: string, script: string, ...args: unknown[]): Promise<T> {
  await focus(handle);
  return driver.executeScript<T>(script, ...args);
}

/** The listeners of the watch (see the file's comment), added to a page once it has loaded. */
const WATCH = `
  const found = (window.__qsizeWatch = []);
  addEventListener('error', (e) => found.push('page error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'unknown')), true);
  addEventListener('unhandledrejection', (e) => found.push('unhandled rejection: ' + ((e.reason && e.reason.message) || String(e.reason))));
  document.addEventListener('securitypolicyviolation', (e) => found.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const error = console.error;
  console.error = (...a) => { found.push('console error: ' + a.map(String).join(' ')); error.apply(console, a); };
`;

/** Every URL in the page's Resource Timing list, but data: and blob: ones. */
const RESOURCES = `return performance.getEntriesByType('resource').map((e) => e.name).filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));`;

/**
 * Waits for the recompute that follows an edit: a later one than before it, with no event left waiting for its frame
 * (`data-pending`), checked in the page on each animation frame.
 */
async function edit(handle: string, action: () => Promise<void>): Promise<void> {
  const before = Number(await run<string>(handle, `return document.body.dataset.computed;`));
  await action();
  await driver.executeAsyncScript(
    `const [n, done] = [arguments[0], arguments[arguments.length - 1]];
     const poll = () => { const d = document.body.dataset; if (Number(d.computed) > n && d.pending === undefined) done(); else requestAnimationFrame(poll); };
     poll();`,
    before,
  );
}

function driven(page: Opened): WebPage {
  const { handle } = page;
  /** A script on the first element the selector (the first argument) matches; none is an error, as in puppeteer. */
  const one = (body: string) => `const e = document.querySelector(arguments[0]); if (!e) throw new Error('no element matches ' + arguments[0]); ${body}`;
  return {
    attr: (selector, name) => run<string | null>(handle, one('return e.getAttribute(arguments[1]);'), selector, name),
    text: async (selector) => (await run<string | null>(handle, one('return e.textContent;'), selector)) ?? '',
    count: (selector) => run<number>(handle, `return document.querySelectorAll(arguments[0]).length;`, selector),
    inputValue: (selector) => run<string>(handle, one('return e.value;'), selector),
    visible: async (selector) => {
      await focus(handle);
      const [e] = await driver.findElements(By.css(selector));
      return e ? e.isDisplayed() : false;
    },
    texts: (selector) => run<string[]>(handle, `return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent ?? '');`, selector),
    setField: async (key, value) => {
      // Folded fields are opened first, as a user would; a select's option is clicked, a text field typed into.
      const field = `#f-${key}`;
      const [tag, now] = await run<[string, string]>(handle, one(`e.closest('details')?.setAttribute('open', ''); return [e.tagName, e.value];`), field);
      await edit(handle, async () => {
        // A field a user's action would leave as it is (the value it already holds, a text field cleared) is set and
        // announced with one input event, as playwright's and puppeteer's select do, so that every edit has its
        // recompute; otherwise an option is clicked, or the value typed key by key, as a user does.
        if (value === now || (tag !== 'SELECT' && value === '')) {
          await run(handle, one(`e.value = arguments[1]; e.dispatchEvent(new Event('input', { bubbles: true }));`), field, value);
        } else if (tag === 'SELECT') await driver.findElement(By.css(`${field} option[value="${value}"]`)).click();
        else {
          const e = await driver.findElement(By.css(field));
          await e.clear();
          await e.sendKeys(value);
        }
      });
    },
    requested: () => run<string[]>(handle, RESOURCES),
    seesFileRequests: false,
    allow: (url) => page.allowed.add(url),
    allowMissing: (url) => {
      page.allowed.add(url);
      page.missing.add(url);
    },
    url: async () => {
      await focus(handle);
      return driver.getCurrentUrl();
    },
  };
}

const open: OpenPage = async (url) => {
  await driver.switchTo().newWindow('window');
  const handle = await driver.getWindowHandle();
  current = handle;
  await driver.manage().window().setRect({ x: 0, y: 0, width: 1400, height: 1000 });
  const page: Opened = { handle, allowed: new Set([url.split('#')[0] ?? url]), missing: new Set() };
  opened.push(page);
  await driver.get(url);
  // start() recomputes once while the page loads: at once, or, for a link with a pasted config, once "Computing…" is
  // painted (web/src/main.ts computeAfterNotice).
  await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const poll = () => (document.body.dataset.computed !== undefined ? done() : requestAnimationFrame(poll));
     poll();`,
  );
  expect(await run<string | undefined>(handle, `return document.body.dataset.computed;`)).toBe('1');
  await run(handle, WATCH);
  const view = driven(page);
  openedOf.set(view, page);
  return view;
};

/**
 * Clicks a download button and returns the file WebKitGTK saved: the Downloads folder is emptied first (WebKitGTK does
 * not overwrite a file), then read once it holds one finished file (WebKit writes `<name>.wkdownload` and renames it).
 */
const download: Download = async (page, button) => {
  // The quote and the zip read on-demand.js beside the page (its first time).
  if (button !== 'dl-spec') page.allow(ON_DEMAND_URL);
  for (const f of readdirSync(downloads)) rmSync(join(downloads, f), { recursive: true, force: true });
  await focus(openedOf.get(page)!.handle);
  await driver.findElement(By.css(`#${button}`)).click();
  const deadline = Date.now() + 30_000;
  let size = -1;
  for (;;) {
    const files = readdirSync(downloads);
    const [file] = files;
    if (files.length === 1 && file && !file.endsWith('.wkdownload')) {
      const now = statSync(join(downloads, file)).size;
      if (now === size) return readFileSync(join(downloads, file));
      size = now;
    }
    if (Date.now() > deadline) throw new Error(`no download from #${button} in 30 s (the Downloads folder holds ${JSON.stringify(files)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** What each page did that it must not, read before its window closes. */
async function violations(page: Opened): Promise<string[]> {
  const found = await run<string[] | null>(page.handle, `return window.__qsizeWatch ?? null;`);
  const requests = (await run<string[]>(page.handle, RESOURCES)).filter((u) => !page.allowed.has(u.split('#')[0] ?? u)).map((u) => `request ${u}`);
  // A missing file the check expects: its script element's error event, `page error: <its src>`.
  const expected = (f: string) => [...page.missing].some((u) => f === `page error: ${u}`);
  return [...(found ?? ['the watch was not in the page (it navigated away)']).filter((f) => !expected(f)), ...requests];
}

describe.skipIf(WEBKIT.skip)('the web page in WebKitGTK (MiniBrowser)', () => {
  let paths: Record<'WebKitWebDriver' | 'MiniBrowser' | 'Xvfb', string>;

  beforeAll(async () => {
    ensureBuilt();
    if (!existsSync(PAGE)) throw new Error('dist/web/index.html is missing: npm run build');
    paths = WEBKIT.paths();
    lib = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as Lib;
    display = await startXvfb(paths.Xvfb);
    // A home of its own, whose user-dirs.dirs names the Downloads folder (glib's download directory).
    home = mkdtempSync(join(tmpdir(), 'qsize-webkit-home-'));
    downloads = join(home, 'Downloads');
    mkdirSync(downloads);
    mkdirSync(join(home, '.config'));
    writeFileSync(join(home, '.config/user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n');
    browserEnv = { ...process.env, DISPLAY: display, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const port = await freePort();
    service = new DriverService(paths.WebKitWebDriver, { port, args: [`--port=${port}`, '--host=local'], loopback: true, env: browserEnv });
    const address = await service.start(30_000);
    driver = await new Builder()
      .usingServer(address)
      .withCapabilities(new Capabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: paths.MiniBrowser, args: ['--automation'] } }))
      .build();
    firstWindow = await driver.getWindowHandle();
    current = firstWindow;
    console.log(`web: WebKitGTK ${(await driver.getCapabilities()).getBrowserVersion()} (MiniBrowser over WebKitWebDriver, display ${display})`);
  }, 180_000);

  afterEach(async () => {
    const found: string[] = [];
    for (const page of opened.splice(0)) {
      found.push(...(await violations(page)));
      await driver.close();
      current = '';
    }
    await focus(firstWindow);
    expect(found).toEqual([]);
  });

  afterAll(async () => {
    await driver?.quit();
    await service?.kill();
    xvfb?.kill();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows the peers, memory and cost that recommend() gives for the typed workload', async () => {
    await typedWorkloadIsRecommends(open, PAGE_URL, lib, 'WebKitGTK');
  }, TEST_MS);

  it('an invalid value shows the CLI\'s message beside its field and the page keeps working', async () => {
    await invalidValueIsTheClisMessage(open, PAGE_URL);
  }, TEST_MS);

  it('a shared link restores the same page', async () => {
    await sharedLinkRestores(open, PAGE_URL, 'WebKitGTK');
  }, TEST_MS);

  it("with growth, the timeline's limit line is the CLI's: the zone limit with zones, the shard count's without", async () => {
    await growthLimitIsTheClis(open, PAGE_URL);
  }, TEST_MS);

  it('the spec, CSV, markdown and deployment zip WebKitGTK saves equal what the CLI writes, byte for byte', async () => {
    await downloadsAreTheClis(open, PAGE_URL, download);
  }, TEST_MS);

  it('a currency shows every amount as qsize --currency does: the total, the bill, the alternatives, the rate note, the command line, CSV, markdown and the zip', async () => {
    await currencyIsTheClis(open, PAGE_URL, download);
  }, TEST_MS);

  it('a region loads quote-data.js once, from file://, and prices the plan and its quote as qsize --region does', async () => {
    await regionPricesAsTheCli(open, PAGE_URL, async (page, flags) => {
      expect((await download(page, 'dl-csv')).toString('utf8')).toBe(qsize([...flags, '-o', 'csv']).stdout);
    });
  }, TEST_MS);

  it('a pasted GET reply with a text index loads text-tables.js once and is sized as qsize --spec sizes the same reply', async () => {
    await pastedTextIndexIsTheClis(open, PAGE_URL, lib);
  }, TEST_MS);

  it('opened without text-tables.js beside it, the page sizes what needs no text index and names the missing file beside the paste box', async () => {
    await missingTextTablesNamed(open);
  }, TEST_MS);

  it('a recompute that may be slow (a pasted config, a slow last plan) shows "Computing…" before it runs, and a quick one does not', async () => {
    await slowRecomputeAnnounced(open, PAGE_URL);
  }, TEST_MS);

  it('loading the page, with a region from its link, writes nothing to the console (MiniBrowser outside automation)', async () => {
    // The channel first: a page that logs an error and breaks its CSP is heard, so an empty result below means silence.
    const dir = mkdtempSync(join(tmpdir(), 'qsize-webkit-'));
    try {
      const probe = join(dir, 'probe.html');
      writeFileSync(
        probe,
        `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; img-src 'none'"><img src="http://127.0.0.1:9/x.png"><script>console.error('probe')</script>`,
      );
      const heard = await consoleOfLoad(paths.MiniBrowser, pathToFileURL(probe).href);
      expect(heard.some((l) => l.includes('CONSOLE ERROR probe'))).toBe(true);
      expect(heard.some((l) => l.includes('CONSOLE SECURITY ERROR') && l.includes('img-src'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await consoleOfLoad(paths.MiniBrowser, `${PAGE_URL}#vectors=100M&dim=768&region=europe-west4&pricing=1y`)).toEqual([]);
  }, TEST_MS);
});

/** The console lines MiniBrowser prints while it loads a URL, run outside automation until the load ends. */
function consoleOfLoad(miniBrowser: string, url: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const b = spawn(miniBrowser, ['--exit-after-load', '--enable-write-console-messages-to-stdout=true', url], {
      env: browserEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    b.stdout.on('data', (d: Buffer) => (out += d.toString()));
    b.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      b.kill();
      reject(new Error(`MiniBrowser did not finish loading ${url} in 60 s`));
    }, 60_000);
    b.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => l.includes('CONSOLE ')));
    });
  });
}
