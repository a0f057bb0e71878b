/**
 * How many shards a collection gets. Qdrant fixes `shard_number` at creation; self-hosted clusters
 * cannot change it in place (resharding is a Qdrant Cloud feature,
 * https://qdrant.tech/documentation/guides/distributed_deployment/#resharding), so the number is
 * chosen for the node counts the cluster is likely to pass through, not just today's.
 *
 * This is the one shard chooser: the planner's search and its report call it, and its reason is the one the
 * report prints.
 */
import { counted, plural } from '../util/plural.js';
import { busiestDataPeer, placeShards } from './placement.js';

export interface ShardChoiceInput {
  /**
   * Peers the plan starts with. With growth, the search passes the fewest peers whose memory holds today's data (a lower
   * bound: the timeline's month 0 may need more, e.g. for the failure check), and the reason says so.
   */
  peers: number;
  /**
   * Peers the cluster grows to at the horizon of the stated growth. Only set when growth was asked for: the reason
   * then names it; without growth it must equal `peers` (or be left out) so that no growth is invented.
   */
  peersAtHorizon?: number;
  replicationFactor: number;
  /** Upper bound for the answer (qsize accepts up to LIMITS.maxShards = 1024 given; it caps its own choice lower). */
  maxShards?: number;
  /** A shard number given by the user (collection `shard_number` or `--shards`): returned as is, with this as the reason. */
  pinned?: { shardNumber: number; by: string };
  /**
   * What sets the peer count: `memory` (the default: at least MIN_SHARDS_PER_PEER per peer) or `reads`, for a search
   * whose memory already fits fewer peers and which adds peers for the query load only: then at least
   * READS_BOUND_SHARDS_PER_PEER per peer (see there). Growth (`peersAtHorizon`) is not combined with it.
   */
  boundBy?: 'memory' | 'reads';
  /**
   * With `boundBy: 'reads'`: the shard replicas each peer holds, `shards × RF / peers`, in place of
   * READS_BOUND_SHARDS_PER_PEER × RF. The search asks for fewer than that when the query load still wants a lighter
   * busiest peer (see READS_BOUND_SHARDS_PER_PEER); `replicasPerPeer × peers` must then be a multiple of RF.
   */
  replicasPerPeer?: number;
  /**
   * With `boundBy: 'reads'`: what set `peers` when the query load did not, as the reason names it (the fewest peers
   * the memory, replication and Raft checks allow, or a pinned count). The query load then sets the shard number on
   * those peers, not the peer count, and the reason says so: 10M × 768-d at 700 QPS, RF 3, on r6i.4xlarge is 1 shard
   * on 3 peers, the fewest RF 3 and Raft allow, where the reason said the query load set the peer count.
   */
  peersSetBy?: string;
}

export interface ShardChoice {
  shardNumber: number;
  /** Set when the number was chosen for a peer count the query load sets (`boundBy: 'reads'`). */
  boundBy?: 'reads';
  /**
   * The one peer count the reason's figures (shards per peer, replicas per peer) are for; unset for a pinned number or a
   * growth choice, whose reasons name their peer counts themselves. The search may run more peers for the query load
   * (src/plan/search.ts cpuScaled), and its reason then corrects these figures for the plan's peers.
   */
  peers?: number;
  /** Why this number; computed on read (the search asks for thousands of choices and prints one). */
  readonly reason: string;
  /**
   * Set only where the cap binds (cappedShardNumbers): the other numbers up to the cap on the same peers, each with its
   * own reason. The search (src/plan/search.ts) evaluates this number and these at the layout each deploys and keeps
   * the one that passes every check on the fewest peers, then the cheapest; this number is the balanced one
   * (balancedAtMost), the answer when nothing is evaluated.
   */
  readonly alternatives?: readonly ShardChoice[];
  /**
   * Set on each number weighed where the cap binds (cappedChoice): an uneven spread of the replicas may then be the
   * number kept, chosen for its busiest peer (the balanced-placement warning says so).
   */
  readonly capped?: true;
}

/** At least this many shards per peer, so that adding a peer can take whole shards from every peer. */
export const MIN_SHARDS_PER_PEER = 2;
/**
 * At least this many shards per peer when the query load, not memory, sets the peer count (the search's reads phase,
 * src/plan/search.ts). Every search visits one replica of every shard, so the cluster's query CPU is
 * `qps × S × c(N/S) / 0.6` (src/topology/throughput.ts queryCpu), and `S × c(N/S)` grows with S under both per-shard
 * costs qsize models: the graph search's `a + s·w(n)` and the full scan's `a + (N/S)(c + b·D)` both pay the request
 * `a` once per shard, and while shards hold few segments fewer shards also search fewer segments (past that, the
 * segments searched per query are about the same whatever S). Halving the shards therefore needs less read CPU, and
 * when reads set the peer count that can mean fewer peers. What it costs: with one shard per peer, a peer added later
 * cannot take whole shards from every peer (the MIN_SHARDS_PER_PEER rationale), and only re-creating the collection
 * changes shard_number on self-hosted Qdrant. A reads-bound plan usually runs more peers than shards already (8 shards
 * on 9 peers), where that rationale no longer holds at the deployed count either. The search keeps this number only
 * when it passes every check on fewer peers (or as many, and cheaper) than the 2-per-peer number.
 */
