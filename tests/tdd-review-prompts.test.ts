// Every review prompt of a job with a model, through GraphQL: every HITL prompt on, the LLM author and the scripted
// agent and judge behind the real chat-completions fake (tests/helpers/fake-model.ts). What each prompt shows is the
// evidence the runs stored: RED's verdicts and quoted excuses (observed and predicted apart), GREEN's compliance
// table, REFACTOR's new round. A REVISE of the RED review naming one scenario reruns that scenario only.
import { describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/database';
import { isAgentRequest } from './helpers/fake-agent';
import { authorMethodOf, authorPayloadOf } from './helpers/fake-author';
import type { FakeProvider } from './helpers/fake-llm';
import { useDatabaseAndFakeLlm } from './helpers/model-test-setup';
import { AGENT_MODEL, draftWithoutCounterTo, fakeModel, makeModelServices } from './helpers/fake-model';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, RESPOND, mutate } from './helpers/mutations';
import { startWorkerForTest, waitForJob } from './helpers/services';

const ALL_PROMPTS_ON = { clarify: true, confirm: true, preview: true, validate: true, tdd: true };
const FINISHED = new Set(['COMPLETED', 'PENDING_REVIEW', 'FAILED', 'CANCELLED']);
/** The draft leaves out this scenario's counter: GREEN's round fails it, REFACTOR's closes it. */
const WEAK = 'authority';
/** The agent gives its own excuse here, not the author's predicted one. */
const OWN = 'sunk-cost';
const OWN_EXCUSE = 'Redoing three hours of work now would waste the whole afternoon.';
/** The scenario the reviewer asks to rewrite, and what the author's rewrite adds to its request. */
const REWRITE = 'small-change';
const REWRITE_FEEDBACK = `Rewrite ${REWRITE}: a one-line change alone is not pressure enough.`;
const REWRITTEN_TAIL = ' The user adds: the whole team is blocked until it ships.';

const PENDING = `query($id: ID!) { job(id: $id) { status error progressMessage
  pendingInteraction { id interactionType prompt { __typename
    ... on QuestionsPrompt { questions { id questionType options { id } } }
    ... on ReviewPrompt { title summary content highlights allowedActions } } }
  events { type data }
} }`;
const FINAL = `query($id: ID!) { job(id: $id) { status error
  llmUsage { calls }
  tddWorkflow { iterations complianceRate baselineViolationRate checklistState
    scenarioRuns { scenarioId scenarioTitle withSkill iteration sample verdict rationalization current } }
} }`;

interface Prompt {
  type: string;
  title?: string;
  summary?: string;
  content?: string;
  highlights?: string[];
  questions?: { id: string; questionType: string; options: { id: string }[] }[];
  /** Requests the fake model had answered and events the job had when the prompt was read. */
  requestsBefore: number;
  eventsBefore: number;
}
interface Run {
  scenarioId: string;
  scenarioTitle: string;
  withSkill: boolean;
  iteration: number;
  sample: number;
  verdict: string;
  rationalization: string | null;
  current: boolean;
}

/** The fake LLM author: GREEN's draft misses WEAK's counter; a REVISE naming REWRITE gets that scenario rewritten. */
const rewrite = draftWithoutCounterTo(WEAK, (method, payload, answer) => {
  if (method !== 'scenarios' || !payload.feedback?.some((f) => f.includes(REWRITE))) return answer;
  const set = answer as { scenarios: { id: string; prompt: string }[] };
  return {
    ...set,
    scenarios: set.scenarios.map((s) => (s.id === REWRITE ? { ...s, prompt: s.prompt + REWRITTEN_TAIL } : s)),
  };
});

let db: TestDatabase;
let fake: FakeProvider;
useDatabaseAndFakeLlm((d, f) => {
  db = d;
  fake = f;
});

