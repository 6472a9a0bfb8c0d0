// Statements per job of the engine (issue 17, fewer statements per phase): with a fixed author (the instant one), a
// fresh job runs from its task's first read to COMPLETED in one statement per phase and no transaction, and a crash
// between phases still redoes only the phase that did not commit. Statements are counted on the pg clients under
// the Prisma client the engine uses (tests/helpers/statement-spy.ts); the worker is called as its task calls it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { makeInstantAuthor, instantSkillName } from '../resolvers/author/instant';
import type { SkillAuthor } from '../resolvers/author/types';
import { InvalidStateError } from '../resolvers/errors';
import { JOB_EVENTS_CHANNEL, parseNotification, type NotificationPayload } from '../resolvers/events/channel';
import type { Services } from '../resolvers/services';
import { advanceSkillJob, LaterPhaseFailed } from '../resolvers/workflow/advance';
import { commit } from '../resolvers/workflow/commit';
import { PHASES_PER_TASK } from '../tasks/advance-skill-job';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate } from './helpers/mutations';
import { makeTestServices } from './helpers/services';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';

/** A fresh job without prompts: the start, six one-statement commits and the promotion's one statement. */
const STATEMENTS_PER_JOB = 8;

let db: TestDatabase;
let spied: SpiedPrisma;
let statements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => statements.push(text.replace(/\s+/g, ' ').trim()));
});
afterAll(async () => {
  await spied?.close();
  await db?.drop();
});

function engine(author: SkillAuthor = makeInstantAuthor()): Services {
  return { ...makeTestServices(db, { author }), prisma: spied.prisma };
}

async function createJob(user = 'engine-user'): Promise<string> {
  const created = await mutate(clientFor(makeTestApp(makeTestServices(db)), user), CREATE, {
    taskDescription: 'a skill for writing safe Postgres migrations',
    hitl: ALL_PROMPTS_OFF,
  });
  return created.job!.jobId as string;
}

async function counted<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  statements = [];
  const result = await run();
  return { result, sent: [...statements] };
}

describe('statements per job', () => {
  it('a fresh job runs to COMPLETED in one statement per phase, no transaction, and rings with its user', async () => {
    const jobId = await createJob('alice');
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const rung: NotificationPayload[] = [];
    listener.on('notification', (n) => {
      const payload = parseNotification(n.payload);
      if (payload?.jobId === jobId) rung.push(payload);
    });
    await listener.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    try {
      const { result, sent } = await counted(() => advanceSkillJob(engine(), jobId, { maxPhases: PHASES_PER_TASK }));
      expect(result).toBe('completed');
      expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(STATEMENTS_PER_JOB);
      expect(sent.filter((s) => /^(BEGIN|COMMIT)\b/i.test(s))).toEqual([]);

      const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
      expect(job).toMatchObject({ status: 'COMPLETED', currentPhase: 'PROMOTION', promoted: true });
      const skill = await db.prisma.skill.findUniqueOrThrow({ where: { name: instantSkillName(jobId) } });
      expect(skill).toMatchObject({ jobId, version: '1.0.0', status: 'ACTIVE', content: job.draftContent });
      expect(job.result).toMatchObject({ skillId: skill.skillId, name: skill.name, version: '1.0.0' });
      // Every sequence once, 1..last, and the last one rung (after the commit) with the job's user.
      const events = await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
      expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: job.lastSequence }, (_, i) => i + 1));
      await listener.query('SELECT 1'); // notifications sent before this answer have arrived
      expect(rung.length).toBeGreaterThan(0);
      expect(rung.every((n) => n.userId === 'alice')).toBe(true);
      expect(rung.at(-1)!.sequence).toBe(job.lastSequence);
      // The start rang too: its sequence (3: CREATED, STATUS_CHANGED, PHASE_STARTED) came with the user.
      expect(rung[0]).toEqual({ jobId, userId: 'alice', sequence: 3 });
    } finally {
      await listener.end();
    }
  });

  it('a skill of the same name found by VALIDATION commit sends the job to review, the skill untouched', async () => {
    const jobId = await createJob();
    const taken = await db.prisma.skill.create({
      data: { name: instantSkillName(jobId), taxonomyPath: 'general/taken', description: 'd', content: 'c' },
    });
    const outcome = await advanceSkillJob(engine(), jobId, { maxPhases: PHASES_PER_TASK });
    expect(outcome).toBe('review');
    const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(job).toMatchObject({ status: 'PENDING_REVIEW', currentPhase: 'PROMOTION', promoted: false });
    expect(await db.prisma.skill.findUniqueOrThrow({ where: { name: taken.name } })).toEqual(taken);
  });

  it('a name published after PROMOTION decided: the one-statement promotion writes nothing, the clash is a typed error', async () => {
    const jobId = await createJob();
    // Six phases, up to VALIDATION's commit: the job waits at PROMOTION for its next task.
    expect(await advanceSkillJob(engine(), jobId, { maxPhases: 6 })).toBe('advanced');
    const seen = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(seen).toMatchObject({ status: 'RUNNING', currentPhase: 'PROMOTION' });
    const taken = await db.prisma.skill.create({
      data: { name: seen.skillName!, taxonomyPath: 'general/taken', description: 'd', content: 'c' },
    });
    const promote = { kind: 'promote' as const, message: 'Promoted' };
    await expect(commit(engine(), seen, 'PROMOTION', promote, false)).rejects.toBeInstanceOf(InvalidStateError);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { jobId } })).toEqual(seen);
    expect(await db.prisma.skill.findUniqueOrThrow({ where: { name: taken.name } })).toEqual(taken);
    expect(await db.prisma.jobEvent.count({ where: { jobId } })).toBe(seen.lastSequence);
  });

  it('a phase failing after others committed: the next task redoes only that phase', async () => {
    const jobId = await createJob();
    const calls: string[] = [];
    const instant = makeInstantAuthor();
    let failAssess = true;
    const author = new Proxy(instant, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          calls.push(String(prop));
          if (prop === 'assess' && failAssess) {
            failAssess = false;
            throw new Error('the author crashed in VALIDATION');
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const services = engine(author);
    await expect(advanceSkillJob(services, jobId, { maxPhases: PHASES_PER_TASK })).rejects.toBeInstanceOf(
      LaterPhaseFailed,
    );
    const failed = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(failed).toMatchObject({ status: 'RUNNING', currentPhase: 'VALIDATION' });
    const before = calls.length;

    const { result, sent } = await counted(() => advanceSkillJob(services, jobId, { maxPhases: PHASES_PER_TASK }));
    expect(result).toBe('completed');
    // Only VALIDATION's author call again; refine, understand, scenarios and draft were not redone.
    expect(calls.slice(before)).toEqual(['assess']);
    // A job that is not fresh reads its rows first (the job, prompts, understanding, TDD state, runs: four round
    // trips at most, three of them in parallel), then VALIDATION's commit and the promotion.
    expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(7);
    const events = await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
    expect(events.filter((e) => e.eventType === 'PHASE_STARTED' && e.phase === 'TDD_RED')).toHaveLength(1);
    expect(events.filter((e) => e.eventType === 'VALIDATED')).toHaveLength(1);
  });
});
