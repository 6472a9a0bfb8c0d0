// The lean reads (resolvers/lean): job(id) as one hand-written statement and the jobEvents stream's reads through
// `pg`, against the Prisma path over the same database. Two apps: one over a client made by makePrismaClient (its
// pool is known: the lean path), one over a Prisma client built without it (poolOf knows no pool: Prisma, as before).
// Every answer must be the same, byte for byte, for the owner, an admin and another user.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf, PrismaClient, type Job, type JobEvent, type Prisma } from '../prisma/database';
import { startEventHub, type EventHub } from '../resolvers/events/hub';
import { followJobEvents } from '../resolvers/events/streams';
import { readEventsAfterSequence } from '../resolvers/lean/event-rows';
import { findJobPage, planJobPage, type JobPageQuery } from '../resolvers/lean/job-page';
import { silentLogger } from '../resolvers/logger';
import { makeServices, type Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { makeOfflineAuthor } from '../resolvers/author/offline';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, insertJob, insertPausedJob, makeTestApp } from './helpers/graphql';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';

const JOB_PAGE = `query($id: ID!, $after: Int) {
  job(id: $id) {
    id jobId status jobType userId taskDescription taskDescriptionRefined currentPhase progressPercent progressMessage
    result error draftPath finalPath promoted validationPassed validationScore skillName taxonomyPath draftContent
    hitlPolicy createdAt startedAt completedAt updatedAt
    pendingInteraction {
      id interactionId interactionType roundNumber status promptData responseData createdAt respondedAt timeoutAt
      prompt {
        __typename
        ... on QuestionsPrompt { rationale questions { id text questionType required allowsOther options { id label description } } }
        ... on ReviewPrompt { title summary content highlights allowedActions defaultAction }
      }
    }
    events(afterSequence: $after) { sequence type status phase progressPercent message data createdAt }
  }
}`;

/** What the lean statement's text starts its FROM with; Prisma's statements quote their tables. */
const LEAN_JOB_STATEMENT = 'FROM jobs j WHERE j.job_id = $1::uuid';
const LEAN_EVENTS_STATEMENT = 'FROM job_events\n  WHERE job_id = $1::uuid AND sequence > $2';

let db: TestDatabase;
let spied: SpiedPrisma;
let plainPrisma: PrismaClient;
let hub: EventHub;
let leanServices: Services;
let prismaServices: Services;
let leanApp: App;
let prismaApp: App;
let statements: string[] = [];

let pausedJob: Job;
let reviewJob: Job;
let finishedJob: Job;
let emptyJob: Job;

const alice: Viewer = { userId: 'alice', isAdmin: false };
const bob: Viewer = { userId: 'bob', isAdmin: false };
const admin: Viewer = { userId: 'admin', isAdmin: true };

function servicesOver(prisma: PrismaClient, events: EventHub): Services {
  return makeServices({
    prisma,
    author: makeOfflineAuthor(),
    settings: { hitlTimeoutSeconds: 3600, phaseMaxAttempts: 3 },
    logger: silentLogger,
    events,
  });
}

/** Events 1..count of a job, with microsecond timestamps, JSON data of every shape, null phases and messages. */
async function insertEvents(jobId: string, count: number, finalStatus: string): Promise<void> {
  const base = Date.UTC(2026, 11, 1, 10, 0, 0);
  for (let sequence = 1; sequence <= count; sequence++) {
    const status = sequence === count ? finalStatus : 'RUNNING';
    const at = new Date(base + sequence * 1_234).toISOString().replace('Z', `${String(sequence).padStart(3, '0')}+00`);
    await db.pool.query(
      `INSERT INTO job_events (job_id, sequence, event_type, status, phase, progress_percent, message, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::timestamptz)`,
      [
        jobId,
        sequence,
        sequence === count ? 'STATUS_CHANGED' : 'PROGRESS',
        status,
        sequence % 3 === 0 ? null : 'TASK_REFINEMENT',
        Math.min(100, sequence * 7),
        sequence % 4 === 0 ? null : `step ${sequence} — “quoted” ✓`,
        sequence % 5 === 0
          ? null
          : JSON.stringify({ step: sequence, nested: { list: [1, 'two', null, true] }, s: 'é' }),
        at,
      ],
    );
  }
  await db.pool.query('UPDATE jobs SET last_sequence = $2 WHERE job_id = $1', [jobId, count]);
}

