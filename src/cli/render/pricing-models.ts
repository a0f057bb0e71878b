/** The quote's pricing-model view: the plan's bill under on-demand, 1y, 3y and spot side by side, and unpriced totals. */
import type { Plan } from '../../plan/types.js';
import type { Doc } from '../doc.js';
import { money } from './numbers.js';

/** The unpriced-lines note, src/pricing/cost.ts (also the planner's). */
export { unpricedNote } from '../../pricing/cost.js';

/** `−31.2 %` of the on-demand bill. */
export function savingText(fraction: number | null): string {
  return fraction === null || fraction === 0 ? '' : `${fraction > 0 ? '−' : '+'}${(Math.abs(fraction) * 100).toFixed(1)} %`;
}

/**
 * The same plan under every pricing model (plan.cost.models): one row per model, its total, its saving against
 * on-demand, or why the table has no price for it. Nothing when the plan has no models (your own nodes).
 */
export function pricingModelsDoc(p: Plan, show: (usd: number) => string = money): Doc {
  const models = p.cost.models;
  if (models === undefined || models.length === 0) return [];
  const current = p.cost.pricingModel ?? 'on-demand';
  return [
    { kind: 'para', text: `The same plan under each pricing model (node-hours re-priced; storage and control plane unchanged; this quote uses ${current}):` },
    {
      kind: 'table',
      head: ['Pricing', 'Per month', 'Against on-demand', 'Note'],
      right: [1, 2],
      rows: models.map((m) => [
        m.label,
        m.monthlyUsd === null ? 'no price' : show(m.monthlyUsd),
        savingText(m.savingFraction),
        m.missing ?? (m.warning ? 'reclaimable at any time, and a Qdrant peer is stateful: never for the only copies' : ''),
      ]),
    },
  ];
}
