// The setup of the abuse suites (abuse-input.test.ts, abuse-cross-user.test.ts): alice's objects in every state a
// mutation could act on, bob's own prompt, an in-process API; and `probe`, which sends one request as a user and
// fails on an answer that leaks, a 5xx, or a refused request that changed the database.
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HitlInteraction, Job } from '../../prisma/database';
import { createSkillJob } from '../../resolvers/jobs/create-skill-job';
import { cancelJob } from '../../resolvers/jobs/cancel-job';
import type { Services } from '../../resolvers/services';
import type { Viewer } from '../../resolvers/viewer';
import { type SubscriptionClient } from '../helpers/clients';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeTestServices, startTestWorker, waitForJob } from '../helpers/services';
import { SIZE, suiteRng } from './config';
import { post, type HttpResult } from '../helpers/http';
import { fingerprint } from './evidence';
import { startInProcessApi, type InProcessApi } from './in-process-api';
import { taskSource } from './tasks';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';
import { inspect } from './abuse-answer-checks';

export const SUITE = 'abuse-input';
const { numRuns: NUM_RUNS } = SIZE.properties;
const rng = suiteRng(SUITE);
const nextTask = taskSource(rng);
const A: Viewer = { userId: 'alice', isAdmin: false };
const B: Viewer = { userId: 'bob', isAdmin: false };

export let db: TestDatabase;
let services: Services;
export let api: InProcessApi;
export const clients: SubscriptionClient[] = [];

/** A's objects in every state a mutation could act on, and B's own pending prompt. */
interface World {
  aQuestions: Job;
  aQuestionsPrompt: HitlInteraction;
  aReview: Job;
  aReviewPrompt: HitlInteraction;
  aCompleted: Job;
  aPendingReview: Job;
  aFailed: Job;
  aCancelled: Job;
  aKeyed: Job;
  bQuestions: Job;
  bQuestionsPrompt: HitlInteraction;
}
export let world: World;

/** A's jobs in every status a mutation could meet (not aKeyed, which only differs by its idempotency key). */
export function aJobsInEveryState(): Job[] {
  return [world.aQuestions, world.aReview, world.aCompleted, world.aPendingReview, world.aFailed, world.aCancelled];
}

/** Builds the world before the calling file's tests (the `let` bindings above are live) and tears it down after. */
export function useAbuseWorld(): void {
  beforeAll(async () => {
    db = await createTestDatabase();
    services = makeTestServices(db, { settings: { phaseMaxAttempts: 5 } });
    api = await startInProcessApi(db.url, services);
    // Drive the states with the real workflow (so the invariant checker has real rows to check), then stop the
    // worker: from here on nothing changes the database unless a request does.
    const worker = await startTestWorker(db, services);
    try {
      const completedTask = nextTask();
      const [aQuestions, aReview, aCompleted, aFailed, aCancelled, aKeyed, bQuestions] = await Promise.all([
        createSkillJob(services, A, { taskDescription: nextTask() }),
        createSkillJob(services, A, { taskDescription: nextTask(), hitl: { ...ALL_PROMPTS_OFF, confirm: true } }),
        createSkillJob(services, A, { taskDescription: completedTask, hitl: ALL_PROMPTS_OFF }),
        createSkillJob(services, A, { taskDescription: nextTask(), hitl: { timeoutSeconds: 1 } }),
        createSkillJob(services, A, { taskDescription: nextTask() }),
        createSkillJob(services, A, { taskDescription: nextTask(), idempotencyKey: 'shared-key' }),
        createSkillJob(services, B, { taskDescription: nextTask() }),
      ]);
      await cancelJob(services, A, { jobId: aCancelled.jobId, reason: 'not needed' });
      await cancelJob(services, A, { jobId: aKeyed.jobId });
      const paused = (j: Job) => j.status === 'PENDING_HITL';
      await waitForJob(db, aCompleted.jobId, (j) => j.status === 'COMPLETED', {
        description: 'A completed',
        timeoutMs: 60_000,
      });
      // A second job with the same task stops at PROMOTION: the skill name is taken.
      const aPendingReview = await createSkillJob(services, A, {
        taskDescription: completedTask,
        hitl: ALL_PROMPTS_OFF,
      });
      world = {
        aQuestions: await waitForJob(db, aQuestions.jobId, paused, { description: 'A at CLARIFY' }),
        aQuestionsPrompt: undefined as never,
        aReview: await waitForJob(db, aReview.jobId, paused, { description: 'A at CONFIRM' }),
        aReviewPrompt: undefined as never,
        aCompleted: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aCompleted.jobId } }),
        aPendingReview: await waitForJob(db, aPendingReview.jobId, (j) => j.status === 'PENDING_REVIEW', {
          description: 'A in review',
          timeoutMs: 60_000,
        }),
        aFailed: await waitForJob(db, aFailed.jobId, (j) => j.status === 'FAILED', {
          description: 'A failed by timeout',
          timeoutMs: 60_000,
        }),
        aCancelled: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aCancelled.jobId } }),
        aKeyed: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aKeyed.jobId } }),
        bQuestions: await waitForJob(db, bQuestions.jobId, paused, { description: 'B at CLARIFY' }),
        bQuestionsPrompt: undefined as never,
      };
    } finally {
      await worker.close();
    }
    const prompt = (jobId: string) =>
      db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
    world.aQuestionsPrompt = await prompt(world.aQuestions.jobId);
    world.aReviewPrompt = await prompt(world.aReview.jobId);
    world.bQuestionsPrompt = await prompt(world.bQuestions.jobId);
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await api?.close();
    await db?.drop();
  });
}

