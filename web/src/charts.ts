/**
 * The page's charts, drawn with Chart.js (tree-shaken: only the controllers used here are registered).
 * Colours come from the page's CSS variables, so the same charts read in the light and dark themes.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { AlternativeGroup, View } from './adapter.js';
import { count, gib, USD_MONEY, type Money } from './format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, ScatterController, Legend, Tooltip);

const GIB = 1024 ** 3;

/** One colour per structure (Okabe-Ito based, readable for colour-blind readers, on light and dark). */
const STRUCTURE_COLOURS: Record<string, string> = {
  vectors: '#0072B2',
  quantization: '#56B4E9',
  hnsw: '#E69F00',
  'id-tracker': '#009E73',
  payload: '#CC79A7',
  'payload-index': '#D55E00',
  sparse: '#F0E442',
  wal: '#8c8c8c',
  process: '#6a3d9a',
  allocator: '#b15928',
  optimizer: '#1b9e77',
  other: '#bdbdbd',
};

const GROUP_COLOURS: Record<AlternativeGroup | 'recommended', string> = {
  recommended: '#D55E00',
  storage: '#0072B2',
  segments: '#56B4E9',
  cloud: '#009E73',
  family: '#E69F00',
  replication: '#CC79A7',
  indexing: '#8c8c8c',
};

const GROUP_LABEL: Record<AlternativeGroup, string> = {
  storage: 'other storage / quantization',
  segments: 'other segment count',
  cloud: 'other cloud',
  family: 'other family',
  replication: 'other replication',
  indexing: 'CPU instead of GPU indexing',
};

function themeColours(): { fg: string; grid: string } {
  const css = getComputedStyle(document.documentElement);
  return { fg: css.getPropertyValue('--fg').trim() || '#222', grid: css.getPropertyValue('--grid').trim() || '#ddd' };
}

const charts = new Map<string, Chart>();

function draw(canvas: HTMLCanvasElement, key: string, config: ChartConfiguration): void {
  const { fg, grid } = themeColours();
  Chart.defaults.color = fg;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const old = charts.get(key);
  if (old && old.canvas === canvas && (old.config as { type?: string }).type === (config as { type?: string }).type) {
    old.data = config.data;
    old.options = config.options ?? {};
    old.update('none');
    return;
  }
  old?.destroy();
  charts.set(key, new Chart(canvas, config));
}

/** Redraws every chart after a theme change (colours are read when drawing). */
export function redrawAll(): void {
  const { fg, grid } = themeColours();
  Chart.defaults.color = fg;
  Chart.defaults.borderColor = grid;
  for (const c of charts.values()) {
    for (const scale of Object.values(c.options.scales ?? {})) {
      if (!scale) continue;
      const s = scale as { ticks?: { color?: string }; grid?: { color?: string }; title?: { color?: string } };
      if (s.ticks) s.ticks.color = fg;
      if (s.grid) s.grid.color = grid;
      if (s.title) s.title.color = fg;
    }
    c.update('none');
  }
}

function axes(x: string, y: string) {
  const { fg, grid } = themeColours();
  const axis = (title: string) => ({ title: { display: true, text: title, color: fg }, ticks: { color: fg }, grid: { color: grid } });
  return { x: axis(x), y: axis(y) };
}

