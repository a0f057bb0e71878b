import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  catalogDate,
  defaultCatalogs,
  findAllocatable,
  findInstances,
  loadCatalogs,
  storagePrice,
  validateCatalogs,
  type CatalogName,
} from '../../src/pricing/catalog.js';
import { generatedCatalogTables, type GeneratedCatalogTable } from '../../src/pricing/catalog-data.generated.js';

const NOW = '2026-08-30T00:00:00Z';

/** Copy of the generated tables with one table replaced. */
function withTable(name: CatalogName, table: GeneratedCatalogTable): Record<CatalogName, GeneratedCatalogTable> {
  return { ...generatedCatalogTables, [name]: table };
}

function withRowChange(name: CatalogName, rowIndex: number, field: string, value: string) {
  const t = generatedCatalogTables[name] as GeneratedCatalogTable;
  const rows = t.rows.map((r, i) => (i === rowIndex ? { ...r, [field]: value } : r));
  return withTable(name, { ...t, rows });
}

function catalogError(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CatalogError) return e;
    throw e;
  }
  throw new Error('expected a CatalogError');
}

describe('shipped catalogs', () => {
  const c = defaultCatalogs();

  it('have the expected row counts', () => {
    expect(c.instancesCpu.rows).toHaveLength(100);
    expect(c.instancesGpu.rows).toHaveLength(63);
    expect(c.storage.rows).toHaveLength(23);
    expect(c.k8sAllocatableAws.rows).toHaveLength(85);
    expect(c.qdrantIndexBuild.rows).toHaveLength(11);
    expect(c.qdrantQueryThroughput.rows).toHaveLength(24);
  });

  it('keep every price exactly as written in the CSV', () => {
    const cpu = generatedCatalogTables.instancesCpu.rows;
    c.instancesCpu.rows.forEach((r, i) => expect(r.usdPerHour).toBe(Number(cpu[i]?.usd_per_hour)));
    expect(findInstances({ instanceTypes: ['p4d.24xlarge'] })[0]?.usdPerHour).toBe(21.957642);
    expect(findInstances({ instanceTypes: ['r8g.large'] })[0]?.usdPerHour).toBe(0.11782);
  });

  it('date every row with a source', () => {
    for (const name of ['instancesCpu', 'instancesGpu', 'k8sAllocatableAws', 'qdrantIndexBuild', 'qdrantQueryThroughput'] as const) {
      for (const r of c[name].rows) {
        expect(r.source.length).toBeGreaterThan(10);
        expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    for (const r of c.storage.rows) expect(r.verified ? r.asOf !== null : true).toBe(true);
  });

  it('cite upstream sources, never the shared reference folder', () => {
    const all = Object.values(generatedCatalogTables).flatMap((t) => t.rows.map((r) => JSON.stringify(r)));
    for (const s of all) expect(s).not.toMatch(/work\/shared|reference\/data/);
  });

  it('agree with the Karpenter table on every AWS instance memory and vCPU', () => {
    for (const a of c.k8sAllocatableAws.rows) {
      const [row] = findInstances({ cloud: 'aws', instanceTypes: [a.instanceType] });
      expect(row, a.instanceType).toBeDefined();
      expect(row?.memoryGib).toBe(a.memoryMib / 1024);
      expect(row?.vcpu).toBe(a.vcpu);
      expect(row?.arch).toBe(a.arch);
    }
  });

  it('store GPU memory per GPU (a2-highgpu-8g has 8 x 40 GiB)', () => {
    const [a2] = findInstances({ instanceTypes: ['a2-highgpu-8g'] });
    expect(a2?.gpuCount).toBe(8);
    expect(a2?.gpuMemoryGibEach).toBe(40);
  });
});

describe('findInstances', () => {
  it('finds r6i.4xlarge at $1.008/h on AWS us-east-1', () => {
    const rows = findInstances({ cloud: 'aws', region: 'us-east-1', instanceTypes: ['r6i.4xlarge'] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ vcpu: 16, memoryGib: 128, usdPerHour: 1.008, asOf: '2026-07-20', verified: true });
  });

  it('filters by family and arch, cheapest first', () => {
    const rows = findInstances({ families: ['r7g', 'r6i'], arch: 'arm64' });
    expect(rows.map((r) => r.instanceType)).toEqual([
      'r7g.large', 'r7g.xlarge', 'r7g.2xlarge', 'r7g.4xlarge', 'r7g.8xlarge', 'r7g.12xlarge', 'r7g.16xlarge',
    ]);
  });

  it('returns GPU rows only when gpu is true, CPU rows only when false', () => {
    expect(findInstances({ gpu: true }).every((r) => r.gpuCount > 0)).toBe(true);
    expect(findInstances({ gpu: false }).every((r) => r.gpuCount === 0)).toBe(true);
    const t4 = findInstances({ cloud: 'azure', gpuModels: ['T4'] });
    expect(t4.map((r) => r.instanceType)).toContain('Standard_NC4as_T4_v3');
  });

  it('excludes unverified rows unless asked (g2 prices are weak, partial A10 vGPUs unproven)', () => {
    expect(findInstances({ families: ['g2-standard'] })).toEqual([]);
    expect(findInstances({ families: ['g2-standard'], includeUnverified: true })).toHaveLength(8);
    const nv = findInstances({ families: ['NVadsA10_v5'] }).map((r) => r.instanceType);
    expect(nv).toEqual(['Standard_NV36ads_A10_v5', 'Standard_NV36adms_A10_v5', 'Standard_NV72ads_A10_v5']);
  });
});

describe('storagePrice', () => {
  it('returns the verified pd-balanced price', () => {
    const row = storagePrice('gcp', 'us-central1', 'pd-balanced');
    expect(row).toMatchObject({ usdPrice: 0.1, unit: 'GB-month', asOf: '2026-06-23' });
  });

  it('returns undefined for an unverified product unless asked', () => {
    // Premium SSD v2 capacity is still a recalled price (~$0.000111/GiB-hour x 730 = $0.0812).
    expect(storagePrice('azure', 'eastus', 'premium-ssd-v2')).toBeUndefined();
    expect(storagePrice('azure', 'eastus', 'premium-ssd-v2', { includeUnverified: true })?.usdPrice).toBe(0.0812);
    expect(storagePrice('azure', 'westeurope', 'premium-ssd-v2', { includeUnverified: true })).toBeUndefined();
  });

  it('returns the EBS gp3 prices read from infracost golden files, us-east-1 only', () => {
    // autoscaling_group_test.golden: 20 GB of gp3 = $1.60 a month, so $1.60 / 20 = $0.08 per GB-month.
    expect(storagePrice('aws', 'us-east-1', 'ebs-gp3')).toMatchObject({ usdPrice: 0.08, asOf: '2025-07-07', verified: true });
    // ebs_volume_test.golden: iops 4000 and throughput 130 on one volume: (4000 - 3000) IOPS = $5.00, so $0.005 per
    // IOPS-month; (130 - 125) MB/s = $0.20, so $0.04 per MB/s-month.
    expect(storagePrice('aws', 'us-east-1', 'ebs-gp3-iops')).toMatchObject({ usdPrice: 0.005, asOf: '2024-07-01' });
    expect(storagePrice('aws', 'us-east-1', 'ebs-gp3-throughput')).toMatchObject({ usdPrice: 0.04, asOf: '2024-07-01' });
    expect(storagePrice('aws', 'eu-west-1', 'ebs-gp3', { includeUnverified: true })).toBeUndefined();
  });
});

describe('findAllocatable and catalogDate', () => {
  it('finds Karpenter figures for r6i.16xlarge', () => {
    expect(findAllocatable('r6i.16xlarge')).toMatchObject({ maxPods: 737, allocMemoryMib: 476504, allocCpuMillicores: 63770 });
  });

  it('reports the newest price date and per-catalog dates', () => {
    // The newest price is GCS Standard us-central1 (Cyclenerd's pricing.yml, 2026-07-30), after the AWS instances' 2026-07-20.
    expect(catalogDate()).toBe('2026-07-30');
    expect(catalogDate('storage')).toBe('2026-07-30');
    expect(catalogDate('qdrantQueryThroughput')).toBe('2024-06-15');
  });
});

describe('loadCatalogs', () => {
  it('warns only about old rows and old benchmarks, 41 days after the AWS prices', () => {
    const { warnings } = loadCatalogs({ now: NOW });
    expect(warnings.map((w) => `${w.code}:${w.catalog}`)).toEqual([
      // 180 days before 2026-08-30 is 2026-03-03. Older verified storage rows: S3 Standard (2025) and Premium SSD P30
      // (2026; year-only dates count from Jan 1), EBS gp3 (2025-07-07), Premium SSD P10 (2025-01-15) and the five rows of
      // infracost's 2024-07-01 golden files (gp3 IOPS, gp3 throughput, io2, io2 IOPS, snapshots): 2 + 1 + 1 + 5 = 9.
      'stale-rows:storage',
      'stale-rows:qdrantIndexBuild', // vector-db-benchmark 2024-06-15
      'stale-catalog:qdrantQueryThroughput',
    ]);
    expect(warnings[0]?.message).toBe(
      'data/catalogs/storage.csv: 9 verified row(s) are older than 180 days (oldest as_of 2024-07-01)',
    );
    expect(warnings[2]?.message).toContain('2024-06-15 is 806 days old (limit 730)');
  });

  it('warns when a price catalog is older than the stated age', () => {
    const { warnings } = loadCatalogs({ now: '2027-03-01', maxAgeDays: { qdrantQueryThroughput: 10_000, qdrantIndexBuild: 10_000 } });
    const stale = warnings.filter((w) => w.code === 'stale-catalog').map((w) => w.catalog);
    expect(stale).toEqual(['instancesCpu', 'instancesGpu', 'storage', 'k8sAllocatableAws']);
    expect(warnings[0]?.message).toMatch(/newest as_of 2026-07-20 is 224 days old \(limit 180\)/);
  });

  it('takes now as a Date as well as a string', () => {
    expect(loadCatalogs({ now: new Date(NOW) }).warnings).toHaveLength(3);
  });

  it('refuses an empty catalog', () => {
    const e = catalogError(() =>
      loadCatalogs({ now: NOW, tables: withTable('storage', { ...generatedCatalogTables.storage, rows: [] }) }),
    );
    expect(e.code).toBe('catalog-empty');
    expect(e.message).toBe('data/catalogs/storage.csv: catalog storage is empty (no data rows)');
  });

  it('refuses a malformed price, naming file, row, field, value and expectation', () => {
    const e = catalogError(() => validateCatalogs(withRowChange('instancesCpu', 3, 'usd_per_hour', '1,008')));
    expect(e.code).toBe('catalog-row-invalid');
    expect(e.message).toBe(
      'data/catalogs/instances-cpu.csv: data row 4 (aws us-east-1 r6i.4xlarge), field "usd_per_hour": value "1,008" is invalid; expected a decimal number greater than 0, such as 1.008',
    );
    expect(e).toMatchObject({ file: 'data/catalogs/instances-cpu.csv', row: 4, field: 'usd_per_hour', value: '1,008' });
  });

  it('refuses a bad enum and a bad date', () => {
    expect(catalogError(() => validateCatalogs(withRowChange('storage', 0, 'cloud', 'oracle'))).message).toMatch(
      /storage\.csv: data row 1 .*field "cloud": value "oracle" is invalid; expected one of aws, gcp, azure/,
    );
    expect(catalogError(() => validateCatalogs(withRowChange('qdrantIndexBuild', 0, 'as_of', '2024-02-30'))).message).toMatch(
      /field "as_of": value "2024-02-30" is invalid; expected a date YYYY-MM-DD/,
    );
  });

  it('refuses a verified row without a date', () => {
    const gp3 = generatedCatalogTables.storage.rows.findIndex((r) => r.product_id === 'pd-ssd');
    const e = catalogError(() => validateCatalogs(withRowChange('storage', gp3, 'as_of', '')));
    expect(e.message).toMatch(/field "as_of": value "" is invalid; expected a date for a verified row/);
  });

  it('refuses a duplicate row', () => {
    const t = generatedCatalogTables.k8sAllocatableAws;
    const first = t.rows[0];
    if (first === undefined) throw new Error('no rows');
    const e = catalogError(() => validateCatalogs(withTable('k8sAllocatableAws', { ...t, rows: [...t.rows, first] })));
    expect(e.code).toBe('catalog-duplicate-row');
    expect(e.message).toMatch(/data row 86 \(r6i\.large\) duplicates data row 1/);
  });

  it('refuses an instance catalog missing a default family', () => {
    const t = generatedCatalogTables.instancesCpu;
    const noR7i = { ...t, rows: t.rows.filter((r) => r.family !== 'r7i') };
    const e = catalogError(() => validateCatalogs(withTable('instancesCpu', noR7i)));
    expect(e.code).toBe('catalog-missing-family');
    expect(e.message).toMatch(/has aws rows but no verified row of the default family "r7i"/);
    const noN2 = { ...t, rows: t.rows.filter((r) => r.family !== 'n2-highmem') };
    expect(catalogError(() => validateCatalogs(withTable('instancesCpu', noN2))).message).toMatch(/"n2-highmem"/);
  });

  it('does not require a cloud\'s families when the catalog has no rows for that cloud', () => {
    const t = generatedCatalogTables.instancesCpu;
    const awsOnly = { ...t, rows: t.rows.filter((r) => r.cloud === 'aws') };
    expect(() => validateCatalogs(withTable('instancesCpu', awsOnly))).not.toThrow();
  });
});
