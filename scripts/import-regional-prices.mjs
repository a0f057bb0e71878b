#!/usr/bin/env node
// Rebuilds the regional price CSVs in data/catalogs/ from two machine-generated public price tables:
//
//   GCP   github.com/Cyclenerd/google-cloud-pricing-cost-calculator  pricing.yml
//         (generated from the Cloud Billing Catalog API; on-demand `hour`, committed-use `month_1y` and
//         `month_3y` per machine type and region; storage `month` per GB and region)
//   Azure github.com/Azure/karpenter-provider-azure  pkg/providers/pricing/zz_generated.pricing.go
//         (generated from the Azure Retail Prices API; Linux on-demand $/h per SKU and region)
//
// AWS has no such multi-region table in a reachable public repository: Karpenter's generated table
// (zz_generated.pricing_aws.go) covers us-east-1 only, so AWS stays a one-region catalog.
//
// Only instance types that the base catalogs (instances-cpu.csv, instances-gpu.csv) describe are
// imported: a regional row carries a price, its specs come from the base row of the same type.
// The base region of each cloud (us-central1, eastus) is skipped: the base catalog already prices it.
//
// Cyclenerd's pricing.yml prices every machine type in every region from per-vCPU / per-GB / per-GPU
// SKUs, whether or not the type is offered there (a2-ultragpu has a me-central2 price but is not
// sold there). Its tools/machinetyperegion.csv (from `gcloud compute machine-types list`) says where
// each type exists; a GCP row is imported only where that file lists the type.
//
// Usage:
//   node scripts/import-regional-prices.mjs \
//     --gcp <pricing.yml> --gcp-commit <sha> --gcp-date <YYYY-MM-DD> \
//     --gcp-availability <tools/machinetyperegion.csv> --gcp-availability-commit <sha> \
//     --azure <zz_generated.pricing.go> --azure-commit <sha> --azure-date <YYYY-MM-DD>
// then `node scripts/gen-catalogs.mjs`. The dates are the generation dates the files state
// (pricing.yml `about.generated`, the Go file's `// generated at` header).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCsv } from './gen-catalogs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || process.argv[i + 1] === undefined) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
};

const BASE_REGION = { gcp: 'us-central1', azure: 'eastus' };

function readCsv(file) {
  const [header, ...rows] = parseCsv(readFileSync(join(root, file), 'utf8'), file);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Quote a CSV cell when needed (RFC 4180). */
const q = (v) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells) => cells.map(q).join(',');

/** Decimal text of a published number (shortest round-trip form of the YAML value). */
const num = (x) => String(x);

const baseTypes = { gcp: new Set(), azure: new Set() };
for (const r of [...readCsv('data/catalogs/instances-cpu.csv'), ...readCsv('data/catalogs/instances-gpu.csv')]) {
  if (r.cloud in baseTypes) baseTypes[r.cloud].add(r.instance_type);
}

const gcpCommit = arg('gcp-commit').slice(0, 12);
const gcpDate = arg('gcp-date');
const azureCommit = arg('azure-commit').slice(0, 12);
const azureDate = arg('azure-date');
const gcpSource = `github.com/Cyclenerd/google-cloud-pricing-cost-calculator@${gcpCommit} pricing.yml`;
const gcpOffered = `offered per tools/machinetyperegion.csv@${arg('gcp-availability-commit').slice(0, 12)}`;
const azureSource = `github.com/Azure/karpenter-provider-azure@${azureCommit} pkg/providers/pricing/zz_generated.pricing.go`;

const regional = [line(['cloud', 'region', 'instance_type', 'usd_per_hour', 'source', 'as_of'])];
const commitments = [line(['cloud', 'region', 'instance_type', 'model', 'offer', 'usd_per_month', 'source', 'as_of'])];

