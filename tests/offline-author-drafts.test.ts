// The offline author's drafts: deterministic, changed by feedback, answers and validation hints, and safe on hostile
// task text. The reviewed example outputs: offline-author-snapshots.test.ts.
import { describe, expect, it } from 'vitest';
import { OfflineAuthor } from '../resolvers/author/offline';
import type { ScenarioSet } from '../resolvers/author/types';
import { POSTGRES, author, baseContext, runFlow, problems, CLEAN, headings } from './helpers/offline-author';

describe('offline author: determinism', () => {
  it('returns deep-equal output for the same context from every method', async () => {
    const flow = await runFlow(POSTGRES, ['Cover rollback of a failed migration in production']);
    const other = new OfflineAuthor();
    const ctx = structuredClone(flow.ctx);
    expect(await other.refine(ctx)).toEqual(await author.refine(flow.ctx));
    expect(await other.ask(ctx, 1)).toEqual(await author.ask(flow.ctx, 1));
    expect(await other.ask(ctx, 2)).toEqual(await author.ask(flow.ctx, 2));
    expect(await other.understand(ctx)).toEqual(await author.understand(flow.ctx));
    expect(await other.scenarios(ctx)).toEqual(await author.scenarios(flow.ctx));
    expect(await other.draft(ctx)).toBe(await author.draft(flow.ctx));
    expect(await other.draft(ctx, { validationIssues: ['x'] })).toBe(
      await author.draft(flow.ctx, { validationIssues: ['x'] }),
    );
    expect(await other.refactor(ctx, flow.draft)).toEqual(await author.refactor(flow.ctx, flow.draft));
    expect(await other.assess(ctx, flow.draft)).toEqual(await author.assess(flow.ctx, flow.draft));
    expect(ctx).toEqual(flow.ctx);
  });
});

describe('offline author: feedback, answers and validation hints change the draft', () => {
  const FEEDBACK = 'Cover rollback of a failed migration in production';

  it('feedback appears in the draft and changes it', async () => {
    const plain = await runFlow(POSTGRES);
    const revised = await runFlow(POSTGRES, [FEEDBACK]);
    expect(revised.draft).not.toBe(plain.draft);
    expect(revised.draft).toContain(FEEDBACK);
    expect(plain.draft).not.toContain(FEEDBACK);
    expect(revised.refactored.content).toContain(FEEDBACK);
    expect(revised.refinement.refinedTask).toContain(FEEDBACK);
    expect(problems(revised.refactored.content, revised.scenarios.rationalizations)).toEqual(CLEAN);
    expect(revised.assessment.suggestions).toEqual([]);
    // Every feedback item shows, the newest one included.
    const twice = await runFlow(POSTGRES, [FEEDBACK, 'Mention pg_repack for table rewrites']);
    expect(twice.draft).toContain(FEEDBACK);
    expect(twice.draft).toContain('Mention pg_repack for table rewrites');
  });

  it('refactor applies feedback given after the draft was written (the VALIDATION revise path)', async () => {
    const plain = await runFlow(POSTGRES);
    const ctx = { ...plain.ctx, feedback: [FEEDBACK] };
    const revised = await author.refactor(ctx, plain.refactored.content, { validationIssues: [FEEDBACK] });
    expect(revised.content).not.toBe(plain.refactored.content);
    // "Cover X" is an add-a-section edit: a section on X, filled from the domain's knowledge about rollbacks.
    expect(headings(revised.content).filter((h) => h === 'Rollback of a Failed Migration in Production')).toHaveLength(
      1,
    );
    expect(revised.content).not.toContain('Reviewer Notes');
    expect(problems(revised.content, plain.scenarios.rationalizations)).toEqual(CLEAN);
    // Refactoring again with the same feedback changes nothing: no duplicated sections or rows.
    expect((await author.refactor(ctx, revised.content)).content).toBe(revised.content);
  });

  it('different success criteria give different drafts that quote them', async () => {
    const a = 'Every migration finishes in under two minutes on a copy of production.';
    const b = 'Rollbacks are rehearsed in staging before every release of the billing schema.';
    const draftA = (await runFlow(POSTGRES, [], { success: a })).refactored.content;
    const draftB = (await runFlow(POSTGRES, [], { success: b })).refactored.content;
    expect(draftA).not.toBe(draftB);
    expect(draftA).toContain(a.replace(/\.$/, ''));
    expect(draftB).toContain(b.replace(/\.$/, ''));
    expect(draftA).not.toContain(b.replace(/\.$/, ''));
  });

  it('different constraints change the draft and the authority rationalization', async () => {
    const a = await runFlow(POSTGRES, [], { constraints: 'Never rename a column in place. Avoid triggers.' });
    const b = await runFlow(POSTGRES, [], { constraints: 'Never run migrations during business hours.' });
    expect(a.refactored.content).toContain('"Never rename a column in place"');
    expect(b.refactored.content).toContain('"Never run migrations during business hours"');
    expect(a.scenarios.rationalizations).not.toEqual(b.scenarios.rationalizations);
  });

  it('validation issues produce a different draft that still validates', async () => {
    const flow = await runFlow(POSTGRES);
    const issues = [
      'body should have a "Quick Reference" or "Quick Start" section (a heading such as "## Quick Reference")',
    ];
    const fixed = await author.draft(flow.ctx, { validationIssues: issues });
    expect(fixed).not.toBe(flow.draft);
    expect(fixed).toContain('## Quick Reference');
    expect(fixed).toContain('### Verification Checklist');
    expect(problems(fixed, flow.scenarios.rationalizations)).toEqual(CLEAN);
  });

  it('refactor repairs a draft with missing and duplicated sections', async () => {
    const flow = await runFlow(POSTGRES);
    const broken = [
      '# Postgres migrations',
      '',
      '## Overview',
      '',
      'Write migrations carefully.',
      '',
      '## Common Mistakes',
      '',
      '- Forgetting the down step',
      '',
      '## Common Mistakes',
      '',
      '- Locking big tables',
      '',
      '## Red Flags',
      '',
      '- A migration nobody ran backwards',
    ].join('\n');
    const issues = ['body must have a "When to Use" section (a markdown heading such as "## When to Use")'];
    const repaired = await author.refactor(flow.ctx, broken, { validationIssues: issues });
    const h = headings(repaired.content);
    expect(new Set(h).size).toBe(h.length);
    expect(h).toEqual(
      expect.arrayContaining(['When to Use', 'Quick Reference', 'Common Rationalizations', 'Red Flags']),
    );
    expect(repaired.content).toContain('- Locking big tables');
    expect(repaired.content).toContain('- A migration nobody ran backwards');
    expect(repaired.redFlags).toContain('A migration nobody ran backwards');
    expect(problems(repaired.content, flow.scenarios.rationalizations)).toEqual(CLEAN);
  });

  it('counters rationalizations it did not write itself', async () => {
    const flow = await runFlow(POSTGRES);
    const foreign: ScenarioSet = {
      scenarios: [],
      rationalizations: ['The DBA is on holiday | so nobody will notice', 'Staging passed, production will too.'],
    };
    const ctx = { ...flow.ctx, scenarios: foreign };
    const draft = await author.draft(ctx);
    const refactored = await author.refactor(ctx, draft);
    expect(Object.keys(refactored.counters)).toEqual(foreign.rationalizations);
    expect(problems(refactored.content, foreign.rationalizations)).toEqual(CLEAN);
  });
});