/** The same request through both apps: the answers, and the statements the lean app sent for it. */
async function bothPaths(query: string, variables: Record<string, unknown>, user: string) {
  statements = [];
  const lean = await gql(leanApp, query, variables, { user });
  const sent = statements;
  const prisma = await gql(prismaApp, query, variables, { user });
  return { lean, prisma, sent };
}

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => statements.push(text));
  plainPrisma = new PrismaClient({ adapter: new PrismaPg(db.pool) });
  hub = await startEventHub({ connectionString: db.url, logger: silentLogger });
  leanServices = servicesOver(spied.prisma, hub);
  prismaServices = servicesOver(plainPrisma, hub);
  leanApp = makeTestApp(leanServices);
  prismaApp = makeTestApp(prismaServices);

  pausedJob = (await insertPausedJob(db.prisma, 'alice')).job;
  await insertEvents(pausedJob.jobId, 38, 'PENDING_HITL');
  reviewJob = (await insertPausedJob(db.prisma, 'alice', 'review')).job;
  finishedJob = await insertJob(db.prisma, {
    userId: 'alice',
    status: 'COMPLETED',
    currentPhase: 'PROMOTION',
    progressPercent: 100,
    result: { skill: { name: 'safe-migrations', path: 'databases/postgres/safe-migrations' }, score: 0.93 },
    validationPassed: true,
    validationScore: 0.9312345678901234,
    skillName: 'safe-migrations',
    taxonomyPath: 'databases/postgres',
    draftContent: '---\nname: safe-migrations\n---\n# Safe migrations\n',
    hitlPolicy: { timeoutSeconds: 60, prompts: { clarify: false } },
  });
  // Microseconds, which both paths must cut to the same milliseconds.
  await db.pool.query(
    `UPDATE jobs SET started_at = '2026-12-01 10:00:00.123456+00', completed_at = '2026-12-01 10:05:00.999999+00'
     WHERE job_id = $1`,
    [finishedJob.jobId],
  );
  // An answered prompt: not pending, so not the page's.
  await db.prisma.hitlInteraction.create({
    data: {
      jobId: finishedJob.jobId,
      interactionType: 'CLARIFY',
      status: 'RESPONDED',
      promptData: { kind: 'questions', questions: [] } as Prisma.InputJsonValue,
      responseData: { answers: [] } as Prisma.InputJsonValue,
      respondedAt: new Date(),
    },
  });
  await insertEvents(finishedJob.jobId, 12, 'COMPLETED');
  emptyJob = await insertJob(db.prisma, { userId: 'bob' });
});

afterAll(async () => {
  await hub?.stop();
  await spied?.close();
  await plainPrisma?.$disconnect();
  await db?.drop();
});

