// VALIDATION's way back, through GraphQL against the fake model: a draft below TDD_MIN_COMPLIANCE (or failing only
// the rule checks) goes back to the TDD_REFACTOR phase (the job's phase and its events say so), REFACTOR answers the
// failed report and the failing scenarios, runs the refined draft, and VALIDATION judges it again; a TDD_REFACTOR
// review approved before is not taken for the refined draft's. When the rounds run out the job stops in
// PENDING_REVIEW with the evidence.
import { beforeEach, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import type { TestDatabase } from './helpers/database';
import { authorMethodOf, authorPayloadOf } from './helpers/fake-author';
import type { FakeProvider } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import {
  fakeModel,
  makeModelServices,
  withoutCounter,
  type AuthorRewrite,
  type ModelSettings,
} from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, RESPOND, mutate } from './helpers/mutations';
import { withoutWhenToUse } from './helpers/promotion-setup';
import { startWorkerForTest, waitForJob } from './helpers/services';

const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
/** The offline author's scenario whose counter the drafts leave out. */
const WEAK_SCENARIO = 'authority';
/** Above the 80 % a draft reaches with one of five scenarios failing: such a draft fails validation. */
const MIN_COMPLIANCE = 0.9;
/** One task per job: each promotes a skill of its own name. */
const TASKS = [
  'a skill for rotating secrets',
  'a skill for reviewing pull requests',
  'a skill for writing incident postmortems',
  'a skill for deploying to kubernetes',
];
let nextTask = 0;

const JOB_QUERY = `query($id: ID!) { job(id: $id) {
  status currentPhase progressMessage validationPassed
  events { type phase message data }
  tddWorkflow { iterations complianceRate checklistState
    scenarioRuns { scenarioId withSkill iteration sample verdict } }
} }`;

interface JobView {
  status: string;
  currentPhase: string | null;
  progressMessage: string | null;
  validationPassed: boolean | null;
  events: { type: string; phase: string | null; message: string | null; data: Record<string, unknown> | null }[];
  tddWorkflow: {
    iterations: number;
    complianceRate: number | null;
    checklistState: Record<string, Record<string, unknown>>;
    scenarioRuns: { scenarioId: string; withSkill: boolean; iteration: number; sample: number; verdict: string }[];
  };
}

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});
beforeEach(() => fake.reset());

/** GREEN's draft and the first `weakRefactors` refactors leave out the counter to the weak scenario's excuse. */
function weakFor(weakRefactors: number): AuthorRewrite {
  let refactors = 0;
  return (method, payload, answer) => {
    const excuse = payload.scenarios?.scenarios.find((s) => s.id === WEAK_SCENARIO)?.rationalization ?? '';
    if (method === 'draft') return { content: withoutCounter((answer as { content: string }).content, excuse) };
    if (method === 'refactor' && refactors++ < weakRefactors) {
      const refactored = answer as { content: string };
      return { ...refactored, content: withoutCounter(refactored.content, excuse) };
    }
    return answer;
  };
}

const PENDING = `query($id: ID!) { job(id: $id) { status
  pendingInteraction { id interactionType prompt { ... on ReviewPrompt { summary } } } } }`;

interface Reviewed {
  type: string;
  summary: string;
}

/** Runs a job to its end; with prompts on, approves each review (PROCEED) and returns what they said. */
async function runJob(
  settings: ModelSettings,
  rewrite: AuthorRewrite,
  hitl: Record<string, boolean> = ALL_PROMPTS_OFF,
) {
  fake.handle(fakeModel(rewrite).handler);
  const services = makeModelServices(db, fake.url, settings);
  await startWorkerForTest(db, services);
  const alice = clientFor(makeTestApp(services), 'alice');
  const created = await mutate(alice, CREATE, { taskDescription: TASKS[nextTask++ % TASKS.length], hitl });
  const jobId = created.job!.jobId;
  const reviews: Reviewed[] = [];
  for (let prompts = 0; prompts <= 8; prompts++) {
    const at = await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL' || FINISHED.has(j.status), {
      timeoutMs: 60_000,
      description: `prompt ${prompts + 1} or the end`,
    });
    if (FINISHED.has(at.status)) break;
    const read = await alice.gql<{
      job: { pendingInteraction: { id: string; interactionType: string; prompt: { summary: string } } };
    }>(PENDING, { id: jobId });
    expect(read.body.errors, read.text).toBeUndefined();
    const pending = read.body.data!.job.pendingInteraction;
    reviews.push({ type: pending.interactionType, summary: pending.prompt.summary });
    const payload = await mutate(alice, RESPOND, { interactionId: pending.id, action: 'PROCEED' });
    expect(payload.__typename, JSON.stringify(payload)).toBe('RespondToHitlSuccess');
  }
  const response = await alice.gql<{ job: JobView }>(JOB_QUERY, { id: jobId });
  expect(response.body.errors, response.text).toBeUndefined();
  const reports = await db.prisma.validationReport.findMany({ where: { jobId }, orderBy: { attempt: 'asc' } });
  return { jobId, job: response.body.data!.job, reports, reviews };
}

