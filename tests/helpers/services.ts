// Real parts for tests: services over a cloned test database, real graphile-worker runners, and waiting on the
// job-events doorbell (LISTEN) instead of sleeping.
import { makeOfflineAuthor } from '../../resolvers/author/offline';
import type { SkillAuthor } from '../../resolvers/author/types';
import { silentLogger } from '../../resolvers/logger';
import { makeServices, type Services, type WorkflowSettings } from '../../resolvers/services';
import { JOB_EVENTS_CHANNEL } from '../../resolvers/events/channel';
import { startWorker, type WorkerHandle } from '../../tasks/runner';
import { makePool } from '../../prisma/database';
import type { Job } from '../../prisma/database';
import { stopWhenTestEnds } from './cleanup';
import type { TestDatabase } from './database';
import { connectClient } from '../../harness/pg-connections';

export function makeTestServices(
  db: TestDatabase,
  overrides: { author?: SkillAuthor; settings?: Partial<WorkflowSettings> } = {},
): Services {
  return makeServices({
    prisma: db.prisma,
    author: overrides.author ?? makeOfflineAuthor(),
    settings: { hitlTimeoutSeconds: 3600, phaseMaxAttempts: 3, ...overrides.settings },
    logger: silentLogger,
  });
}

/**
 * The offline author, with `method` waiting for `hold()` before it runs (a test decides when a phase may go on);
 * every other method as it is.
 */
export function heldAuthor(method: keyof SkillAuthor, hold: () => Promise<void> | void): SkillAuthor {
  const inner = makeOfflineAuthor();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        await hold();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export async function startTestWorker(
  db: TestDatabase,
  services: Services,
  options: { concurrency?: number; heartbeatSeconds?: number; staleSeconds?: number } = {},
): Promise<WorkerHandle & { close(): Promise<void> }> {
  const pool = makePool(db.url, (options.concurrency ?? 2) + 4, 'test-worker');
  const worker = await startWorker(services, {
    pool,
    concurrency: options.concurrency ?? 2,
    heartbeatSeconds: options.heartbeatSeconds ?? 1,
    staleSeconds: options.staleSeconds ?? 5,
    pollIntervalMs: 200,
  });
  return {
    ...worker,
    async close() {
      await worker.stop();
      await pool.end();
    },
  };
}

/** A waitForJob predicate: paused at CONFIRM (the progress message asks for confirmation), after `afterSequence`. */
export function atConfirm(afterSequence = 0): (job: Job) => boolean {
  return (j) =>
    j.status === 'PENDING_HITL' &&
    j.lastSequence > afterSequence &&
    j.progressMessage?.includes('confirmation') === true;
}

/** A worker that runs for the current test only (closed when it ends, pass or fail). */
export async function startWorkerForTest(
  db: TestDatabase,
  services: Services,
  options?: Parameters<typeof startTestWorker>[2],
): Promise<void> {
  const worker = await startTestWorker(db, services, options);
  stopWhenTestEnds(() => worker.close());
}

/**
 * Resolves with the job once `predicate` holds. Checks at once, then again on every job-events notification for
 * the job (and on a slow safety tick, for changes that append no event). Rejects after `timeoutMs`.
 */
export async function waitForJob(
  db: TestDatabase,
  jobId: string,
  predicate: (job: Job) => boolean,
  { timeoutMs = 20_000, description = 'condition' }: { timeoutMs?: number; description?: string } = {},
): Promise<Job> {
  const listener = await connectClient(db.url);
  try {
    await listener.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    return await new Promise<Job>((resolve, reject) => {
      let last: Job | null = null;
      let checking = false;
      const check = async () => {
        if (checking) return;
        checking = true;
        try {
          last = await db.prisma.job.findUnique({ where: { jobId } });
          if (last && predicate(last)) finish(() => resolve(last!));
        } catch (error) {
          finish(() => reject(error));
        } finally {
          checking = false;
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(
                `timed out after ${timeoutMs} ms waiting for ${description}; job is ${last?.status} at ${last?.currentPhase}: ${last?.progressMessage} ${last?.error ?? ''}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const tick = setInterval(() => void check(), 500);
      const finish = (done: () => void) => {
        clearTimeout(timer);
        clearInterval(tick);
        listener.removeAllListeners('notification');
        done();
      };
      listener.on('notification', (message) => {
        if (message.payload?.includes(jobId)) void check();
      });
      void check();
    });
  } finally {
    await listener.end();
  }
}