export const READS_BOUND_SHARDS_PER_PEER = 1;
/**
 * The most shards qsize chooses by itself (a user may give up to LIMITS.maxShards = 1,024). qsize's own choice: Qdrant
 * sets no upper bound (`shard_number` is only `range(min = 1)`: qdrant@v1.19.0
 * lib/storage/src/content_manager/collection_meta_ops.rs), but every shard replica costs a peer its own WAL, heap and
 * memory maps (src/model/memory-maps.ts) and every search visits every shard, and Qdrant's maintainers call 150 shards
 * on 3 nodes too many (github.com/qdrant/qdrant/issues/3636). 256 = MIN_SHARDS_PER_PEER (2) × 128 peers: twice the
 * planner's default peer ceiling (64, constraints.placement.maxNodes), so a plan within that ceiling always gets its
 * 2 shards per peer, with room for the growth rule's common multiple of today's and the horizon's peers.
 */
export const DEFAULT_MAX_SHARDS = 256;

const RESHARDING_NOTE =
  'shard_number is fixed at creation on self-hosted Qdrant (resharding is Qdrant Cloud only), so re-creating the collection is the way to change it.';

/**
 * Chooses `shard_number`:
 * 1. at least `2 × peers` (Qdrant's own skill: "for a cluster of 3-6 nodes the recommended shard count is 6-12",
 *    github.com/qdrant/skills `qdrant-horizontal-scaling`; the HA guide's "peer_count × 2"),
 * 2. a multiple of `peers`, so every peer carries the same number of shard replicas,
 * 3. if the cluster is expected to grow (growth given), also a multiple of the horizon peer count, so the grown
 *    cluster is balanced without resharding, when that costs at most 4× the lower bound; else the smallest multiple
 *    of `peers`.
 * The textbook case, 3 peers and no growth, gives 6.
 */
export function chooseShardNumber(input: ShardChoiceInput): ShardChoice {
  const rf = input.replicationFactor;
  if (input.pinned) {
    const { shardNumber, by } = input.pinned;
    return { shardNumber, reason: `${shardNumber} ${plural(shardNumber, 'shard')}, as given by ${by}. ${RESHARDING_NOTE}` };
  }
  const peers = Math.max(1, Math.floor(input.peers));
  if (input.boundBy === 'reads') return readsBound(peers, rf, Math.max(1, Math.floor(input.maxShards ?? DEFAULT_MAX_SHARDS)), input.replicasPerPeer, input.peersSetBy);
  const horizon = Math.max(peers, Math.floor(input.peersAtHorizon ?? peers));
  const maxShards = Math.max(1, Math.floor(input.maxShards ?? DEFAULT_MAX_SHARDS));
  const lower = Math.min(maxShards, MIN_SHARDS_PER_PEER * peers);
  const perPeer = (n: number, p: number) => fmt((n * rf) / p);
  if (horizon > peers) {
    const both = lcm(peers, horizon);
    let n = both;
    while (n < lower) n += both;
    // Past 4× the lower bound the common multiple costs too many shards: plan for the horizon's peers instead (every
    // one of them must hold a replica), the smallest multiple of the horizon's peers with at least the lower bound.
    if (n > maxShards || n > 4 * lower) {
      n = horizon;
      while (n < lower) n += horizon;
      if (n <= maxShards) {
        return {
          shardNumber: n,
          get reason() {
            return (
              `${n} shards: a multiple of the ${horizon} peers at the growth horizon, at least ${MIN_SHARDS_PER_PEER} per peer of the ${peers} whose memory holds today's data ` +
              `(${perPeer(n, peers)} shard replicas per peer now, ${perPeer(n, horizon)} at the horizon), so the grown cluster is balanced without resharding. ${RESHARDING_NOTE}`
            );
          },
        };
      }
    } else {
      return {
        shardNumber: n,
        get reason() {
          return (
            `${n} shards: at least ${MIN_SHARDS_PER_PEER} per peer, and a multiple of both ${counted(peers, 'peer')} (the fewest whose memory holds today's data) and ${horizon} at the growth horizon, ` +
            `so both clusters are balanced (${perPeer(n, peers)} then ${perPeer(n, horizon)} shard replicas per peer) without resharding. ${RESHARDING_NOTE}`
          );
        },
      };
    }
  }
  let n = peers;
  while (n < lower) n += peers;
  if (n > maxShards) {
    // Capped: fewer than 2 shards per peer, and the reason says so (it once read "256 shards: the smallest multiple of
    // 512 peers with at least 2 shards per peer"). The numbers weighed are cappedShardNumbers'.
    const wanted = Math.max(MIN_SHARDS_PER_PEER * peers, peers);
    return cappedChoice(
      peers,
      rf,
      maxShards,
      (c, why) =>
        `${c} shards: fewer than the ${wanted} that ${MIN_SHARDS_PER_PEER} shards per peer on ${peers} peers would take, past the most qsize chooses by itself ` +
        `(${maxShards}; up to 1024 can be given: pass --shards for more); ${why}. ${RESHARDING_NOTE}`,
    );
  }
  return {
    shardNumber: n,
    peers,
    get reason() {
      return (
        `${n} shards: the smallest multiple of ${counted(peers, 'peer')} with at least ${MIN_SHARDS_PER_PEER} shards per peer, ` +
        `${perPeer(n, peers)} shard replicas per peer at replication factor ${rf}; adding peers later moves whole shards. ${RESHARDING_NOTE}`
      );
    },
  };
}