describe('job(id) through the lean statement', () => {
  it('knows the pool of a client made by makePrismaClient, and of no other', () => {
    expect(poolOf(spied.prisma)).toBeDefined();
    expect(poolOf(db.prisma)).toBe(db.pool);
    expect(poolOf(plainPrisma)).toBeUndefined();
  });

  it("answers the owner's job page as Prisma does, in one statement of its own", async () => {
    for (const job of [pausedJob, reviewJob, finishedJob]) {
      const { lean, prisma, sent } = await bothPaths(JOB_PAGE, { id: job.jobId, after: 0 }, 'alice');
      expect(lean.body.errors).toBeUndefined();
      expect((lean.body.data as { job: { jobId: string } }).job.jobId).toBe(job.jobId);
      expect(lean.text).toBe(prisma.text);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain(LEAN_JOB_STATEMENT);
    }
  });

  it("is null for another user's job, as on the Prisma path, and answers nothing of it", async () => {
    for (const id of [pausedJob.jobId, encodeGlobalID('Job', finishedJob.jobId)]) {
      const { lean, prisma, sent } = await bothPaths(JOB_PAGE, { id, after: 0 }, 'bob');
      expect(lean.body).toEqual({ data: { job: null } });
      expect(lean.text).toBe(prisma.text);
      expect(sent).toHaveLength(1);
    }
  });

  it('shows an admin any job, as Prisma does', async () => {
    for (const job of [pausedJob, finishedJob, emptyJob]) {
      const { lean, prisma } = await bothPaths(JOB_PAGE, { id: job.jobId, after: 5 }, 'admin');
      expect((lean.body.data as { job: { userId: string } }).job.userId).toBe(job.userId);
      expect(lean.text).toBe(prisma.text);
    }
  });

  it('gives the pending prompt of either kind, and none for a job whose prompt was answered', async () => {
    const prompts: Record<string, unknown> = {};
    for (const job of [pausedJob, reviewJob, finishedJob]) {
      const { lean, prisma } = await bothPaths(JOB_PAGE, { id: job.jobId, after: 0 }, 'alice');
      expect(lean.text).toBe(prisma.text);
      const page = lean.body.data as { job: { pendingInteraction: { prompt: { __typename: string } } | null } };
      prompts[job.jobId] = page.job.pendingInteraction?.prompt.__typename ?? null;
    }
    expect(prompts).toEqual({
      [pausedJob.jobId]: 'QuestionsPrompt',
      [reviewJob.jobId]: 'ReviewPrompt',
      [finishedJob.jobId]: null,
    });
  });

  it('gives the events after any sequence, as Prisma does: all, the last 10, none past the end', async () => {
    const counts: number[] = [];
    for (const after of [-3, 0, 27, 37, 38, 1_000]) {
      const { lean, prisma, sent } = await bothPaths(JOB_PAGE, { id: pausedJob.jobId, after }, 'alice');
      expect(lean.text).toBe(prisma.text);
      expect(sent).toHaveLength(1);
      const events = (lean.body.data as { job: { events: Array<{ sequence: number }> } }).job.events;
      expect(events.map((e) => e.sequence)).toEqual(
        Array.from({ length: events.length }, (_, i) => 38 - events.length + i + 1),
      );
      counts.push(events.length);
    }
    expect(counts).toEqual([38, 38, 11, 1, 0, 0]);
  });

  it('answers a job without events or prompts, and selections without the relations, as Prisma does', async () => {
    const queries = [
      JOB_PAGE,
      `query($id: ID!) { job(id: $id) { __typename } }`,
      `query($id: ID!) { job(id: $id) { id status first: events(afterSequence: 2) { sequence } } }`,
      `query($id: ID!) { job(id: $id) { id pendingInteraction { interactionId } } }`,
    ];
    for (const query of queries) {
      for (const job of [emptyJob, finishedJob]) {
        const { lean, prisma, sent } = await bothPaths(query, { id: job.jobId, after: 0 }, 'admin');
        expect(lean.body.errors).toBeUndefined();
        expect(lean.text).toBe(prisma.text);
        expect(sent).toEqual([expect.stringContaining(LEAN_JOB_STATEMENT)]);
      }
    }
    const empty = await bothPaths(JOB_PAGE, { id: emptyJob.jobId, after: 0 }, 'bob');
    expect(empty.lean.body.data).toMatchObject({ job: { pendingInteraction: null, events: [] } });
  });

  it('leaves selections it does not cover to Prisma, with the same answers', async () => {
    const covered = planJobPage({ select: { jobId: true, userId: true } });
    expect(covered).toEqual({ fields: ['jobId', 'userId'], pendingPrompt: false, eventsAfter: null });
    const queries = [
      `query($id: ID!) { job(id: $id) { id hitlInteractions { interactionId status } } }`,
      `query($id: ID!) { job(id: $id) { id llmUsage { calls } } }`,
      `query($id: ID!) { job(id: $id) { id events { sequence job { jobId } } } }`,
      `query($id: ID!) { job(id: $id) { id tddWorkflow { phase } deepUnderstanding { complete } } }`,
    ];
    for (const query of queries) {
      const { lean, prisma, sent } = await bothPaths(query, { id: finishedJob.jobId }, 'alice');
      expect(lean.body.errors).toBeUndefined();
      expect(lean.text).toBe(prisma.text);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.some((text) => text.includes(LEAN_JOB_STATEMENT))).toBe(false);
    }
    // Two selections of one relation: Pothos plans the first into the page and loads the other itself, as it does
    // after a Prisma read.
    const both = `query($id: ID!) { job(id: $id) { id pendingInteraction { interactionId } hitlInteractions { interactionId } } }`;
    const { lean, prisma, sent } = await bothPaths(both, { id: finishedJob.jobId }, 'alice');
    expect(lean.text).toBe(prisma.text);
    expect(lean.body.data).toMatchObject({ job: { pendingInteraction: null, hitlInteractions: [{}] } });
    expect(sent).toEqual([expect.stringContaining(LEAN_JOB_STATEMENT), expect.stringContaining('"public"."jobs"')]);
  });

  it('is null for malformed and unknown ids, without reading anything for a malformed one', async () => {
    const ids = ['not-an-id', '', encodeGlobalID('Skill', pausedJob.jobId), crypto.randomUUID(), 'ABC'];
    for (const id of ids) {
      const { lean, prisma, sent } = await bothPaths(JOB_PAGE, { id, after: 0 }, 'alice');
      expect(lean.body).toEqual({ data: { job: null } });
      expect(lean.text).toBe(prisma.text);
      expect(sent).toHaveLength(id.length === 36 ? 1 : 0);
    }
    const outOfRange = await gql(leanApp, JOB_PAGE, { id: pausedJob.jobId, after: 2 ** 31 }, { user: 'alice' });
    expect(outOfRange.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(outOfRange.text).not.toMatch(/SELECT|at .*\.ts/);
  });
});

