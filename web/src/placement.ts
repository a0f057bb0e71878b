/**
 * The placement drawing: each peer a box holding chips for the shard replicas it carries (src/topology
 * placement, read through the adapter). A shard keeps its colour on every peer, so a reader sees that no
 * two replicas of a shard share a peer.
 */
import type { View } from './adapter.js';

const SVG = 'http://www.w3.org/2000/svg';

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Peers drawn at most; beyond it the drawing says how many more there are. */
export const MAX_DRAWN_PEERS = 48;

export function drawPlacement(v: View): SVGSVGElement {
  const peers = v.placement.slice(0, MAX_DRAWN_PEERS);
  const chipsPerRow = 4;
  const rows = Math.max(1, Math.ceil(v.replicasOnBusiest / chipsPerRow));
  const chip = 26;
  const gap = 4;
  const boxW = chipsPerRow * (chip + gap) + gap;
  const boxH = 22 + rows * (chip + gap) + gap;
  const cols = Math.max(1, Math.min(peers.length, 8));
  const gridRows = Math.ceil(peers.length / cols);
  const W = cols * (boxW + 10) + 10;
  const extra = v.placement.length > peers.length ? 24 : 0;
  const H = gridRows * (boxH + 10) + 10 + extra;
  const svg = node('svg', { viewBox: `0 0 ${W} ${H}`, width: W, class: 'placement', role: 'img', 'aria-label': `${v.cluster.peers} peers holding ${v.cluster.shardNumber} shards × ${v.cluster.replicationFactor} replicas` });
  peers.forEach((p, i) => {
    const x = 10 + (i % cols) * (boxW + 10);
    const y = 10 + Math.floor(i / cols) * (boxH + 10);
    const g = node('g', { class: 'peer', 'data-peer': p.peer });
    g.append(node('rect', { x, y, width: boxW, height: boxH, rx: 6, class: 'peer-box' }));
    g.append(node('text', { x: x + 6, y: y + 15, class: 'peer-label' }, `peer ${p.peer}`));
    p.shards.forEach((s, j) => {
      const cx = x + gap + (j % chipsPerRow) * (chip + gap);
      const cy = y + 22 + Math.floor(j / chipsPerRow) * (chip + gap);
      // Golden-angle hues: neighbouring shard ids get distant colours, for any shard count.
      const hue = Math.round(s * 137.508) % 360;
      const c = node('g', { class: 'shard', 'data-shard': s });
      c.append(node('title', {}, `shard ${s} (replica on peer ${p.peer})`));
      c.append(node('rect', { x: cx, y: cy, width: chip, height: chip, rx: 4, fill: `hsl(${hue} 65% 55%)` }));
      c.append(node('text', { x: cx + chip / 2, y: cy + chip / 2 + 4, 'text-anchor': 'middle', class: 'shard-label' }, String(s)));
      g.append(c);
    });
    svg.append(g);
  });
  if (extra) svg.append(node('text', { x: 10, y: H - 8, class: 'peer-label' }, `… and ${v.placement.length - peers.length} more peers laid out the same way`));
  return svg;
}
