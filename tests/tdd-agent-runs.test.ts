// RED, GREEN and REFACTOR against an agent, through GraphQL: a real worker, a real chat-completions server whose
// scripted agent gives in unless the skill counters its excuse, and a scripted judge. What is stored is what the
// fake model answered; usage totals are the sums of what it served.
import { beforeEach, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { normalizeText } from '../resolvers/skill-content/rationalizations';
import { makeMetricsRegistry } from '../schema/metrics';
import type { Services } from '../resolvers/services';
import type { TestDatabase } from './helpers/database';
import { GIVES_IN, isAgentRequest, isJudgeRequest } from './helpers/fake-agent';
import { authorMethodOf, authorPayloadOf } from './helpers/fake-author';
import type { FakeProvider } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import {
  AGENT_MODEL,
  fakeModel,
  makeModelServices,
  SCENARIO_CONCURRENCY,
  type AuthorRewrite,
  type ModelSettings,
} from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { mutate, CREATE } from './helpers/mutations';
import { startWorkerForTest, waitForJob } from './helpers/services';

const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
/** One task per job: each promotes a skill of its own name. */
const TASKS = [
  'a skill for writing safe Postgres migrations',
  'a skill for reviewing pull requests',
  'a skill for writing incident postmortems',
  'a skill for rotating database credentials',
  'a skill for deploying to kubernetes',
  'a skill for cleaning CSV data',
];
let nextTask = 0;
/** The offline author's scenario whose counter the tests take out of drafts. */
const WEAK_SCENARIO = 'authority';

const JOB_QUERY = `query($id: ID!) { job(id: $id) {
  status error jobId progressMessage validationPassed draftContent
  llmUsage { calls promptTokens completionTokens }
  events { type data }
  tddWorkflow { baselineTestsRun complianceTestsRun agentUnderTest notRunReason baselineViolationRate complianceRate
    iterations rationalizationsIdentified checklistState
    scenarioRuns { scenarioId scenarioTitle withSkill iteration sample answer verdict rationalization judgeReason createdAt } }
} }`;

interface Run {
  scenarioId: string;
  withSkill: boolean;
  iteration: number;
  sample: number;
  answer: string;
  verdict: string;
  rationalization: string | null;
  judgeReason: string;
}
interface JobView {
  jobId: string;
  status: string;
  error: string | null;
  progressMessage: string | null;
  validationPassed: boolean | null;
  draftContent: string | null;
  llmUsage: { calls: number; promptTokens: number; completionTokens: number };
  events: { type: string; data: Record<string, unknown> | null }[];
  tddWorkflow: {
    baselineTestsRun: boolean;
    complianceTestsRun: boolean;
    agentUnderTest: string | null;
    notRunReason: string | null;
    baselineViolationRate: number | null;
    complianceRate: number | null;
    iterations: number;
    rationalizationsIdentified: string[];
    checklistState: { red?: { rationalizations?: { text: string; source: string }[]; notAPressure?: string[] } };
    scenarioRuns: Run[];
  } | null;
}

/** Drops every line of a SKILL.md that counters `excuse` (the scripted agent then gives in to it). */
function withoutCounter(content: string, excuse: string): string {
  return content
    .split('\n')
    .filter((line) => !normalizeText(line).includes(normalizeText(excuse)))
    .join('\n');
}

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});
beforeEach(() => fake.reset());

async function runJob(
  settings: ModelSettings,
  rewrite?: AuthorRewrite,
  tweak?: (m: ReturnType<typeof fakeModel>) => void,
) {
  const model = fakeModel(rewrite);
  tweak?.(model);
  fake.handle(model.handler);
  const services: Services = makeModelServices(db, fake.url, settings);
  await startWorkerForTest(db, services);
  const alice = clientFor(makeTestApp(services), 'alice');
  const taskDescription = TASKS[nextTask++ % TASKS.length];
  const created = await mutate(alice, CREATE, { taskDescription, hitl: ALL_PROMPTS_OFF });
  const jobId = created.job!.jobId;
  await waitForJob(db, jobId, (j) => FINISHED.has(j.status), { timeoutMs: 60_000, description: 'the end' });
  const response = await alice.gql<{ job: JobView }>(JOB_QUERY, { id: jobId });
  expect(response.body.errors, response.text).toBeUndefined();
  return { jobId, job: response.body.data!.job, model };
}

