/**
 * `observe()`: a running Qdrant cluster read back from its recorded replies (no I/O here; src/observe/http.ts
 * records them for the CLI). Pure, so quote tools and the browser can feed it recorded data.
 */
export { observe, ACCURACY_BAR, NO_LIMIT_KIB } from './observe.js';
export type { Observation, ObserveOptions, PeerObservation, CollectionObservation, Comparison, ShardView, ReplicaView, PeerShare } from './observe.js';
export { observeZoneLoss } from './zones.js';
export type { ZoneLossObservation, CollectionZoneLoss } from './zones.js';
export { projectGrowth, MAX_MONTHS } from './growth.js';
export type { GrowthOptions, GrowthObservation, PeerRunway, ShardLimit, Replan } from './growth.js';
export { recoverSpec, createBodyOf } from './recover.js';
export type { RecoveredSpec } from './recover.js';
export { REQUESTS, SAMPLE_BODY, SAMPLE_POINTS, TELEMETRY_DETAILS_LEVEL } from './recording.js';
export type { ClusterRecording, PeerRecording, Reply, FailureKind } from './recording.js';
