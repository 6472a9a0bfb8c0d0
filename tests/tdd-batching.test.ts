// The per-job reads issue 12 added (Job.llmUsage, TddWorkflowState.scenarioRuns) are loaded with the page's query:
// the SQL statements of a page of 50 jobs are as many as those of a page of 5. Statements are counted on the pg
// clients under the Prisma client the app uses (as in api-n-plus-one.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/database';
import type { Services } from '../resolvers/services';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';
import { data, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

let db: TestDatabase;
let spied: SpiedPrisma | undefined;
let prisma: PrismaClient;
let app: App;
let statements: string[] | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => statements?.push(text.replace(/\s+/g, ' ')));
  prisma = spied.prisma;
  const services: Services = { ...makeTestServices(db), prisma };
  app = makeTestApp(services);
});

afterAll(async () => {
  await spied?.close();
  await db?.drop();
});

/** `count` jobs of `userId` at PENDING_REVIEW, each with TDD state, `i % 4 + 1` scenario runs and `i % 3 + 1` calls. */
async function seedJobs(userId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const runs = (i % 4) + 1;
    const calls = (i % 3) + 1;
    await db.prisma.job.create({
      data: {
        userId,
        taskDescription: `a skill that teaches an agent topic number ${i}`,
        status: 'PENDING_REVIEW',
        currentPhase: 'VALIDATION',
        tddWorkflow: { create: { baselineTestsRun: true, agentUnderTest: 'agent-model', iterations: 1 } },
        scenarioRuns: {
          create: Array.from({ length: runs }, (_, r) => ({
            scenarioSet: 1,
            iteration: 0,
            withSkill: false,
            scenarioId: `s${r}`,
            scenarioTitle: `Scenario ${r}`,
            sample: 1,
            answer: 'I will skip it this once.',
            verdict: r % 2 === 0 ? ('VIOLATED' as const) : ('COMPLIED' as const),
            rationalization: r % 2 === 0 ? 'I will skip it this once.' : null,
            judgeReason: 'Because.',
          })),
        },
        llmCalls: {
          create: Array.from({ length: calls }, (_, c) => ({
            phase: 'TDD_RED' as const,
            purpose: 'agent',
            model: 'agent-model',
            outcome: 'ok',
            promptTokens: 100 + c,
            completionTokens: 10 + c,
            latencyMs: 5,
          })),
        },
      },
    });
  }
}

async function countStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements = [];
  try {
    const result = await run();
    return { result, statements: [...statements] };
  } finally {
    statements = null;
  }
}

const PAGE = `query Page($first: Int!) { jobs(first: $first) { edges { node {
  taskDescription
  llmUsage { calls promptTokens completionTokens }
  tddWorkflow { agentUnderTest scenarioRuns { scenarioId verdict rationalization } }
} } } }`;

interface Page {
  jobs: {
    edges: Array<{
      node: {
        taskDescription: string;
        llmUsage: { calls: number; promptTokens: number; completionTokens: number };
        tddWorkflow: { agentUnderTest: string; scenarioRuns: { scenarioId: string; verdict: string }[] } | null;
      };
    }>;
  };
}

describe('issue 12 per-job reads in a list', () => {
  it('llmUsage and tddWorkflow.scenarioRuns of a 50-job page take as many statements as a 5-job page, with the right values', async () => {
    await seedJobs('many', 50);
    await seedJobs('few', 5);
    const big = await countStatements(() => data<Page>(app, PAGE, { first: 50 }, { user: 'many' }));
    const small = await countStatements(() => data<Page>(app, PAGE, { first: 50 }, { user: 'few' }));
    expect(big.result.jobs.edges).toHaveLength(50);
    expect(small.result.jobs.edges).toHaveLength(5);
    for (const { node } of big.result.jobs.edges) {
      const i = Number(/topic number (\d+)$/.exec(node.taskDescription)![1]);
      const calls = (i % 3) + 1;
      // calls c = 0..calls-1 cost 100 + c and 10 + c tokens.
      const extra = (calls * (calls - 1)) / 2;
      expect(node.llmUsage).toEqual({
        calls,
        promptTokens: 100 * calls + extra,
        completionTokens: 10 * calls + extra,
      });
      expect(node.tddWorkflow?.scenarioRuns.map((r) => r.scenarioId)).toEqual(
        Array.from({ length: (i % 4) + 1 }, (_, r) => `s${r}`),
      );
    }
    console.info(`jobs page of 50 with llmUsage and scenarioRuns: ${big.statements.length} SQL statements`);
    expect(big.statements.length).toBe(small.statements.length);
    expect(big.statements.length).toBeLessThanOrEqual(6);
    // Each of the two reads is one statement for the whole page.
    expect(big.statements.filter((sql) => sql.includes('"llm_calls"'))).toHaveLength(1);
    expect(big.statements.filter((sql) => sql.includes('"scenario_runs"'))).toHaveLength(1);
  });

  it('a single job reads the same totals', async () => {
    const job = await db.prisma.job.findFirstOrThrow({
      where: { userId: 'few', taskDescription: { endsWith: 'number 2' } },
    });
    const one = await data<{ job: Page['jobs']['edges'][0]['node'] }>(
      app,
      `query($id: ID!) { job(id: $id) { taskDescription llmUsage { calls promptTokens completionTokens }
        tddWorkflow { agentUnderTest scenarioRuns { scenarioId verdict rationalization } } } }`,
      { id: job.jobId },
      { user: 'few' },
    );
    expect(one.job.llmUsage).toEqual({ calls: 3, promptTokens: 303, completionTokens: 33 });
    expect(one.job.tddWorkflow?.scenarioRuns.map((r) => r.verdict)).toEqual(['VIOLATED', 'COMPLIED', 'VIOLATED']);
  });
});
