// Text quality of the offline author's drafts over 40 tasks: quotes cut at a sentence or clause boundary (never
// inside parentheses), "a" / "an" agreement, no doubled words, titles that read as English, and questions about the
// task's own activity.
import { beforeAll, describe, expect, it } from 'vitest';
import { truncate } from '../resolvers/author/offline/text';
import { quote } from '../resolvers/author/offline/prose';
import { CASES, author, baseContext, bodyOf, runFlow, type Flow } from './helpers/offline-author';
import { VARIED_TASKS } from './helpers/varied-tasks';

function prose(content: string): string[] {
  return bodyOf(content)
    .replace(/```[\s\S]*?```/g, '')
    .split('\n')
    .filter((l) => l.trim());
}

describe('offline author text quality', () => {
  let flows: Flow[] = [];

  beforeAll(async () => {
    flows = await Promise.all([...CASES, ...VARIED_TASKS].map((c) => runFlow(c)));
  });

  it('cuts a long quote at a clause boundary with an ellipsis, never inside parentheses', () => {
    const criterion =
      'The review lists every resource the plan destroys or replaces, and flags stateful resources (databases, buckets, volumes) before apply';
    expect(truncate(criterion, 110)).toBe('The review lists every resource the plan destroys or replaces...');
    expect(quote('First sentence here. Second one is long enough to be cut off somewhere in the middle', 40)).toBe(
      '"First sentence here..."',
    );
    for (const f of flows) {
      for (const q of f.refactored.content.match(/"[^"\n]*"/g) ?? []) {
        const open = (q.match(/\(/g) ?? []).length;
        expect({ q, balanced: open === (q.match(/\)/g) ?? []).length }).toEqual({ q, balanced: true });
      }
    }
  });

  it('writes "an" before a vowel sound and no word twice in a row', () => {
    for (const f of flows) {
      for (const line of prose(f.refactored.content)) {
        expect({
          line,
          bad: line.match(/\b[aA]\s+(?!u[bcdfghjklmnpqrstvwxyz][aeiou]|one|use|uni|eu)[aeiou][a-z]*/g),
        }).toEqual({
          line,
          bad: null,
        });
        expect({ line, bad: line.match(/\ban\s+[bcdfgjklmnpqrstvwxz][a-z]/g) }).toEqual({ line, bad: null });
        expect({ line, doubled: line.match(/\b([a-z]+)\s+\1\b(?!-)/gi) }).toEqual({ line, doubled: null });
      }
    }
  });

  it('titles the skills in English from the task', () => {
    const title = (task: string) => /^# (.+)$/m.exec(flows.find((f) => f.task.task === task)!.refactored.content)![1];
    expect(title(VARIED_TASKS[10]!.task)).toBe('Reviewing Terraform Plans for Destructive Changes');
    expect(title(VARIED_TASKS[11]!.task)).toBe('Writing Idempotent Database Migrations in Django');
    expect(title(VARIED_TASKS[12]!.task)).toBe('Triaging Flaky CI Tests');
  });

  it('asks round 1 about the task itself', async () => {
    const round = await author.ask(baseContext(VARIED_TASKS[10]!.task), 1);
    expect(round.questions[0]!.text).toBe(
      'What problem should this skill solve? Describe what goes wrong today when an agent reviews Terraform plans for destructive changes.',
    );
    expect(round.questions.map((q) => q.text).join(' ')).not.toMatch(/works on review\b|pull request/i);
    const flaky = await author.ask(baseContext(VARIED_TASKS[12]!.task), 1);
    expect(flaky.questions[0]!.text).toContain('when an agent triages flaky CI tests');
    const oncall = await author.ask(baseContext('Write on-call handoff notes at the end of a shift'), 1);
    expect(oncall.questions.map((q) => q.text).join(' ')).not.toMatch(/\bon on\b/);
  });
});
