/**
 * The sizing page: a form built from the CLI's flags, recomputed on every edit with the library's recommend(),
 * drawn from the adapter's View. No request leaves the page (its Content-Security-Policy forbids them).
 */
import './zod-jitless.js';
import { billLineCells, estimate, planCatalogFromPricing, pointsAtMonth, unpricedNote } from '../../src/index.js';
import { viewOf, type View } from './adapter.js';
import { drawAlternatives, drawGrowth, drawMemory, redrawAll, type GrowthPoint } from './charts.js';
import { commandLine, compute, type Errors, type FormState, type Outcome } from './compute.js';
import { deploymentZip, quoteCsv, quoteMarkdown, save, specYaml } from './downloads.js';
import { explained, planExplanations, showExplanation, type Explanation } from './explain.js';
import { FIELDS, GROUPS, START, type Field } from './fields.js';
import { count, el, gib, gibRange, money, moneyIn, unitPrice, decimal, bytes, type Money } from './format.js';
import { drawPlacement } from './placement.js';
import { loadLazyFile } from './lazy-load.js';
import { pageCatalogs } from './quote-tables.js';
import { pageTextTables } from './text-tables.js';
import { hasSources, pageOnDemand, withSources } from './on-demand.js';
import { decodeLink, decodeState, encodeState } from './url-state.js';

/** The shipped catalogs, validated at build time by the library's own validator (scripts/bundle-web.mjs). */
declare const __QSIZE_CATALOGS__: NonNullable<Parameters<typeof planCatalogFromPricing>[0]>;

/** The base catalogs; in a region, the same with the quote tables of quote-data.js, loaded on the first region chosen. */
const catalogs = pageCatalogs(__QSIZE_CATALOGS__, () => loadLazyFile('quote'));
/** The text-index tables of text-tables.js, loaded on the first workload with a text payload index. */
const textTables = pageTextTables(() => loadLazyFile('text'));
/** What only a click needs (the line items' sources and notes, the CSV and zip writers): on-demand.js, read on the first such click. */
const onDemand = pageOnDemand(() => loadLazyFile('onDemand'));

/**
 * `value` with its line items' sources put back (web/src/on-demand.ts), once on-demand.js is in: loads it the first
 * time, and gives undefined with the reason in `failed` when it does not load.
 */
async function withSourcesLoaded<T>(value: T, failed: (message: string) => void): Promise<T | undefined> {
  let s = onDemand.get();
  if ('loading' in s) {
    await s.ready;
    s = onDemand.get();
  }
  if ('value' in s) return withSources(value, s.value.texts);
  if ('error' in s) failed(s.error);
  return undefined;
}

/** Opens a number's explanation; a line item's source and note are in on-demand.js, read first if it is not in yet. */
async function explain(x: Explanation): Promise<void> {
  const dialog = $('explain') as HTMLDialogElement;
  if (!hasSources(JSON.stringify(x))) return showExplanation(dialog, x);
  const shown = await withSourcesLoaded(x, (error) => showExplanation(dialog, { ...x, source: error, rows: (x.rows ?? []).filter(([, v]) => !hasSources(v)) }));
  if (shown) showExplanation(dialog, shown);
}
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let state: FormState = { values: { ...START }, config: '' };
let last: Extract<Outcome, { ok: true }> | undefined;
let explanations = new Map<string, Explanation>();
let computed = 0;
/** How long the last recompute's library call took (ms): the guess of how long the next will (see schedule). */
let lastComputeMs = 0;
/** Times the page showed "Computing…" before a slow recompute (`data-busy-shown`, read by the browser tests). */
let busyShown = 0;
/** Whether the recompute about to run was announced by computeAfterNotice. */
let announced = false;

// ---------------------------------------------------------------- form

