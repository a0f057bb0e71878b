export { chooseShardNumber, lcm, MIN_SHARDS_PER_PEER, READS_BOUND_SHARDS_PER_PEER, type ShardChoice, type ShardChoiceInput } from './shards.js';
export {
  placeShards,
  maxReplicasPerPeer,
  shardsLost,
  survivesAnyFailures,
  readShares,
  worstFailure,
  toleratedDisruptions,
  noDisruptionReason,
  MAX_FAILURE_SETS,
  type PeerShards,
  type WorstFailure,
} from './placement.js';
export { peersPerZoneMax, survivesZoneLoss, minReplicationForZoneLoss, maxPeersForZoneLoss, raftMajorityAfterZoneLoss } from './zones.js';
export {
  needsOf,
  peerLoad,
  volumeBytesFor,
  VOLUME_FILL_TARGET,
  MIN_VOLUME_GIB,
  type CollectionNeeds,
  type PeerLoad,
} from './fit.js';
export {
  efForRecall,
  vcpuSecondsPerShardSearch,
  queryCpu,
  cpuBuildCoreSecondsPerPoint,
  cpuBuildSeconds,
  gpuBuildSeconds,
  gpuSecondsPer1M1536,
  gpuMaxSegmentSizeKb,
  EF_FOR_RECALL,
  QUERY_REF,
  CPU_BUILD,
  CPU_BUILD_RANGE,
  CPU_UTILISATION_TARGET,
  GPU_ITERATION_LIMIT_BYTES,
  type QueryCpu,
  type QueryCostInput,
} from './throughput.js';