// --- GCP: availability (NAME;CPUS;SHARED_CPU;MEMORY_GB;DEPRECATED;ZONE, ZONE holding the region)
const offered = new Set();
for (const l of readFileSync(arg('gcp-availability'), 'utf8').split(/\r?\n/).slice(1)) {
  const f = l.split(';');
  if (f.length >= 6 && f[4] === '') offered.add(`${f[0]}|${f[5]}`);
}
const gcp = parseYaml(readFileSync(arg('gcp'), 'utf8'), { maxAliasCount: -1 });
const gcpInstances = gcp.compute.instance;
for (const type of [...baseTypes.gcp].sort()) {
  const cost = gcpInstances[type]?.cost;
  if (cost === undefined) continue;
  for (const region of Object.keys(cost).sort()) {
    if (!offered.has(`${type}|${region}`)) continue;
    const c = cost[region];
    if (typeof c.hour === 'number' && c.hour > 0 && region !== BASE_REGION.gcp) {
      regional.push(line(['gcp', region, type, num(c.hour), `${gcpSource}; ${gcpOffered}`, gcpDate]));
    }
    for (const [model, key, offer] of [
      ['1y', 'month_1y', 'committed use discount, 1 year (resource-based)'],
      ['3y', 'month_3y', 'committed use discount, 3 years (resource-based)'],
      ['spot', 'month_spot', 'Spot VM (can be preempted at any time)'],
    ]) {
      if (typeof c[key] === 'number' && c[key] > 0) {
        commitments.push(line(['gcp', region, type, model, offer, num(c[key]), `${gcpSource}; ${gcpOffered}`, gcpDate]));
      }
    }
  }
}

// --- Azure: `initialOnDemandPrices["<region>"] = map[string]float64{ "<SKU>": <price>, ... }`
const go = readFileSync(arg('azure'), 'utf8');
const blockRe = /initialOnDemandPrices\["([a-z0-9]+)"\] = map\[string\]float64\{([^}]*)\}/g;
for (const m of go.matchAll(blockRe)) {
  const region = m[1];
  if (region === BASE_REGION.azure) continue;
  const prices = new Map();
  for (const p of m[2].matchAll(/"([^"]+)":\s*([0-9.]+),/g)) prices.set(p[1], p[2]);
  for (const type of [...baseTypes.azure].sort()) {
    const v = prices.get(type);
    if (v === undefined || !(Number(v) > 0)) continue;
    regional.push(line(['azure', region, type, String(Number(v)), azureSource, azureDate]));
  }
}

// --- GCP storage per region (GB-month), products the storage catalog already names.
const storage = gcp.compute.storage;
const bucket = gcp.storage.bucket;
const GCP_STORAGE = [
  ['pd-balanced', 'pd-balanced', 'block', storage.balanced, 'compute.storage.balanced', 'performance scales with size (6 IOPS/GB, min 3000)'],
  ['pd-ssd', 'pd-ssd', 'block', storage.ssd, 'compute.storage.ssd', '30 IOPS/GB'],
  ['pd-standard', 'pd-standard', 'block', storage.hdd, 'compute.storage.hdd', ''],
  ['local-ssd', 'Local SSD', 'local', storage.local, 'compute.storage.local', '375 GB per partition'],
  ['pd-snapshot', 'Persistent Disk snapshot (standard)', 'snapshot', storage.snapshot, 'compute.storage.snapshot', ''],
  ['gcs-standard', 'Cloud Storage Standard (regional)', 'object', bucket.standard, 'storage.bucket.standard', ''],
];
const storageRows = [];
for (const [id, product, kind, table, path, baseline] of GCP_STORAGE) {
  for (const region of Object.keys(table.cost).sort()) {
    const month = table.cost[region].month;
    if (!/^[a-z]+-[a-z]+[0-9]+$/.test(region) || !(month > 0)) continue; // regions only (no multi-regions)
    storageRows.push({ region, id, product, kind, month: num(month), path, baseline });
  }
}

writeFileSync(join(root, 'data/catalogs/instance-prices-regional.csv'), `${regional.join('\n')}\n`);
writeFileSync(join(root, 'data/catalogs/commitment-prices.csv'), `${commitments.join('\n')}\n`);
writeFileSync(join(root, 'data/catalogs/storage-regional.csv'), `${[
  line(['cloud', 'region', 'product_id', 'product', 'kind', 'unit', 'usd_price', 'included_baseline', 'source', 'as_of']),
  ...storageRows.map((r) => line(['gcp', r.region, r.id, r.product, r.kind, 'GB-month', r.month, r.baseline, `${gcpSource} (${r.path})`, gcpDate])),
].join('\n')}\n`);
process.stdout.write(
  `instance-prices-regional.csv: ${regional.length - 1} rows; commitment-prices.csv: ${commitments.length - 1} rows; storage-regional.csv: ${storageRows.length} rows\n`,
);
