// The offline author's clarifying questions (stable ids, follow-ups on vague answers) and its understanding and
// readiness score.
import { describe, expect, it } from 'vitest';
import { OfflineAuthor } from '../resolvers/author/offline';
import type { Understanding } from '../resolvers/author/types';
import { CASES, POSTGRES, author, baseContext, answered, type TaskCase } from './helpers/offline-author';

describe('offline author: clarifying questions', () => {
  it('round 1 always asks problem, success criteria and constraints as required TEXT questions', async () => {
    for (const c of CASES) {
      const round = await author.ask(baseContext(c.task), 1);
      const ids = round.questions.map((q) => q.id);
      expect(ids.slice(0, 3)).toEqual(['problem', 'success_criteria', 'constraints']);
      for (const q of round.questions.slice(0, 3)) {
        expect(q).toMatchObject({ questionType: 'TEXT', required: true, options: [] });
      }
      expect(round.questions[0]!.text).toContain('What problem should this skill solve?');
      expect(round.questions[1]!.text).toContain('How will you know the skill works?');
      expect(round.questions[2]!.text).toMatch(/constraints/i);
      expect(round.questions.length).toBeGreaterThanOrEqual(3);
      expect(round.questions.length).toBeLessThanOrEqual(5);
      expect(new Set(ids).size).toBe(ids.length);
      expect(round.rationale.length).toBeGreaterThan(20);
    }
  });

  it('adds an audience SINGLE choice and a task-specific MULTI coverage question', async () => {
    const postgres = await author.ask(baseContext(POSTGRES.task), 1);
    const audience = postgres.questions.find((q) => q.id === 'audience')!;
    expect(audience.questionType).toBe('SINGLE');
    expect(audience.allowsOther).toBe(true);
    expect(audience.options.map((o) => o.id)).toEqual(['beginner', 'intermediate', 'expert']);
    const coverage = postgres.questions.find((q) => q.id === 'coverage')!;
    expect(coverage.questionType).toBe('MULTI');
    expect(coverage.options.map((o) => o.id)).toContain('rollback');
    const git = await author.ask(baseContext(CASES[1]!.task), 1);
    const gitCoverage = git.questions.find((q) => q.id === 'coverage')!;
    expect(gitCoverage.options.map((o) => o.id)).not.toEqual(coverage.options.map((o) => o.id));
  });

  it('question ids are stable across calls and authors', async () => {
    const ctx = baseContext(POSTGRES.task);
    const a = await author.ask(ctx, 1);
    const b = await new OfflineAuthor().ask(structuredClone(ctx), 1);
    expect(b).toEqual(a);
  });

  it('rounds 2 and 3 follow up on vague answers with new, prefixed ids', async () => {
    const ctx = baseContext(POSTGRES.task);
    const round1 = await author.ask(ctx, 1);
    ctx.rounds = [answered(round1, 1, { problem: 'locks', success_criteria: '', constraints: 'none' })];
    const round2 = await author.ask(ctx, 2);
    const ids1 = round1.questions.map((q) => q.id);
    const ids2 = round2.questions.map((q) => q.id);
    expect(ids2).toEqual(expect.arrayContaining(['r2_problem_example', 'r2_success_check', 'r2_constraints_avoid']));
    expect(ids2.every((id) => id.startsWith('r2_') && !ids1.includes(id))).toBe(true);
    expect(new Set(ids2).size).toBe(ids2.length);
    expect(round2.questions.find((q) => q.id === 'r2_problem_example')!.text).toContain('"locks"');
    expect(round2.questions.filter((q) => q.required).length).toBe(3);
    expect(round2.rationale).toMatch(/vague/);
    expect(await author.ask(structuredClone(ctx), 2)).toEqual(round2);

    // Round 2 fixes the problem; success criteria and constraints stay vague, so round 3 asks only for those.
    ctx.rounds.push(
      answered(round2, 2, {
        r2_problem_example:
          'Last week a migration added an index without CONCURRENTLY and checkout stopped for nine minutes.',
      }),
    );
    const round3 = await author.ask(ctx, 3);
    const ids3 = round3.questions.map((q) => q.id);
    expect(ids3).toEqual(expect.arrayContaining(['r3_success_check', 'r3_constraints_avoid']));
    expect(ids3).not.toContain('r3_problem_example');
    expect(ids3.every((id) => id.startsWith('r3_') && !ids2.includes(id) && !ids1.includes(id))).toBe(true);
  });

  it('round 2 after specific answers still asks optional detail', async () => {
    const ctx = baseContext(POSTGRES.task);
    const round1 = await author.ask(ctx, 1);
    ctx.rounds = [
      answered(round1, 1, {
        problem: POSTGRES.problem,
        success_criteria: POSTGRES.success,
        constraints: POSTGRES.constraints,
      }),
    ];
    const round2 = await author.ask(ctx, 2);
    expect(round2.questions.length).toBeGreaterThan(0);
    expect(round2.questions.every((q) => !q.required && q.id.startsWith('r2_'))).toBe(true);
  });
});

