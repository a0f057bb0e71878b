/**
 * One shard reads "1 shard" in the proposal (markdown) and the timeline's plan line, where both said "1 shards"
 * (audit35): 10M × 768-d at 400 QPS, RF 3, on r6i.4xlarge with one shard (25.33 vCPU, 8.44 on each of 3 peers;
 * test/plan/reads-bound-shards.test.ts works it). The reads phase planned that one shard itself until s48; since the
 * request is measured at saturation, 3 shards pass on the same peers too and the tie keeps them, so `--shards 1` asks.
 * (600 QPS until s51: since the float32 walk is charged its 4 bytes a dimension one shard no longer survives a lost peer
 * there, 18.99 of 15 vCPU.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

const ARGS = ['--vectors', '10M', '--dim', '768', '--instance-type', 'r6i.4xlarge', '--qps', '400', '--replication', '3', '--shards', '1'];

describe('one shard, worded as one', () => {
  it('the proposal: | Shards | 1 shard × replication 3 (write consistency 1) |', () => {
    const r = qsize([...ARGS, '-o', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| Shards | 1 shard × replication 3 (write consistency 1) |');
  });
  it("the timeline's plan line: 3 × r6i.4xlarge ..., 1 shard × replication 3", () => {
    // 100k points a month (11.2M at month 12): the one shard still holds the load at month 12.
    const r = qsize(['timeline', ...ARGS, '--growth', '100k']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Plan at month 12: 3 × r6i\.4xlarge \(aws us-east-1, 16 vCPU, 128 GiB, amd64\), 1 shard × replication 3, /);
  });
});
