// createSkillJob: the row, its CREATED event and the first task, in one transaction. With an idempotency key the
// same user sending the same key gets the same job, even when two requests race (the unique index decides).
import { Prisma, type Job } from '../../prisma/database';
import { ValidationError } from '../errors';
import type { Services } from '../services';
import type { Viewer } from '../viewer';
import { applyTransition } from '../workflow/journal';
import { resolvePolicy, type HitlPolicy } from '../workflow/machine';
import { enqueueAdvance } from '../workflow/queue';
import { validateIdempotencyKey, validatePolicyInput, validateTaskDescription } from './validation';

export interface CreateSkillJobInput {
  taskDescription: string;
  hitl?: Partial<Record<keyof HitlPolicy, boolean | number | null>> | null;
  idempotencyKey?: string | null;
}

export async function createSkillJob(services: Services, viewer: Viewer, input: CreateSkillJobInput): Promise<Job> {
  const taskDescription = validateTaskDescription(input.taskDescription);
  const policyInput = Object.fromEntries(Object.entries(input.hitl ?? {}).filter(([, v]) => v !== null && v !== undefined)) as Partial<HitlPolicy>;
  validatePolicyInput(policyInput);
  const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
  const policy = resolvePolicy(policyInput, services.settings.hitlTimeoutSeconds);

  if (idempotencyKey) {
    const existing = await findByKey(services, viewer, idempotencyKey, taskDescription);
    if (existing) return existing;
  }
  try {
    return await services.prisma.$transaction(async (tx) => {
      const job = await tx.job.create({
        data: { userId: viewer.userId, taskDescription, hitlPolicy: policy as unknown as Prisma.InputJsonValue, idempotencyKey },
      });
      const created = await applyTransition(tx, job, {
        message: 'Queued',
        events: [{ type: 'CREATED', message: 'Job created', data: { policy: policy as unknown as Prisma.InputJsonValue } }],
      });
      await enqueueAdvance(tx, job.jobId, services.settings.phaseMaxAttempts);
      return created;
    });
  } catch (error) {
    // Lost a race on the idempotency key: the other request's job is committed now.
    if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await findByKey(services, viewer, idempotencyKey, taskDescription);
      if (existing) return existing;
    }
    throw error;
  }
}

async function findByKey(services: Services, viewer: Viewer, key: string, taskDescription: string): Promise<Job | null> {
  const job = await services.prisma.job.findUnique({ where: { userId_idempotencyKey: { userId: viewer.userId, idempotencyKey: key } } });
  if (job && job.taskDescription !== taskDescription) {
    throw new ValidationError('this idempotency key was already used for a different task', 'idempotencyKey');
  }
  return job;
}