function fieldControl(f: Field): HTMLElement {
  const id = `f-${f.key}`;
  const common = { id, name: f.key, 'aria-describedby': `h-${f.key} e-${f.key}` };
  let control: HTMLInputElement | HTMLSelectElement;
  if (f.kind === 'choice' || f.kind === 'bool') {
    const s = el('select', common);
    const options = f.kind === 'bool' ? ['true', 'false'] : [...(f.choices ?? [])];
    s.append(el('option', { value: '' }, f.defaultText ? `default (${f.defaultText})` : 'default'));
    for (const o of options) s.append(el('option', { value: o }, f.kind === 'bool' ? (o === 'true' ? 'yes' : 'no') : o));
    control = s;
  } else {
    const list = f.suggestions ? `l-${f.key}` : undefined;
    control = el('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: f.defaultText ? `default ${f.defaultText}` : START[f.key] ?? '', list });
  }
  return el(
    'div',
    { class: 'field', 'data-key': f.key },
    el('label', { for: id }, f.label, ' ', el('code', {}, f.flag)),
    control,
    f.suggestions ? el('datalist', { id: `l-${f.key}` }, ...f.suggestions.map((s) => el('option', { value: s }))) : null,
    el('small', { id: `h-${f.key}`, class: 'help' }, f.help),
    el('p', { id: `e-${f.key}`, class: 'error', role: 'alert' }),
  );
}

function buildForm(form: HTMLFormElement): void {
  form.append(el('div', { id: 'e-form', class: 'error form-error', role: 'alert' }), el('p', { id: 'url-note', class: 'note' }));
  for (const group of GROUPS) {
    const fields = FIELDS.filter((f) => f.group === group);
    const basic = fields.filter((f) => f.basic);
    const advanced = fields.filter((f) => !f.basic);
    const more = advanced.length > 0 ? el('details', { class: 'advanced', 'data-group': group }, el('summary', {}, basic.length > 0 ? 'More' : group), ...advanced.map(fieldControl)) : null;
    if (basic.length > 0) form.append(el('fieldset', {}, el('legend', {}, group), ...basic.map(fieldControl), more));
    else if (more) form.append(el('fieldset', { class: 'folded' }, more));
    if (group === GROUPS[0]) {
      form.append(
        el(
          'fieldset',
          { class: 'folded' },
          el(
            'details',
            { id: 'config-box', class: 'advanced' },
            el('summary', {}, 'Paste your collection config'),
            el(
              'div',
              { class: 'field', 'data-key': 'config' },
              el('label', { for: 'f-config' }, 'Body of PUT /collections/{name}, or the config of GET /collections/{name} (JSON)'),
              el('textarea', { id: 'f-config', name: 'config', rows: '8', spellcheck: 'false', placeholder: '{ "vectors": { "size": 768, "distance": "Cosine" }, "quantization_config": { "scalar": { "type": "int8" } } }', 'aria-describedby': 'e-config' }),
              el('small', { class: 'help' }, 'The fields above override it (dimension, quantization, ...); leave them empty to take the pasted values.'),
              el('p', { id: 'e-config', class: 'error', role: 'alert' }),
            ),
          ),
        ),
      );
    }
  }
}

function readForm(): FormState {
  const values: Record<string, string> = {};
  for (const f of FIELDS) {
    const c = document.getElementById(`f-${f.key}`) as HTMLInputElement | HTMLSelectElement | null;
    if (c && c.value.trim() !== '') values[f.key] = c.value;
  }
  return { values, config: ($('f-config') as HTMLTextAreaElement).value };
}

function writeForm(s: FormState): void {
  for (const f of FIELDS) {
    const c = document.getElementById(`f-${f.key}`) as HTMLInputElement | HTMLSelectElement | null;
    if (c) c.value = s.values[f.key] ?? '';
    if (s.values[f.key] && !f.basic) c?.closest('details')?.setAttribute('open', '');
  }
  ($('f-config') as HTMLTextAreaElement).value = s.config;
  if (s.config.trim() !== '') $('config-box').setAttribute('open', '');
}

function showErrors(errors: Errors): void {
  for (const p of document.querySelectorAll<HTMLElement>('.error')) p.textContent = '';
  for (const c of document.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  for (const [where, messages] of Object.entries(errors)) {
    const target = document.getElementById(`e-${where}`) ?? $('e-form');
    target.textContent = messages.join('\n');
    document.getElementById(`f-${where}`)?.setAttribute('aria-invalid', 'true');
    const details = target.closest('details');
    if (details) details.open = true;
  }
}

// ---------------------------------------------------------------- results

function num(id: string, text: string, raw?: number): HTMLButtonElement {
  return explained(id, text, raw);
}

function card(title: string, ...body: (Node | string)[]): HTMLElement {
  return el('div', { class: 'card' }, el('h3', {}, title), el('div', { class: 'card-body' }, ...body));
}

function renderSummary(v: View, m: Money): void {
  const p = v.perPeer;
  const perNode = v.cluster.pricePerHourUsd === null ? 'no price per node' : `${unitPrice(v.cluster.pricePerHourUsd)}/h per node`;
  const total = num('plan.monthlyUsd', m.total(v.bill.monthlyUsd), v.bill.monthlyUsd);
  if (v.local) {
    total.dataset.amount = String(v.local.total);
    // A narrow card breaks `AED 12,057.77` after the code (Intl puts a no-break space there), never inside the digits.
    total.replaceChildren(...(total.textContent ?? '').split(/(?<=\u00a0)/).flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), part])));
  }
  // A narrow card breaks `Standard_E32s_v5` or `r7g.12xlarge` after a `_` or `.`, never inside a part (as the money above).
  const peers = num('plan.peers', `${v.cluster.peers} × ${v.cluster.instanceType}`, v.cluster.peers);
  peers.replaceChildren(...(peers.textContent ?? '').split(/(?<=[_.])/).flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), part])));
  $('headline').textContent = `${v.workloadLine}, Qdrant ${v.qdrantVersion}, ${v.pricesLine}`;
  $('summary').replaceChildren(
    card('Cluster', peers, el('small', {}, `${v.cluster.cloud} ${v.cluster.region}, ${v.cluster.vcpu} vCPU, ${gib(v.cluster.memoryBytes)}, ${v.cluster.arch}`)),
    card('Shards', num('plan.shards', `${v.cluster.shardNumber} × replication ${v.cluster.replicationFactor}`, v.cluster.shardNumber), el('small', {}, `write consistency ${v.cluster.writeConsistencyFactor}; storage: ${v.cluster.variant}`)),
    // In another currency the USD total follows, as in the CLI's "Cost per month  AED 2,033.06 ($553.59)"; unit prices stay USD.
    // Lines the catalogs do not price are left out of the total, and the total says so, as the CLI's quote does.
    card('Per month', total, el('small', {}, `${unpriced(v) ? `${unpriced(v)}; ` : ''}${v.local ? `${money(v.bill.monthlyUsd)}; ${perNode}` : perNode}`)),
    card('Resident RAM per peer', num('perPeer.residentBytes', gib(p.residentBytes), p.residentBytes), el('small', {}, `range ${gibRange(p.residentRange)}; peak `, num('perPeer.peakBytes', gib(p.peakBytes), p.peakBytes))),
    card('Page cache per peer', num('perPeer.pageCacheBytes', gib(p.pageCacheBytes), p.pageCacheBytes), el('small', {}, `kept hot; range ${gibRange(p.pageCacheRange)}`)),
    card('Disk per peer', num('perPeer.diskBytes', gib(p.diskBytes), p.diskBytes), el('small', {}, `range ${gibRange(p.diskRange)}; volume `, num('perPeer.volumeBytes', gib(p.volumeBytes), p.volumeBytes))),
    card('Pod request = limit', num('perPeer.memoryRequestBytes', gib(p.memoryRequestBytes), p.memoryRequestBytes), el('small', {}, num('perPeer.cpuCores', `${p.cpuCores} CPU`, p.cpuCores))),
  );
  $('replication-reason').textContent = v.cluster.replicationReason;
  $('shard-reason').textContent = v.cluster.shardReason;
  $('placement').replaceChildren(drawPlacement(v));
}

