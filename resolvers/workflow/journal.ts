// The only way a job's status, phase or progress changes: lock the row, check the move against the state machine,
// update the job, append its events with the next sequences, and ring the doorbell (pg_notify) — all inside the
// caller's transaction, so an event exists exactly when the change it describes was committed.
import type { Job, JobEventType, Prisma, WorkflowPhase } from '../../prisma/database';
import { assertTransition, isTerminal, nextProgress, type JobStatus, type Phase } from './machine';

export type Tx = Prisma.TransactionClient;

/** The channel API processes LISTEN on. The payload carries ids and the sequence only, never the row. */
export const JOB_EVENTS_CHANNEL = 'skills_fleet_job_events';

export interface EventSpec {
  type: JobEventType;
  message?: string;
  data?: Prisma.InputJsonValue;
  /** Defaults to the job's phase after the change (a PHASE_COMPLETED names the phase that ended). */
  phase?: Phase | null;
}

export interface TransitionSpec {
  to?: JobStatus;
  phase?: Phase | null;
  progress?: number;
  message?: string | null;
  /** Other columns written with the change (outputs of a phase, error, result, ...). */
  patch?: Omit<Prisma.JobUpdateInput, 'status' | 'currentPhase' | 'progressPercent' | 'lastSequence'>;
  events: EventSpec[];
}

export interface NotificationPayload {
  jobId: string;
  userId: string;
  sequence: number;
}

/** Locks the job row for the rest of the transaction; null when it does not exist. */
export async function lockJob(tx: Tx, jobId: string): Promise<Job | null> {
  const locked = await tx.$queryRaw<Array<{ job_id: string }>>`SELECT job_id FROM jobs WHERE job_id = ${jobId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.job.findUnique({ where: { jobId } });
}

/** Applies a change to a job locked with lockJob. Throws IllegalTransitionError for a move the machine forbids. */
export async function applyTransition(tx: Tx, job: Job, spec: TransitionSpec): Promise<Job> {
  const status = (spec.to ?? job.status) as JobStatus;
  if (spec.to && spec.to !== job.status) assertTransition(job.status as JobStatus, spec.to);
  const phase = (spec.phase === undefined ? job.currentPhase : spec.phase) as WorkflowPhase | null;
  const progress = nextProgress(job.progressPercent, spec.progress ?? job.progressPercent, status);
  const now = new Date();
  const statusChanged = status !== job.status;

  const updated = await tx.job.update({
    where: { jobId: job.jobId },
    data: {
      ...spec.patch,
      status,
      currentPhase: phase,
      progressPercent: progress,
      ...(spec.message !== undefined ? { progressMessage: spec.message } : {}),
      lastSequence: job.lastSequence + spec.events.length,
      ...(status === 'RUNNING' && !job.startedAt ? { startedAt: now } : {}),
      ...(statusChanged && (isTerminal(status) || status === 'PENDING_REVIEW') ? { completedAt: now } : {}),
      ...(statusChanged && status === 'PENDING' ? { completedAt: null } : {}),
    },
  });

  if (spec.events.length > 0) {
    await tx.jobEvent.createMany({
      data: spec.events.map((event, index) => ({
        jobId: job.jobId,
        sequence: job.lastSequence + index + 1,
        eventType: event.type,
        status,
        phase: (event.phase === undefined ? phase : event.phase) as WorkflowPhase | null,
        progressPercent: progress,
        message: event.message ?? null,
        data: event.data,
      })),
    });
    const payload: NotificationPayload = { jobId: job.jobId, userId: job.userId, sequence: updated.lastSequence };
    await tx.$executeRaw`SELECT pg_notify(${JOB_EVENTS_CHANNEL}, ${JSON.stringify(payload)})`;
  }
  return updated;
}

/** The message of a status change event, e.g. "RUNNING -> PENDING_HITL". */
export function statusChange(from: string, to: string, reason?: string): EventSpec {
  return { type: 'STATUS_CHANGED', message: reason ? `${from} -> ${to}: ${reason}` : `${from} -> ${to}`, data: { from, to } };
}
