// Races over real HTTP (a listening API in this process, a real worker): 100 concurrent answers to one prompt (one
// is accepted), 100 concurrent creations with one idempotency key (one job), cancelJob racing an answer and racing a
// running phase (one consistent outcome every time). The invariant checker is clean after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlInteraction } from '../../prisma/database';
import type { Services } from '../../resolvers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodAnswers } from '../helpers/hitl';
import { makeTestServices, startTestWorker, waitForJob } from '../helpers/services';
import { report, SCALE, SIZE, suiteRng } from './config';
import { CANCEL, CREATE, RESPOND, createJob, post } from '../helpers/http';
import { expectInvariantsHold } from './evidence';
import { startInProcessApi, type InProcessApi } from './in-process-api';
import { taskSource } from './tasks';
import { recordNotifications, TERMINAL, waitUntil, type Notification } from './waits';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';

const SUITE = 'concurrency';
const { parallel: PARALLEL, cancelRaces: RACES } = SIZE.concurrency;
const rng = suiteRng(SUITE);
const nextTask = taskSource(rng);

let db: TestDatabase;
let services: Services;
let api: InProcessApi;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let notifications: { notes: Notification[]; close(): Promise<void> };

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db, { settings: { phaseMaxAttempts: 5 } });
  api = await startInProcessApi(db.url, services);
  worker = await startTestWorker(db, services, { concurrency: 2 });
  notifications = await recordNotifications(db.url);
});

afterAll(async () => {
  await worker?.close();
  await notifications?.close();
  await api?.close();
  await db?.drop();
});

type Payload = { __typename: string; code?: string; message?: string; job?: { jobId: string; status: string } };

async function mutate(query: string, input: Record<string, unknown>, user: string): Promise<Payload> {
  const result = await post<Record<string, Payload>>(api.url, query, { input }, user);
  expect(result.status, result.text).toBe(200);
  expect(result.body.errors, result.text).toBeUndefined();
  return Object.values(result.body.data ?? {})[0]!;
}

function tally(payloads: Payload[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of payloads) counts[p.__typename] = (counts[p.__typename] ?? 0) + 1;
  return counts;
}

async function pendingPrompt(jobId: string): Promise<HitlInteraction> {
  return db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
}

async function respondedEvents(interactionId: number): Promise<number> {
  const [row] = await db.prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM job_events WHERE event_type = 'HITL_RESPONDED' AND (data->>'interactionId')::int = ${interactionId}`;
  return row!.n;
}

/** No advance task of the job is queued or running any more (a phase that was running reached its commit). */
async function quiet(jobId: string): Promise<void> {
  await waitUntil(async () => {
    const [row] = await db.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'jobId' = ${jobId} AND (locked_at IS NOT NULL OR attempts < max_attempts)`;
    return row!.n === 0;
  }, `job ${jobId} to have no queued or running task`);
}