const startedPhases = (job: JobView) => job.events.filter((e) => e.type === 'PHASE_STARTED').map((e) => e.phase);
const failedIn = (job: JobView, round: number) =>
  job.tddWorkflow.scenarioRuns
    .filter((r) => r.iteration === round && r.verdict !== 'COMPLIED')
    .map((r) => r.scenarioId);
const refactorPayloads = () => fake.requests.filter((r) => authorMethodOf(r) === 'refactor').map(authorPayloadOf);

describe('VALIDATION sends a failing draft back to TDD_REFACTOR', { timeout: 120_000 }, () => {
  it('below TDD_MIN_COMPLIANCE: VALIDATION -> TDD_REFACTOR -> VALIDATION, the second attempt passes', async () => {
    // Round 1 (GREEN) and round 2 (REFACTOR) miss the counter; round 3, after the failed validation, has it.
    const { job, reports } = await runJob({ samples: 2, minCompliance: MIN_COMPLIANCE }, weakFor(1));
    expect(job.status, job.progressMessage ?? '').toBe('COMPLETED');
    expect(job.validationPassed).toBe(true);
    expect(startedPhases(job)).toEqual([
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
    // The failed attempt is VALIDATION's: its report, then the phase completes and REFACTOR starts again.
    const validated = job.events.findIndex((e) => e.type === 'VALIDATED');
    expect(job.events.slice(validated, validated + 3)).toMatchObject([
      { type: 'VALIDATED', phase: 'VALIDATION', data: { attempt: 1, passed: false } },
      { type: 'PHASE_COMPLETED', phase: 'VALIDATION', message: expect.stringMatching(/Back to TDD_REFACTOR/) },
      { type: 'PHASE_STARTED', phase: 'TDD_REFACTOR' },
    ]);
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(reports[0]!.errors.join('\n')).toContain('below TDD_MIN_COMPLIANCE 90%');

    // The extra round: the weak scenario failed rounds 1 and 2, and complied in round 3, run by TDD_REFACTOR.
    expect(failedIn(job, 1)).toEqual([WEAK_SCENARIO, WEAK_SCENARIO]);
    expect(failedIn(job, 2)).toEqual([WEAK_SCENARIO, WEAK_SCENARIO]);
    const round3 = job.tddWorkflow.scenarioRuns.filter((r) => r.iteration === 3);
    expect(round3.length).toBe(job.tddWorkflow.scenarioRuns.filter((r) => r.iteration === 1).length);
    expect(round3.every((r) => r.withSkill && r.verdict === 'COMPLIED')).toBe(true);
    expect(job.tddWorkflow).toMatchObject({ iterations: 3, complianceRate: 1 });
    const round3Events = job.events.filter((e) => e.type === 'SCENARIO_RUN').slice(-round3.length);
    expect(new Set(round3Events.map((e) => e.phase))).toEqual(new Set(['TDD_REFACTOR']));

    // The refactor after the failed validation got its report's errors and the scenario that still failed.
    const [first, second] = refactorPayloads();
    expect(first?.validationIssues ?? []).toEqual([]);
    expect(second?.validationIssues).toEqual([...reports[0]!.errors, ...reports[0]!.warnings]);
    expect(second?.failingScenarios?.map((f) => f.scenarioId)).toEqual([WEAK_SCENARIO]);
    expect(refactorPayloads()).toHaveLength(2);
    expect(job.tddWorkflow.checklistState['validation']).toMatchObject({ sentBack: { attempt: 1 } });
    expect(job.tddWorkflow.checklistState['refactor']).toMatchObject({ answered: 1, done: true });
  });

  it('when the rounds run out the job stops in PENDING_REVIEW with the evidence, naming the rounds', async () => {
    const { jobId, job, reports } = await runJob(
      { samples: 2, minCompliance: MIN_COMPLIANCE, maxIterations: 2 },
      weakFor(Infinity),
    );
    expect(job.status).toBe('PENDING_REVIEW');
    expect(job.currentPhase).toBe('VALIDATION');
    expect(job.validationPassed).toBe(false);
    expect(job.progressMessage).toMatch(
      /^Validation failed 2 times after 3 with-skill rounds \(none left: TDD_MAX_ITERATIONS=2\) .*below TDD_MIN_COMPLIANCE 90%/,
    );
    expect(startedPhases(job).slice(-4)).toEqual(['TDD_REFACTOR', 'VALIDATION', 'TDD_REFACTOR', 'VALIDATION']);
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([
      [1, false],
      [2, false],
    ]);
    // The evidence of the last attempt: the rates over its round, and the rounds run.
    expect(reports[1]!.checks).toMatchObject({
      behaviour: { run: true, passed: false, complianceRate: 0.8, minCompliance: MIN_COMPLIANCE, iterations: 3 },
    });
    for (const round of [1, 2, 3]) expect(failedIn(job, round)).toEqual([WEAK_SCENARIO, WEAK_SCENARIO]);
    expect(job.tddWorkflow).toMatchObject({ iterations: 3, complianceRate: 0.8 });
    expect(await db.prisma.skill.count({ where: { jobId } })).toBe(0);
  });

  it('a draft failing only the rule checks goes back too: REFACTOR answers the errors, with no failing scenario', async () => {
    // GREEN's draft counters every excuse but has no "When to Use" section; the refactor puts the whole draft back.
    let full = '';
    const rulesOnly: AuthorRewrite = (method, _payload, answer) => {
      if (method === 'draft') {
        full = (answer as { content: string }).content;
        return { content: withoutWhenToUse(full) };
      }
      return method === 'refactor' ? { ...(answer as object), content: full } : answer;
    };
    const { job, reports } = await runJob({ samples: 2 }, rulesOnly);
    expect(job.status, job.progressMessage ?? '').toBe('COMPLETED');
    expect(startedPhases(job).slice(-5)).toEqual([
      'TDD_REFACTOR',
      'VALIDATION',
      'TDD_REFACTOR',
      'VALIDATION',
      'PROMOTION',
    ]);
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(reports[0]!.errors.join(' ')).toMatch(/when to use/i);
    // Nothing failed with the skill in round 1, so REFACTOR's first visit asked for nothing; the refactor it asked
    // for after the failed validation carried the report and no failing scenario, and its draft was run (round 2).
    const payloads = refactorPayloads();
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.validationIssues).toEqual([...reports[0]!.errors, ...reports[0]!.warnings]);
    expect(payloads[0]!.failingScenarios ?? []).toEqual([]);
    expect(failedIn(job, 1)).toEqual([]);
    expect(job.tddWorkflow.scenarioRuns.filter((r) => r.iteration === 2).length).toBeGreaterThan(0);
    expect(job.tddWorkflow).toMatchObject({ iterations: 2, complianceRate: 1 });
  });

  it('with TDD reviews on, the refined draft is reviewed again: the approval of the older one does not carry over', async () => {
    const { job, reviews } = await runJob({ samples: 2, minCompliance: MIN_COMPLIANCE }, weakFor(1), {
      ...ALL_PROMPTS_OFF,
      tdd: true,
    });
    expect(job.status, job.progressMessage ?? '').toBe('COMPLETED');
    expect(reviews.map((r) => r.type)).toEqual(['TDD_RED', 'TDD_GREEN', 'TDD_REFACTOR', 'TDD_REFACTOR']);
    expect(reviews[2]!.summary).toMatch(/^After 2 with-skill rounds: 1 scenarios still fail in round 2/);
    expect(reviews[3]!.summary).toMatch(/^After 3 with-skill rounds: every pressure scenario complied/);
    expect(startedPhases(job).slice(-5)).toEqual([
      'TDD_REFACTOR',
      'VALIDATION',
      'TDD_REFACTOR',
      'VALIDATION',
      'PROMOTION',
    ]);
  });
});
