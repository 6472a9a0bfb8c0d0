// createSkillJob: the row, its CREATED event and the first task, in one statement (so one transaction). With an
// idempotency key the same user sending the same key gets the same job, even when two requests race (the unique
// index decides).
import { randomUUID } from 'node:crypto';
import { Prisma, type Job } from '../../prisma/database';
import { ValidationError } from '../errors';
import { activeTraceParent } from '../telemetry/trace-context';
import type { Services } from '../services';
import type { Viewer } from '../viewer';
import { resolvePolicy, type HitlPolicy } from '../workflow/machine';
import { insertJob } from './journal';
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

  if (idempotencyKey) {
    const existing = await findByKey(services, viewer, idempotencyKey, taskDescription);
    if (existing) return existing;
  }
  // The id is chosen here so the first task can name it in the same statement.
  const jobId = randomUUID();
  // This request's trace context (its createSkillJob operation): the job's trace, kept with the job for every task.
  const traceParent = activeTraceParent();
  const job = await insertJob(services.prisma, {
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
    task: services.queue.advance(jobId, traceParent),
  });
  if (job) return job;
  // Lost a race on the idempotency key: the other request's job is committed now.
  const existing = idempotencyKey ? await findByKey(services, viewer, idempotencyKey, taskDescription) : null;
  if (!existing) throw new Error('createSkillJob wrote no job and found none with its idempotency key');
  return existing;
}

async function findByKey(
  services: Services,
  viewer: Viewer,
  key: string,
  taskDescription: string,
): Promise<Job | null> {
  const job = await services.prisma.job.findUnique({
    where: { userId_idempotencyKey: { userId: viewer.userId, idempotencyKey: key } },
  });
  if (job && job.taskDescription !== taskDescription) {
    throw new ValidationError('this idempotency key was already used for a different task', 'idempotencyKey');
  }
  return job;
}
