// The group-commit batcher on its own, with a batch writer the test controls (each batch is held until the test
// lets it finish): a lone item is written at once, items handed in meanwhile form the next batch, a per-item
// refusal fails that caller only, a lost connection fails the whole batch, another batch error isolates the items.
import { describe, expect, it } from 'vitest';
import { groupCommit, refused, written, type ItemOutcome } from '../../resolvers/group-commit';

interface Held<T> {
  items: T[];
  finish(outcomes?: ReadonlyArray<ItemOutcome<string>>): void;
  fail(error: unknown): void;
}

/** A batch writer whose every call waits for the test; answers each item with `done:<item>` by default. */
function heldWriter() {
  const batches: Held<string>[] = [];
  const write = (items: string[]) =>
    new Promise<ReadonlyArray<ItemOutcome<string>>>((resolve, reject) => {
      batches.push({
        items,
        finish: (outcomes) => resolve(outcomes ?? items.map((item) => written(`done:${item}`))),
        fail: reject,
      });
    });
  return { batches, write };
}

/** Resolves once the writer has been called `n` times (the batcher calls it from a resolved promise's callback). */
async function batchCount(batches: unknown[], n: number): Promise<void> {
  for (let turn = 0; turn < 100 && batches.length < n; turn++) await Promise.resolve();
  expect(batches.length).toBe(n);
}

const connectionLost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });

describe('groupCommit', () => {
  it('writes a lone item at once, in a batch of its own', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write);
    const answer = commit.write('a');
    expect(batches.map((b) => b.items)).toEqual([['a']]);
    batches[0]!.finish();
    await expect(answer).resolves.toBe('done:a');
  });

  it('puts the items handed in while a batch is written into the next batch, bounded by maxBatch', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write, { maxBatch: 3 });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => commit.write(item));
    expect(batches.map((b) => b.items)).toEqual([['a']]);
    batches[0]!.finish();
    await batchCount(batches, 2);
    expect(batches[1]!.items).toEqual(['b', 'c', 'd']);
    batches[1]!.finish();
    await batchCount(batches, 3);
    expect(batches[2]!.items).toEqual(['e', 'f']);
    batches[2]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((i) => `done:${i}`));
  });

  it('answers each caller with its own outcome: a refusal fails that caller only', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write);
    const first = commit.write('a');
    const rest = ['b', 'c', 'd'].map((item) => commit.write(item));
    batches[0]!.finish();
    await batchCount(batches, 2);
    const conflict = new Error('key used for another task');
    batches[1]!.finish([written('B'), refused(conflict), written('D')]);
    await expect(first).resolves.toBe('done:a');
    await expect(rest[0]).resolves.toBe('B');
    await expect(rest[1]).rejects.toBe(conflict);
    await expect(rest[2]).resolves.toBe('D');
  });

  it('fails every caller of a batch whose connection was lost, with that error, and writes nothing again', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write);
    const first = commit.write('a');
    const rest = ['b', 'c'].map((item) => commit.write(item));
    batches[0]!.finish();
    await batchCount(batches, 2);
    batches[1]!.fail(connectionLost);
    await expect(first).resolves.toBe('done:a');
    for (const answer of rest) await expect(answer).rejects.toBe(connectionLost);
    expect(batches).toHaveLength(2);
    // The batcher goes on: the next item is written at once.
    const later = commit.write('z');
    expect(batches.at(-1)!.items).toEqual(['z']);
    batches.at(-1)!.finish();
    await expect(later).resolves.toBe('done:z');
  });

  it('writes the items of a batch that failed otherwise one by one, so only the bad item fails', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write);
    const first = commit.write('a');
    const rest = ['b', 'bad', 'c'].map((item) => commit.write(item));
    batches[0]!.finish();
    await batchCount(batches, 2);
    const violation = Object.assign(new Error('value too long'), { code: '22001' });
    batches[1]!.fail(violation);
    for (const [index, item] of ['b', 'bad', 'c'].entries()) {
      await batchCount(batches, 3 + index);
      expect(batches[2 + index]!.items).toEqual([item]);
      if (item === 'bad') batches[2 + index]!.fail(violation);
      else batches[2 + index]!.finish();
    }
    await expect(first).resolves.toBe('done:a');
    await expect(rest[0]).resolves.toBe('done:b');
    await expect(rest[1]).rejects.toBe(violation);
    await expect(rest[2]).resolves.toBe('done:c');
  });

  it('fails the whole batch when the writer answers with the wrong number of outcomes', async () => {
    const { batches, write } = heldWriter();
    const commit = groupCommit(write);
    const answer = commit.write('a');
    batches[0]!.finish([]);
    await expect(answer).rejects.toThrow(/0 outcomes for a batch of 1/);
  });
});