/**
 * The shard number for a peer count the query load sets: READS_BOUND_SHARDS_PER_PEER per peer, or, given
 * `replicasPerPeer` (r), `r × peers / RF` shards, each peer holding r replicas (capped either way). The query CPU a peer
 * needs follows the replicas it holds (each replica serves qps / RF searches of its shard, whatever the shard's size),
 * while the data a peer holds follows RF / peers alone when the replicas spread evenly, so a smaller r on the same peers
 * buys a lighter busiest peer at no cost in memory: 1.9B × 768-d at 743 QPS, RF 3, one tolerated failure, on
 * r6i.4xlarge fits memory on 235 peers with 235 shards (3 replicas per peer), whose survivors of a lost peer run out of
 * CPU until 353 peers; 158 shards on 237 peers hold 2 replicas per peer and pass (src/plan/search.ts readsPhase).
 */
function readsBound(peers: number, rf: number, maxShards: number, replicasPerPeer?: number, peersSetBy?: string): ShardChoice {
  const r = replicasPerPeer ?? READS_BOUND_SHARDS_PER_PEER * rf;
  const own = Math.max(1, Math.floor((r * peers) / rf));
  const wanted = MIN_SHARDS_PER_PEER * peers;
  /** Number n's reason; `capped`, the capped clause (cappedWhy) when the cap binds. */
  const reason = (n: number, capped?: string): string => {
    const per = (n * rf) / peers;
    const replicasText = `${fmt(per)} shard ${plural(per, 'replica')} per peer at replication factor ${rf}`;
    const head =
      capped !== undefined
        ? `${n < peers ? 'fewer than one' : fmt(n / peers)} per peer of ${peers} peers, past the most qsize chooses by itself (${maxShards}); ${capped}`
        : n === peers
          ? `one per peer of ${peers} ${plural(peers, 'peer')}, ${replicasText}`
          : n < peers
            ? `fewer than one per peer of ${peers} peers, ${replicasText}, so that the busiest peer carries fewer replicas' reads`
            : `${fmt(n / peers)} per peer of ${peers} peers, ${replicasText}`;
    return (
      `${n} ${plural(n, 'shard')}: ${head}, ` +
      `fewer than the ${wanted} that ${MIN_SHARDS_PER_PEER} shards per peer would take: ` +
      (peersSetBy === undefined
        ? 'the query load, not memory, sets the peer count, and every search visits one replica of every shard, '
        : `the peer count, ${peers}, is ${peersSetBy}, and the query load sets the shard number on it: every search visits one replica of every shard, `) +
      `so fewer shards need less query CPU (each shard adds its own search, c in qps × (r + m × p + shards × c)) and this number passes every check on fewer or cheaper peers. ` +
      `The cost: a peer added later cannot take whole shards from every peer, and ${RESHARDING_NOTE}`
    );
  };
  if (own > maxShards) return cappedChoice(peers, rf, maxShards, reason, { boundBy: 'reads', peers });
  return {
    shardNumber: own,
    boundBy: 'reads',
    peers,
    get reason() {
      return reason(own);
    },
  };
}