/** `+ 2 unpriced lines` when the bill leaves lines out (the CLI's unpricedNote), else ''. */
const unpriced = (v: View): string => unpricedNote({ cost: { lineItems: v.bill.items } }).replace(/^ /, '');

function renderBill(v: View, m: Money): void {
  // Each line's cells as the CLI's quote writes them (billLineCells: `not included` where no row prices it, `(unverified)`).
  const rows = v.bill.items.map((c, i) => {
    const cells = billLineCells(c, m.line(i, c.monthlyUsd));
    return el('tr', {}, el('td', {}, c.name), el('td', { class: 'r opt' }, `${decimal(c.quantity)} ${c.unit}`), el('td', { class: 'r opt' }, cells.unitPrice), el('td', { class: 'r' }, num(`cost.${i}`, cells.perMonth, c.monthlyUsd)));
  });
  // The rate, its source and date, once on the page: the CLI's quote puts the same sentence under its bill's heading.
  $('currency-note').hidden = !v.local;
  $('currency-note').textContent = v.local?.note ?? '';
  $('bill').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'Line item'), el('th', { class: 'r opt' }, 'Quantity'), el('th', { class: 'r opt' }, v.local ? 'Unit price (USD)' : 'Unit price'), el('th', { class: 'r' }, 'Per month'))),
    el('tbody', {}, ...rows),
    el('tfoot', {}, el('tr', {}, el('th', {}, 'Total'), el('th', { class: 'opt' }), el('th', { class: 'opt' }), el('th', { class: 'r' }, num('plan.monthlyUsd', m.total(v.bill.monthlyUsd), v.bill.monthlyUsd), unpriced(v) ? ` ${unpriced(v)}` : ''))),
  );
}

