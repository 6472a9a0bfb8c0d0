// The rows of the lean reads (resolvers/lean) as Prisma would return them: the same field names and value types
// (Date, bigint, parsed JSON), so the Pothos prisma fields resolve from them as from a Prisma result.
import type { HitlInteraction, Job, JobEvent } from '../../prisma/database';

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

/**
 * A timestamp as `pg` parses a column (a Date) or as PostgreSQL writes it in JSON (an ISO string with up to
 * microseconds): a Date of its milliseconds, as Prisma returns it.
 */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

/** A job_events row as `pg` returns its columns or `row_to_json` writes it. */
export interface JobEventRow {
  event_id: string | number;
  job_id: string;
  sequence: number;
  event_type: string;
  status: string;
  phase: string | null;
  progress_percent: number;
  message: string | null;
  data: unknown;
  created_at: Date | string;
}

export const JOB_EVENT_COLUMNS =
  'event_id, job_id, sequence, event_type, status, phase, progress_percent, message, data, created_at';

export function toJobEvent(row: JobEventRow): JobEvent {
  return {
    eventId: BigInt(row.event_id),
    jobId: row.job_id,
    sequence: row.sequence,
    eventType: row.event_type as JobEvent['eventType'],
    status: row.status as JobEvent['status'],
    phase: row.phase as JobEvent['phase'],
    progressPercent: row.progress_percent,
    message: row.message,
    data: row.data as JobEvent['data'],
    createdAt: toDate(row.created_at),
  };
}

/** A hitl_interactions row as `row_to_json` writes it. */
export interface HitlInteractionRow {
  interaction_id: number;
  job_id: string;
  interaction_type: string;
  round_number: number;
  status: string;
  prompt_data: unknown;
  response_data: unknown;
  created_at: Date | string;
  responded_at: Date | string | null;
  timeout_at: Date | string | null;
}

export function toHitlInteraction(row: HitlInteractionRow): HitlInteraction {
  return {
    interactionId: row.interaction_id,
    jobId: row.job_id,
    interactionType: row.interaction_type as HitlInteraction['interactionType'],
    roundNumber: row.round_number,
    status: row.status as HitlInteraction['status'],
    promptData: row.prompt_data as HitlInteraction['promptData'],
    responseData: row.response_data as HitlInteraction['responseData'],
    createdAt: toDate(row.created_at),
    respondedAt: toDateOrNull(row.responded_at),
    timeoutAt: toDateOrNull(row.timeout_at),
  };
}