/** Memory per peer: RAM, page cache and disk bars, stacked by structure. */
export function drawMemory(canvas: HTMLCanvasElement, v: View): void {
  const structures = [...new Set(v.memory.flatMap((b) => Object.keys(b.byStructure)))];
  const { x, y } = axes('GiB on the busiest peer', '');
  draw(canvas, 'memory', {
    type: 'bar',
    data: {
      labels: v.memory.map((b) => b.residency),
      datasets: structures.map((s) => ({
        label: s,
        data: v.memory.map((b) => ((b.byStructure as Record<string, number>)[s] ?? 0) / GIB),
        backgroundColor: STRUCTURE_COLOURS[s] ?? '#999',
        stack: 'peer',
      })),
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { ...x, stacked: true, beginAtZero: true }, y: { ...y, stacked: true } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${gib((c.raw as number) * GIB)}` } },
      },
    },
  });
}

/** Alternatives: monthly cost (in the page's currency, `m`) against the checks each passes; the recommended plan highlighted. */
export function drawAlternatives(canvas: HTMLCanvasElement, v: View, m: Money = USD_MONEY): void {
  const groups = [...new Set(v.alternatives.map((a) => a.group))];
  const total = Math.max(v.checks.length, ...v.alternatives.map((a) => a.checksTotal));
  const { x, y } = axes(`${m.code} per month`, 'checks passed');
  draw(canvas, 'alternatives', {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'recommended',
          data: [{ x: v.local?.total ?? v.bill.monthlyUsd, y: v.checks.filter((c) => c.passed).length }],
          backgroundColor: GROUP_COLOURS.recommended,
          pointRadius: 9,
          pointStyle: 'star',
          borderColor: GROUP_COLOURS.recommended,
          borderWidth: 2,
          order: -1,
        },
        ...groups.map((g) => ({
          label: GROUP_LABEL[g],
          data: v.alternatives.filter((a) => a.group === g).map((a) => ({ x: m.convert(a.monthlyUsd), y: a.checksPassed })),
          backgroundColor: GROUP_COLOURS[g],
          pointRadius: 6,
        })),
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { ...x, beginAtZero: false, grace: '5%' }, y: { ...y, min: 0, max: total + 1, ticks: { ...y.ticks, stepSize: 1, callback: (val) => (Number(val) <= total ? String(val) : '') } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (c) => {
              if (c.datasetIndex === 0) return `recommended: ${m.total(v.bill.monthlyUsd)}`;
              const alts = v.alternatives.filter((a) => a.group === groups[c.datasetIndex - 1]);
              const a = alts[c.dataIndex];
              return a ? `${a.label}: ${m.show(a.monthlyUsd)}, ${a.checksPassed}/${a.checksTotal} checks` : '';
            },
          },
        },
      },
    },
  });
}

export interface GrowthPoint {
  month: number;
  points: number;
  /** One copy of the collection: resident RAM + hot page cache. */
  memoryBytes: number;
}

/** Growth: points and one copy's memory by month; months past the last fitting one drawn in red. */
export function drawGrowth(canvas: HTMLCanvasElement, series: GrowthPoint[], fitsUntilMonth: number | null, horizonMonths: number): void {
  const { fg, grid } = themeColours();
  const failing = (month: number) => fitsUntilMonth !== null && month >= fitsUntilMonth;
  draw(canvas, 'growth', {
    type: 'line',
    data: {
      labels: series.map((s) => String(s.month)),
      datasets: [
        {
          label: 'points',
          data: series.map((s) => s.points),
          borderColor: '#0072B2',
          backgroundColor: '#0072B2',
          yAxisID: 'y',
          segment: { borderColor: (ctx) => (failing(series[ctx.p1DataIndex]?.month ?? 0) ? '#D55E00' : '#0072B2') },
          pointBackgroundColor: series.map((s) => (failing(s.month) ? '#D55E00' : '#0072B2')),
        },
        {
          label: 'RAM + hot cache, one copy (GiB)',
          data: series.map((s) => s.memoryBytes / GIB),
          borderColor: '#009E73',
          backgroundColor: '#009E73',
          borderDash: [6, 4],
          yAxisID: 'y1',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: `month (horizon ${horizonMonths})`, color: fg }, ticks: { color: fg }, grid: { color: grid } },
        y: { title: { display: true, text: 'points', color: fg }, ticks: { color: fg, callback: (val) => count(Number(val)) }, grid: { color: grid } },
        y1: { position: 'right', title: { display: true, text: 'GiB (one copy)', color: fg }, ticks: { color: fg }, grid: { drawOnChartArea: false, color: grid } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (c) => (c.datasetIndex === 0 ? `${count(c.raw as number)} points${failing(series[c.dataIndex]?.month ?? 0) ? ' (plan no longer fits)' : ''}` : `${gib((c.raw as number) * GIB)}`),
          },
        },
      },
    },
  });
}