function renderAlternatives(v: View, m: Money): void {
  $('alternatives-section').hidden = v.alternatives.length === 0;
  if (v.alternatives.length === 0) return;
  drawAlternatives($('alternatives-chart') as HTMLCanvasElement, v, m);
  $('alternatives').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'Alternative'), el('th', { class: 'opt' }, 'Kind'), el('th', { class: 'r' }, 'Per month'), el('th', { class: 'r opt' }, 'vs recommended'), el('th', { class: 'r' }, 'Checks'))),
    el(
      'tbody',
      {},
      ...v.alternatives.map((a) =>
        el(
          'tr',
          { class: a.passesAll ? '' : 'fails' },
          el('td', {}, a.label),
          el('td', { class: 'opt' }, a.group),
          el('td', { class: 'r', 'data-value': String(a.monthlyUsd) }, m.show(a.monthlyUsd)),
          el('td', { class: 'r opt' }, m.signed(a.deltaUsd)),
          el('td', { class: 'r' }, `${a.checksPassed}/${a.checksTotal}${a.passesAll ? '' : ' ✗'}`),
        ),
      ),
    ),
  );
}

/** Most estimate() calls one growth timeline makes (about 1 ms each), so a 10-year horizon stays instant. */
const GROWTH_SAMPLES = 24;

/** Points and one copy's memory by month (every month, or evenly spaced ones), re-estimated with estimate(). */
function growthSeries(v: View): GrowthPoint[] {
  const g = v.growth;
  if (!g) return [];
  const last = Math.min(120, Math.max(g.horizonMonths, (g.fitsUntilMonth ?? 0) + 2, 1));
  const step = Math.max(1, Math.ceil(last / GROWTH_SAMPLES));
  const months = new Set<number>();
  for (let m = 0; m < last; m += step) months.add(m);
  months.add(last);
  if (g.fitsUntilMonth !== null && g.fitsUntilMonth <= last) months.add(g.fitsUntilMonth);
  const out: GrowthPoint[] = [];
  for (const month of [...months].sort((a, b) => a - b)) {
    const points = pointsAtMonth(v.points, g.pointsPerMonth, month);
    const e = estimate({ ...v.workload, points } as never);
    out.push({ month, points, memoryBytes: e.memory.residentBytes + e.memory.pageCacheBytes });
  }
  return out;
}

