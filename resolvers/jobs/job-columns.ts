// Where each scalar field of the Job model lives in the jobs table: the one map the hand-written statements
// (journal.ts, resolvers/lean) build their column lists from.
import type { Job } from '../../prisma/database';

/**
 * Every scalar field of Job and its column. `satisfies` keeps it complete: a column added to the model fails the
 * type check here until it is mapped.
 */
export const JOB_COLUMNS = {
  jobId: 'job_id',
  status: 'status',
  jobType: 'job_type',
  userId: 'user_id',
  taskDescription: 'task_description',
  taskDescriptionRefined: 'task_description_refined',
  currentPhase: 'current_phase',
  progressMessage: 'progress_message',
  progressPercent: 'progress_percent',
  result: 'result',
  error: 'error',
  errorStack: 'error_stack',
  draftPath: 'draft_path',
  finalPath: 'final_path',
  promoted: 'promoted',
  validationPassed: 'validation_passed',
  validationScore: 'validation_score',
  hitlPolicy: 'hitl_policy',
  idempotencyKey: 'idempotency_key',
  skillName: 'skill_name',
  skillDescription: 'skill_description',
  taxonomyPath: 'taxonomy_path',
  draftContent: 'draft_content',
  validationAttempts: 'validation_attempts',
  lastSequence: 'last_sequence',
  eventsPurgedThrough: 'events_purged_through',
  cancelReason: 'cancel_reason',
  traceParent: 'trace_parent',
  createdAt: 'created_at',
  startedAt: 'started_at',
  completedAt: 'completed_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof Job, string>;

export type JobField = keyof typeof JOB_COLUMNS;

export function isJobField(name: string): name is JobField {
  return Object.hasOwn(JOB_COLUMNS, name);
}
