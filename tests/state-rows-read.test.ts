// A task's first read (resolvers/jobs/snapshot-reads.ts) carries the job's state rows, read as JSON in the same
// statement (resolvers/jobs/state-rows-read.ts): they must be exactly what the phase would otherwise read through
// Prisma (workflow/context.ts loadSnapshot). A whole job is run against the fake model one phase per call (every call
// a new task), with its clarifying prompts answered, so prompts, deep understanding, TDD state and scenario runs all
// exist; before each phase the carried rows are compared with Prisma's.
import { expect, it } from 'vitest';
import { readsScenarioRuns, readsValidationReport } from '../resolvers/workflow/machine';
import { readAndStartIfFresh } from '../resolvers/jobs/snapshot-reads';
import { advanceSkillJob } from '../resolvers/workflow/advance';
import { loadSnapshot } from '../resolvers/workflow/context';
import type { Services } from '../resolvers/services';
import type { TestDatabase } from './helpers/database';
import type { FakeProvider } from './helpers/fake-llm';
import { fakeModel, makeModelServices } from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate, RESPOND } from './helpers/mutations';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import { prismaWithStatementSpy } from './helpers/statement-spy';

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});

const PENDING_PROMPT = `query($id: ID!) { job(id: $id) { status pendingInteraction { interactionId prompt {
  ... on QuestionsPrompt { questions { id questionType options { id } } } } } } }`;

interface PendingQuestion {
  id: string;
  questionType: 'TEXT' | 'SINGLE' | 'MULTI' | 'BOOLEAN';
  options: Array<{ id: string }>;
}

it('a task that picks up a job carries the same state rows as Prisma reads, and reads them in its one statement', async () => {
  fake.handle(fakeModel().handler);
  const services: Services = makeModelServices(db, fake.url, { samples: 1 });
  const client = clientFor(makeTestApp(services), 'carried-rows-user');
  // Clarifying questions on (the default), every other prompt off: the job has prompts and answers to carry.
  const created = await mutate(client, CREATE, {
    taskDescription: 'a skill for writing safe Postgres migrations',
    hitl: { clarify: true, confirm: false, preview: false, validate: false, tdd: false },
  });
  const jobId = created.job!.jobId as string;
  const statements: string[] = [];
  const spied = prismaWithStatementSpy(db.url, (text) => statements.push(text));
  try {
    const seen = new Set<string>();
    for (let step = 0; step < 60; step++) {
      const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
      if (job.status === 'COMPLETED') break;
      if (job.status === 'PENDING_HITL') {
        await answerPendingPrompt(client, jobId);
        continue;
      }
      expect(['PENDING', 'RUNNING']).toContain(job.status);
      statements.length = 0;
      const runnable = await readAndStartIfFresh(spied.prisma, jobId);
      expect(statements).toHaveLength(1);
      expect(runnable).not.toBeNull();
      const carried = runnable!.rows!;
      expect(carried).not.toBeNull();
      const phase = runnable!.job.currentPhase;
      const fresh = job.status === 'PENDING' && job.lastSequence === 1;
      const read = await loadSnapshot(db.prisma, runnable!.job);
      expect(carried.interactions).toEqual(read.interactions);
      expect(carried.deepUnderstanding).toEqual(read.deepUnderstanding);
      expect(carried.tdd).toEqual(read.tdd);
      // Runs and the latest report are carried exactly when the phase reads them (and for a fresh job: none).
      expect(carried.scenarioRuns !== null).toBe(fresh || readsScenarioRuns(phase));
      expect(carried.scenarioRuns ?? read.scenarioRuns).toEqual(read.scenarioRuns);
      expect(carried.validationReport !== undefined).toBe(fresh || readsValidationReport(runnable!.job));
      expect(carried.validationReport === undefined ? read.validationReport : carried.validationReport).toEqual(
        read.validationReport,
      );
      seen.add(`${phase}:${carried.scenarioRuns?.length ?? 'unread'}`);
      if (carried.deepUnderstanding) seen.add('deep understanding');
      if (carried.tdd) seen.add('tdd');
      if (carried.interactions.some((i) => i.status === 'RESPONDED')) seen.add('answered prompt');
      await advanceSkillJob(services, jobId, { maxPhases: 1 });
    }
    const final = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(final.status).toBe('COMPLETED');
    // The comparisons covered every kind of row: the job did not finish with nothing to carry.
    expect(seen).toContain('deep understanding');
    expect(seen).toContain('tdd');
    expect(seen).toContain('answered prompt');
    expect([...seen].some((s) => /^TDD_GREEN:[1-9]/.test(s))).toBe(true);
    expect([...seen].some((s) => /^VALIDATION:[1-9]/.test(s))).toBe(true);
  } finally {
    await spied.close();
  }
});

async function answerPendingPrompt(client: ReturnType<typeof clientFor>, jobId: string): Promise<void> {
  const page = await client.data<{
    job: { pendingInteraction: { interactionId: number; prompt: { questions?: PendingQuestion[] } } };
  }>(PENDING_PROMPT, { id: jobId });
  const prompt = page.job.pendingInteraction;
  const answers = (prompt.prompt.questions ?? []).map((q) =>
    q.questionType === 'TEXT'
      ? { questionId: q.id, text: 'plain SQL files, reviewed in pull requests, run by a deploy job' }
      : q.questionType === 'BOOLEAN'
        ? { questionId: q.id, text: 'yes' }
        : { questionId: q.id, optionIds: [q.options[0]!.id] },
  );
  const answered = await mutate(client, RESPOND, {
    interactionId: String(prompt.interactionId),
    action: 'PROCEED',
    answers,
  });
  expect(answered.__typename).toBe('RespondToHitlSuccess');
}
