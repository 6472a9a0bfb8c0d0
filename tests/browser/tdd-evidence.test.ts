// The job page's TDD evidence with a model: a service configured with the test suite's fake model (a real
// chat-completions server in this process: the offline author's answers as the LLM author, a scripted agent that
// gives in unless the skill counters its excuse, a scripted judge). GREEN's draft misses one counter, REFACTOR closes
// it; the page shows each scenario's baseline and with-skill verdicts and the excuses quoted from the answers.
import { beforeAll, afterAll, expect, it } from 'vitest';
import { startFakeLlm, type FakeProvider } from '../helpers/fake-llm';
import { AGENT_MODEL, draftWithoutCounterTo, fakeModel, modelServiceEnv } from '../helpers/fake-model';
import { createJobAs, graphqlAs } from './helpers/api';
import {
  expectNoSeriousAxeViolations,
  screenshot,
  screenshotPath,
  UI_TIMEOUT_MS,
  waitForStatus,
} from './helpers/console';
import { useConsoleSession } from './helpers/session';

const WEAK = 'authority';
const NO_PROMPTS = { clarify: false, confirm: false, preview: false, validate: false, tdd: false };

let fake: FakeProvider;
// Registered before the session's hooks, so the fake's address is known when the service starts.
beforeAll(async () => {
  fake = await startFakeLlm();
  fake.handle(fakeModel(draftWithoutCounterTo(WEAK)).handler);
});
afterAll(async () => {
  await fake?.close();
});
const session = useConsoleSession(() => ({
  ...modelServiceEnv(fake.url, 2),
  PHASE_MAX_ATTEMPTS: '1',
}));

interface Run {
  scenarioId: string;
  scenarioTitle: string;
  withSkill: boolean;
  iteration: number;
  verdict: string;
  rationalization: string | null;
}

it('the job page shows scenario x baseline / with-skill verdicts and the quoted excuses', async () => {
  const { page, problems } = await session.open('tess');
  const jobId = await createJobAs(session.url, 'tess', 'a skill for writing safe Postgres migrations', NO_PROMPTS);
  await page.goto(`${session.url}/jobs/${jobId}`);
  await waitForStatus(page, 'COMPLETED');

  // What the API stored is what the page must show.
  const { job } = await graphqlAs<{ job: { tddWorkflow: { scenarioRuns: Run[] }; llmUsage: { calls: number } } }>(
    session.url,
    'tess',
    `query($id: ID!) { job(id: $id) { llmUsage { calls }
      tddWorkflow { scenarioRuns { scenarioId scenarioTitle withSkill iteration verdict rationalization } } } }`,
    { id: jobId },
  );
  const runs = job.tddWorkflow.scenarioRuns;
  const titles = [...new Map(runs.map((r) => [r.scenarioId, r.scenarioTitle])).entries()];
  expect(titles.length).toBe(5);
  expect(runs).toHaveLength(5 * 2 * 3); // baseline, GREEN's round, REFACTOR's round

  const evidence = page.locator('section[aria-labelledby="tdd-heading"]');
  await evidence.locator('table.evidence').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await evidence.textContent()).toContain(
    `Agent under test ${AGENT_MODEL}; baseline violation rate 100%; compliance with the skill 100% after 2 with-skill round(s).`,
  );
  expect(await evidence.textContent()).toContain(`Model calls: ${job.llmUsage.calls} (`);
  const rows = evidence.locator('table.evidence tbody tr');
  expect(await rows.count()).toBe(5);
  for (const [id, title] of titles) {
    const row = rows.filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });
    const [baselineCell, withSkillCell] = [row.locator('td').nth(0), row.locator('td').nth(1)];
    expect(await baselineCell.locator('li.verdict-violated').count()).toBe(2);
    expect(await baselineCell.locator('li').count()).toBe(2);
    const quote = runs.find((r) => r.scenarioId === id && !r.withSkill)!.rationalization!;
    expect(await baselineCell.textContent()).toContain(`Excuse: ${quote}`);
    // GREEN's draft failed the weak scenario (round 1), REFACTOR's complied (round 2); the others complied twice.
    expect(await withSkillCell.locator('li.verdict-complied').count()).toBe(id === WEAK ? 2 : 4);
    expect(await withSkillCell.locator('li.verdict-violated').count()).toBe(id === WEAK ? 2 : 0);
    // By round, then sample (runs are stored as they finish, concurrently).
    expect(await withSkillCell.locator('li summary .muted').allTextContents()).toEqual(
      [1, 2].flatMap((round) => [1, 2].map((sample) => `(iteration ${round}, sample ${sample})`)),
    );
  }
  await expectNoSeriousAxeViolations(page, 'job page with TDD evidence');

  // Open the weak scenario's first baseline answer and its failed with-skill answer, as a reviewer would.
  const weakRow = rows.filter({ has: page.getByRole('rowheader', { name: titles.find(([id]) => id === WEAK)![1] }) });
  await weakRow.locator('td').nth(0).locator('summary').first().click();
  await weakRow.locator('td').nth(1).locator('li.verdict-violated summary').first().click();
  await evidence.scrollIntoViewIfNeeded();
  await screenshot(page, 'tdd-evidence');
  await evidence.screenshot({ path: screenshotPath('tdd-evidence-table') });
  expect(problems).toEqual([]);
});
