// createSkillJob: the row, its CREATED event and the first task, in one statement (so one transaction), shared with
// the creates that arrive at the same time (./new-jobs.ts). With an idempotency key the same user sending the same
// key gets the same job, even when two requests race (the unique index decides); the same key for another task is
// a ValidationError, and nothing is written.
import { randomUUID } from 'node:crypto';
import { Prisma, type Job } from '../../prisma/database';
import { ValidationError } from '../errors';
import { activeTraceParent } from '../telemetry/trace-context';
import type { Services } from '../services';
import type { Viewer } from '../viewer';
import { resolvePolicy, type HitlPolicy } from '../workflow/machine';
import { newJobs } from './new-jobs';
import { validateIdempotencyKey, validatePolicyInput, validateTaskDescription } from './validation';

export interface CreateSkillJobInput {
  taskDescription: string;
  hitl?: Partial<Record<keyof HitlPolicy, boolean | number | null>> | null;
  idempotencyKey?: string | null;
}

export async function createSkillJob(services: Services, viewer: Viewer, input: CreateSkillJobInput): Promise<Job> {
  const taskDescription = validateTaskDescription(input.taskDescription);
  const policyInput = Object.fromEntries(
    Object.entries(input.hitl ?? {}).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<HitlPolicy>;
  validatePolicyInput(policyInput);
  const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
  const policy = resolvePolicy(policyInput, services.settings.hitlTimeoutSeconds);

  // The id is chosen here so the first task can name it in the same statement.
  const jobId = randomUUID();
  // This request's trace context (its createSkillJob operation): the job's trace, kept with the job for every task.
  const traceParent = activeTraceParent();
  const outcome = await newJobs(services.prisma).write({
    jobId,
    userId: viewer.userId,
    taskDescription,
    hitlPolicy: policy as unknown as Prisma.InputJsonValue,
    idempotencyKey,
    traceParent,
    created: {
      message: 'Job created',
      data: { policy: policy as unknown as Prisma.InputJsonValue },
      progressMessage: 'Queued',
    },
    task: services.queue.advanceSpec(jobId, traceParent),
  });
  if ('created' in outcome) return outcome.created;
  // Lost a race on the idempotency key to a request committed while the insert ran: its job is readable now.
  const existing = outcome.existing ?? (idempotencyKey ? await findByKey(services, viewer, idempotencyKey) : null);
  if (!existing) throw new Error('createSkillJob wrote no job and found none with its idempotency key');
  return sameTask(existing, taskDescription);
}

/** A replay with the job's key must ask for the same task. */
function sameTask(job: Job, taskDescription: string): Job {
  if (job.taskDescription !== taskDescription) {
    throw new ValidationError('this idempotency key was already used for a different task', 'idempotencyKey');
  }
  return job;
}

async function findByKey(services: Services, viewer: Viewer, key: string): Promise<Job | null> {
  return services.prisma.job.findUnique({
    where: { userId_idempotencyKey: { userId: viewer.userId, idempotencyKey: key } },
  });
}
