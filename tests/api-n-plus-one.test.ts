// List queries load their relations in batches: the number of SQL statements of a page does not grow with the
// number of rows on it. Statements are counted on the pg clients under the Prisma client the app uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedStatementName, type Prisma, type PrismaClient } from '../prisma/database';
import type { Services } from '../resolvers/services';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';
import { data, makeTestApp, QUESTIONS_PROMPT, REVIEW_PROMPT } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

let db: TestDatabase;
let spied: SpiedPrisma | undefined;
let prisma: PrismaClient;
let app: App;
let counting = false;
let statements: string[] = [];
/** The same statements, whole. */
let fullStatements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => {
    if (!counting) return;
    fullStatements.push(text);
    statements.push(text.replace(/\s+/g, ' ').slice(0, 160));
  });
  prisma = spied.prisma;
  const services: Services = { ...makeTestServices(db), prisma };
  app = makeTestApp(services);
});

afterAll(async () => {
  await spied?.close();
  await db?.drop();
});

/** `count` jobs of `userId`, each with two prompts (one pending), three events and deep-understanding state. */
async function seedJobs(userId: string, count: number): Promise<string[]> {
  const jobIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const job = await db.prisma.job.create({
      data: {
        userId,
        taskDescription: `a skill that teaches an agent topic number ${i}`,
        status: 'PENDING_HITL',
        currentPhase: 'DEEP_UNDERSTANDING',
        progressPercent: 20,
        lastSequence: 3,
        hitlInteractions: {
          create: [
            {
              interactionType: 'CLARIFY',
              status: 'RESPONDED',
              promptData: QUESTIONS_PROMPT as unknown as Prisma.InputJsonValue,
            },
            {
              interactionType: 'CONFIRM',
              status: 'PENDING',
              promptData: REVIEW_PROMPT as unknown as Prisma.InputJsonValue,
            },
          ],
        },
        events: {
          create: [1, 2, 3].map((sequence) => ({
            sequence,
            eventType: 'PROGRESS' as const,
            status: 'RUNNING' as const,
            progressPercent: 10 * sequence,
          })),
        },
        deepUnderstanding: { create: { readinessScore: 0.9, userGoals: ['goal'] } },
      },
    });
    jobIds.push(job.jobId);
  }
  return jobIds;
}

async function countStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements = [];
  fullStatements = [];
  counting = true;
  try {
    const result = await run();
    return { result, statements: [...statements] };
  } finally {
    counting = false;
  }
}

const JOBS_PAGE = `query Page($first: Int!) {
  jobs(first: $first) {
    edges { node {
      id
      hitlInteractions { id prompt { __typename } }
      pendingInteraction { id }
      events { sequence }
      deepUnderstanding { readinessScore }
    } }
  }
}`;

interface JobsPage {
  jobs: {
    edges: Array<{
      node: {
        id: string;
        hitlInteractions: Array<{ id: string; prompt: { __typename: string } }>;
        pendingInteraction: { id: string } | null;
        events: Array<{ sequence: number }>;
        deepUnderstanding: { readinessScore: number } | null;
      };
    }>;
  };
}

