// Waiting in the fault suites: for many jobs (on every job-events notification, LISTEN, and on a safety tick that
// also carries the wait through a database restart: the listener is re-opened when it drops), for state no
// notification announces, and a record of every notification with the time it arrived. Bounded.
import type pg from 'pg';
import { connectClient, makeClient } from '../../harness/pg-connections';
import type { Job, PrismaClient } from '../../prisma/database';
import { JOB_EVENTS_CHANNEL } from '../../resolvers/events/channel';

export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export async function waitForJobs(
  databaseUrl: string,
  prisma: PrismaClient,
  jobIds: readonly string[],
  predicate: (job: Job) => boolean,
  { timeoutMs, description }: { timeoutMs: number; description: string },
): Promise<Job[]> {
  let listener: pg.Client | null = null;
  const openListener = async (onNotify: () => void) => {
    const client = makeClient({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {
      if (listener === client) listener = null;
    });
    client.on('notification', onNotify);
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
      listener = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  };
  try {
    return await new Promise<Job[]>((resolve, reject) => {
      let last: Job[] = [];
      let checking = false;
      let again = false;
      const check = async () => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            try {
              last = await prisma.job.findMany({ where: { jobId: { in: [...jobIds] } } });
            } catch {
              continue; // the database is away: the tick tries again
            }
            if (last.length === jobIds.length && last.every(predicate)) return finish(() => resolve(last));
          } while (again);
        } finally {
          checking = false;
        }
      };
      const timer = setTimeout(() => {
        const waiting = last
          .filter((j) => !predicate(j))
          .map((j) => `${j.jobId} ${j.status} at ${j.currentPhase}: ${j.progressMessage} ${j.error ?? ''}`);
        finish(() =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${description}; ${waiting.length} jobs not there:\n${waiting.slice(0, 10).join('\n')}`,
            ),
          ),
        );
      }, timeoutMs);
      const tick = setInterval(() => {
        if (!listener) void openListener(() => void check());
        void check();
      }, 1_000);
      let finished = false;
      const finish = (fn: () => void) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(tick);
        fn();
      };
      void openListener(() => void check()).then(check);
    });
  } finally {
    const current = listener as pg.Client | null;
    listener = null;
    await current?.end().catch(() => undefined);
  }
}

/** Re-checks a condition on a short interval until it holds (bounded); for state no notification announces. */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  description: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet (e.g. the database is restarting)
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// Every job-events notification, with the time it arrived: when a job moved again after a crash.

export interface Notification {
  jobId: string;
  sequence: number;
  at: number;
}

export async function recordNotifications(
  databaseUrl: string,
): Promise<{ notes: Notification[]; close(): Promise<void> }> {
  const client = await connectClient(databaseUrl);
  const notes: Notification[] = [];
  client.on('notification', (message) => {
    try {
      const payload = JSON.parse(message.payload ?? '{}') as { jobId?: string; sequence?: number };
      if (payload.jobId && typeof payload.sequence === 'number')
        notes.push({ jobId: payload.jobId, sequence: payload.sequence, at: Date.now() });
    } catch {
      // not ours
    }
  });
  await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
  return { notes, close: () => client.end().catch(() => undefined) };
}
