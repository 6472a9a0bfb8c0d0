// REVISE offline: feedback changes the draft itself (remove / replace / add a section / shorter / longer / rename),
// feedback that is no edit is never pasted into the skill, and the review prompt's summary lists what was applied
// and what was not, with the line diff against the draft the person reviewed.
import { describe, expect, it } from 'vitest';
import { diffLines } from '../resolvers/skill-content/diff';
import { editRequests } from '../resolvers/skill-content/revision';
import { revisionSummary } from '../resolvers/workflow/phases/reviewable';
import { CASES, POSTGRES, author, headings, problems, runFlow } from './helpers/offline-author';

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

  it('longer adds the verification checklist', async () => {
    const before = await runFlow(POSTGRES);
    const after = await runFlow(POSTGRES, ['Please make it longer, with more detail']);
    expect(before.refactored.content).not.toContain('### Verification Checklist');
    expect(after.refactored.content).toContain('### Verification Checklist');
    expect(revisionSummary(before.refactored.content, after.refactored.content, 'Please make it longer')).toContain(
      'Applied: "Please make it longer"',
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
