// A worker process killed with SIGKILL in the middle of RED's scenario runs: another worker redoes only the runs
// that were not stored; none is stored twice, each stored run has exactly one SCENARIO_RUN event.
import { describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { startService } from '../harness/service-process';
import { waitUntil } from './chaos/waits';
import { stopWhenTestEnds } from './helpers/cleanup';
import type { TestDatabase } from './helpers/database';
import { isAgentRequest } from './helpers/fake-agent';
import type { FakeProvider, Handler } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import { fakeModel, makeModelServices, modelServiceEnv } from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate } from './helpers/mutations';
import { startWorkerForTest, waitForJob } from './helpers/services';

const SAMPLES = 2;
/** Baseline answers given before the model stops answering (worker A is killed while it waits for more). */
const ANSWERED_BEFORE_KILL = 4;
const CONCURRENCY = 2;

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});

const isBaselineAgent = (r: Parameters<Handler>[0]) =>
  isAgentRequest(r) && !r.body.messages[0]!.content.includes('<skill>');

describe('SIGKILL in the middle of RED', () => {
  it('leaves no duplicate run: the next worker runs only the missing ones', { timeout: 120_000 }, async () => {
    const model = fakeModel();
    let holding = true;
    let answered = 0;
    let held = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler: Handler = async (request) => {
      if (holding && isBaselineAgent(request)) {
        if (answered >= ANSWERED_BEFORE_KILL) {
          held++;
          await gate; // answered only after the process that asked is dead
        } else answered++;
      }
      return model.handler(request);
    };
    fake.handle(handler);

    const services = makeModelServices(db, fake.url, { samples: SAMPLES, phaseMaxAttempts: 5 });
    const alice = clientFor(makeTestApp(services), 'alice');
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for writing safe Postgres migrations',
      hitl: ALL_PROMPTS_OFF,
    });
    const jobId = created.job!.jobId;

    const workerA = await startService('worker', {
      DATABASE_URL: db.url,
      WORKER_HEARTBEAT_SECONDS: '1',
      WORKER_STALE_SECONDS: '3',
      ...modelServiceEnv(fake.url, SAMPLES),
      LLM_SCENARIO_CONCURRENCY: String(CONCURRENCY),
    });
    stopWhenTestEnds(() => workerA.stop('SIGKILL'));
    await waitUntil(() => held === CONCURRENCY, 'worker A waiting for the agent in every lane', 60_000);
    await waitUntil(
      async () => (await db.prisma.scenarioRun.count({ where: { jobId } })) === ANSWERED_BEFORE_KILL,
      'the answered runs stored',
    );
    const beforeKill = await db.prisma.scenarioRun.findMany({ where: { jobId }, orderBy: { runId: 'asc' } });
    expect(await workerA.stop('SIGKILL')).toBe('SIGKILL');
    const requestsAtKill = fake.requests.length;
    holding = false;
    release();

    await startWorkerForTest(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    const done = await waitForJob(db, jobId, (j) => ['COMPLETED', 'FAILED', 'PENDING_REVIEW'].includes(j.status), {
      timeoutMs: 60_000,
      description: 'the job finished by worker B',
    });
    expect(done.status, done.error ?? '').toBe('COMPLETED');

    const tdd = await db.prisma.tddWorkflowState.findUniqueOrThrow({ where: { jobId } });
    const scenarios = tdd.scenarios as unknown as { id: string }[];
    const runs = await db.prisma.scenarioRun.findMany({ where: { jobId }, orderBy: { runId: 'asc' } });
    const baseline = runs.filter((r) => !r.withSkill);
    expect(baseline).toHaveLength(scenarios.length * SAMPLES);
    const keys = runs.map((r) => `${r.iteration}/${r.withSkill}/${r.scenarioId}/${r.sample}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The runs stored before the kill were kept as they were, not redone.
    expect(runs.slice(0, beforeKill.length)).toEqual(beforeKill);
    const redone = fake.requests.slice(requestsAtKill).filter(isBaselineAgent);
    expect(redone).toHaveLength(scenarios.length * SAMPLES - ANSWERED_BEFORE_KILL);
    // One SCENARIO_RUN event per stored run, none for the runs in flight when the worker died.
    const events = await db.prisma.jobEvent.findMany({ where: { jobId, eventType: 'SCENARIO_RUN' } });
    expect(events).toHaveLength(runs.length);
    expect(tdd).toMatchObject({ baselineTestsRun: true, baselineViolationRate: 1, complianceRate: 1, iterations: 1 });
  });
});
