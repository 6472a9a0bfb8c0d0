// Writes job events the way a worker does (resolvers/jobs/journal.ts: lock the row, update the job, append the
// events, pg_notify, one transaction), for benchmarks that need events on demand: the fanout emitter and the query
// benchmark's history. Runs in the runner process, against the benchmark's database.
import type pg from 'pg';
import { makePool, makePrismaClient, type Prisma, type PrismaClient } from '../../prisma/database';
import { applyTransition, lockJob, statusChange } from '../../resolvers/jobs/journal';

export interface JournalWriter {
  prisma: PrismaClient;
  /** PENDING -> RUNNING in TASK_REFINEMENT, as a worker's first step does. */
  startRunning(jobId: string): Promise<void>;
  /** Appends one PROGRESS event (status unchanged) with `data`; returns its sequence. */
  appendProgress(jobId: string, data: Prisma.InputJsonValue, message?: string): Promise<number>;
  lastSequence(jobId: string): Promise<number>;
  close(): Promise<void>;
}

export function openJournal(url: string, poolSize = 10): JournalWriter {
  const pool: pg.Pool = makePool(url, poolSize, 'bench-journal');
  const prisma = makePrismaClient(pool);
  return {
    prisma,
    async startRunning(jobId) {
      await prisma.$transaction(async (tx) => {
        const job = await lockJob(tx, jobId);
        if (!job) throw new Error(`job ${jobId} not found`);
        if (job.status === 'RUNNING') return;
        await applyTransition(tx, job, {
          to: 'RUNNING',
          phase: 'TASK_REFINEMENT',
          progress: 5,
          message: 'Running TASK_REFINEMENT',
          events: [statusChange(job.status, 'RUNNING')],
        });
      });
    },
    async appendProgress(jobId, data, message = 'bench progress') {
      return prisma.$transaction(async (tx) => {
        const job = await lockJob(tx, jobId);
        if (!job) throw new Error(`job ${jobId} not found`);
        const updated = await applyTransition(tx, job, { events: [{ type: 'PROGRESS', message, data }] });
        return updated.lastSequence;
      });
    },
    async lastSequence(jobId) {
      const job = await prisma.job.findUnique({ where: { jobId }, select: { lastSequence: true } });
      if (!job) throw new Error(`job ${jobId} not found`);
      return job.lastSequence;
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