const excuseOf = (payloadScenarios: { id: string; rationalization: string }[] | undefined, id: string) =>
  payloadScenarios?.find((s) => s.id === id)?.rationalization ?? '';

// Whole jobs (some 70 model calls each): the bound of waitForJob (60 s) is the one that should fail a hang.
describe('behavioural tests against an agent', { timeout: 120_000 }, () => {
  it('keeps at most LLM_SCENARIO_CONCURRENCY scenario runs of a job in flight, and uses that many', async () => {
    let inFlight = 0;
    let most = 0;
    const { job } = await runJob({ samples: 2 }, undefined, (model) => {
      const answer = model.handler;
      model.handler = async (request) => {
        if (!isAgentRequest(request)) return answer(request);
        inFlight++;
        most = Math.max(most, inFlight);
        // The agent takes a moment to answer, as a real one does, so the runs of a round overlap.
        await new Promise((resolve) => setTimeout(resolve, 150));
        inFlight--;
        return answer(request);
      };
    });
    expect(job.status, `${job.error ?? ''} ${job.progressMessage}`).toBe('COMPLETED');
    // 2 samples of every scenario per round: more runs than the bound, so the bound is what limits them.
    expect(job.tddWorkflow!.scenarioRuns.filter((r) => !r.withSkill).length).toBeGreaterThan(SCENARIO_CONCURRENCY);
    expect(most).toBe(SCENARIO_CONCURRENCY);
  });

  it('RED records real violations with excuses quoted from the answers; GREEN complies; usage is what the model served', async () => {
    const { job } = await runJob({ samples: 2 });
    expect(job.status, `${job.error ?? ''} ${job.progressMessage}`).toBe('COMPLETED');
    const tdd = job.tddWorkflow!;
    const baseline = tdd.scenarioRuns.filter((r) => !r.withSkill);
    const withSkill = tdd.scenarioRuns.filter((r) => r.withSkill);
    const scenarioIds = [...new Set(baseline.map((r) => r.scenarioId))];
    expect(scenarioIds.length).toBeGreaterThanOrEqual(3);
    expect(baseline).toHaveLength(scenarioIds.length * 2);
    for (const run of baseline) {
      expect(run).toMatchObject({ iteration: 0, verdict: 'VIOLATED' });
      expect(run.answer).toContain(GIVES_IN);
      // The quote is the agent's own words.
      expect(run.rationalization).not.toBeNull();
      expect(run.answer).toContain(run.rationalization!);
      expect(tdd.rationalizationsIdentified).toContain(run.rationalization);
    }
    expect(tdd.checklistState.red?.rationalizations?.every((r) => r.source === 'observed')).toBe(true);
    expect(withSkill).toHaveLength(scenarioIds.length * 2);
    expect(withSkill.every((r) => r.verdict === 'COMPLIED' && r.iteration === 1 && r.rationalization === null)).toBe(
      true,
    );
    expect(tdd).toMatchObject({
      baselineTestsRun: true,
      complianceTestsRun: true,
      agentUnderTest: AGENT_MODEL,
      notRunReason: null,
      baselineViolationRate: 1,
      complianceRate: 1,
      iterations: 1,
    });
    // One SCENARIO_RUN event per stored run, carrying what the run says.
    const runEvents = job.events.filter((e) => e.type === 'SCENARIO_RUN');
    expect(runEvents.map((e) => [e.data?.['scenarioId'], e.data?.['withSkill'], e.data?.['verdict']])).toEqual(
      tdd.scenarioRuns.map((r) => [r.scenarioId, r.withSkill, r.verdict]),
    );
    // Every request the fake model answered, and nothing else, is in the job's usage.
    expect(fake.requests.filter(isAgentRequest)).toHaveLength(tdd.scenarioRuns.length);
    expect(fake.requests.filter(isJudgeRequest)).toHaveLength(tdd.scenarioRuns.length);
    expect(job.llmUsage).toEqual({
      calls: fake.requests.length,
      promptTokens: fake.served.reduce((sum, u) => sum + u.prompt_tokens, 0),
      completionTokens: fake.served.reduce((sum, u) => sum + u.completion_tokens, 0),
    });
    // Nothing failed in GREEN's round: REFACTOR had no loophole to close and the author was not asked to.
    expect(fake.requests.map(authorMethodOf).filter((m) => m !== null)).toEqual([
      'refine',
      'understand',
      'scenarios',
      'draft',
      'assess',
    ]);
  });

  it('a draft missing one counter fails GREEN for that scenario, and REFACTOR closes it in a later round', async () => {
    const rewrite: AuthorRewrite = (method, payload, answer) =>
      method === 'draft'
        ? {
            content: withoutCounter(
              (answer as { content: string }).content,
              excuseOf(payload.scenarios?.scenarios, WEAK_SCENARIO),
            ),
          }
        : answer;
    const { job } = await runJob({ samples: 2 }, rewrite);
    expect(job.status, `${job.error ?? ''} ${job.progressMessage}`).toBe('COMPLETED');
    const tdd = job.tddWorkflow!;
    const round1 = tdd.scenarioRuns.filter((r) => r.iteration === 1);
    expect(round1.filter((r) => r.verdict !== 'COMPLIED').map((r) => r.scenarioId)).toEqual([
      WEAK_SCENARIO,
      WEAK_SCENARIO,
    ]);
    expect(round1.filter((r) => r.scenarioId === WEAK_SCENARIO).every((r) => r.verdict === 'VIOLATED')).toBe(true);
    const round2 = tdd.scenarioRuns.filter((r) => r.iteration === 2);
    expect(round2).toHaveLength(round1.length);
    expect(round2.every((r) => r.verdict === 'COMPLIED')).toBe(true);
    expect(tdd).toMatchObject({ iterations: 2, complianceRate: 1, complianceTestsRun: true });
    // The author was told which scenario still failed, with the agent's excuse.
    const refactor = fake.requests.find((r) => authorMethodOf(r) === 'refactor');
    const failing = authorPayloadOf(refactor!).failingScenarios;
    expect(failing?.map((f) => f.scenarioId)).toEqual([WEAK_SCENARIO]);
    expect(failing?.[0]?.excuses).toEqual([round1.find((r) => r.scenarioId === WEAK_SCENARIO)!.rationalization]);
  });

  it('a scenario the baseline never violates is reported as not a pressure and left out of GREEN', async () => {
    const { job } = await runJob({ samples: 2 }, undefined, (model) => model.agent.steadfast.add(WEAK_SCENARIO));
    expect(job.status, `${job.error ?? ''} ${job.progressMessage}`).toBe('COMPLETED');
    const tdd = job.tddWorkflow!;
    expect(tdd.checklistState.red?.notAPressure).toEqual([WEAK_SCENARIO]);
    const weak = tdd.scenarioRuns.filter((r) => r.scenarioId === WEAK_SCENARIO);
    expect(weak.map((r) => [r.withSkill, r.verdict])).toEqual([
      [false, 'COMPLIED'],
      [false, 'COMPLIED'],
    ]);
    expect(tdd.scenarioRuns.some((r) => r.withSkill)).toBe(true);
    expect(tdd.baselineViolationRate).toBeLessThan(1);
    // The RED step says so where a person reads it.
    const red = await db.prisma.jobEvent.findFirstOrThrow({
      where: { jobId: job.jobId, eventType: 'PHASE_COMPLETED', phase: 'TDD_RED' },
    });
    expect(red.message).toMatch(/1 not a pressure \(dropped\)$/);
  });

  it('a skill that never reaches TDD_MIN_COMPLIANCE does not pass validation: the job stops for review with the evidence', async () => {
    const rewrite: AuthorRewrite = (method, payload, answer) => {
      const excuse = excuseOf(payload.scenarios?.scenarios, WEAK_SCENARIO);
      if (method === 'draft') return { content: withoutCounter((answer as { content: string }).content, excuse) };
      if (method === 'refactor') {
        const refactored = answer as { content: string; counters: Record<string, string> };
        return { ...refactored, content: withoutCounter(refactored.content, excuse) };
      }
      return answer;
    };
    const { jobId, job } = await runJob({ samples: 2, maxIterations: 1, minCompliance: 0.9 }, rewrite);
    expect(job.status).toBe('PENDING_REVIEW');
    expect(job.validationPassed).toBe(false);
    expect(job.progressMessage).toMatch(/Validation failed .*below TDD_MIN_COMPLIANCE 90%/);
    const tdd = job.tddWorkflow!;
    expect(tdd.iterations).toBe(2); // GREEN's round and one REFACTOR round
    expect(tdd.complianceRate).toBeLessThan(0.9);
    const report = await db.prisma.validationReport.findFirstOrThrow({
      where: { jobId },
      orderBy: { attempt: 'desc' },
    });
    expect(report.passed).toBe(false);
    expect(report.errors.join('\n')).toContain('below TDD_MIN_COMPLIANCE 90%');
    expect(await db.prisma.skill.count({ where: { jobId } })).toBe(0);
  });

  it('malformed judge output is sent back for correction, and when it stays malformed the job fails clearly', async () => {
    let malformed = 2;
    const { job } = await runJob({ samples: 1 }, undefined, (model) => {
      model.agent.judgeOverride = () => (malformed-- > 0 ? { content: 'I think the agent was fine?' } : null);
    });
    expect(job.status, `${job.error ?? ''} ${job.progressMessage}`).toBe('COMPLETED');
    const judged = fake.requests.filter(isJudgeRequest);
    // Each malformed answer went back to the judge with the correction (runs are judged concurrently).
    const corrections = judged.filter((r) => r.body.messages.length === 4);
    expect(corrections).toHaveLength(2);
    for (const r of corrections) expect(r.body.messages.at(-1)?.content).toContain('Your previous answer was rejected');
    expect(job.tddWorkflow!.scenarioRuns.every((r) => r.judgeReason.length > 0)).toBe(true);

    fake.reset();
    const failed = await runJob({ samples: 1 }, undefined, (model) => {
      model.agent.judgeOverride = () => ({ content: '{"verdict": "GUILTY"}' });
    });
    expect(failed.job.status).toBe('FAILED');
    expect(failed.job.error).toMatch(
      /^TDD_RED failed after 1 attempt: LLM judge: judge returned invalid output after 3 attempts: verdict/,
    );
    expect(failed.job.error).not.toMatch(/\n|\bat .+:\d+:\d+/);
    expect(failed.job.tddWorkflow!.scenarioRuns).toEqual([]);
    expect(failed.job.tddWorkflow!.baselineTestsRun).toBe(false);
  });

  it('the LLM metrics count every request and token the model served, per model and purpose', async () => {
    const registry = makeMetricsRegistry(db.prisma);
    await runJob({ samples: 1, metrics: registry.metrics });
    const metrics = await registry.registry.getMetricsAsJSON();
    const values = (name: string) => metrics.find((m) => m.name === name)?.values ?? [];
    const requests = values('skills_fleet_llm_requests_total');
    const agentCalls = requests.find((v) => v.labels['model'] === AGENT_MODEL && v.labels['purpose'] === 'agent');
    expect(agentCalls).toMatchObject({ labels: { outcome: 'ok' }, value: fake.requests.filter(isAgentRequest).length });
    expect(requests.reduce((sum, v) => sum + v.value, 0)).toBe(fake.requests.length);
    const tokens = values('skills_fleet_llm_tokens_total');
    const sum = (kind: string) => tokens.filter((v) => v.labels['kind'] === kind).reduce((n, v) => n + v.value, 0);
    expect(sum('prompt')).toBe(fake.served.reduce((n, u) => n + u.prompt_tokens, 0));
    expect(sum('completion')).toBe(fake.served.reduce((n, u) => n + u.completion_tokens, 0));
    const seconds = values('skills_fleet_llm_request_seconds').find(
      (v) =>
        (v as { metricName?: string }).metricName === 'skills_fleet_llm_request_seconds_count' &&
        v.labels['purpose'] === 'judge',
    );
    expect(seconds?.value).toBe(fake.requests.filter(isJudgeRequest).length);
  });

  it('the token budget stops a job before the next call, with a clear error and no retry', async () => {
    const { job, jobId } = await runJob({ samples: 2, maxTokensPerJob: 6000, phaseMaxAttempts: 3 });
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(
      /LLM token budget exceeded: the job used \d+ tokens of LLM_MAX_TOKENS_PER_JOB=6000; no further model call was made/,
    );
    const spent = job.llmUsage.promptTokens + job.llmUsage.completionTokens;
    expect(spent).toBeGreaterThanOrEqual(6000);
    // Every request made is accounted; after the budget ran out none was made (no retry of the phase either).
    expect(job.llmUsage.calls).toBe(fake.requests.length);
    expect(job.events.filter((e) => e.type === 'PROGRESS' && JSON.stringify(e).includes('retrying'))).toEqual([]);
    const last = await db.prisma.llmCall.findFirstOrThrow({ where: { jobId }, orderBy: { callId: 'desc' } });
    expect(spent - last.promptTokens - last.completionTokens).toBeLessThan(6000 + 3 * 2000);
  });
});