// Payload unions differ (cancelJob and retryJob have no ValidationError member): a spread that cannot apply would
// make every request of the property a document error.
const PAYLOAD = `__typename ... on Error { code message }`;
const FIELD = `... on ValidationError { field }`;
export const MUTATIONS = {
  createSkillJob: `mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { ${PAYLOAD} ${FIELD} ... on CreateSkillJobSuccess { job { jobId userId } } } }`,
  respondToHitl: `mutation($input: RespondToHitlInput!) { respondToHitl(input: $input) { ${PAYLOAD} ${FIELD} } }`,
  cancelJob: `mutation($input: CancelJobInput!) { cancelJob(input: $input) { ${PAYLOAD} } }`,
  retryJob: `mutation($input: RetryJobInput!) { retryJob(input: $input) { ${PAYLOAD} } }`,
  promoteSkill: `mutation($input: PromoteSkillInput!) { promoteSkill(input: $input) { ${PAYLOAD} ${FIELD} } }`,
} as const;

export const stats: Record<string, Record<string, number>> = {};

export async function probe(
  name: string,
  query: string,
  variables: Record<string, unknown>,
  actor = 'bob',
): Promise<void> {
  const before = await fingerprint(db.prisma);
  let result: HttpResult;
  try {
    result = await post(api.url, query, variables, actor);
  } catch (error) {
    throw new Error(
      `${name}: the request failed at the transport (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const { refused, problems } = inspect(result, variables);
  const payload = Object.values(result.body.data ?? {})[0] as { __typename?: string; code?: string } | undefined;
  const outcome =
    (result.status !== 200
      ? `HTTP ${result.status}`
      : (payload?.__typename ?? (result.body.errors?.[0]?.extensions?.code as string | undefined) ?? 'data')) +
    (process.env.CHAOS_DEBUG
      ? ` ${result.body.errors?.[0]?.message.replace(/"[^"]*"/g, '""').slice(0, 90) ?? ''}`
      : '');
  (stats[name] ??= {})[outcome] = ((stats[name] ??= {})[outcome] ?? 0) + 1;
  // B acting on A's objects: not found, or refused for its input, never anything that reveals their state.
  if (payload?.__typename && payload.__typename !== 'CreateSkillJobSuccess') {
    if (!['NotFoundError', 'ValidationError'].includes(payload.__typename))
      problems.push(`bob got ${payload.__typename} (${payload.code})`);
  }
  const after = await fingerprint(db.prisma);
  if (refused && JSON.stringify(after) !== JSON.stringify(before))
    problems.push(`a refused request changed the database: ${JSON.stringify({ before, after })}`);
  if (problems.length > 0)
    throw new Error(
      `${name} ${JSON.stringify(variables).slice(0, 400)}\n-> ${result.status} ${result.text.slice(0, 600)}\n${problems.join('\n')}`,
    );
}

/** Not vacuous: most of the requests a property sent as `name` got past GraphQL validation to the resolvers. */
export function expectMostReachedResolvers(name: string): void {
  const outcomes = stats[name] ?? {};
  const total = Object.values(outcomes).reduce((n, c) => n + c, 0);
  const refusedByHttp = Object.entries(outcomes)
    .filter(([o]) => o.startsWith('HTTP'))
    .reduce((n, [, c]) => n + c, 0);
  expect(total, `${name} sent no requests`).toBeGreaterThan(0);
  expect(total - refusedByHttp, `${name}: ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(total * 0.25);
}

export function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns: NUM_RUNS, seed: rng.seed, endOnFailure: true });
}
