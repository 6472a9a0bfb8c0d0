// A doorbell: a level-triggered "something may have changed" flag that one subscription waits on. Rings coalesce:
// ten notifications before the subscription looks again are one ring, because the subscription re-reads the table
// anyway. So a slow consumer never builds a queue, and memory per subscription is constant.

export type WaitOutcome = 'rang' | 'timeout' | 'aborted' | 'closed';

let clock = 0;
/** A process-wide logical clock: orders rings and the reads that follow them (see streams.ts). */
export function tick(): number {
  return ++clock;
}

export interface Doorbell {
  /**
   * Resolves at once when the bell rang since the previous wait returned, otherwise at the next ring, when
   * `timeoutMs` passes, when `signal` aborts or when the bell is closed. Clears the ring.
   */
  wait(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<WaitOutcome>;
  /** Stops receiving rings (the hub forgets the bell). Idempotent. */
  close(): void;
  /** tick() of the latest ring (0 before any). */
  readonly rungAt: number;
}

export class Bell implements Doorbell {
  private rung = false;
  rungAt = 0;
  private closed = false;
  private wake: ((outcome: WaitOutcome) => void) | null = null;

  constructor(private readonly onClose: (bell: Bell) => void = () => undefined) {}

  ring(): void {
    if (this.closed) return;
    this.rung = true;
    this.rungAt = tick();
    this.settle('rang');
  }

  wait({ signal, timeoutMs }: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<WaitOutcome> {
    if (this.closed) return Promise.resolve('closed');
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.rung) {
      this.rung = false;
      return Promise.resolve('rang');
    }
    if (this.wake) throw new Error('a doorbell has one waiter at a time');
    return new Promise<WaitOutcome>((resolve) => {
      const timer =
        timeoutMs !== undefined && Number.isFinite(timeoutMs)
          ? setTimeout(() => this.settle('timeout'), timeoutMs)
          : undefined;
      const onAbort = () => this.settle('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = (outcome) => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome === 'rang') this.rung = false;
        resolve(outcome);
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.settle('closed');
    this.onClose(this);
  }

  private settle(outcome: WaitOutcome): void {
    const wake = this.wake;
    this.wake = null;
    wake?.(outcome);
  }
}
