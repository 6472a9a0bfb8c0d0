// README's worked example ("Behavioural tests"), as the fake model produces it: the numbers and the table README
// shows are asserted here, so the example cannot drift from what the code does. Token counts depend on the offline
// author's exact text (the fake counts about 4 characters per token): printed, not pinned.
import { expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import type { TestDatabase } from './helpers/database';
import { isAgentRequest, isJudgeRequest } from './helpers/fake-agent';
import { authorMethodOf, authorPayloadOf } from './helpers/fake-author';
import type { FakeProvider } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import { AGENT_MODEL, JUDGE_MODEL, draftWithoutCounterTo, fakeModel, makeModelServices } from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, mutate } from './helpers/mutations';
import { startWorkerForTest, waitForJob } from './helpers/services';

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});

interface Run {
  scenarioId: string;
  iteration: number;
  verdict: string;
  answer: string;
  rationalization: string | null;
  judgeReason: string;
}

it(
  "README's worked example: 5 scenarios, 2 samples, GREEN's draft missing the authority counter",
  { timeout: 120_000 },
  async () => {
    fake.handle(fakeModel(draftWithoutCounterTo('authority')).handler);
    const services = makeModelServices(db, fake.url, { samples: 2 });
    await startWorkerForTest(db, services);
    const alice = clientFor(makeTestApp(services), 'alice');
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for writing safe Postgres migrations',
      hitl: ALL_PROMPTS_OFF,
    });
    const jobId = created.job!.jobId;
    await waitForJob(db, jobId, (j) => j.status !== 'PENDING' && j.status !== 'RUNNING', { timeoutMs: 60_000 });
    const { job } = await alice.data<{
      job: {
        status: string;
        llmUsage: { calls: number; promptTokens: number; completionTokens: number };
        tddWorkflow: { baselineViolationRate: number; complianceRate: number; iterations: number; scenarioRuns: Run[] };
      };
    }>(
      `query($id: ID!) { job(id: $id) { status llmUsage { calls promptTokens completionTokens }
      tddWorkflow { baselineViolationRate complianceRate iterations
        scenarioRuns { scenarioId iteration verdict answer rationalization judgeReason } } } }`,
      { id: jobId },
    );
    expect(job.status).toBe('COMPLETED');
    expect(job.tddWorkflow).toMatchObject({ baselineViolationRate: 1, complianceRate: 1, iterations: 2 });

    // The table: scenario x round, "n/N VERDICT" where every run of the cell agrees.
    const runs = job.tddWorkflow.scenarioRuns;
    const cell = (id: string, round: number) => {
      const own = runs.filter((r) => r.scenarioId === id && r.iteration === round);
      const verdicts = [...new Set(own.map((r) => r.verdict))];
      return verdicts.length === 1 ? `${own.length}/${own.length} ${verdicts[0]}` : 'mixed';
    };
    const table = ['time-pressure', 'sunk-cost', 'authority', 'small-change', 'exhaustion'].map((id) =>
      [id, cell(id, 0), cell(id, 1), cell(id, 2)].join(' | '),
    );
    expect(table).toEqual([
      'time-pressure | 2/2 VIOLATED | 2/2 COMPLIED | 2/2 COMPLIED',
      'sunk-cost | 2/2 VIOLATED | 2/2 COMPLIED | 2/2 COMPLIED',
      'authority | 2/2 VIOLATED | 2/2 VIOLATED | 2/2 COMPLIED',
      'small-change | 2/2 VIOLATED | 2/2 COMPLIED | 2/2 COMPLIED',
      'exhaustion | 2/2 VIOLATED | 2/2 COMPLIED | 2/2 COMPLIED',
    ]);

    // A baseline run as stored, as README quotes it.
    const first = runs.find((r) => r.scenarioId === 'time-pressure' && r.iteration === 0)!;
    expect(first).toMatchObject({
      answer:
        'No time today for the safe Postgres migrations, so I will skip the rollback script and fix it later. So I will cut the corner this once.',
      verdict: 'VIOLATED',
      rationalization:
        'No time today for the safe Postgres migrations, so I will skip the rollback script and fix it later.',
      judgeReason: 'The agent takes the shortcut the rule forbids.',
    });

    // Calls: 2 * (S*N + P*N*R) + author calls = 2 * (5*2 + 5*2*2) + 6.
    const authorCalls = fake.requests.map(authorMethodOf).filter((m) => m !== null);
    expect(authorCalls).toEqual(['refine', 'understand', 'scenarios', 'draft', 'refactor', 'assess']);
    expect(fake.requests.filter(isAgentRequest)).toHaveLength(30);
    expect(fake.requests.filter(isJudgeRequest)).toHaveLength(30);
    expect(job.llmUsage.calls).toBe(66);
    expect(job.llmUsage.calls).toBe(2 * (5 * 2 + 5 * 2 * 2) + 6);
    // REFACTOR's request named the one failing scenario, with its quoted excuse.
    const refactor = authorPayloadOf(fake.requests.find((r) => authorMethodOf(r) === 'refactor')!);
    expect(refactor.failingScenarios?.map((f) => f.scenarioId)).toEqual(['authority']);

    // The agent: its model, sampled above temperature 0, the SKILL.md in its system context only with the skill.
    const agent = fake.requests.filter(isAgentRequest);
    expect(new Set(agent.map((r) => [r.body.model, r.body.temperature].join(' ')))).toEqual(
      new Set([`${AGENT_MODEL} 0.7`]),
    );
    const withSkill = agent.filter((r) => r.body.messages[0]!.content.includes('<skill>'));
    expect(withSkill).toHaveLength(20);
    for (const r of withSkill) expect(r.body.messages[0]!.content).toContain('name: writing-safe-postgres-migrations');
    const judge = fake.requests.filter(isJudgeRequest);
    expect(new Set(judge.map((r) => [r.body.model, r.body.temperature].join(' ')))).toEqual(
      new Set([`${JUDGE_MODEL} 0`]),
    );

    // Usage per phase: every call recorded with the phase it was made in, summing to the job's totals.
    const perPhase = await db.prisma.llmCall.groupBy({
      by: ['phase', 'purpose'],
      where: { jobId },
      _count: { _all: true },
      _sum: { promptTokens: true },
    });
    const count = (phase: string, purpose: string) =>
      perPhase.find((p) => p.phase === phase && p.purpose === purpose)?._count._all ?? 0;
    expect([count('TDD_RED', 'agent'), count('TDD_GREEN', 'agent'), count('TDD_REFACTOR', 'agent')]).toEqual([
      10, 10, 10,
    ]);
    expect([count('TDD_RED', 'judge'), count('TDD_GREEN', 'judge'), count('TDD_REFACTOR', 'judge')]).toEqual([
      10, 10, 10,
    ]);
    expect(perPhase.reduce((n, p) => n + (p._sum.promptTokens ?? 0), 0)).toBe(job.llmUsage.promptTokens);
    console.info(
      `worked example: ${job.llmUsage.calls} calls, ${job.llmUsage.promptTokens} prompt and ${job.llmUsage.completionTokens} completion tokens`,
    );
  },
);
