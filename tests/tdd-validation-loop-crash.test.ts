// A worker process killed with SIGKILL after VALIDATION sent the draft back, while TDD_REFACTOR waits for the author:
// the job row says TDD_REFACTOR, so the next worker resumes there (not in VALIDATION), answers the same failed
// report, and the job goes on as if nothing happened: no phase started twice, no report or run stored twice.
import { describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { startService } from '../harness/service-process';
import { waitUntil } from './chaos/waits';
import { stopWhenTestEnds } from './helpers/cleanup';
import type { TestDatabase } from './helpers/database';
import { authorMethodOf, authorPayloadOf } from './helpers/fake-author';
import type { FakeProvider, Handler, RecordedRequest } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import { fakeModel, makeModelServices, modelServiceEnv, withoutCounter } from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate } from './helpers/mutations';
import { startWorkerForTest, waitForJob } from './helpers/services';

const SAMPLES = 2;
const MIN_COMPLIANCE = 0.9;
const WEAK_SCENARIO = 'authority';

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});

/** The refactor TDD_REFACTOR asks for after a failed validation: it carries the report's issues. */
const isSentBackRefactor = (r: RecordedRequest) =>
  authorMethodOf(r) === 'refactor' && (authorPayloadOf(r).validationIssues ?? []).length > 0;

describe('SIGKILL after VALIDATION sent the draft back', () => {
  it('resumes in TDD_REFACTOR and answers the same report once', { timeout: 120_000 }, async () => {
    // GREEN's draft and the first refactor miss the weak scenario's counter: validation attempt 1 fails.
    let refactors = 0;
    const model = fakeModel((method, payload, answer) => {
      const excuse = payload.scenarios?.scenarios.find((s) => s.id === WEAK_SCENARIO)?.rationalization ?? '';
      const weak = method === 'draft' || (method === 'refactor' && refactors++ === 0);
      return weak
        ? { ...(answer as object), content: withoutCounter((answer as { content: string }).content, excuse) }
        : answer;
    });
    let holding = true;
    let held = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler: Handler = async (request) => {
      if (holding && isSentBackRefactor(request)) {
        held++;
        await gate; // answered only after the process that asked is dead
      }
      return model.handler(request);
    };
    fake.handle(handler);

    const services = makeModelServices(db, fake.url, {
      samples: SAMPLES,
      minCompliance: MIN_COMPLIANCE,
      phaseMaxAttempts: 5,
    });
    const alice = clientFor(makeTestApp(services), 'alice');
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for rotating secrets',
      hitl: ALL_PROMPTS_OFF,
    });
    const jobId = created.job!.jobId;

    const workerA = await startService('worker', {
      DATABASE_URL: db.url,
      WORKER_HEARTBEAT_SECONDS: '1',
      WORKER_STALE_SECONDS: '3',
      ...modelServiceEnv(fake.url, SAMPLES),
      TDD_MIN_COMPLIANCE: String(MIN_COMPLIANCE),
    });
    stopWhenTestEnds(() => workerA.stop('SIGKILL'));
    await waitUntil(() => held === 1, 'worker A waiting for the refactor after the failed validation', 60_000);
    // VALIDATION's commit is in: the job is in TDD_REFACTOR, its last event that phase's start.
    const atKill = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
    expect(atKill).toMatchObject({ status: 'RUNNING', currentPhase: 'TDD_REFACTOR', validationAttempts: 1 });
    const lastEvent = await db.prisma.jobEvent.findFirstOrThrow({ where: { jobId }, orderBy: { sequence: 'desc' } });
    expect(lastEvent).toMatchObject({ eventType: 'PHASE_STARTED', phase: 'TDD_REFACTOR' });
    const runsAtKill = await db.prisma.scenarioRun.count({ where: { jobId } });
    expect(await workerA.stop('SIGKILL')).toBe('SIGKILL');
    holding = false;
    release();

    await startWorkerForTest(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    const done = await waitForJob(db, jobId, (j) => ['COMPLETED', 'FAILED', 'PENDING_REVIEW'].includes(j.status), {
      timeoutMs: 60_000,
      description: 'the job finished by worker B',
    });
    expect(done.status, done.error ?? done.progressMessage ?? '').toBe('COMPLETED');

    const events = await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
    expect(events.filter((e) => e.eventType === 'PHASE_STARTED').map((e) => e.phase)).toEqual([
      'TASK_REFINEMENT',
      'DEEP_UNDERSTANDING',
      'TDD_RED',
      'TDD_GREEN',
      'TDD_REFACTOR',
      'VALIDATION',
      'TDD_REFACTOR',
      'VALIDATION',
      'PROMOTION',
    ]);
    const reports = await db.prisma.validationReport.findMany({ where: { jobId }, orderBy: { attempt: 'asc' } });
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([
      [1, false],
      [2, true],
    ]);
    // Worker B asked for the same refactor worker A died waiting for: the same report's issues.
    const sentBack = fake.requests.filter(isSentBackRefactor).map((r) => authorPayloadOf(r).validationIssues);
    expect(sentBack).toEqual([
      [...reports[0]!.errors, ...reports[0]!.warnings],
      [...reports[0]!.errors, ...reports[0]!.warnings],
    ]);
    // Round 3 is run once, by worker B, after the kill.
    const runs = await db.prisma.scenarioRun.findMany({ where: { jobId }, orderBy: { runId: 'asc' } });
    const keys = runs.map((r) => `${r.iteration}/${r.withSkill}/${r.scenarioId}/${r.sample}`);
    expect(new Set(keys).size).toBe(keys.length);
    const round3 = runs.filter((r) => r.iteration === 3);
    expect(round3.length).toBe(runs.filter((r) => r.iteration === 1).length);
    expect(runs.length - runsAtKill).toBe(round3.length);
    expect(round3.every((r) => r.verdict === 'COMPLIED')).toBe(true);
  });
});
