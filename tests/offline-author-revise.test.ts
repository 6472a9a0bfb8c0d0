// REVISE offline: feedback changes the draft itself (remove / replace / add a section / shorter / longer / rename),
// feedback that is no edit is never pasted into the skill, and the review prompt's summary lists what was applied
// and what was not, with the line diff against the draft the person reviewed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffLines } from '../resolvers/skill-content/diff';
import { editRequests } from '../resolvers/skill-content/revision';
import { revisionSummary } from '../resolvers/workflow/phases/reviewable';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, RESPOND, mutate } from './helpers/mutations';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';
import { CASES, POSTGRES, author, baseContext, headings, problems, runFlow } from './helpers/offline-author';

const REVIEW = CASES[2]!; // reviewing pull requests: its draft has the `git fetch origin pull/123/head` / npm example

describe('offline REVISE edits the draft', () => {
  it('removes the pull request / npm example and keeps the skill valid', async () => {
    const before = await runFlow(REVIEW);
    expect(before.draft).toContain('npm test');
    const feedback = 'Remove the pull request / npm example';
    const after = await runFlow(REVIEW, [feedback]);
    for (const content of [after.draft, after.refactored.content]) {
      expect(content).not.toContain('npm test');
      expect(content).not.toContain('pull/123');
      expect(content).not.toContain(feedback);
    }
    // Only the example went: the sections that mention pull requests stay.
    expect(headings(after.refactored.content)).toEqual(headings(before.refactored.content));
    expect(problems(after.refactored.content, after.scenarios.rationalizations).errors).toEqual([]);
    expect(revisionSummary(before.draft, after.draft, feedback)).toContain(`Applied: "${feedback}".`);
  });

  it('replaces, adds a section, renames and shortens as asked', async () => {
    const before = await runFlow(POSTGRES);
    const feedback = [
      'Replace pg_dump with pg_basebackup',
      'Add a section on zero-downtime column renames',
      'Rename it to Safe Postgres Migrations',
      'Make it shorter',
    ];
    const after = await runFlow(POSTGRES, feedback);
    const content = after.refactored.content;
    expect(content).toMatch(/^# Safe Postgres Migrations$/m);
    expect(content.startsWith('---\nname: safe-postgres-migrations\n')).toBe(true);
    expect(headings(content)).toContain('Zero-downtime Column Renames');
    expect(content.split('\n').length).toBeLessThan(before.refactored.content.split('\n').length);
    expect(problems(content, after.scenarios.rationalizations).errors).toEqual([]);
    const summary = revisionSummary(before.refactored.content, content, feedback.join('\n'));
    expect(summary).toContain('"Add a section on zero-downtime column renames"');
    expect(summary).toContain('"Rename it to Safe Postgres Migrations"');
    expect(summary).toContain('"Make it shorter"');
    // Nothing in the draft mentions pg_dump, so that replacement is listed as not applied.
    expect(summary).toMatch(/Not applied: "Replace pg_dump with pg_basebackup"/);
  });

  it('a section on something the author does not know says so instead of inventing content', async () => {
    const flow = await runFlow(REVIEW, ['Add a section on reviewing Terraform modules']);
    const content = flow.refactored.content;
    expect(headings(content)).toContain('Reviewing Terraform Modules');
    expect(content).toContain('The offline author has no knowledge of reviewing Terraform modules');
  });

  it("longer adds the person's own case from the answers, not only a checklist", async () => {
    const before = await runFlow(POSTGRES);
    const after = await runFlow(POSTGRES, ['Please make it longer, with more detail']);
    const content = after.refactored.content;
    const worked = content.slice(content.indexOf('### Worked Case: the Reported Problem'));
    expect(before.refactored.content).not.toContain('### Worked Case');
    expect(worked).toContain(`1. The case: "${POSTGRES.problem.replace(/\.$/, '')}".`);
    expect(worked).toContain('"Every migration has a tested down step"');
    expect(worked).toContain(`4. Keep to "${POSTGRES.constraints.split(';')[0]}`);
    expect(content.split('\n').length).toBeGreaterThan(before.refactored.content.split('\n').length);
    expect(problems(content, after.scenarios.rationalizations).errors).toEqual([]);
    expect(revisionSummary(before.refactored.content, content, 'Please make it longer')).toContain(
      'Applied: "Please make it longer"',
    );
  });

  it('longer with no answers to draw on changes nothing and says why', async () => {
    const ask = async (feedback: string[]) => {
      const ctx = baseContext(POSTGRES.task, feedback);
      ctx.refinement = await author.refine(ctx);
      const draft = await author.draft(ctx);
      return { draft, assessment: await author.assess(ctx, draft) };
    };
    const [plain, longer] = [await ask([]), await ask(['Make it longer'])];
    expect(longer.draft).toBe(plain.draft);
    expect(revisionSummary(plain.draft, longer.draft, 'Make it longer')).toContain('Not applied: "Make it longer".');
    expect(longer.assessment.suggestions).toContain(
      'Not applied: "Make it longer": the offline author has nothing more to add from the task or the answers; describe the problem you see in an answer, or use an author with a model.',
    );
    // The summary agrees with the suggestion: an item not applied is not counted as reflected.
    expect(longer.assessment.summary).toContain('0 of 1 feedback item(s) reflected');
  });

  it.each([
    ['Rename it to Safe Postgres Migrations', 'Safe Postgres Migrations', 'safe-postgres-migrations'],
    ['Call it pg-safety', 'Pg Safety', 'pg-safety'],
    ['call it "Zero-Downtime Migrations"', 'Zero-Downtime Migrations', 'zero-downtime-migrations'],
  ])('%j renames the title and the frontmatter name', async (feedback, title, name) => {
    const flow = await runFlow(POSTGRES, [feedback]);
    for (const content of [flow.draft, flow.refactored.content]) {
      expect(content.startsWith(`---\nname: ${name}\n`)).toBe(true);
      expect(content).toMatch(new RegExp(`^# ${title}$`, 'm'));
    }
    expect(problems(flow.refactored.content, flow.scenarios.rationalizations).errors).toEqual([]);
  });

  it.each([
    ['Rename it to Claude Migrations', 'a reserved word'],
    [`Rename it to ${'Very Long Name '.repeat(5).trim()}`, 'over 64 characters'],
    ['Call it 2024 migrations', 'not starting with a letter'],
  ])('%j (%s) breaks the name rules: nothing changes and the review says why', async (feedback) => {
    const before = await runFlow(POSTGRES);
    const after = await runFlow(POSTGRES, [feedback]);
    expect(after.refactored.content).toBe(before.refactored.content);
    expect(revisionSummary(before.refactored.content, after.refactored.content, feedback)).toContain(
      `Not applied: "${feedback}".`,
    );
    expect(after.assessment.suggestions).toContain(
      `Not applied: "${feedback}": it makes no valid skill name (kebab-case starting with a letter, at most 64 characters, no reserved word).`,
    );
  });

  it('feedback that is no edit changes nothing in the skill and is listed back as not applied', async () => {
    const before = await runFlow(POSTGRES);
    const feedback = 'Make the tone friendlier';
    const after = await runFlow(POSTGRES, [feedback]);
    expect(editRequests([feedback])).toEqual([{ kind: 'unrecognized', text: feedback }]);
    expect(after.draft).not.toContain('friendlier');
    expect(after.refactored.content).not.toContain('friendlier');
    expect(after.refactored.content).not.toContain('Reviewer Notes');
    // The draft did not change at all, so the prompt can say plainly that it was not applied.
    expect(after.draft).toBe(before.draft);
    expect(revisionSummary(before.draft, after.draft, feedback)).toContain(`Not applied: "${feedback}".`);
    expect(after.assessment.suggestions).toContain(
      `Not applied (no edit rule reads it): "${feedback}"; an author with a model can.`,
    );
  });

  it('applying the same feedback again changes nothing (refactor after draft, and twice)', async () => {
    const flow = await runFlow(REVIEW, ['Remove the npm example', 'Add a section on reviewing database migrations']);
    const again = await author.refactor(flow.ctx, flow.refactored.content);
    expect(again.content).toBe(flow.refactored.content);
    expect(headings(again.content).filter((h) => h === 'Reviewing Database Migrations')).toHaveLength(1);
  });
});

describe('the diff shown in the review prompt', () => {
  it('lists removed and added lines with context', () => {
    const diff = diffLines('a\nb\nc\nd\ne\nf', 'a\nb\nX\nd\ne\nf\ng');
    expect(diff).toEqual({ added: 2, removed: 1, text: '  b\n- c\n+ X\n  d\n...\n  f\n+ g' });
    expect(diffLines('same\ntext', 'same\ntext')).toEqual({ added: 0, removed: 0, text: '' });
  });

  it('the summary carries the diff as a fenced block', async () => {
    const before = await runFlow(REVIEW);
    const after = await runFlow(REVIEW, ['Remove the npm example']);
    const summary = revisionSummary(before.draft, after.draft, 'Remove the npm example');
    expect(summary).toMatch(/Changes since the draft you reviewed: \d+ line\(s\) added, [1-9]\d* removed\./);
    expect(summary).toContain('```diff\n');
    expect(summary).toContain('- npm test');
  });
});

describe('REVISE through the GraphQL API', () => {
  let db: TestDatabase;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let alice: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const services = makeTestServices(db);
    worker = await startTestWorker(db, services);
    alice = clientFor(makeTestApp(services), 'alice');
  });

  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  const PROMPT = `query($id: ID!) {
    job(id: $id) { pendingInteraction { interactionId prompt { ... on ReviewPrompt { summary content } } } }
  }`;
  interface PromptView {
    job: { pendingInteraction: { interactionId: number; prompt: { summary: string; content: string } } | null };
  }

  async function review(jobId: string, id: string, count: number) {
    await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: `PREVIEW prompt ${count}` });
    expect(await db.prisma.hitlInteraction.count({ where: { jobId, interactionType: 'PREVIEW' } })).toBe(count);
    return (await alice.data<PromptView>(PROMPT, { id })).job.pendingInteraction!;
  }

  it('renames the skill (title and frontmatter name) and says honestly that "longer" had nothing to add', async () => {
    const created = await mutate(alice, CREATE, {
      taskDescription: POSTGRES.task,
      hitl: { clarify: false, confirm: false, preview: true, validate: false, tdd: false },
    });
    const { id, jobId } = created.job!;
    const first = await review(jobId, id, 1);
    expect(first.prompt.content.startsWith('---\nname: writing-safe-postgres-migrations\n')).toBe(true);
    const feedback = 'Rename it to Safe Postgres Migrations. Make it longer.';
    const revised = await mutate(alice, RESPOND, { interactionId: first.interactionId, action: 'REVISE', feedback });
    expect(revised.__typename).toBe('RespondToHitlSuccess');

    const second = await review(jobId, id, 2);
    expect(second.prompt.content.startsWith('---\nname: safe-postgres-migrations\n')).toBe(true);
    expect(second.prompt.content).toMatch(/^# Safe Postgres Migrations$/m);
    expect(second.prompt.summary).toContain('Applied: "Rename it to Safe Postgres Migrations".');
    // No clarifying answers in this job: nothing true to make it longer with.
    expect(second.prompt.content).not.toContain('### Worked Case');
    expect(second.prompt.summary).toMatch(/Not applied[^\n]*"Make it longer"/);
    expect(second.prompt.summary).toContain('+ name: safe-postgres-migrations');
    // The job takes the draft's new name: it is what PROMOTION publishes under, and its taxonomy path's last part.
    const named = await alice.data<{ job: { skillName: string; taxonomyPath: string } }>(
      `query($id: ID!) { job(id: $id) { skillName taxonomyPath } }`,
      { id },
    );
    expect(named.job.skillName).toBe('safe-postgres-migrations');
    expect(named.job.taxonomyPath.split('/').at(-1)).toBe('safe-postgres-migrations');
  });
});