describe('offline author: understanding and readiness', () => {
  async function understandWith(task: TaskCase, texts: Record<string, string>): Promise<Understanding> {
    const ctx = baseContext(task.task);
    const round1 = await author.ask(ctx, 1);
    ctx.rounds = [answered(round1, 1, texts)];
    return author.understand(ctx);
  }

  it('scores reasonable answers at 0.8 or more for every task', async () => {
    for (const c of CASES) {
      const u = await understandWith(c, {
        problem: c.problem,
        success_criteria: c.success,
        constraints: c.constraints,
      });
      expect({ task: c.task, ok: u.readinessScore >= 0.8 && u.readinessScore <= 1 }).toEqual({
        task: c.task,
        ok: true,
      });
    }
  });

  it('scores empty, one-word and missing answers below 0.8', async () => {
    const empty = await understandWith(POSTGRES, { problem: '', success_criteria: '', constraints: '' });
    const oneWord = await understandWith(POSTGRES, {
      problem: 'locks',
      success_criteria: 'works',
      constraints: 'none',
    });
    const vague = await understandWith(POSTGRES, { problem: 'idk', success_criteria: 'n/a', constraints: 'tbd' });
    const missing = await understandWith(POSTGRES, {});
    const partial = await understandWith(POSTGRES, {
      problem: POSTGRES.problem,
      success_criteria: POSTGRES.success,
      constraints: 'none',
    });
    for (const u of [empty, oneWord, vague, missing, partial]) expect(u.readinessScore).toBeLessThan(0.8);
    expect(oneWord.readinessScore).toBeGreaterThan(empty.readinessScore);
    expect(partial.readinessScore).toBeGreaterThan(oneWord.readinessScore);
    expect(partial.summary).toMatch(/Still vague: constraints/);
  });

  it('judges the task alone when clarifying questions are off', async () => {
    for (const c of CASES) {
      const u = await author.understand(baseContext(c.task));
      expect({ task: c.task, ok: u.readinessScore >= 0.8 }).toEqual({ task: c.task, ok: true });
      expect(u.userGoals.length).toBeGreaterThanOrEqual(1);
      expect(u.userProblem.length).toBeGreaterThan(20);
      expect(u.summary).toContain('No clarifying rounds');
    }
    expect((await author.understand(baseContext('stuff'))).readinessScore).toBeLessThan(0.8);
  });

  it('a good follow-up round lifts a vague first round over 0.8', async () => {
    const ctx = baseContext(POSTGRES.task);
    const round1 = await author.ask(ctx, 1);
    ctx.rounds = [answered(round1, 1, { problem: 'locks', success_criteria: 'works', constraints: 'none' })];
    expect((await author.understand(ctx)).readinessScore).toBeLessThan(0.8);
    const round2 = await author.ask(ctx, 2);
    ctx.rounds.push(
      answered(round2, 2, {
        r2_problem_example: 'A migration added an index without CONCURRENTLY and checkout stopped for nine minutes.',
        r2_success_check: 'The migration runs up, down and up on a production copy with no lock over five seconds.',
        r2_constraints_avoid: 'Never rewrite a large table under an exclusive lock during business hours.',
      }),
    );
    const u = await author.understand(ctx);
    expect(u.readinessScore).toBeGreaterThanOrEqual(0.8);
    expect(u.userProblem).toContain('nine minutes');
  });

  it('takes the problem and goals from the answers and quotes them in the summary', async () => {
    const u = await understandWith(POSTGRES, {
      problem: POSTGRES.problem,
      success_criteria: POSTGRES.success,
      constraints: POSTGRES.constraints,
      audience: '',
    });
    expect(u.userProblem).toBe(POSTGRES.problem);
    expect(u.userGoals).toEqual([
      'Every migration has a tested down step',
      'No migration holds an exclusive lock for more than five seconds',
    ]);
    expect(u.summary).toContain('lock the orders table for minutes');
    expect(u.summary).toContain('Never drop a column in the same release');
  });

  it('puts reviewer feedback into the summary', async () => {
    const ctx = baseContext(POSTGRES.task);
    const without = await author.understand(ctx);
    const withFeedback = await author.understand({ ...ctx, feedback: ['Focus on zero-downtime column renames'] });
    expect(withFeedback.summary).toContain('Focus on zero-downtime column renames');
    expect(withFeedback.summary).not.toBe(without.summary);
  });
});