function renderGrowth(v: View): void {
  $('growth-section').hidden = !v.growth;
  if (!v.growth) return;
  $('growth-detail').textContent = v.growth.detail;
  $('growth-limit').textContent = v.growth.limitLine ?? '';
  drawGrowth($('growth-chart') as HTMLCanvasElement, growthSeries(v), v.growth.fitsUntilMonth, v.growth.horizonMonths);
}

function renderChecks(v: View, extraWarnings: readonly string[]): void {
  $('checks').replaceChildren(
    ...v.checks.map((c) =>
      el(
        'li',
        { class: c.passed ? 'pass' : c.severity === 'error' ? 'fail' : 'warn', 'data-check': c.id },
        el('span', { class: 'mark' }, c.passed ? 'ok' : c.severity === 'error' ? 'FAIL' : 'warn'),
        el('strong', {}, c.name),
        ' ',
        c.detail,
      ),
    ),
  );
  const warnings = [...v.warnings, ...extraWarnings];
  $('warnings-section').hidden = warnings.length === 0;
  $('warnings').replaceChildren(...warnings.map((w) => el('li', {}, w)));
}

function renderLineItems(v: View): void {
  const label: Record<string, string> = { ram: 'RAM', cache: 'page cache', disk: 'disk', 'peak-ram': 'peak RAM', 'peak-disk': 'peak disk' };
  $('line-items').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'Line item'), el('th', {}, 'Where'), el('th', { class: 'r' }, 'Bytes'), el('th', { class: 'opt' }, 'Confidence'))),
    el(
      'tbody',
      {},
      ...v.lineItems.map((i) => el('tr', {}, el('td', {}, i.name), el('td', {}, label[i.residency] ?? i.residency), el('td', { class: 'r' }, num(`item.${i.id}`, bytes(i.bytes), i.bytes)), el('td', { class: 'opt' }, i.confidence))),
    ),
  );
  $('line-items-caption').textContent = `One copy of the collection, ${count(v.points)} points (each peer holds ${v.replicasOnBusiest}/${v.cluster.shardNumber} of it at most). Click a number for its formula.`;
}

/** The age of the quote tables the plan read (a region's prices, the currency rates), as `qsize` warns of it: judged against today. */
function quoteStaleness(outcome: Extract<Outcome, { ok: true }>): string[] {
  const region = (outcome.inputs.constraints as { placement?: { region?: string } }).placement?.region !== undefined;
  return catalogs.staleness({ region, currency: outcome.currency !== undefined }, new Date());
}

function render(outcome: Extract<Outcome, { ok: true }>): void {
  const v = viewOf(outcome.r, outcome.inputs.constraints, outcome.currency);
  const m = moneyIn(outcome.currency, v.local);
  explanations = planExplanations(v, m);
  renderSummary(v, m);
  drawMemory($('memory-chart') as HTMLCanvasElement, v);
  $('memory-caption').textContent = `Busiest peer (${v.replicasOnBusiest} of ${v.cluster.shardNumber} shard replicas, at the horizon's points): resident RAM ${gib(v.perPeer.residentBytes)}, page cache ${gib(v.perPeer.pageCacheBytes)}, disk ${gib(v.perPeer.diskBytes)}; split by structure in the proportions of the line items below.`;
  renderBill(v, m);
  renderAlternatives(v, m);
  renderGrowth(v);
  renderChecks(v, quoteStaleness(outcome));
  renderLineItems(v);
  $('command').textContent = commandLine(state);
  $('emit-command').textContent = commandLine(state, 'emit');
}

// ---------------------------------------------------------------- recompute

