// Topicality: a draft whose instructions teach another subject than its name and description fails, naming the
// missing subject; on-topic skills (the good fixtures, the offline author's drafts of its 20 tasks, hand-written
// skills outside every built-in domain) pass. Also the measured shares behind the thresholds.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../resolvers/skill-content/checks/context';
import { measureTopicality } from '../resolvers/skill-content/checks/topicality';
import {
  TOPICALITY_MIN_DESCRIPTION_COVERAGE,
  TOPICALITY_MIN_DISTINCTIVE_COVERAGE,
  TOPICALITY_MIN_KEY_COVERAGE,
} from '../resolvers/skill-content/rules';
import { validateSkill } from '../resolvers/skill-content/validator';
import { CASES, runFlow, type Flow } from './helpers/offline-author';
import { goodFiles, readFixture } from './helpers/skill-fixtures';

const topicality = (content: string) => validateSkill(content).checks.find((c) => c.name === 'topicality')!;

/** `body`'s markdown under `frontmatter`'s name and description: a draft of one task presented as another. */
function presentedAs(body: string, frontmatter: string): string {
  const parts = (content: string) => {
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(content);
    if (!match) throw new Error('no frontmatter');
    return { frontmatter: match[1]!, body: match[2]! };
  };
  return `---\n${parts(frontmatter).frontmatter}\n---\n${parts(body).body}`;
}

const HAND_WRITTEN = [
  'good-terraform-plan-review.md',
  'good-django-idempotent-migrations.md',
  'good-flaky-ci-triage.md',
] as const;