describe('every review prompt of a job with a model', () => {
  // Seven prompts and a whole job of model calls: about 10 s alone, more on a loaded machine.
  it(
    'shows the stored evidence, reruns only the scenario a REVISE names, and reaches COMPLETED',
    { timeout: 180_000 },
    async () => {
      const model = fakeModel(rewrite);
      model.agent.ownExcuses.set(OWN, OWN_EXCUSE);
      fake.handle(model.handler);
      const services = makeModelServices(db, fake.url, { samples: 2 });
      await startWorkerForTest(db, services);
      const alice = clientFor(makeTestApp(services), 'alice');
      const created = await mutate(alice, CREATE, {
        taskDescription: 'a skill for writing safe Postgres migrations',
        hitl: ALL_PROMPTS_ON,
      });
      const jobId = created.job!.jobId;

      const prompts: Prompt[] = [];
      let status = '';
      for (let answered = 0; answered < 12; answered++) {
        await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL' || FINISHED.has(j.status), {
          timeoutMs: 60_000,
          description: `prompt ${answered + 1} or the end`,
        });
        const read = await alice.gql<{ job: PendingJob }>(PENDING, { id: jobId });
        expect(read.body.errors, read.text).toBeUndefined();
        const job = read.body.data!.job;
        status = job.status;
        if (FINISHED.has(status)) break;
        const interaction = job.pendingInteraction!;
        const prompt: Prompt = {
          type: interaction.interactionType,
          ...interaction.prompt,
          requestsBefore: fake.requests.length,
          eventsBefore: job.events.length,
        };
        prompts.push(prompt);
        const firstRed = prompt.type === 'TDD_RED' && prompts.filter((p) => p.type === 'TDD_RED').length === 1;
        const input = prompt.questions
          ? { interactionId: interaction.id, action: 'PROCEED', answers: prompt.questions.map(answerFor) }
          : firstRed
            ? { interactionId: interaction.id, action: 'REVISE', feedback: REWRITE_FEEDBACK }
            : { interactionId: interaction.id, action: 'PROCEED' };
        const payload = await mutate(alice, RESPOND, input);
        expect(payload.__typename, JSON.stringify(payload)).toBe('RespondToHitlSuccess');
      }
      expect(status).toBe('COMPLETED');
      expect(prompts.map((p) => p.type)).toEqual([
        'CLARIFY',
        'CONFIRM',
        'TDD_RED',
        'TDD_RED',
        'PREVIEW',
        'TDD_REFACTOR',
        'VALIDATE',
      ]);

      const final = await alice.gql<{ job: FinalJob }>(FINAL, { id: jobId });
      expect(final.body.errors, final.text).toBeUndefined();
      const { tddWorkflow: tdd, llmUsage } = final.body.data!.job;
      const runs = tdd.scenarioRuns;
      const [red1, red2, green, refactor, validate] = prompts.slice(2);
      const titles = new Map(runs.map((r) => [r.scenarioId, r.scenarioTitle]));
      const ids = [...titles.keys()];
      expect(ids).toHaveLength(5);
      expect(ids).toEqual(expect.arrayContaining([WEAK, OWN, REWRITE]));
      const baseline = runs.filter((r) => !r.withSkill);

      // RED: each scenario with its baseline verdicts, the excuses agents gave quoted, and the author's predicted one.
      expect(red1!.title).toBe('Review the baseline (RED): what the agent did without the skill');
      expect(red1!.summary).toContain(`10 runs against ${AGENT_MODEL}: 100% violated the rule.`);
      for (const id of ids) {
        const section = sectionOf(red1!.content!, titles.get(id)!);
        expect(section).toContain('- Without the skill: 2 of 2 runs VIOLATED, 0 COMPLIED, 0 UNCLEAR');
        const quoted = baseline.find((r) => r.scenarioId === id)!.rationalization!;
        expect(section).toContain(`  - agent said: "${quoted}"`);
        expect(section).toMatch(/- Predicted excuse \(the author's, not observed unless quoted above\): ".+"/);
      }
      // The agent's own excuse is observed; the author's excuse for that scenario is only predicted, and marked so.
      const predicted = tdd.checklistState.red.rationalizations.filter((r) => r.source === 'predicted');
      expect(predicted).toHaveLength(1);
      expect(sectionOf(red1!.content!, titles.get(OWN)!)).toContain(`"${predicted[0]!.text}"`);
      expect(red1!.highlights).toContain(`Observed: "${OWN_EXCUSE}"`);
      expect(red1!.highlights).toContain(`Predicted: "${predicted[0]!.text}"`);
      expect(red1!.highlights!.filter((h) => h.startsWith('Observed: '))).toHaveLength(5);

      // The REVISE named one scenario: only it was rewritten and run again (2 samples), the others kept their runs.
      const between = fake.requests.slice(red1!.requestsBefore, red2!.requestsBefore).filter(isAgentRequest);
      expect(between).toHaveLength(2);
      for (const r of between) expect(r.body.messages[1]!.content).toContain(REWRITTEN_TAIL.trim());
      expect(baseline.filter((r) => r.scenarioId === REWRITE)).toHaveLength(4);
      expect(baseline.filter((r) => r.scenarioId !== REWRITE)).toHaveLength(8);
      // The rewritten scenario's first runs are kept, and marked as no longer of the current set.
      expect(runs.filter((r) => !r.current).map((r) => [r.scenarioId, r.iteration])).toEqual([
        [REWRITE, 0],
        [REWRITE, 0],
      ]);
      expect(runs.findIndex((r) => r.current && r.scenarioId === REWRITE && !r.withSkill)).toBeGreaterThan(
        runs.findLastIndex((r) => !r.current),
      );
      expect(red2!.summary).toContain(`After the review: rewrote ${REWRITE} and ran it again`);
      expect(red2!.summary).toContain('Changes since the draft you reviewed');
      // The feedback was on scenarios, not a SKILL.md: the skill's edit rules do not judge it.
      expect(red2!.summary).not.toContain('Not applied');
      const rewritten = sectionOf(red2!.content!, titles.get(REWRITE)!);
      expect(rewritten).toContain('(rewritten after the review: these runs are new)');
      expect(rewritten).toContain(REWRITTEN_TAIL.trim());
      expect(rewritten).toContain('- Without the skill: 2 of 2 runs VIOLATED');
      expect(red2!.summary).toContain(`10 runs against ${AGENT_MODEL}: 100% violated the rule.`);

      // PREVIEW (GREEN): scenario x baseline vs with the skill, round 1; the weak scenario fails with its excuse.
      expect(green!.title).toBe('Review the SKILL.md draft and its compliance (GREEN)');
      expect(green!.content).toContain('| scenario | baseline (without the skill) | with the skill (round 1) |');
      for (const id of ids)
        expect(green!.content).toContain(`| ${titles.get(id)} | 2/2 violated | ${id === WEAK ? 0 : 2}/2 complied |`);
      expect(green!.content).toContain('| **overall** | 100% violated | 80% complied |');
      expect(green!.summary).toContain('complied in 80% of the runs');
      const weakQuote = runs.find((r) => r.scenarioId === WEAK && r.iteration === 1)!.rationalization;
      expect(green!.highlights).toEqual([
        `${titles.get(WEAK)} (sample 1): VIOLATED: "${weakQuote}"`,
        `${titles.get(WEAK)} (sample 2): VIOLATED: "${weakQuote}"`,
      ]);

      // REFACTOR's review shows the new round: every scenario complies with the revised draft.
      expect(refactor!.title).toBe('Review the refactored skill and its compliance');
      expect(refactor!.summary).toBe(
        'After 2 with-skill rounds: every pressure scenario complied with the skill in round 2.',
      );
      expect(refactor!.content).toContain('| scenario | baseline (without the skill) | with the skill (round 2) |');
      for (const id of ids) expect(refactor!.content).toContain(`| ${titles.get(id)} | 2/2 violated | 2/2 complied |`);
      expect(refactor!.content).toContain('| **overall** | 100% violated | 100% complied |');

      expect(validate!.summary).toContain(
        'Behavioural tests: 100% compliance with the skill, 100% violations without it.',
      );

      // What the prompts showed is what was stored.
      expect(runs.filter((r) => r.iteration === 1)).toHaveLength(10);
      expect(runs.filter((r) => r.iteration === 2).every((r) => r.verdict === 'COMPLIED')).toBe(true);
      expect(tdd).toMatchObject({ iterations: 2, complianceRate: 1, baselineViolationRate: 1 });
      expect(llmUsage.calls).toBe(fake.requests.length);
      // The author was asked for the scenarios twice: the second time with the reviewer's words and the first set.
      const asked = fake.requests.filter((r) => authorMethodOf(r) === 'scenarios').map(authorPayloadOf);
      expect(asked.map((p) => p.feedback?.includes(REWRITE_FEEDBACK) ?? false)).toEqual([false, true]);
      expect(asked[1]!.scenarios?.scenarios.map((s) => s.id).sort()).toEqual([...ids].sort());
    },
  );
});

