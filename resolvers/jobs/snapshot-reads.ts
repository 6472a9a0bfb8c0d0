// The read a task starts with: the job, started when it is fresh, in one statement; for a fresh job its first
// phase's rows without reading them (it has none: every prompt, state row and scenario run is written with an
// event, and a fresh job has only its CREATED one), for any other its rows read with it (state-rows-read.ts).
import type { Job, PrismaClient } from '../../prisma/database';
import { PHASE_START_PROGRESS, type Phase } from '../workflow/machine';
import { toKnownRows, type KnownRows } from './state-rows-read';
import {
  applyTransitionIfFresh,
  applyTransitionIfUnchanged,
  readJob,
  statusChange,
  type TransitionSpec,
} from './journal';

export interface RunnableJob {
  job: Job;
  /** The job's state rows when they are known without another read (none for a fresh job); null: read them. */
  rows: KnownRows | null;
}

const NO_ROWS: KnownRows = {
  interactions: [],
  deepUnderstanding: null,
  tdd: null,
  scenarioRuns: [],
  validationReport: null,
};

function startSpec(phase: Phase): TransitionSpec {
  return {
    to: 'RUNNING',
    phase,
    progress: PHASE_START_PROGRESS[phase],
    message: `Running ${phase}`,
    events: [statusChange('PENDING', 'RUNNING'), { type: 'PHASE_STARTED', message: `${phase} started` }],
  };
}

/**
 * The job a task runs: RUNNING (PENDING -> RUNNING on its first start or after a retry), else null (waiting for a
 * person, finished, gone: a stale task). A fresh job is started in the statement that reads it; one started again
 * after a retry by a compare-and-set on the job as read (read again when something changed it in between).
 */
export async function readAndStartIfFresh(prisma: PrismaClient, jobId: string): Promise<RunnableJob | null> {
  const first = await applyTransitionIfFresh(prisma, jobId, startSpec('TASK_REFINEMENT'));
  if (!first) return null;
  if (first.started) return { job: first.job, rows: NO_ROWS };
  let job: Job | null = first.job;
  // The rows read with `job`, while it is the job as that statement read it.
  let rows = toKnownRows(first.job, first.stateRows);
  for (;;) {
    if (!job) return null;
    if (job.status === 'RUNNING') return { job, rows };
    if (job.status !== 'PENDING') return null;
    const phase = (job.currentPhase as Phase | null) ?? 'TASK_REFINEMENT';
    // The compare-and-set writes no state row: the rows read with the job stay its rows.
    const started = await applyTransitionIfUnchanged(prisma, job, startSpec(phase));
    if (started) return { job: started, rows };
    job = await readJob(prisma, jobId);
    rows = null;
  }
}
