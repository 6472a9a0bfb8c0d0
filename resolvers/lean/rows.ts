// Rows read through `pg` or as JSON (the lean reads here; a task's first read, jobs/state-rows-read.ts, takes its
// prompts) as Prisma would return them: the same field names and value types (Date, bigint, parsed JSON), so code
// written against Prisma's results (the Pothos prisma fields, the workflow) takes them as it takes those.
import type { HitlInteraction, JobEvent } from '../../prisma/database';

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
