// The graphile-worker tasks' names and payloads: validated when enqueued (./queue) and when run (tasks/).
import { z } from 'zod';
import { TRACEPARENT_PATTERN } from '../telemetry/trace-context';

export const ADVANCE_SKILL_JOB = 'advance_skill_job';
/** The job's W3C traceparent (jobs.trace_parent): the task's spans join the job's trace. Absent: tracing was off. */
const traceparent = z.string().regex(TRACEPARENT_PATTERN).optional();
export const HITL_TIMEOUT = 'hitl_timeout';

export const advanceSkillJobPayload = z.object({
  jobId: z.uuid(),
  /** Attempts the job's current phase already used in an earlier task (it failed after other phases of that task). */
  priorAttempts: z.number().int().min(0).max(100).optional(),
  traceparent,
});
export type AdvanceSkillJobPayload = z.infer<typeof advanceSkillJobPayload>;

export const hitlTimeoutPayload = z.object({ interactionId: z.number().int().positive(), traceparent });
export type HitlTimeoutPayload = z.infer<typeof hitlTimeoutPayload>;

/** One pending advance per job: enqueueing twice (a response racing a retry) leaves one. */
export const advanceJobKey = (jobId: string) => `advance:${jobId}`;
export const TIMEOUT_JOB_KEY_PREFIX = 'hitl-timeout:';
export const timeoutJobKey = (interactionId: number) => `${TIMEOUT_JOB_KEY_PREFIX}${interactionId}`;
