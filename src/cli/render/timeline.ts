/**
 * `qsize timeline`: the recommended plan's cluster month by month (src/plan/timeline.ts) as its own result: a table in
 * text and markdown, one row per month in CSV, `qsize.timeline/v1` in JSON (USD, and with --currency the converted
 * monthly figures beside them).
 */
import { QsizeInputError } from '../../errors.js';
import type { GrowthTimeline } from '../../plan/timeline.js';
import type { Recommendation } from '../../plan/types.js';
import { currencyData, showUsd, type CurrencyView } from '../currency.js';
import type { Doc } from '../doc.js';
import type { Result, Row } from '../output.js';
import { nodeSummary, pricesAsOfText, shardsSummary, timelineBlocks, workloadSummary } from './plan.js';
import { formatCount } from '../../spec/units.js';
import { unpricedCountNote, unpricedNote } from '../../pricing/cost.js';

export interface TimelineResult {
  schemaVersion: 'qsize.timeline/v1';
  timeline: GrowthTimeline;
  /** The plan the timeline grows (the quote's plan): its cluster at the horizon and its bill. */
  plan: { peers: number; instanceType: string; cloud: string; region: string; shardNumber: number; replicationFactor: number; monthlyUsd: number; catalogDate: string; pricesAsOf?: string[] };
  currency?: ReturnType<typeof currencyData> & { months: { month: number; monthly: number | null }[] };
}

/** The timeline of a recommendation; exit 2 naming --growth when no growth was given (there is nothing to show). */
export function timelineResult(r: Recommendation, view?: CurrencyView): Result {
  const t = r.timeline;
  if (!t) throw new QsizeInputError('--growth', r.constraints?.growth.pointsPerMonth ?? 0, 'points added per month above 0 (or constraints.growth.pointsPerMonth in the spec): a timeline needs growth');
  const p = r.plan;
  const data: TimelineResult = {
    schemaVersion: 'qsize.timeline/v1',
    timeline: t,
    plan: { peers: p.peers, instanceType: p.node.instanceType, cloud: p.node.cloud, region: p.node.region, shardNumber: p.shardNumber, replicationFactor: p.replicationFactor, monthlyUsd: p.cost.monthlyUsd, catalogDate: p.catalogDate, ...(p.pricesAsOf ? { pricesAsOf: p.pricesAsOf } : {}) },
    ...(view ? { currency: { ...currencyData(view), months: t.months.map((m) => ({ month: m.month, monthly: m.monthlyUsd === null ? null : view.convert(m.monthlyUsd) })) } } : {}),
  };
  const show = (usd: number) => showUsd(view, usd);
  const doc = (): Doc => [
    { kind: 'heading', text: `qsize timeline: ${workloadSummary(p)}, ${t.horizonMonths} months at ${formatCount(t.pointsPerMonth)} points/month` },
    { kind: 'para', text: `Plan at month ${t.horizonMonths}: ${nodeSummary(p)}, ${shardsSummary(p)}, ${show(p.cost.monthlyUsd)}${unpricedNote(p) === ' (no line priced)' ? ' per month (no line priced)' : `${unpricedNote(p)} per month (${pricesAsOfText(p)})`}.` },
    ...(view ? ([{ kind: 'para', text: view.note }] as Doc) : []),
    ...timelineBlocks(t, show),
  ];
  const code = view?.code.toLowerCase();
  const rows = (): Row[] =>
    t.months.map((m) => ({
      month: m.month,
      points: m.points,
      peers: m.peers ?? '',
      instance_type: m.instanceType,
      cloud: t.cloud,
      region: t.region,
      shard_number: t.shardNumber,
      replication_factor: t.replicationFactor,
      peers_added: m.peersAdded,
      monthly_usd: m.monthlyUsd ?? '',
      ...(view ? { [`monthly_${code}`]: m.monthlyUsd === null ? '' : view.convert(m.monthlyUsd) } : {}),
      // monthly_usd sums the priced lines: a month with unpriced ones says so here (a bare 0 read as free nodes).
      note: m.peers === null ? 'no peer count fits' : [t.shardLimit.month !== null && m.month >= t.shardLimit.month ? `past the ${t.shardLimit.label.toLowerCase()}` : '', unpricedCountNote(m.unpriced).replace(/^ \+ | \(|\)$/g, '')].filter((x) => x !== '').join('; '),
    }));
  return { data, doc, rows };
}
