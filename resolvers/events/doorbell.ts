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

  /** `_jobId`: the job whose change rang it (a plain bell does not keep it; see JobsBell). */
  ring(_jobId?: string): void {
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

/** What rang a JobsBell since the previous take(). */
export interface RungJobs {
  /** The jobs whose changes rang it. */
  jobIds: string[];
  /** Rung without a job (the hub's resync after a lost LISTEN) or by more jobs than it keeps: re-read broadly. */
  all: boolean;
}

/** Most job ids a JobsBell keeps between two takes; beyond that it only remembers "re-read everything". */
const MAX_RUNG_JOBS = 1_000;

/**
 * A doorbell for a stream over many jobs (jobsChanged): it also keeps WHICH jobs rang it, so the stream re-reads
 * those rows instead of scanning every job. Still level-triggered and bounded: a job that rings ten times is kept
 * once, and a flood of jobs collapses into `all`.
 */
export class JobsBell extends Bell {
  private jobs = new Set<string>();
  private all = false;

  override ring(jobId?: string): void {
    if (jobId === undefined) this.all = true;
    else if (!this.all) {
      this.jobs.add(jobId);
      if (this.jobs.size > MAX_RUNG_JOBS) this.all = true;
    }
    if (this.all) this.jobs.clear();
    super.ring();
  }

  /** What rang since the previous take, and forgets it. */
  take(): RungJobs {
    const rung = { jobIds: [...this.jobs], all: this.all };
    this.jobs = new Set();
    this.all = false;
    return rung;
  }
}
