// Without a model (the offline author, the default) no scenario is run, and every field and prompt says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate } from './helpers/mutations';
import { makeTestServices, startWorkerForTest, waitForJob } from './helpers/services';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const QUERY = `query($id: ID!) { job(id: $id) {
  status llmUsage { calls promptTokens completionTokens }
  pendingInteraction { prompt { ... on ReviewPrompt { title summary content } } }
  tddWorkflow { baselineTestsRun complianceTestsRun agentUnderTest notRunReason baselineViolationRate complianceRate
    iterations scenarioRuns { scenarioId } }
  events { type }
} }`;

interface View {
  status: string;
  llmUsage: { calls: number; promptTokens: number; completionTokens: number };
  pendingInteraction: { prompt: { title: string; summary: string; content: string } } | null;
  tddWorkflow: Record<string, unknown> & { scenarioRuns: unknown[] };
  events: { type: string }[];
}

const NOT_RUN = {
  baselineTestsRun: false,
  complianceTestsRun: false,
  agentUnderTest: null,
  notRunReason: 'no model configured',
  baselineViolationRate: null,
  complianceRate: null,
  iterations: 0,
  scenarioRuns: [],
};

describe('behavioural tests without a model', () => {
  it('an offline job completes, and reports that no behavioural test ran', async () => {
    const services = makeTestServices(db);
    await startWorkerForTest(db, services);
    const alice = clientFor(makeTestApp(services), 'alice');
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for writing incident postmortems',
      hitl: ALL_PROMPTS_OFF,
    });
    const jobId = created.job!.jobId;
    await waitForJob(db, jobId, (j) => ['COMPLETED', 'FAILED', 'PENDING_REVIEW'].includes(j.status));
    const { body } = await alice.gql<{ job: View }>(QUERY, { id: jobId });
    const job = body.data!.job;
    expect(job.status).toBe('COMPLETED');
    expect(job.tddWorkflow).toMatchObject(NOT_RUN);
    expect(job.llmUsage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 });
    expect(job.events.some((e) => e.type === 'SCENARIO_RUN')).toBe(false);
    const report = await db.prisma.validationReport.findFirstOrThrow({ where: { jobId } });
    expect(report.warnings).toContain('behavioural tests not run: no model configured');
    expect(report.checks).toMatchObject({ behaviour: { run: false, reason: 'no model configured' } });
  });

  it('the RED and GREEN reviews say the scenarios were not run', async () => {
    const services = makeTestServices(db);
    await startWorkerForTest(db, services);
    const alice = clientFor(makeTestApp(services), 'alice');
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for reviewing pull requests',
      hitl: { ...ALL_PROMPTS_OFF, tdd: true },
    });
    const jobId = created.job!.jobId;
    const red = await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL');
    expect(red.currentPhase).toBe('TDD_RED');
    const { body } = await alice.gql<{ job: View }>(QUERY, { id: jobId });
    const prompt = body.data!.job.pendingInteraction!.prompt;
    expect(prompt.summary).toMatch(/^Behavioural tests not run: no model configured\./);
    expect(prompt.content).toContain('Without the skill (predicted, not run)');
    expect(body.data!.job.tddWorkflow).toMatchObject(NOT_RUN);

    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
    await mutate(alice, `mutation($input: RespondToHitlInput!) { respondToHitl(input: $input) { __typename } }`, {
      interactionId: pending.interactionId,
      action: 'PROCEED',
    });
    const green = await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL' && j.currentPhase === 'TDD_GREEN');
    expect(green.currentPhase).toBe('TDD_GREEN');
    const after = await alice.gql<{ job: View }>(QUERY, { id: jobId });
    expect(after.body.data!.job.pendingInteraction!.prompt.summary).toMatch(
      /^Behavioural tests not run: no model configured\./,
    );
  });
});
