// Group commit: items that many callers write at once (createSkillJob's jobs, every model call's llm_calls row) go
// to the database as one statement per batch instead of one per item, as graphile-worker batches its own work. A
// lone item is written at once (no added latency when idle); items handed in while a batch is being written form
// the next batch. Each caller is answered only when its own item was committed, with its own result, or with the
// error that kept it out: nothing is reported written that was not.
import { isConnectionError } from '../prisma/connection-errors';

/** What became of one item of a batch. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export const written = <R>(value: R): ItemOutcome<R> => ({ ok: true, value });
export const refused = <R>(error: unknown): ItemOutcome<R> => ({ ok: false, error });

export interface GroupCommit<T, R> {
  write(item: T): Promise<R>;
}

export interface GroupCommitOptions {
  /** Bounds one statement's size. */
  maxBatch?: number;
  /**
   * Whether a batch's failure is every item's (a lost connection: each caller gets the error) rather than one
   * item's (a constraint it broke: the items are then written one by one, so only that item's caller fails).
   */
  failsEveryItem?: (error: unknown) => boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `writeBatch` writes its items in one statement (all or none) and returns one outcome per item, in order: a
 * per-item refusal (an idempotency key used for another task) fails that caller only; a throw fails the batch.
 */
export function groupCommit<T, R>(
  writeBatch: (items: T[]) => Promise<ReadonlyArray<ItemOutcome<R>>>,
  options: GroupCommitOptions = {},
): GroupCommit<T, R> {
  const maxBatch = options.maxBatch ?? 500;
  const failsEveryItem = options.failsEveryItem ?? isConnectionError;
  let queue: Waiting<T, R>[] = [];
  let writing = false;

  const settle = (batch: Waiting<T, R>[], outcomes: ReadonlyArray<ItemOutcome<R>>) => {
    if (outcomes.length !== batch.length) {
      const error = new Error(`group commit: ${outcomes.length} outcomes for a batch of ${batch.length}`);
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  };

  const writeEach = async (batch: Waiting<T, R>[]): Promise<void> => {
    let outcomes: ReadonlyArray<ItemOutcome<R>>;
    try {
      outcomes = await writeBatch(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1 || failsEveryItem(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      // One bad item (its job deleted meanwhile, ...) must not fail the others: each on its own.
      for (const w of batch) await writeEach([w]);
      return;
    }
    settle(batch, outcomes);
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      await writeEach(batch);
    }
    writing = false;
  };

  return {
    write(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (writing) return;
        writing = true;
        void drain();
      });
    },
  };
}