function recompute(): void {
  const t0 = performance.now();
  state = readForm();
  const outcome = compute(state, (region) => catalogs.forRegion(region), () => textTables.get());
  const loading = 'loading' in outcome;
  // A lazy part loads once; the edit's recompute follows it (data-pending stays set until it has run).
  // A slow edit's recompute after the part loads is announced too (the text tables come with a text index's plan).
  const wasAnnounced = announced;
  announced = false;
  if (loading) void outcome.ready.then(() => (wasAnnounced ? computeAfterNotice() : schedule()));
  const hash = encodeState(state);
  if (location.hash.replace(/^#/, '') !== hash) history.replaceState(null, '', `#${hash}`);
  showErrors(outcome.ok ? {} : outcome.errors);
  const results = $('results');
  results.classList.toggle('empty', !outcome.ok && last === undefined);
  if (outcome.ok) {
    last = outcome;
    render(outcome);
    results.classList.remove('stale');
    $('banner').hidden = true;
  } else {
    results.classList.toggle('stale', last !== undefined);
    $('banner').hidden = false;
    $('banner').textContent = loading
      ? `Loading ${outcome.loading}…`
      : outcome.noFit
      ? `Nothing fits: ${outcome.noFit}`
      : `Fix the highlighted field${Object.keys(outcome.errors).length > 1 ? 's' : ''}${last ? '; the results below are for the last valid input' : ''}.`;
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('.needs-result')) b.disabled = !outcome.ok;
  computed += 1;
  if (loading) document.body.dataset.pending = '1';
  else delete document.body.dataset.pending;
  document.body.dataset.computed = String(computed);
  document.body.dataset.state = outcome.ok ? 'ok' : loading ? 'loading' : outcome.noFit ? 'nofit' : 'error';
  document.body.dataset.computeMs = outcome.ms.toFixed(1);
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(1);
  lastComputeMs = outcome.ms;
  $('results').removeAttribute('aria-busy');
  $('banner').classList.remove('busy');
}

/**
 * A recompute whose library call may take longer than this (ms) is announced and waits for the typing to pause: the
 * page runs recommend() on its one thread, so without it a slow plan (a text index's laws, docs/web.md "Speed and size")
 * would leave the page frozen with the old numbers and no sign of work. About the delay a user still reads as instant.
 */
const SLOW_COMPUTE_MS = 100;
/** How long the typing must pause before a slow recompute starts (ms). */
const SLOW_EDIT_PAUSE_MS = 250;

let frameRequested = false;
let slowTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A recompute is guessed slow when the last one was, or when the pasted config changed (a reply can bring a text index).
 * The guess only chooses how the wait looks: every edit is computed with the form as it is when the recompute runs.
 */
function slowEdit(event?: Event): boolean {
  return lastComputeMs > SLOW_COMPUTE_MS || (event?.target as HTMLElement | null)?.id === 'f-config';
}

/** Shows "Computing…" over the current results, then recomputes once the browser has painted it. */
function computeAfterNotice(): void {
  busyShown += 1;
  announced = true;
  document.body.dataset.busyShown = String(busyShown);
  const banner = $('banner');
  banner.hidden = false;
  banner.classList.add('busy');
  banner.textContent = 'Computing…';
  $('results').setAttribute('aria-busy', 'true');
  $('results').classList.toggle('stale', last !== undefined);
  // requestAnimationFrame runs before the next paint; a task queued from it runs after that paint.
  requestAnimationFrame(() => setTimeout(recompute, 0));
}

function schedule(event?: Event): void {
  // `data-pending` says an edit is waiting for its recompute (the next frame, or the pause of a slow one): a test that
  // waits for a recompute also waits for this to clear, or it may read the recompute of an earlier event (the previous
  // field's `change` on blur) and miss the edit's own.
  document.body.dataset.pending = '1';
  if (slowEdit(event)) {
    if (slowTimer !== undefined) clearTimeout(slowTimer);
    slowTimer = setTimeout(() => {
      slowTimer = undefined;
      computeAfterNotice();
    }, SLOW_EDIT_PAUSE_MS);
    return;
  }
  // A slow recompute already waiting reads this edit too.
  if (frameRequested || slowTimer !== undefined) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    recompute();
  });
}