describe('no N+1 queries', () => {
  it('a jobs page of 50 with interactions, prompts, the pending prompt, events and state takes a handful of statements, as a page of 5 does', async () => {
    await seedJobs('many', 50);
    await seedJobs('few', 5);

    const big = await countStatements(() => data<JobsPage>(app, JOBS_PAGE, { first: 50 }, { user: 'many' }));
    expect(big.result.jobs.edges).toHaveLength(50);
    for (const { node } of big.result.jobs.edges) {
      expect(node.hitlInteractions.map((i) => i.prompt.__typename)).toEqual(['QuestionsPrompt', 'ReviewPrompt']);
      expect(node.pendingInteraction?.id).toBe(node.hitlInteractions[1]!.id);
      expect(node.events.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(node.deepUnderstanding?.readinessScore).toBe(0.9);
    }
    const small = await countStatements(() => data<JobsPage>(app, JOBS_PAGE, { first: 50 }, { user: 'few' }));
    expect(small.result.jobs.edges).toHaveLength(5);

    console.info(`jobs page of 50: ${big.statements.length} SQL statements\n  ${big.statements.join('\n  ')}`);
    expect(big.statements.length).toBeLessThanOrEqual(10);
    expect(big.statements.length).toBe(small.statements.length);
  });

  it('pendingHitlJobs and stuckJobs with nested relations are batched too', async () => {
    const query = `{ pendingHitlJobs { id hitlInteractions { id } events { sequence } deepUnderstanding { complete } } }`;
    const many = await countStatements(() =>
      data<{ pendingHitlJobs: unknown[] }>(app, query, undefined, { user: 'many' }),
    );
    const few = await countStatements(() =>
      data<{ pendingHitlJobs: unknown[] }>(app, query, undefined, { user: 'few' }),
    );
    expect(many.result.pendingHitlJobs).toHaveLength(50);
    expect(few.result.pendingHitlJobs).toHaveLength(5);
    expect(many.statements.length).toBeLessThanOrEqual(8);
    expect(many.statements.length).toBe(few.statements.length);
  });

  it('a skills page with each skill’s job and the job’s prompts is batched', async () => {
    const jobIds = await db.prisma.job.findMany({ where: { userId: 'many' }, select: { jobId: true }, take: 40 });
    for (const [i, { jobId }] of jobIds.entries()) {
      await db.prisma.skill.create({
        data: {
          name: `skill-${i}`,
          taxonomyPath: `testing/skill-${i}`,
          description: 'Use when testing.',
          content: '# x',
          status: 'ACTIVE',
          jobId,
          publishedAt: new Date(),
        },
      });
    }
    const query = `query($first: Int!) { skills(first: $first) { totalCount edges { node { name job { id hitlInteractions { id } } } } } }`;
    type Skills = {
      skills: {
        totalCount: number;
        edges: Array<{ node: { name: string; job: { hitlInteractions: unknown[] } | null } }>;
      };
    };
    const big = await countStatements(() => data<Skills>(app, query, { first: 40 }, { user: 'many' }));
    const small = await countStatements(() => data<Skills>(app, query, { first: 4 }, { user: 'many' }));
    expect(big.result.skills.edges).toHaveLength(40);
    expect(big.result.skills.edges.every((e) => e.node.job?.hitlInteractions.length === 2)).toBe(true);
    expect(small.result.skills.edges).toHaveLength(4);
    expect(big.statements.length).toBeLessThanOrEqual(8);
    expect(big.statements.length).toBe(small.statements.length);
  });
});

describe('a page reads what its selection asks for', () => {
  const page = (fields: string) => `query { jobs(first: 5) { ${fields} edges { node { id status } } } }`;
  type Page = { jobs: { totalCount?: number; edges: Array<{ node: { status: string } }> } };

  it('ids and statuses: neither the heavy columns (draft_content, result) nor a count', async () => {
    const { result, statements } = await countStatements(() => data<Page>(app, page(''), undefined, { user: 'few' }));
    expect(result.jobs.edges).toHaveLength(5);
    const sql = fullStatements.join('\n');
    expect(sql).toContain('"status"');
    expect(sql).not.toMatch(/draft_content|"result"|hitl_policy|count\(/i);
    expect(statements).toHaveLength(1);
  });

  it("totalCount costs one count of the user's rows, and for an admin without filter a read of the status totals", async () => {
    const user = await countStatements(() => data<Page>(app, page('totalCount'), undefined, { user: 'few' }));
    expect(user.result.jobs.totalCount).toBe(5);
    expect(fullStatements.filter((sql) => /count\(/i.test(sql))).toHaveLength(1);

    const everyone = await countStatements(() => data<Page>(app, page('totalCount'), undefined, { user: 'admin' }));
    expect(everyone.result.jobs.totalCount).toBe(await db.prisma.job.count());
    expect(fullStatements.some((sql) => sql.includes('job_status_counts'))).toBe(true);
    expect(fullStatements.filter((sql) => /FROM "public"\."jobs"/i.test(sql) && /count\(/i.test(sql))).toEqual([]);
  });
});

describe('prepared statements', () => {
  it("a connection parses and plans each of Prisma's statements once; a name always stands for one SQL text", async () => {
    const names = await prisma.$transaction(async (tx) => {
      const prepared = () =>
        tx.$queryRaw<Array<{ name: string; statement: string }>>`SELECT name, statement FROM pg_prepared_statements`;
      const before = new Set((await prepared()).map((p) => p.name));
      await tx.job.findMany({
        where: { userId: 'first', taskDescription: { startsWith: 'prepared' } },
        select: { jobId: true },
      });
      await tx.job.findMany({
        where: { userId: 'second', taskDescription: { startsWith: 'statements' } },
        select: { jobId: true },
      });
      return (await prepared()).filter((p) => !before.has(p.name) && !p.statement.includes('pg_prepared_statements'));
    });
    // The two findMany calls differ only in their values: one prepared statement on this connection, reused.
    expect(names).toHaveLength(1);
    expect(names[0]!.name).toMatch(/^prisma_\d+$/);
    expect(preparedStatementName({ sql: names[0]!.statement })).toBe(names[0]!.name);
  });

  it('past the cap, statements go unnamed (parsed each time) instead of growing every connection without bound', () => {
    const first = preparedStatementName({ sql: 'SELECT 1 /* cap test a */' }, 1_000_000);
    expect(preparedStatementName({ sql: 'SELECT 1 /* cap test a */' }, 1_000_000)).toBe(first);
    expect(preparedStatementName({ sql: 'SELECT 1 /* cap test b */' }, 1_000_000)).not.toBe(first);
    expect(preparedStatementName({ sql: 'SELECT 1 /* cap test c */' }, 0)).toBe('');
    expect(preparedStatementName({ sql: 'SELECT 1 /* cap test a */' }, 0)).toBe(first);
  });
});
