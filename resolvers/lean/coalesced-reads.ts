// Reads that arrive in the same turn of the event loop (the requests one poll of the sockets delivered) and share a
// key run as one call: one statement answers many callers, so its round trip (a write and a read on the socket, the
// protocol's parsing and the pool's hand-over, ~0.2 ms of CPU under load) is paid once per batch, not per request.
// The wait is short: the batch goes out at the end of the turn it was started in (setImmediate), so a lone read goes
// out in the same turn as it would alone. Each caller still gets its own result or its own error: when a call for
// several fails, each read is retried alone, so one caller's read cannot fail another's.
// Unlike group commit (../group-commit.ts, for writes), batches do not wait for one another: a read never queues
// behind a slow one in flight (a job page with a long history), only beside the reads of its own turn.

export interface CoalescedReads<P, R> {
  /** The statement for one read (a batch of one, or a retry after a batch failed). */
  one(key: string, params: P): Promise<R>;
  /** The statement for several reads of the same key: one result per params, in their order. */
  many(key: string, params: P[]): Promise<R[]>;
  /** The most reads one call carries; more start another call. */
  maxBatch: number;
}

interface Waiting<P, R> {
  params: P;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function coalesceReads<P, R>(reads: CoalescedReads<P, R>): (key: string, params: P) => Promise<R> {
  let waiting = new Map<string, Waiting<P, R>[]>();
  let scheduled = false;

  function settle(read: Waiting<P, R>, result: Promise<R>): void {
    result.then(read.resolve, read.reject);
  }

  async function run(key: string, batch: Waiting<P, R>[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0]!, reads.one(key, batch[0]!.params));
    let results: R[];
    try {
      results = await reads.many(
        key,
        batch.map((read) => read.params),
      );
    } catch {
      for (const read of batch) settle(read, reads.one(key, read.params));
      return;
    }
    batch.forEach((read, index) => read.resolve(results[index]!));
  }

  function flush(): void {
    scheduled = false;
    const due = waiting;
    waiting = new Map();
    for (const [key, queued] of due)
      for (let start = 0; start < queued.length; start += reads.maxBatch)
        void run(key, queued.slice(start, start + reads.maxBatch));
  }

  return (key, params) =>
    new Promise<R>((resolve, reject) => {
      let queued = waiting.get(key);
      if (!queued) waiting.set(key, (queued = []));
      queued.push({ params, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