describe('offline author: hostile task text', () => {
  it('keeps vendor words out of the name and tags out of the description', async () => {
    const ctx = baseContext('Teach Claude to call the OpenAI API with GPT-4 <script>alert(1)</script> safely');
    const r = await author.refine(ctx);
    expect(r.skillName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(r.skillName).not.toMatch(/anthropic|claude|openai|gpt/);
    expect(r.description).not.toMatch(/[<>]/);
    const flow = await runFlow({ ...POSTGRES, task: ctx.taskDescription });
    expect(problems(flow.refactored.content, flow.scenarios.rationalizations)).toEqual(CLEAN);
  });

  it('writes valid YAML for tasks with colons, hashes and quotes', async () => {
    const task = 'Fix: "broken" #hashtags in YAML: keys and values';
    const flow = await runFlow({ ...POSTGRES, task });
    expect(problems(flow.refactored.content, flow.scenarios.rationalizations)).toEqual(CLEAN);
  });

  it('handles an unknown domain and an empty task', async () => {
    const bread = await runFlow({ ...POSTGRES, task: 'Bake sourdough bread at home' });
    expect(bread.refinement.taxonomyPath).toMatch(/\/[a-z0-9-]+$/);
    expect(problems(bread.refactored.content, bread.scenarios.rationalizations)).toEqual(CLEAN);
    const empty = await runFlow({ ...POSTGRES, task: '' });
    expect(empty.refinement.skillName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(problems(empty.refactored.content, empty.scenarios.rationalizations)).toEqual(CLEAN);
  });
});

describe('offline author: a domain draft for a tool the domain does not know', () => {
  const TYPESCRIPT = {
    task: 'a skill for reviewing pull requests in TypeScript',
    problem: 'Reviews approve pull requests that widen types to any without a comment.',
    success: 'Every blocking comment names an input, the wrong result and a fix.',
    constraints: 'Do not block a merge on style the linter does not enforce.',
  };

  it('uses the domain, marks what is specific to the tool under "To Complete" and passes the validator', async () => {
    const flow = await runFlow(TYPESCRIPT);
    expect(flow.refinement.domain).toMatchObject({ id: 'code-review', used: true });
    const body = flow.refactored.content;
    const section = body.slice(body.indexOf('\n## To Complete\n'), body.indexOf('\n## Common Mistakes\n'));
    expect(section).toContain('it says nothing specific to TypeScript');
    // Topicality: a body about reviewing pull requests that never says TypeScript would fail (the name promises it).
    expect(section.match(/TypeScript/g)).toHaveLength(4);
    expect(flow.assessment.suggestions).toEqual([
      'Fill in "## To Complete": the built-in code-review knowledge does not cover TypeScript, so expert content is missing there.',
    ]);
    expect(problems(body, flow.scenarios.rationalizations)).toEqual(CLEAN);
  });

  it('a domain that covers every word of the task adds no "To Complete"', async () => {
    const flow = await runFlow(POSTGRES);
    expect(flow.refinement.domain).toMatchObject({ used: true });
    expect(flow.refactored.content).not.toContain('## To Complete');
  });
});
