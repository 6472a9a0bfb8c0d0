// Group commit for rows that many callers write at once (every model call's llm_calls row): a row handed in while a
// batch is being written goes with the next batch, so a busy worker writes one statement per batch instead of one
// per row, and holds one pooled connection for it instead of one per caller. Each caller is still answered only when
// its own row was committed, or with the error that kept it out: nothing is reported written that was not.
export interface CoalescedWrites<T> {
  write(row: T): Promise<void>;
}

interface Waiting<T> {
  row: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** `writeBatch` writes its rows in one statement (all or none). `maxBatch` bounds the statement's size. */
export function coalescedWrites<T>(writeBatch: (rows: T[]) => Promise<void>, maxBatch = 500): CoalescedWrites<T> {
  let queue: Waiting<T>[] = [];
  let draining = false;

  const writeEach = async (batch: Waiting<T>[]) => {
    try {
      await writeBatch(batch.map((w) => w.row));
      for (const w of batch) w.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One bad row (its job deleted meanwhile, ...) must not fail the calls of other jobs: each row on its own.
      for (const w of batch) await writeEach([w]);
    }
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      await writeEach(batch);
    }
    draining = false;
  };

  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (draining) return;
        draining = true;
        // After the current turn of the event loop: answers that arrived together are written together.
        setImmediate(() => void drain());
      });
    },
  };
}