describe('respondToHitl', () => {
  it(`${PARALLEL} concurrent answers to one question prompt (owner and admin): exactly one accepted, the rest INVALID_STATE`, async () => {
    const jobId = await createJob(api.url, 'dana', { taskDescription: nextTask() });
    await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: 'the CLARIFY pause' });
    const prompt = await pendingPrompt(jobId);
    const input = { ...goodAnswers(prompt), interactionId: String(prompt.interactionId) };
    const payloads = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => mutate(RESPOND, input, i % 2 ? 'admin' : 'dana')),
    );
    const counts = tally(payloads);
    report(SUITE, `${PARALLEL} concurrent answers to one question prompt: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ RespondToHitlSuccess: 1, InvalidStateError: PARALLEL - 1 });
    expect(
      payloads
        .filter((p) => p.__typename === 'InvalidStateError')
        .every((p) => p.code === 'INVALID_STATE' && /RESPONDED/.test(p.message ?? '')),
    ).toBe(true);
    expect(await respondedEvents(prompt.interactionId)).toBe(1);
    expect(
      (await db.prisma.hitlInteraction.findUniqueOrThrow({ where: { interactionId: prompt.interactionId } })).status,
    ).toBe('RESPONDED');
  });

  it(`${PARALLEL} concurrent PROCEED / REVISE / CANCEL on one review prompt: one wins and the job follows that one`, async () => {
    const jobId = await createJob(api.url, 'dana', {
      taskDescription: nextTask(),
      hitl: { ...ALL_PROMPTS_OFF, confirm: true },
    });
    await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: 'the CONFIRM pause' });
    const prompt = await pendingPrompt(jobId);
    const actions = ['PROCEED', 'REVISE', 'CANCEL'] as const;
    const inputs = Array.from({ length: PARALLEL }, (_, i) => {
      const action = actions[i % 3]!;
      return {
        interactionId: String(prompt.interactionId),
        action,
        ...(action === 'REVISE' ? { feedback: `revision ${i}: name the lock levels` } : {}),
      };
    });
    const payloads = await Promise.all(inputs.map((input) => mutate(RESPOND, input, 'dana')));
    const winners = payloads
      .map((p, i) => [p, inputs[i]!] as const)
      .filter(([p]) => p.__typename === 'RespondToHitlSuccess');
    report(
      SUITE,
      `${PARALLEL} concurrent mixed actions on one review prompt: ${JSON.stringify(tally(payloads))}, winner ${winners[0]?.[1].action}`,
    );
    expect(winners).toHaveLength(1);
    expect(
      payloads.filter((p) => p.__typename !== 'RespondToHitlSuccess').every((p) => p.code === 'INVALID_STATE'),
    ).toBe(true);
    const [winner, winningInput] = winners[0]!;
    const stored = await db.prisma.hitlInteraction.findUniqueOrThrow({
      where: { interactionId: prompt.interactionId },
    });
    expect((stored.responseData as { action: string }).action).toBe(winningInput.action);
    expect(await respondedEvents(prompt.interactionId)).toBe(1);
    if (winningInput.action === 'CANCEL') {
      expect(winner.job?.status).toBe('CANCELLED');
    } else {
      expect(winner.job?.status).toBe('RUNNING');
      await cancelAndSettle(jobId);
    }
  });
});

describe('createSkillJob', () => {
  it(`${PARALLEL} concurrent creations with one idempotency key: one job, every success returns it`, async () => {
    const task = nextTask();
    const before = await db.prisma.job.count();
    const payloads = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        mutate(CREATE, { taskDescription: task, idempotencyKey: 'chaos-key-1', hitl: { clarify: true } }, 'erin'),
      ),
    );
    const ids = new Set(payloads.map((p) => p.job?.jobId));
    report(
      SUITE,
      `${PARALLEL} concurrent creations, same key and task: ${JSON.stringify(tally(payloads))}, ${ids.size} distinct job`,
    );
    expect(tally(payloads)).toEqual({ CreateSkillJobSuccess: PARALLEL });
    expect(ids.size).toBe(1);
    expect(await db.prisma.job.count()).toBe(before + 1);
    expect(await db.prisma.jobEvent.count({ where: { jobId: [...ids][0]!, eventType: 'CREATED' } })).toBe(1);
    await cancelAndSettle([...ids][0]!);
  });

  it(`${PARALLEL} concurrent creations with one key but two different tasks: one job; the other task is a ValidationError`, async () => {
    const [taskA, taskB] = [nextTask(), nextTask()];
    const before = await db.prisma.job.count();
    const payloads = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        mutate(CREATE, { taskDescription: i % 2 ? taskA : taskB, idempotencyKey: 'chaos-key-2' }, 'erin'),
      ),
    );
    const successes = payloads.filter((p) => p.__typename === 'CreateSkillJobSuccess');
    report(SUITE, `${PARALLEL} concurrent creations, same key, two tasks: ${JSON.stringify(tally(payloads))}`);
    expect(new Set(successes.map((p) => p.job?.jobId)).size).toBe(1);
    expect(successes.length).toBe(PARALLEL / 2);
    expect(
      payloads.filter((p) => p.__typename !== 'CreateSkillJobSuccess').every((p) => p.code === 'VALIDATION_FAILED'),
    ).toBe(true);
    expect(await db.prisma.job.count()).toBe(before + 1);
    await cancelAndSettle(successes[0]!.job!.jobId);
  });
});

async function cancelAndSettle(jobId: string): Promise<void> {
  const payload = await mutate(CANCEL, { jobId }, 'admin');
  if (payload.__typename !== 'CancelJobSuccess') expect(payload.code).toBe('INVALID_STATE');
  await quiet(jobId);
}

describe('cancelJob races', () => {
  it(
    `cancelJob racing an answer (${RACES} rounds): one consistent outcome each time`,
    async () => {
      const outcomes: Record<string, number> = {};
      for (let round = 0; round < RACES; round++) {
        const jobId = await createJob(api.url, 'frank', {
          taskDescription: nextTask(),
          hitl: { ...ALL_PROMPTS_OFF, confirm: true },
        });
        await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: 'the CONFIRM pause' });
        const prompt = await pendingPrompt(jobId);
        const action = rng.pick(['PROCEED', 'PROCEED', 'CANCEL'] as const);
        const jitter = rng.int(0, 4);
        const [cancel, respond] = await Promise.all([
          new Promise((resolve) => setTimeout(resolve, jitter)).then(() =>
            mutate(CANCEL, { jobId, reason: `race ${round}` }, 'frank'),
          ),
          mutate(RESPOND, { interactionId: String(prompt.interactionId), action }, 'frank'),
        ]);
        await quiet(jobId);
        const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
        const interaction = await db.prisma.hitlInteraction.findUniqueOrThrow({
          where: { interactionId: prompt.interactionId },
        });
        const responded = await respondedEvents(prompt.interactionId);
        const outcome = `${action}: respond ${respond.__typename}, cancel ${cancel.__typename} -> job ${job.status}, prompt ${interaction.status}`;
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;

        if (respond.__typename === 'RespondToHitlSuccess') {
          // The answer went first: recorded once; the job is cancelled by whichever came second, or completed if the
          // run outpaced the cancel.
          expect(interaction.status, outcome).toBe('RESPONDED');
          expect(responded, outcome).toBe(1);
          if (cancel.__typename === 'CancelJobSuccess') expect(job.status, outcome).toBe('CANCELLED');
          else {
            expect(cancel.code, outcome).toBe('INVALID_STATE');
            expect(['CANCELLED', 'COMPLETED'], outcome).toContain(job.status);
            if (action === 'CANCEL') expect(job.status, outcome).toBe('CANCELLED');
          }
        } else {
          // The cancel went first: the prompt was cancelled with the job and the answer refused.
          expect(respond.code, outcome).toBe('INVALID_STATE');
          expect(cancel.__typename, outcome).toBe('CancelJobSuccess');
          expect(job.status, outcome).toBe('CANCELLED');
          expect(interaction.status, outcome).toBe('CANCELLED');
          expect(responded, outcome).toBe(0);
        }
        expect(TERMINAL.has(job.status), outcome).toBe(true);
      }
      report(SUITE, `cancel racing an answer, ${RACES} rounds: ${JSON.stringify(outcomes)}`);
      await expectInvariantsHold(db.prisma, SUITE);
    },
    SCALE === 'full' ? 900_000 : 120_000,
  );

  it(
    `cancelJob racing a running phase (${RACES} rounds): cancelled with nothing written after it, or already completed`,
    async () => {
      const outcomes: Record<string, number> = {};
      const { notes } = notifications;
      for (let round = 0; round < RACES; round++) {
        const jobId = await createJob(api.url, 'grace', { taskDescription: nextTask(), hitl: ALL_PROMPTS_OFF });
        // A random moment of the run: after its k-th event (a full run has about 20).
        const k = rng.int(1, 20);
        let polls = 0;
        await waitUntil(
          async () =>
            notes.some((n) => n.jobId === jobId && n.sequence >= k) ||
            (++polls % 20 === 0 && TERMINAL.has((await db.prisma.job.findUniqueOrThrow({ where: { jobId } })).status)),
          `event ${k} of the job`,
          30_000,
          10,
        );
        const cancel = await mutate(CANCEL, { jobId, reason: `race ${round}` }, 'grace');
        await quiet(jobId);
        const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
        const last = await db.prisma.jobEvent.findFirstOrThrow({ where: { jobId }, orderBy: { sequence: 'desc' } });
        const phase = job.currentPhase ?? 'start';
        if (cancel.__typename === 'CancelJobSuccess') {
          outcomes[`cancelled in ${phase}`] = (outcomes[`cancelled in ${phase}`] ?? 0) + 1;
          expect(job.status).toBe('CANCELLED');
          // The running phase stopped at its checkpoint: the cancel is the last thing that happened.
          expect(last).toMatchObject({ eventType: 'STATUS_CHANGED', status: 'CANCELLED', sequence: job.lastSequence });
          expect(await db.prisma.skill.count({ where: { jobId } })).toBe(0);
        } else {
          outcomes['already completed'] = (outcomes['already completed'] ?? 0) + 1;
          expect(cancel.code).toBe('INVALID_STATE');
          expect(job.status).toBe('COMPLETED');
          expect(await db.prisma.skill.count({ where: { jobId } })).toBe(1);
        }
      }
      report(SUITE, `cancel racing a phase, ${RACES} rounds: ${JSON.stringify(outcomes)}`);
      await expectInvariantsHold(db.prisma, SUITE);
    },
    SCALE === 'full' ? 900_000 : 120_000,
  );
});