describe('on-topic skills pass', () => {
  let flows: Flow[] = [];
  beforeAll(async () => {
    flows = await Promise.all(CASES.map((c) => runFlow(c)));
  });

  it.each(goodFiles)('%s', (file) => {
    expect(topicality(readFixture(file))).toEqual({
      name: 'topicality',
      passed: true,
      severity: 'CRITICAL',
      message: null,
    });
  });

  it('every offline-author draft of the 20 tasks, with room above each threshold', () => {
    expect(flows.filter((f) => !topicality(f.refactored.content).passed).map((f) => f.task.task)).toEqual([]);
    const shares = flows.map((f) => measureTopicality(buildContext(f.refactored.content, undefined)));
    const lowest = (pick: (t: (typeof shares)[number]) => number) => Math.min(...shares.map(pick));
    // The measured lowest shares quoted in checks/topicality.ts.
    expect(lowest((t) => t.key.share)).toBeGreaterThan(TOPICALITY_MIN_KEY_COVERAGE);
    expect(lowest((t) => t.distinctive.share)).toBeGreaterThan(TOPICALITY_MIN_DISTINCTIVE_COVERAGE);
    expect(lowest((t) => t.description.share)).toBeGreaterThan(TOPICALITY_MIN_DESCRIPTION_COVERAGE * 3);
  });

  it('the good fixtures keep their lowest shares above the thresholds too', () => {
    const shares = goodFiles.map((f) => measureTopicality(buildContext(readFixture(f), undefined)));
    expect(Math.min(...shares.map((t) => t.key.share))).toBeGreaterThan(TOPICALITY_MIN_KEY_COVERAGE);
    expect(Math.min(...shares.map((t) => t.distinctive.share))).toBeGreaterThan(TOPICALITY_MIN_DISTINCTIVE_COVERAGE);
    expect(Math.min(...shares.map((t) => t.description.share))).toBeGreaterThan(
      TOPICALITY_MIN_DESCRIPTION_COVERAGE * 3,
    );
  });

  describe('an intentionally off-topic draft of each task fails', () => {
    it('the Terraform skill body under each task name and description', () => {
      const body = readFixture('good-terraform-plan-review.md');
      for (const flow of flows) {
        const check = topicality(presentedAs(body, flow.refactored.content));
        expect({ task: flow.task.task, passed: check.passed }).toEqual({ task: flow.task.task, passed: false });
        expect(check.message).toMatch(/^the body never addresses '/);
      }
    });

    it("another task's draft under each task name and description (the task eight places on)", () => {
      for (const [i, flow] of flows.entries()) {
        const other = flows[(i + 8) % flows.length]!;
        const check = topicality(presentedAs(other.refactored.content, flow.refactored.content));
        expect({ task: flow.task.task, body: other.task.task, passed: check.passed }).toEqual({
          task: flow.task.task,
          body: other.task.task,
          passed: false,
        });
      }
    });

    it('nearly every cross-task pair of the 20 drafts', () => {
      let pairs = 0;
      let failed = 0;
      for (const flow of flows) {
        for (const other of flows) {
          if (other === flow) continue;
          pairs++;
          if (!topicality(presentedAs(other.refactored.content, flow.refactored.content)).passed) failed++;
        }
      }
      expect(pairs).toBe(380);
      // Measured 361 of 380; most of the 19 left are neighbours (SQL tuning under Postgres migrations).
      expect(failed / pairs).toBeGreaterThanOrEqual(0.94);
    });
  });
});

describe('the drafts the issue names fail, naming the missing subject', () => {
  it('a code-review body under "reviewing Terraform plans for destructive changes" (the offline author of the time)', () => {
    const check = topicality(readFixture('bad-topicality-off-topic.md'));
    expect(check.passed).toBe(false);
    expect(check.message).toMatch(/^the body never addresses 'terraform', 'destructive': /);
  });

  it("the same draft with a description of its own task also shows the other domain's examples", () => {
    const draft = readFixture('bad-topicality-off-topic.md').replace(
      /^description: .*$/m,
      'description: Reviews Terraform plans for destructive changes. Use when a plan destroys or replaces resources.',
    );
    const failed = validateSkill(draft).checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toEqual(['topicality', 'foreign_examples']);
    expect(failed[1]!.message).toContain(
      `examples from another domain's template: "pull/123", "applyDiscount", "npm test"`,
    );
  });

  it.each([
    ['good-code-review-checklist.md', 'good-terraform-plan-review.md', "'terraform'"],
    ['good-postgres-migrations.md', 'good-django-idempotent-migrations.md', "'django', 'idempotent'"],
    ['good-react-component-testing.md', 'good-flaky-ci-triage.md', "'flaky', 'ci', 'triage'"],
    ['good-incident-postmortems.md', 'good-flaky-ci-triage.md', "'flaky', 'ci', 'triage'"],
  ])('the body of %s under the name and description of %s', (body, frontmatter, missing) => {
    const check = topicality(presentedAs(readFixture(body), readFixture(frontmatter)));
    expect(check.passed).toBe(false);
    expect(check.message).toContain(`the body never addresses ${missing}`);
  });

  it.each(HAND_WRITTEN)('%s under its own name passes', (file) => {
    expect(validateSkill(readFixture(file))).toMatchObject({ passed: true, score: 1, errors: [], warnings: [] });
  });
});

describe('what counts as instructions', () => {
  const terraform = readFixture('good-terraform-plan-review.md');
  const [frontmatter, body] = [
    terraform.slice(0, terraform.indexOf('\n---\n') + 5),
    terraform.slice(terraform.indexOf('\n---\n') + 5),
  ];
  /** The Terraform skill with every mention of its subject in the instructions replaced. */
  const withoutSubject = (text: string) => text.replace(/terraform/gi, 'the tool').replace(/\bplans?\b/gi, 'output');

  it('the Terraform skill without the words terraform and plan in its instructions fails', () => {
    const instructions = body.slice(body.indexOf('## Quick Reference'));
    const stripped = `${frontmatter}${body.slice(0, body.indexOf('## Quick Reference'))}${withoutSubject(instructions)}`;
    expect(topicality(stripped).passed).toBe(false);
  });

  it.each([
    ['a blockquote', (s: string) => `> ${s}`],
    ['a double-quoted span', (s: string) => `The person said: "${s}"`],
    ['a curly-quoted span', (s: string) => `The person said: \u201c${s}\u201d`],
    ['the title', (s: string) => `# ${s}`],
  ])('the subject only in %s does not count', (_, wrap) => {
    const instructions = body.slice(body.indexOf('## Quick Reference'));
    const mention = wrap('Review the Terraform plan before terraform apply.');
    const draft = `${frontmatter}${body.slice(0, body.indexOf('## Quick Reference'))}${withoutSubject(instructions)}\n${mention}\n`;
    expect(topicality(draft).passed).toBe(false);
    const plain = `${frontmatter}${body.slice(0, body.indexOf('## Quick Reference'))}${withoutSubject(instructions)}\nReview the Terraform plan before terraform apply.\n`;
    expect(topicality(plain).passed).toBe(true);
  });

  it('the subject in a code block counts', () => {
    const instructions = withoutSubject(body.slice(body.indexOf('## Quick Reference')));
    const draft = `${frontmatter}${body.slice(0, body.indexOf('## Quick Reference'))}${instructions}\n\`\`\`bash\nterraform plan -out=tfplan\n\`\`\`\n`;
    expect(topicality(draft).passed).toBe(true);
  });
});