// ---------------------------------------------------------------- theme, share, downloads

type Theme = 'auto' | 'light' | 'dark';
function applyTheme(t: Theme): void {
  if (t === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  $('theme').textContent = `Theme: ${t}`;
  try {
    localStorage.setItem('qsize-theme', t);
  } catch {
    // storage may be off (private mode, some file:// setups): the theme just is not remembered
  }
  redrawAll();
}

function storedTheme(): Theme {
  try {
    const t = localStorage.getItem('qsize-theme');
    if (t === 'light' || t === 'dark') return t;
  } catch {
    // see applyTheme
  }
  return 'auto';
}

async function download(kind: 'spec' | 'csv' | 'md' | 'zip'): Promise<void> {
  if (!last) return;
  const { inputs, emit, currency } = last;
  if (kind === 'spec') return save('qsize-spec.yaml', specYaml(inputs), 'application/yaml');
  // The quote and the zip are written from the plan with its line items' sources and notes, by on-demand.js's writers.
  const r = await withSourcesLoaded(last.r, (error) => ($('link-status').textContent = error));
  if (!r) return;
  if (kind === 'csv') save('qsize-quote.csv', await quoteCsv(r, currency), 'text/csv');
  if (kind === 'md') save('qsize-quote.md', await quoteMarkdown(r, currency), 'text/markdown');
  if (kind === 'zip') save('qsize-deploy.zip', deploymentZip(r, emit, currency, onDemand.loaded()!), 'application/zip');
}

async function copyLink(): Promise<void> {
  const out = $('link-status');
  try {
    await navigator.clipboard.writeText(location.href);
    out.textContent = 'Link copied';
  } catch {
    out.textContent = location.href;
  }
}

function start(): void {
  const form = $('form') as HTMLFormElement;
  buildForm(form);
  const fromUrl = decodeLink(location.hash);
  if (fromUrl) state = fromUrl.state;
  if (fromUrl && fromUrl.ignored.length > 0) $('url-note').textContent = `The link's ${fromUrl.ignored.map((k) => `"${k}"`).join(', ')} ${fromUrl.ignored.length === 1 ? 'is' : 'are'} not a field of this page and ${fromUrl.ignored.length === 1 ? 'was' : 'were'} ignored.`;
  writeForm(state);
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', (e) => e.preventDefault());
  window.addEventListener('hashchange', () => {
    const s = decodeState(location.hash);
    if (s && encodeState(s) !== encodeState(readForm())) {
      writeForm({ values: s.values, config: s.config });
      schedule();
    }
  });
  document.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-explain]');
    const x = b ? explanations.get(b.dataset.explain ?? '') : undefined;
    if (x) void explain(x);
  });
  $('dl-spec').addEventListener('click', () => void download('spec'));
  $('dl-csv').addEventListener('click', () => void download('csv'));
  $('dl-md').addEventListener('click', () => void download('md'));
  $('dl-zip').addEventListener('click', () => void download('zip'));
  $('copy-link').addEventListener('click', () => void copyLink());
  $('print').addEventListener('click', () => window.print());
  const order: Theme[] = ['auto', 'light', 'dark'];
  $('theme').addEventListener('click', () => {
    const now = (document.documentElement.dataset.theme as Theme | undefined) ?? 'auto';
    applyTheme(order[(order.indexOf(now) + 1) % order.length] ?? 'auto');
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redrawAll);
  // Printing switches to the light print palette: the charts re-read their colours.
  matchMedia('print').addEventListener('change', redrawAll);
  const t = storedTheme();
  if (t !== 'auto') document.documentElement.dataset.theme = t;
  $('theme').textContent = `Theme: ${t}`;
  $('printed-on').textContent = new Date().toISOString().slice(0, 10);
  // A link with a pasted config may hold a text index: say so before its first plan, as after a paste.
  if (state.config.trim() !== '') computeAfterNotice();
  else recompute();
}

start();
