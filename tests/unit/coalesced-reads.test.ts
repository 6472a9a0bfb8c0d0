// coalesceReads (resolvers/lean/coalesced-reads.ts): which reads share a call, and who gets which answer.
import { describe, expect, it } from 'vitest';
import { coalesceReads } from '../../resolvers/lean/coalesced-reads';

function recorder(maxBatch: number, failMany = false) {
  const calls: Array<{ kind: 'one' | 'many'; key: string; params: number[] }> = [];
  const read = coalesceReads<number, string>({
    maxBatch,
    async one(key, params) {
      calls.push({ kind: 'one', key, params: [params] });
      if (params < 0) throw new Error(`bad ${params}`);
      return `${key}:${params}`;
    },
    async many(key, params) {
      calls.push({ kind: 'many', key, params });
      if (failMany) throw new Error('the shared call failed');
      return params.map((value) => `${key}:${value}`);
    },
  });
  return { calls, read };
}

describe('coalesceReads', () => {
  it('runs the reads of one turn with the same key as one call, each caller answered with its own result', async () => {
    const { calls, read } = recorder(10);
    const answers = await Promise.all([read('a', 1), read('b', 2), read('a', 3), read('a', 4)]);
    expect(answers).toEqual(['a:1', 'b:2', 'a:3', 'a:4']);
    expect(calls).toEqual([
      { kind: 'many', key: 'a', params: [1, 3, 4] },
      { kind: 'one', key: 'b', params: [2] },
    ]);
  });

  it('starts another call past maxBatch, and another for reads of a later turn', async () => {
    const { calls, read } = recorder(2);
    const first = Promise.all([read('a', 1), read('a', 2), read('a', 3)]);
    await expect(first).resolves.toEqual(['a:1', 'a:2', 'a:3']);
    await expect(read('a', 4)).resolves.toBe('a:4');
    expect(calls).toEqual([
      { kind: 'many', key: 'a', params: [1, 2] },
      { kind: 'one', key: 'a', params: [3] },
      { kind: 'one', key: 'a', params: [4] },
    ]);
  });

  it('reads each alone when the shared call fails: only the read that fails alone is refused', async () => {
    const { calls, read } = recorder(10, true);
    const settled = await Promise.allSettled([read('a', 1), read('a', -2), read('a', 3)]);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'a:1' },
      { status: 'rejected', reason: new Error('bad -2') },
      { status: 'fulfilled', value: 'a:3' },
    ]);
    expect(calls.map((call) => call.kind)).toEqual(['many', 'one', 'one', 'one']);
  });
});
