#!/usr/bin/env node
// Rebuilds the regional price CSVs in data/catalogs/ from two machine-generated public price tables:
//
//   GCP   github.com/Cyclenerd/google-cloud-pricing-cost-calculator  pricing.yml
//         (generated from the Cloud Billing Catalog API; on-demand `hour`, committed-use `month_1y` and
//         `month_3y` per machine type and region; storage `month` per GB and region)
//   Azure github.com/Azure/karpenter-provider-azure  pkg/providers/pricing/zz_generated.pricing.go
//         (generated from the Azure Retail Prices API; Linux on-demand $/h per SKU and region)
//
//   AWS   github.com/LeanerCloud/ec2-instances-info  data/instances.json, as shipped in its Go module
//         (a copy of ec2instances.info's instances.json, which ec2instances.info's scraper builds from the
//         AWS Price List API; Linux on-demand $/h and Standard Reserved Instance rates per instance
//         type and region). Karpenter's generated AWS table covers us-east-1 only.
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
//     --azure <zz_generated.pricing.go> --azure-commit <sha> --azure-date <YYYY-MM-DD> \
//     --aws <data/instances.json> --aws-module <go module version> --aws-commit <sha> --aws-date <YYYY-MM-DD>
// then `node scripts/gen-catalogs.mjs`. The dates are the generation dates the files state
// (pricing.yml `about.generated`, the Go file's `// generated at` header); instances.json states none,
// so its date is that of the commit that last changed it (`git log -1 -- data/instances.json`).
// `go mod download -json github.com/LeanerCloud/ec2-instances-info@<version>` gives the module's
// directory; docs/catalogs.md names the version, commit and date used.

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

const BASE_REGION = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' };

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

const baseTypes = { aws: new Set(), gcp: new Set(), azure: new Set() };
/** On-demand $/h of each base row, `cloud|type` (the base region's price). */
const basePrice = new Map();
for (const r of [...readCsv('data/catalogs/instances-cpu.csv'), ...readCsv('data/catalogs/instances-gpu.csv')]) {
  if (r.cloud in baseTypes) baseTypes[r.cloud].add(r.instance_type);
  basePrice.set(`${r.cloud}|${r.instance_type}`, r.usd_per_hour);
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

// --- AWS: ec2instances.info's instances.json, `[{ instance_type, pricing: { <region>: { linux: {
// ondemand, reserved: { 'yrTerm1Standard.noUpfront': ... }, spot_avg } } } }]`, prices as decimal text.
// Regions only: Local Zones (us-east-1-atl-1, ...) are sold through their parent region, and the
// GovCloud partition (us-gov-*) is a separate account type; both are left out.
const AWS_REGION = /^[a-z]{2}-[a-z]+-[0-9]$/;
// Which published rate stands for each commitment model. No upfront is paid month by month over
// the term, like a GCP commitment; Standard (not Convertible) is the cheaper of the two RI classes.
const AWS_MODELS = [
  ['1y', (p) => p.reserved?.['yrTerm1Standard.noUpfront'], 'Standard Reserved Instance, 1 year, no upfront'],
  ['3y', (p) => p.reserved?.['yrTerm3Standard.noUpfront'], 'Standard Reserved Instance, 3 years, no upfront'],
];
// Not imported: the source's `spot_avg`, which is not a price but an estimate, on-demand x
// (100 - s) / 100 with s the AWS Spot Instance Advisor's whole-percent "savings over on-demand"
// (ec2instances.info scrape.py, add_spot_interrupt_info); its 1,645 rows would also take the web
// page over its size budget. AWS spot stays unpriced rather than estimated.
/** Exact decimal text of `text` (a published decimal) x 730, the month every commitment row uses. */
function times730(text) {
  const [int, frac = ''] = String(text).split('.');
  const digits = (BigInt(int + frac) * 730n).toString().padStart(frac.length + 1, '0');
  const whole = frac.length > 0 ? `${digits.slice(0, -frac.length)}.${digits.slice(-frac.length)}` : digits;
  return whole.includes('.') ? whole.replace(/0+$/, '').replace(/\.$/, '') : whole;
}
const awsSource = `github.com/LeanerCloud/ec2-instances-info@${arg('aws-commit').slice(0, 12)} data/instances.json (ec2instances.info scrape of the AWS Price List API; Go module ${arg('aws-module')})`;
const awsDate = arg('aws-date');
const awsPriced = (x) => typeof x === 'string' && Number(x) > 0;
const awsTypes = new Map(JSON.parse(readFileSync(arg('aws'), 'utf8')).map((t) => [t.instance_type, t]));
// The source is older than Karpenter's us-east-1 table behind the base rows, so each type is checked
// there first: where the two us-east-1 prices differ, AWS has repriced the type since the source's
// date (p4d and p5 now cost 0.67 and 0.56 of their source price), its other regions are stale too,
// and the type is left out of every region rather than priced from the older table. A type the
// source lacks is left out too.
const awsLeftOut = [];
for (const type of [...baseTypes.aws].sort()) {
  const pricing = awsTypes.get(type)?.pricing;
  const sourceBase = pricing?.[BASE_REGION.aws]?.linux?.ondemand;
  const base = basePrice.get(`aws|${type}`);
  if (pricing === undefined || Number(sourceBase) !== Number(base)) {
    awsLeftOut.push(`${type}: ${pricing === undefined ? 'not in the source' : `${BASE_REGION.aws} ${sourceBase} in the source, ${base} in the base catalog`}`);
    continue;
  }
  for (const region of Object.keys(pricing).filter((r) => AWS_REGION.test(r)).sort()) {
    const linux = pricing[region].linux;
    if (linux === undefined || !awsPriced(linux.ondemand)) continue;
    if (region !== BASE_REGION.aws) regional.push(line(['aws', region, type, String(Number(linux.ondemand)), awsSource, awsDate]));
    for (const [model, rate, offer] of AWS_MODELS) {
      const v = rate(linux);
      if (awsPriced(v)) commitments.push(line(['aws', region, type, model, offer, times730(v), awsSource, awsDate]));
    }
  }
}
if (awsLeftOut.length > 0) process.stdout.write(`AWS types left out of every region:\n  ${awsLeftOut.join('\n  ')}\n`);

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
