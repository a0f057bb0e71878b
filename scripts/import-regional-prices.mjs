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
//   Azure reservations: the same Go module's data/azure-instances.json (ec2instances.info's Azure table, from
//         the Azure pricing calculator's feed; 1- and 3-year reserved $/h per VM size and region)
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
//     --aws <data/instances.json> --aws-module <go module version> --aws-commit <sha> --aws-date <YYYY-MM-DD> \
//     --azure-ri <data/azure-instances.json> --azure-ri-commit <sha> --azure-ri-date <YYYY-MM-DD>
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

// --- Azure reservations: ec2instances.info's Azure table, shipped in the same Go module as the AWS file
// (data/azure-instances.json): `[{ instance_type: 'e8sv5', pricing: { '<calculator region>': { linux: {
// ondemand, reserved: { 'yrTerm1Standard.allUpfront', 'yrTerm3Standard.allUpfront', ... } } } } }]`, $/h as
// JSON numbers. ec2instances.info reads them from the Azure pricing calculator's feed (its azurevms.py,
// `perhouroneyearreserved` / `perhourthreeyearreserved`: the reservation's effective hourly rate). Its
// `allUpfront` label is ec2instances.info's: Azure bills a reservation upfront or monthly at the same total
// ("The total cost of upfront and monthly reservations is the same", learn.microsoft.com, Purchase Azure
// reservations with monthly payments), so the rate x 730 is the month paid either way.
//
// Names. A calculator size name is the ARM SKU name in lower case without `Standard_` and underscores
// (Standard_NC4as_T4_v3 -> nc4ast4v3). A calculator region (`europe-west`, `us-east`, ...) is mapped to the
// ARM region name of Karpenter-Azure's table whose on-demand prices agree with it most often, over every size
// both tables list: a derivation from the two files, not a remembered list. Where the calculator name without
// hyphens is an ARM name (`uae-north` -> `uaenorth`, 30 regions), the prices must confirm it (it must be the
// best match); for the others (`europe-west` -> westeurope, 15 regions) the importer refuses a match under
// 85 % agreement or within 3 points of the runner-up. The three US Gov regions (a separate cloud, not in
// Karpenter's table) are skipped.
//
// Freshness check, per row: a reservation rate is imported only where the source's on-demand rate for the
// same size and region equals the on-demand rate qsize quotes (Karpenter-Azure's, 2026-06-18): where they
// differ, Azure repriced the size since the source's date, and its reservation rate is stale too.
const azureSku = (sku) => sku.toLowerCase().replace(/^standard_/, '').replace(/_/g, '');
/** ARM region -> (calculator size name -> on-demand $/h), every size of Karpenter-Azure's table. */
const azureOnDemand = new Map();
for (const m of go.matchAll(blockRe)) {
  const prices = new Map();
  for (const p of m[2].matchAll(/"([^"]+)":\s*([0-9.]+),/g)) prices.set(azureSku(p[1]), Number(p[2]));
  azureOnDemand.set(m[1], prices);
}
const azureRi = JSON.parse(readFileSync(arg('azure-ri'), 'utf8'));
const azureRiSource = `github.com/LeanerCloud/ec2-instances-info@${arg('azure-ri-commit').slice(0, 12)} data/azure-instances.json (ec2instances.info scrape of the Azure pricing calculator feed; Go module ${arg('aws-module')})`;
const azureRiDate = arg('azure-ri-date');
const calculatorRegions = [...new Set(azureRi.flatMap((t) => Object.keys(t.pricing)))].sort();
const azureRegionOf = new Map();
const azureMapping = [];
for (const calc of calculatorRegions) {
  if (calc.startsWith('usgov-')) continue;
  const scores = [];
  for (const [arm, prices] of azureOnDemand) {
    let both = 0;
    let equal = 0;
    for (const t of azureRi) {
      const od = t.pricing[calc]?.linux?.ondemand;
      const kp = prices.get(t.instance_type);
      if (typeof od === 'number' && kp !== undefined) {
        both += 1;
        if (od === kp) equal += 1;
      }
    }
    if (both > 0) scores.push({ arm, equal, both, share: equal / both });
  }
  scores.sort((a, b) => b.share - a.share);
  const [best, second] = scores;
  const byName = calc.replace(/-/g, '');
  const clear = azureOnDemand.has(byName)
    ? best?.arm === byName // named alike: the prices must confirm it
    : best !== undefined && best.share >= 0.85 && (second === undefined || best.share - second.share >= 0.03);
  if (best === undefined || !clear) {
    throw new Error(`Azure calculator region ${calc}: no clear ARM region (${JSON.stringify(scores.slice(0, 3))})`);
  }
  azureRegionOf.set(calc, best.arm);
  azureMapping.push(`${calc} -> ${best.arm} (${best.equal}/${best.both} sizes agree; next ${second?.arm} ${second ? `${second.equal}/${second.both}` : ''})`);
}
/** The on-demand $/h qsize quotes for an Azure size in a region: the base row in eastus, else the regional row. */
const azureQuoted = (type, region) => (region === BASE_REGION.azure ? basePrice.get(`azure|${type}`) : azureOnDemand.get(region)?.get(azureSku(type)));
const AZURE_MODELS = [
  ['1y', 'yrTerm1Standard.allUpfront', 'Reserved VM Instance, 1 year (billed upfront or monthly, same total)'],
  ['3y', 'yrTerm3Standard.allUpfront', 'Reserved VM Instance, 3 years (billed upfront or monthly, same total)'],
];
// A size is found by its calculator name, else by its display name (`NC24ads A100 v4`, whose calculator name
// `nc24adsv4` drops the GPU model): `Standard_` + the display name with underscores for spaces.
const azureRiByType = new Map();
for (const t of azureRi) {
  for (const name of [t.instance_type, azureSku(`Standard_${String(t.pretty_name ?? '').replace(/^Standard /, '').replace(/ /g, '_')}`)]) {
    if (!azureRiByType.has(name)) azureRiByType.set(name, t);
  }
}
const azureLeftOut = [];
let azureRiRows = 0;
for (const type of [...baseTypes.azure].sort()) {
  const source = azureRiByType.get(azureSku(type));
  if (source === undefined) {
    azureLeftOut.push(`${type}: not in the source`);
    continue;
  }
  for (const calc of Object.keys(source.pricing).sort()) {
    const region = azureRegionOf.get(calc);
    if (region === undefined) continue;
    const linux = source.pricing[calc].linux;
    if (linux?.reserved === undefined || Object.keys(linux.reserved).length === 0) continue;
    const quoted = azureQuoted(type, region);
    if (quoted === undefined) continue; // not offered on demand there per the table qsize quotes
    if (Number(linux.ondemand) !== Number(quoted)) {
      azureLeftOut.push(`${type} ${region}: on-demand ${linux.ondemand} in the source, ${quoted} quoted`);
      continue;
    }
    for (const [model, key, offer] of AZURE_MODELS) {
      const v = linux.reserved[key];
      if (typeof v === 'number' && v > 0) {
        commitments.push(line(['azure', region, type, model, offer, times730(String(v)), azureRiSource, azureRiDate]));
        azureRiRows += 1;
      }
    }
  }
}
process.stdout.write(`Azure calculator regions:\n  ${azureMapping.join('\n  ')}\n`);
process.stdout.write(`Azure reservation rows: ${azureRiRows}; left out (${azureLeftOut.length}):\n  ${azureLeftOut.join('\n  ')}\n`);

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
// Spot: where the source has `spot` (a list of prices, one per Availability Zone, read with EC2's
// describe_spot_price_history at the scrape: ec2instances.info ec2.py add_spot_pricing, 17 regions), the
// dearest zone's price (`spot_max`) is imported: a Qdrant cluster spreads its peers over zones, and the
// dearest is the price none of them exceeds at that moment. It is a snapshot of a price that moves, dated
// like the rest of the file. Not imported: `spot_avg` alone (the other regions), which is not a price but
// an estimate, on-demand x (100 - s) / 100 with s the AWS Spot Instance Advisor's whole-percent "savings
// over on-demand" (scrape.py, add_spot_interrupt_info).
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
let awsSpotRows = 0;
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
    if (Array.isArray(linux.spot) && linux.spot.length > 0 && awsPriced(linux.spot_max)) {
      const offer = `Spot Instance, dearest of the region's ${linux.spot.length} Availability Zone prices at the scrape (can be reclaimed at any time)`;
      commitments.push(line(['aws', region, type, 'spot', offer, times730(linux.spot_max), awsSource, awsDate]));
      awsSpotRows += 1;
    }
  }
}
process.stdout.write(`AWS spot rows: ${awsSpotRows}\n`);
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