interface PendingJob {
  status: string;
  pendingInteraction: {
    id: string;
    interactionType: string;
    prompt: Omit<Prompt, 'type' | 'requestsBefore' | 'eventsBefore'>;
  } | null;
  events: { type: string }[];
}
interface FinalJob {
  status: string;
  llmUsage: { calls: number };
  tddWorkflow: {
    iterations: number;
    complianceRate: number;
    baselineViolationRate: number;
    checklistState: { red: { rationalizations: { text: string; source: string }[] } };
    scenarioRuns: Run[];
  };
}

/** The part of a RED review about one scenario: from its heading to the next. */
function sectionOf(content: string, title: string): string {
  const start = content.indexOf(`### ${title}`);
  expect(start, `no section "${title}" in:\n${content}`).toBeGreaterThanOrEqual(0);
  const end = content.indexOf('\n### ', start + 1);
  return content.slice(start, end === -1 ? undefined : end);
}

function answerFor(q: { id: string; questionType: string; options: { id: string }[] }) {
  if (q.questionType === 'TEXT')
    return { questionId: q.id, text: `A concrete, detailed answer about ${q.id} with a real example from our team.` };
  if (q.questionType === 'BOOLEAN') return { questionId: q.id, text: 'yes' };
  return { questionId: q.id, optionIds: q.options.slice(0, 1).map((o) => o.id) };
}
