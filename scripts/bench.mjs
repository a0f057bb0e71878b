// npm run bench: one run prints
//   - the CLI cold start as a ratio to `node -e 0` (median of >= 7 runs each), for the default
//     command and for --help;
//   - the time per estimate() call (median over many calls);
//   - the time of one recommend() over the full catalogs (median of a few calls, first call shown), with a query load,
//     and with growth and its timeline;
//   - the web page's four files' sizes (index.html; quote-data.js, loaded when a region is chosen; text-tables.js,
//     loaded for a text payload index; on-demand.js, loaded to explain a line item or download the quote or the zip;
//     raw and gzipped) and the time of one of its recomputes.
// Times are printed, never asserted (tests do not measure time).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.QSIZE_BENCH_RUNS ?? 11);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeProcess(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

const ms = (x) => `${x.toFixed(1)} ms`;

const baseline = timeProcess(['-e', '0']);
const quote = timeProcess(['bin/qsize.js', '--vectors', '100M', '--dim', '768']);
const help = timeProcess(['bin/qsize.js', '--help']);
const explain = timeProcess(['bin/qsize.js', 'explain', '--vectors', '100M', '--dim', '768']);
console.log(`cold start (median of ${RUNS} runs each)`);
console.log(`  node -e 0                             ${ms(baseline)}`);
console.log(`  qsize --vectors 100M --dim 768        ${ms(quote)}  ratio ${(quote / baseline).toFixed(2)}x`);
console.log(`  qsize explain --vectors 100M --dim 768 ${ms(explain)}  ratio ${(explain / baseline).toFixed(2)}x`);
console.log(`  qsize --help                          ${ms(help)}  ratio ${(help / baseline).toFixed(2)}x`);

const lib = await import(new URL('../dist/index.js', import.meta.url).href);
const workload = { points: '100M', collection: { vectors: { size: 768, distance: 'Cosine', quantization_config: { scalar: { type: 'int8' } } } }, payload: { avgBytes: 1024 } };
lib.estimate(workload);
const calls = 2000;
const per = [];
for (let batch = 0; batch < 9; batch++) {
  const t0 = performance.now();
  for (let i = 0; i < calls / 10; i++) lib.estimate(workload);
  per.push((performance.now() - t0) / (calls / 10));
}
console.log(`estimate()`);
console.log(`  per call (median of 9 batches of ${calls / 10})  ${(median(per) * 1000).toFixed(1)} µs`);

