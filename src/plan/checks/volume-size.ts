/** Volume size: data plus one optimization's temp segments at ≤ VOLUME_FILL_TARGET (85 %) fill must fit the largest volume the storage product offers. */
import { VOLUME_FILL_TARGET } from '../../topology/fit.js';
import { gb, type PlanCheck } from './types.js';
import { plural } from '../../util/plural.js';

export const volumeSize: PlanCheck = {
  id: 'volume-size',
  name: () => 'Volume size',
  severity: () => 'error',
  passes: (e) => e.volumeBytes <= e.maxVolumeBytes,
  fixedBy: 'memory',
  explain(e) {
    return (
      `data ${gb(e.load.diskBytes)} (${e.load.replicas} shard ${plural(e.load.replicas, 'replica')} with ${e.load.replicas === 1 ? 'its WAL' : 'their WALs'}) + one optimization's temp segments ${gb(e.needs.tempDiskBytes)} at ≤${Math.round(VOLUME_FILL_TARGET * 100)}% fill → ` +
      `${gb(e.volumeBytes)} per peer ${this.passes(e) ? '≤' : '>'} the ${gb(e.maxVolumeBytes)} volume limit`
    );
  },
};
