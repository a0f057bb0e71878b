/** Brute force for the zone tests: every peer-to-zone assignment a maxSkew-1 spread allows (test/topology, test/plan). */
import { shardsLost, type PeerShards } from '../../src/topology/placement.js';

/**
 * Every assignment of peers 0..P-1 to zones 0..Z-1 whose zone counts differ by at most one (what topology spread
 * with maxSkew 1 and DoNotSchedule allows; with Z > P some zones stay empty), as one zone index per peer.
 */
export function zoneAssignments(peers: number, zones: number): number[][] {
  const out: number[][] = [];
  const zoneOf = new Array<number>(peers).fill(0);
  const counts = new Array<number>(zones).fill(0);
  const walk = (i: number): void => {
    if (i === peers) {
      if (Math.max(...counts) - Math.min(...counts) <= 1) out.push([...zoneOf]);
      return;
    }
    for (let z = 0; z < zones; z++) {
      zoneOf[i] = z;
      counts[z]!++;
      walk(i + 1);
      counts[z]!--;
    }
  };
  walk(0);
  return out;
}

/** Whether every shard keeps a live replica after losing any one zone, for every allowed assignment. */
export function bruteForceSurvives(placement: readonly PeerShards[], zones: number): boolean {
  for (const zoneOf of zoneAssignments(placement.length, zones)) {
    for (let z = 0; z < zones; z++) {
      const lost = new Set(placement.map((p) => p.peer).filter((p) => zoneOf[p] === z));
      if (shardsLost(placement, lost).length > 0) return false;
    }
  }
  return true;
}