if (typeof lib.recommend === 'function') {
  const t0 = performance.now();
  const r = lib.recommend(workload, {});
  const first = performance.now() - t0;
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    lib.recommend(workload, {});
    times.push(performance.now() - t);
  }
  // A new workload every call: the shared estimate cache (src/plan/evaluate.ts) misses and every layout is estimated.
  const fresh = [];
  for (let i = 0; i < 5; i++) {
    const w = { ...workload, points: 100e6 + 1000 * (i + 1) };
    const t = performance.now();
    lib.recommend(w, {});
    fresh.push(performance.now() - t);
  }
  console.log(`recommend() over the full catalogs (${r.plan.peers} × ${r.plan.node.instanceType}, ${r.alternatives.length} alternatives)`);
  console.log(`  first call ${ms(first)}, then median of 5: ${ms(median(times))} (same workload: estimates shared across calls)`);
  console.log(`  a new workload each call, median of 5: ${ms(median(fresh))} (every layout estimated afresh)`);
  // A full-text payload index: each layout sums the index's Zipf laws (one per prefix length with the prefix tokenizer),
  // memoized per segment size in src/model/text-index.ts (TABLE_MEMO_ENTRIES). A new workload each call, as above.
  for (const tokenizer of ['word', 'prefix']) {
    const textTimes = [];
    for (let i = 0; i < 3; i++) {
      const w = {
        points: 50e6 + 1000 * (i + 1),
        collection: { vectors: { size: 768, distance: 'Cosine' } },
        payload: { avgBytes: 400, indexes: [{ field_name: 'title', field_schema: { type: 'text', tokenizer, min_token_len: 2, max_token_len: 10 }, tokensPerValue: 12, cardinality: 200000 }] },
      };
      const t = performance.now();
      lib.recommend(w, {});
      textTimes.push(performance.now() - t);
    }
    console.log(`recommend() with a ${tokenizer}-tokenizer text index (50M x 768-d), a new workload each call, median of 3: ${ms(median(textTimes))}`);
  }
  // A query load: every storage variant is planned a second time with default_segment_number 2 (src/plan/variants.ts
  // FEWER_SEGMENTS), and the alternatives gain a `segments` group. A new workload each call, as above.
  const qpsTimes = [];
  let q;
  for (let i = 0; i < 3; i++) {
    const w = { points: 1e6 + 1000 * (i + 1), collection: { vectors: { size: 768, distance: 'Cosine' } } };
    const t = performance.now();
    q = lib.recommend(w, { replicationFactor: 2, query: { qps: 6000 }, placement: { cloud: 'azure' } });
    qpsTimes.push(performance.now() - t);
  }
  console.log(`recommend() at 6,000 QPS (1M x 768-d, RF 2, azure: ${q.plan.peers} × ${q.plan.node.instanceType}, ${q.alternatives.length} alternatives), a new workload each call, median of 3: ${ms(median(qpsTimes))}`);
  // Growth with the timeline (qsize timeline): every month's cluster and the shard count's limit searched to month 120,
  // each month past now estimated with the WAL's most since now (assumptions.grownFromPoints). A new workload each call.
  const growthTimes = [];
  let g;
  for (let i = 0; i < 3; i++) {
    const w = { points: 10e6 + 1000 * (i + 1), collection: { vectors: { size: 768, distance: 'Cosine' } } };
    const t = performance.now();
    g = lib.recommend(w, { growth: { pointsPerMonth: 2e6, horizonMonths: 12 } }, { timeline: true });
    growthTimes.push(performance.now() - t);
  }
  console.log(`recommend() with growth and its timeline (10M x 768-d + 2M a month, 12 months: ${g.plan.peers} × ${g.plan.node.instanceType}, limit month ${g.timeline?.shardLimit.month ?? 'none'}), a new workload each call, median of 3: ${ms(median(growthTimes))}`);
} else {
  console.log('recommend(): not available');
}

// The web page (scripts/bundle-web.mjs): its size as served, and one recompute as the page runs it (the form's
// flag values through applyFlags into recommend() with the page's catalog), timed here in Node. The browser
// tests (test/web) print the same step timed inside Chromium.
{
  const { readFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const sizes = ['index.html', 'quote-data.js', 'text-tables.js', 'on-demand.js'].map((f) => {
    const b = readFileSync(new URL(`../dist/web/${f}`, import.meta.url));
    return { f, raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('web page dist/web/ (scripts/bundle-web.mjs; aim: 300 KB gzipped for what every visitor loads)');
  const when = { 'index.html': 'loaded on open', 'quote-data.js': 'loaded when a region is chosen', 'text-tables.js': 'loaded for a text payload index', 'on-demand.js': "loaded to explain a number or download the quote or the zip" };
  for (const { f, raw, gzip } of sizes) console.log(`  ${f.padEnd(14)} ${kb(raw)}, ${kb(gzip)} gzipped (${when[f]})`);
  const sum = (k) => sizes.reduce((a, s) => a + s[k], 0);
  console.log(`  all four       ${kb(sum('raw'))}, ${kb(sum('gzip'))} gzipped`);
  const catalog = lib.planCatalogFromPricing(lib.defaultCatalogs());
  const flags = { vectors: 100e6, dim: 768, quantization: 'scalar' };
  const recompute = () => {
    const inputs = lib.applyFlags({ workload: {}, constraints: {} }, flags);
    return lib.recommend(inputs.workload, inputs.constraints, { catalog });
  };
  recompute();
  const times = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    recompute();
    times.push(performance.now() - t);
  }
  console.log(`  one recompute (100M × 768-d, scalar): median of 9 ${ms(median(times))}`);
}