describe('job(id) reads that arrive together', () => {
  /** The select Pothos builds for the job page (see planJobPage), events after `after`. */
  function pageQuery(after: number): JobPageQuery {
    return {
      select: {
        jobId: true,
        userId: true,
        status: true,
        progressPercent: true,
        createdAt: true,
        hitlInteractions: { where: { status: 'PENDING' }, take: 1 },
        events: { where: { sequence: { gt: after } }, orderBy: { sequence: 'asc' } },
      },
    };
  }

  type Read = [viewer: Viewer, jobId: string, after: number];

  /** Each read issued in the same turn, as concurrent requests issue them; then each alone through Prisma. */
  async function readTogether(reads: Read[]) {
    statements = [];
    const together = await Promise.allSettled(
      reads.map(([viewer, jobId, after]) => findJobPage(leanServices, viewer, jobId, pageQuery(after))),
    );
    const sent = statements;
    const alone: Array<Job | null> = [];
    for (const [viewer, jobId, after] of reads)
      alone.push(await findJobPage(prismaServices, viewer, jobId, pageQuery(after)));
    return { together, alone, sent };
  }

  it('share one statement, and each gets what Prisma gives it alone: its own job, viewer and events', async () => {
    const reads: Read[] = [
      [alice, pausedJob.jobId, 0],
      [alice, pausedJob.jobId, 30],
      [bob, pausedJob.jobId, 0],
      [admin, finishedJob.jobId, 5],
      [alice, reviewJob.jobId, 0],
      [alice, crypto.randomUUID(), 0],
      [bob, emptyJob.jobId, 0],
      [alice, pausedJob.jobId, 38],
    ];
    const { together, alone, sent } = await readTogether(reads);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('unnest(');
    expect(together.map((read) => read.status)).toEqual(reads.map(() => 'fulfilled'));
    const pages = together.map((read) => (read as PromiseFulfilledResult<Job | null>).value);
    expect(pages).toEqual(alone);
    // What the comparison rests on: the reads differ, and Prisma's answers are not all empty.
    const events = (page: Job | null) => (page as { events?: JobEvent[] } | null)?.events?.length;
    expect(pages.map(events)).toEqual([38, 8, undefined, 7, 0, undefined, 0, 0]);
    expect((pages[0] as { hitlInteractions?: unknown[] }).hitlInteractions).toHaveLength(1);
  });

  it('are each read alone when the statement for all of them fails, so only the bad one fails', async () => {
    // A malformed id never reaches the statement from the API (job(id) answers null first); read directly, it makes
    // the shared statement fail.
    const reads: Read[] = [
      [alice, pausedJob.jobId, 10],
      [alice, 'not-a-uuid', 0],
      [admin, emptyJob.jobId, 0],
    ];
    statements = [];
    const together = await Promise.allSettled(
      reads.map(([viewer, jobId, after]) => findJobPage(leanServices, viewer, jobId, pageQuery(after))),
    );
    expect(statements).toHaveLength(1 + reads.length);
    expect(statements[0]).toContain('unnest(');
    expect(statements.slice(1).every((text) => text.includes(LEAN_JOB_STATEMENT))).toBe(true);
    expect(together.map((read) => read.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((together[0] as PromiseFulfilledResult<Job | null>).value).toEqual(
      await findJobPage(prismaServices, alice, pausedJob.jobId, pageQuery(10)),
    );
    expect((together[2] as PromiseFulfilledResult<Job | null>).value).toEqual(
      await findJobPage(prismaServices, admin, emptyJob.jobId, pageQuery(0)),
    );
  });
});

describe('the jobEvents stream through pg', () => {
  it('reads the events after a sequence with a limit as Prisma does', async () => {
    const pool = poolOf(spied.prisma)!;
    for (const [after, limit] of [
      [0, 500],
      [3, 2],
      [10, 5],
      [12, 5],
    ] as const) {
      const lean = await readEventsAfterSequence(pool, finishedJob.jobId, after, limit);
      const prisma: JobEvent[] = await plainPrisma.jobEvent.findMany({
        where: { jobId: finishedJob.jobId, sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: limit,
      });
      expect(lean).toEqual(prisma);
      expect(lean.length).toBe(Math.min(limit, 12 - after));
    }
    expect(await readEventsAfterSequence(pool, crypto.randomUUID(), 0, 10)).toEqual([]);
  });

  it('resumes after a sequence in batches and ends at the terminal event; another user gets NOT_FOUND', async () => {
    statements = [];
    const stream = await followJobEvents(leanServices, alice, {
      jobId: finishedJob.jobId,
      afterSequence: 3,
      batchSize: 2,
    });
    const delivered: JobEvent[] = [];
    for await (const event of stream) delivered.push(event);
    expect(delivered.map((e) => e.sequence)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const stored = await plainPrisma.jobEvent.findMany({
      where: { jobId: finishedJob.jobId, sequence: { gt: 3 } },
      orderBy: { sequence: 'asc' },
    });
    expect(delivered).toEqual(stored);
    expect(statements.filter((text) => text.includes(LEAN_EVENTS_STATEMENT))).toHaveLength(5);

    await expect(followJobEvents(leanServices, bob, { jobId: finishedJob.jobId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      followJobEvents(leanServices, alice, { jobId: finishedJob.jobId, afterSequence: -1 }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'afterSequence' });
  });
});
