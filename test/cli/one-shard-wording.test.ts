/**
 * One shard reads "1 shard" in the proposal (markdown) and the timeline's plan line: the reads phase plans one shard
 * for 10M × 768-d at 700 QPS, RF 3, on r6i.4xlarge (700 × 9.2325e-3 / 0.6 = 10.77 vCPU, 3.59 on each of 3 peers; six
 * shards would put 19.15 on each 15-CPU pod; test/plan/reads-bound-shards.test.ts), where both said "1 shards" (audit35).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

const ARGS = ['--vectors', '10M', '--dim', '768', '--instance-type', 'r6i.4xlarge', '--qps', '700', '--replication', '3'];

describe('one shard, worded as one', () => {
  it('the proposal: | Shards | 1 shard × replication 3 (write consistency 1) |', () => {
    const r = qsize([...ARGS, '-o', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| Shards | 1 shard × replication 3 (write consistency 1) |');
  });
  it("the timeline's plan line: 3 × r6i.4xlarge ..., 1 shard × replication 3", () => {
    const r = qsize(['timeline', ...ARGS, '--growth', '1M']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Plan at month 12: 3 × r6i\.4xlarge \(aws us-east-1, 16 vCPU, 128 GiB, amd64\), 1 shard × replication 3, /);
  });
});
