// The ledger writes the llm_calls rows of calls that end together with one statement (group commit), and answers each
// caller only once its own row is committed: every row is stored, with its own job, phase, tokens and end time; a
// row that cannot be stored (its job is gone) fails only its own caller. Statements are counted on the pg clients
// under the Prisma client (as in tdd-batching.test.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/database';
import { makeLlmLedger } from '../resolvers/llm-usage/ledger';
import { inPhase } from '../resolvers/llm-usage/scope';
import type { LlmCallRecord } from '../resolvers/llm-usage/sink';
import { NO_METRICS } from '../resolvers/metrics';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';

let db: TestDatabase;
let spied: SpiedPrisma | undefined;
let prisma: PrismaClient;
const inserts: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => {
    if (/INSERT INTO ("public"\.)?"?llm_calls"?/i.test(text)) inserts.push(text);
  });
  prisma = spied.prisma;
});

afterAll(async () => {
  await spied?.close();
  await db?.drop();
});

async function newJob(): Promise<string> {
  const job = await db.prisma.job.create({
    data: { userId: 'ledger', taskDescription: 'a skill for the ledger test' },
  });
  return job.jobId;
}

const call = (jobId: string, i: number): LlmCallRecord => ({
  jobId,
  purpose: i % 2 ? 'judge' : 'agent',
  model: 'm',
  outcome: 'ok',
  promptTokens: 100 + i,
  completionTokens: 10 + i,
  latencyMs: 250 + i,
});

it('stores every row of 50 concurrent calls, in fewer statements than rows, each with its own values', async () => {
  const ledger = makeLlmLedger(prisma, NO_METRICS);
  const jobs = await Promise.all(Array.from({ length: 5 }, () => newJob()));
  inserts.length = 0;
  const before = Date.now();
  await inPhase('TDD_RED', () =>
    Promise.all(Array.from({ length: 50 }, (_, i) => ledger.record(call(jobs[i % 5]!, i)))).then(() => undefined),
  );
  const rows = await db.prisma.llmCall.findMany({ where: { jobId: { in: jobs } }, orderBy: { promptTokens: 'asc' } });
  expect(rows).toHaveLength(50);
  rows.forEach((row, i) => {
    expect(row).toMatchObject({
      jobId: jobs[i % 5],
      phase: 'TDD_RED',
      purpose: i % 2 ? 'judge' : 'agent',
      promptTokens: 100 + i,
      completionTokens: 10 + i,
      latencyMs: 250 + i,
    });
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
  });
  expect(inserts.length).toBeGreaterThan(0);
  expect(inserts.length).toBeLessThan(50);
});

it('a row that cannot be stored fails its own caller only; the others are stored', async () => {
  const ledger = makeLlmLedger(prisma, NO_METRICS);
  const job = await newJob();
  const gone = randomUUID(); // no such job: the foreign key refuses the row
  const outcomes = await Promise.allSettled([
    ledger.record(call(job, 1)),
    ledger.record(call(gone, 2)),
    ledger.record(call(job, 3)),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(await db.prisma.llmCall.count({ where: { jobId: job } })).toBe(2);
  expect(await db.prisma.llmCall.count({ where: { jobId: gone } })).toBe(0);
});

it('a call recorded while idle is written at once, and the next call reads it (the budget sees every call)', async () => {
  const ledger = makeLlmLedger(prisma, NO_METRICS, 1_000);
  const job = await newJob();
  await ledger.record({ ...call(job, 0), promptTokens: 990, completionTokens: 10 });
  await expect(ledger.beforeCall(job, 'judge')).rejects.toThrow(/LLM token budget exceeded: the job used 1000 tokens/);
});

it('settled(job) waits for the rows recorded without waiting, and reports a failed write once', async () => {
  const ledger = makeLlmLedger(prisma, NO_METRICS);
  const job = await newJob();
  const gone = randomUUID(); // no such job: the foreign key refuses its row
  const writes = [ledger.record(call(job, 1)), ledger.record(call(job, 2)), ledger.record(call(gone, 3))];
  for (const write of writes) write.catch(() => undefined); // as the chat client does: it goes on
  await ledger.settled(job);
  expect(await db.prisma.llmCall.count({ where: { jobId: job } })).toBe(2);
  await expect(ledger.settled(gone)).rejects.toThrow();
  await expect(ledger.settled(gone)).resolves.toBeUndefined();
  await expect(ledger.settled(randomUUID())).resolves.toBeUndefined();
});

it('the budget check waits for the rows still being written', async () => {
  const ledger = makeLlmLedger(prisma, NO_METRICS, 1_000);
  const job = await newJob();
  void ledger.record({ ...call(job, 0), promptTokens: 500, completionTokens: 0 });
  void ledger.record({ ...call(job, 1), promptTokens: 500, completionTokens: 0 });
  await expect(ledger.beforeCall(job, 'judge')).rejects.toThrow(/the job used 1000 tokens/);
});