/**
 * The numbers qsize weighs where its own rule passes its cap (DEFAULT_MAX_SHARDS, or `maxShards`), on `peers` peers at
 * replication factor `rf`; the search (src/plan/search.ts) evaluates each at the layout it deploys and keeps the one
 * that passes every check on the fewest peers, then the cheapest. Why more than one: a peer's data is its replicas'
 * exact shares of the hash ring (src/model/shard-skew.ts), and the more replicas a peer holds, the closer their mean
 * runs to 1, while spreading whole shards evenly may cost replicas. The first is the answer when nothing is evaluated:
 * 1. balancedAtMost: the largest number whose replicas spread evenly (what qsize took alone before the exact shares);
 * 2. the cap itself: the most replicas per peer, `ceil(cap × rf / peers)` on the busiest;
 * 3. one replica fewer on the busiest: the most shards with at most `m = ceil(cap × rf / peers) − 1` replicas on any
 *    peer, `floor(m × peers / rf)`, which leaves at most rf − 1 peers holding m − 1,
 * each kept only when every peer holds a replica (n × rf ≥ peers). 1.774B × 768-d on r6i.4xlarge at 314 QPS, RF 2, on
 * 129 peers: 129 shards put 2 replicas on every peer and the busiest holds 1.873% of the points (shares of its 2 shards
 * averaging 1.208), 256 put 4 on 125 peers and 3 on 4 and the busiest holds 1.753% (4 shares averaging 1.122); 256
 * pass memory there, 129 do not (docs/topology.md §2 rule 1). Over 129 to 300 peers at RF 2, the busiest peer of the
 * best of the three is within 3.7% (0.07% on average) of the best of every number up to the cap, where the balanced
 * number alone was up to 17% above it.
 */
export function cappedShardNumbers(peers: number, rf: number, cap: number): number[] {
  const out = [balancedAtMost(peers, rf, cap)];
  const most = Math.ceil((cap * rf) / peers);
  for (const n of [cap, Math.floor(((most - 1) * peers) / rf)]) if (n * rf >= peers && !out.includes(n)) out.push(n);
  return out;
}

/**
 * The choice where the cap binds: the first of cappedShardNumbers, with the others as its `alternatives`. `reason(n, why)`
 * writes number n's sentence around `why` (cappedWhy).
 */
function cappedChoice(peers: number, rf: number, cap: number, reason: (n: number, why: string) => string, extra: { boundBy?: 'reads'; peers?: number } = {}): ShardChoice {
  const numbers = cappedShardNumbers(peers, rf, cap);
  const make = (n: number, alternatives?: ShardChoice[]): ShardChoice => ({
    shardNumber: n,
    ...extra,
    capped: true,
    ...(alternatives && { alternatives }),
    get reason() {
      return reason(n, cappedWhy(n, numbers, peers, rf, cap));
    },
  });
  return make(numbers[0]!, numbers[1] ? numbers.slice(1).map((n) => make(n)) : undefined);
}

/**
 * The largest n up to the cap whose n × rf replicas spread evenly over the peers (n × rf a multiple of peers, so every
 * peer holds n × rf / peers), i.e. the largest multiple of peers / gcd(peers, rf). Balanced needs no fewer replicas than
 * peers (n × rf ≥ peers), so every peer holds one. When even the smallest balanced number passes the cap
 * (peers / gcd(peers, rf) > cap: 300 peers at RF 1), the cap itself, and the checks name the peers left empty.
 */
export function balancedAtMost(peers: number, rf: number, cap: number): number {
  const step = peers / gcd(peers, rf);
  return step <= cap ? Math.floor(cap / step) * step : cap;
}

/**
 * What a capped shard number is, with its replicas per peer, and the other numbers weighed with each one's busiest peer
 * (busiestDataPeer, the one the planner sizes) as a percentage of the points (the reason's clause; cappedShardNumbers).
 */
function cappedWhy(n: number, numbers: readonly number[], peers: number, rf: number, cap: number): string {
  const per = (n * rf) / peers;
  const hi = Math.ceil(per);
  const perText = `${fmt(per)} shard ${plural(per, 'replica')} per peer at replication factor ${rf}`;
  const what =
    n !== numbers[0]
      ? `${n} is ${n === cap ? 'the cap' : `the most with at most ${hi} ${plural(hi, 'replica')} on a peer`}: ${perText}`
      : Number.isInteger(per)
        ? `${n} is the largest number up to ${cap} whose ${n} × ${rf} replicas spread evenly over the ${peers} peers: ${perText}`
        : `no number up to ${cap} spreads the replicas evenly over ${peers} peers, so ${n}: ${perText}, some peers holding fewer`;
  const others = numbers.filter((m) => m !== n);
  const held = (m: number) => `${(100 * busiestDataPeer(placeShards(m, rf, peers), m).share).toFixed(3)}% with ${m}`;
  return others.length
    ? `${what} (qsize weighs it against ${others.join(' and ')}, each at its own layout, and keeps the one passing every check on the fewest peers, then the cheapest; ` +
        `the busiest peer's share of the points, by the exact hash-ring shares of the shards it holds: ${[n, ...others].map(held).join(', ')})`
    : what;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
