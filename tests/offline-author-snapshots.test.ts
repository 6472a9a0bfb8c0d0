// The reviewed example outputs of the offline author, in full: one skill inside a built-in domain (Postgres
// migrations) and one outside every domain (Terraform plans), where the draft is built from the task and the answers
// and marks what needs an expert under "To Complete".
import { describe, expect, it } from 'vitest';
import type { AuthorContext } from '../resolvers/author/types';
import { POSTGRES, author, baseContext, problems, CLEAN, type TaskCase } from './helpers/offline-author';
import { VARIED_TASKS } from './helpers/varied-tasks';

async function finalSkill(task: TaskCase, feedback: string[], extra: AuthorContext['rounds'][number]['answers']) {
  const ctx = baseContext(task.task, feedback);
  ctx.refinement = await author.refine(ctx);
  const round1 = await author.ask(ctx, 1);
  ctx.rounds = [
    {
      round: 1,
      questions: round1.questions,
      answers: [
        { questionId: 'problem', text: task.problem },
        { questionId: 'success_criteria', text: task.success },
        { questionId: 'constraints', text: task.constraints },
        ...extra,
      ],
    },
  ];
  ctx.understanding = await author.understand(ctx);
  ctx.scenarios = await author.scenarios(ctx);
  const refactored = await author.refactor(ctx, await author.draft(ctx));
  return { ctx, content: refactored.content };
}

describe('offline author: example output', () => {
  it('matches the reviewed Postgres SKILL.md snapshot (in a built-in domain)', async () => {
    const { ctx, content } = await finalSkill(
      POSTGRES,
      ['Cover rollback of a failed migration in production'],
      [
        { questionId: 'audience', optionIds: ['intermediate'] },
        { questionId: 'coverage', optionIds: ['rollback', 'locking', 'backfills'] },
      ],
    );
    expect(ctx.refinement!.domain).toMatchObject({ id: 'database-migrations', used: true });
    expect(content).toContain('**Audience:** people who have done');
    expect(content).toContain(
      '**Focus areas:** rollback plans and down migrations, lock-safe DDL on large tables and backfilling data in batches.',
    );
    expect(problems(content, ctx.scenarios!.rationalizations)).toEqual(CLEAN);
    await expect(content).toMatchFileSnapshot('./__snapshots__/offline-author-postgres.md');
  });

  it('matches the reviewed Terraform SKILL.md snapshot (outside every built-in domain)', async () => {
    const terraform = VARIED_TASKS.find((t) => t.task.includes('Terraform'))!;
    const { ctx, content } = await finalSkill(terraform, [], [{ questionId: 'audience', optionIds: ['expert'] }]);
    expect(ctx.refinement!.domain).toMatchObject({ id: 'code-review', used: false });
    expect(content).toContain('\n## To Complete\n');
    expect(content).not.toMatch(/pull\/123|npm test|applyDiscount|pull request/i);
    expect(problems(content, ctx.scenarios!.rationalizations)).toEqual(CLEAN);
    await expect(content).toMatchFileSnapshot('./__snapshots__/offline-author-terraform.md');
  });
});
