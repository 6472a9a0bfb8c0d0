// The offline author measured over 20 varied tasks (tests/helpers/varied-tasks.ts), ten outside every built-in
// domain: the domain it chose and its confidence, any sentence or code line of the body taken from another domain's
// knowledge (goal: none), the share of the body shared verbatim with the other 19 drafts (goal: below 15 %, by
// characters of sentences; see tests/helpers/body-measures.ts), and the validator's verdict; and every off-topic draft
// (the body of task i+k under task i's name and description, k = 1..19: 380 pairs) fails topicality. Prints the table.
import { beforeAll, describe, expect, it } from 'vitest';
import { DOMAINS } from '../resolvers/author/offline/domains';
import { buildContext } from '../resolvers/skill-content/checks/context';
import { measureTopicality } from '../resolvers/skill-content/checks/topicality';
import { validateSkill } from '../resolvers/skill-content/validator';
import { bodySentences, foreignTexts, presentedAs, sharedShare } from './helpers/body-measures';
import { runFlow, type Flow } from './helpers/offline-author';
import { VARIED_TASKS } from './helpers/varied-tasks';

interface Row {
  task: string;
  expected: string | null;
  domain: string | null;
  best: string;
  confidence: number;
  foreign: string[];
  shared: number;
  passed: boolean;
  score: number;
  warnings: string[];
}

interface OffTopic {
  task: string;
  body: string;
  passed: boolean;
  message: string | null;
  /** The distinctive key terms of the task's name (checks/topicality.ts), as the name spells them. */
  subject: string[];
}

describe('offline author measured over 20 varied tasks', () => {
  const rows: Row[] = [];
  const offTopic: OffTopic[] = [];
  let flows: Flow[] = [];

  beforeAll(async () => {
    flows = await Promise.all(VARIED_TASKS.map((t) => runFlow(t)));
    const sentences = flows.map((f) => bodySentences(f.refactored.content));
    flows.forEach((f, i) => {
      const choice = f.refinement.domain!;
      const used = choice.used ? choice.id : null;
      const report = validateSkill(f.refactored.content, { rationalizations: f.scenarios.rationalizations });
      rows.push({
        task: VARIED_TASKS[i]!.task,
        expected: VARIED_TASKS[i]!.expectedDomain,
        domain: used,
        best: choice.id,
        confidence: choice.confidence,
        foreign: foreignTexts(
          f.refactored.content,
          DOMAINS.filter((d) => d.id !== used),
          DOMAINS.find((d) => d.id === used) ?? null,
        ),
        shared: sharedShare(sentences[i]!, [...sentences.slice(0, i), ...sentences.slice(i + 1)]),
        passed: report.passed,
        score: report.score,
        warnings: report.warnings,
      });
    });
    flows.forEach((f, i) => {
      const subject = measureTopicality(buildContext(f.refactored.content, undefined))
        .key.filter((t) => t.distinctive)
        .map((t) => t.word);
      for (let k = 1; k < flows.length; k++) {
        const other = flows[(i + k) % flows.length]!;
        const check = validateSkill(presentedAs(other.refactored.content, f.refactored.content)).checks.find(
          (c) => c.name === 'topicality',
        )!;
        offTopic.push({
          task: f.task.task,
          body: other.task.task,
          passed: check.passed,
          message: check.message,
          subject,
        });
      }
    });
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const table = [
      '| task | domain used (best, confidence) | foreign texts | shared verbatim | validator |',
      '|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.task} | ${r.domain ?? 'none'} (${r.best}, ${r.confidence.toFixed(2)}) | ${r.foreign.length} | ${pct(r.shared)} | ${r.passed ? 'passed' : 'FAILED'} ${r.score.toFixed(3)}, ${r.warnings.length} warning(s) |`,
      ),
      `mean shared verbatim: ${pct(rows.reduce((n, r) => n + r.shared, 0) / rows.length)}; max ${pct(Math.max(...rows.map((r) => r.shared)))}`,
      `off-topic drafts (the body of task i+k under task i's name and description, k = 1..19) failing topicality: ${offTopic.filter((o) => !o.passed).length} of ${offTopic.length}`,
    ];
    console.log(table.join('\n'));
  });

  it('has 20 distinct tasks, ten of them outside every built-in domain', () => {
    expect(new Set(VARIED_TASKS.map((t) => t.task)).size).toBe(20);
    expect(VARIED_TASKS.filter((t) => t.expectedDomain === null)).toHaveLength(10);
  });

  it('uses a built-in domain exactly for the tasks that belong to it, and says how confident it is', () => {
    expect(rows.map((r) => ({ task: r.task, domain: r.domain }))).toEqual(
      rows.map((r) => ({ task: r.task, domain: r.expected })),
    );
    for (const r of rows) {
      if (r.expected) expect(r.confidence).toBeGreaterThanOrEqual(0.6);
      else expect(r.confidence).toBeLessThan(0.6);
    }
  });

  it('takes no sentence or code line from another domain', () => {
    expect(rows.map((r) => ({ task: r.task, foreign: r.foreign }))).toEqual(
      rows.map((r) => ({ task: r.task, foreign: [] })),
    );
  });

  it('shares less than 15 % of each body verbatim with the other 19', () => {
    expect(rows.filter((r) => r.shared >= 0.15).map((r) => `${r.task}: ${(r.shared * 100).toFixed(1)} %`)).toEqual([]);
  });

  it('every draft passes the validator', () => {
    expect(rows.filter((r) => !r.passed).map((r) => r.task)).toEqual([]);
  });

  it('every off-topic draft fails topicality, naming a missing subject term of its name', () => {
    expect(offTopic).toHaveLength(380);
    expect(offTopic.filter((o) => o.passed).map((o) => `${o.task} <- ${o.body}`)).toEqual([]);
    const unnamed = offTopic.filter(
      (o) =>
        !/^the body (never addresses|barely mentions) '/.test(o.message ?? '') ||
        !o.subject.some((word) => o.message!.includes(`'${word}'`)),
    );
    expect(unnamed.map((o) => `${o.task} <- ${o.body}: ${o.message}`)).toEqual([]);
  });

  it('marks what needs an expert in every draft built without a domain, and only there', () => {
    flows.forEach((f, i) => {
      const outside = VARIED_TASKS[i]!.expectedDomain === null;
      const toComplete = f.refactored.content.includes('\n## To Complete\n');
      // The author's own assessment points the reviewer at it.
      const pointed = f.assessment.suggestions.some((s) => s.startsWith('Fill in "## To Complete"'));
      expect({ task: VARIED_TASKS[i]!.task, toComplete, pointed }).toEqual({
        task: VARIED_TASKS[i]!.task,
        toComplete: outside,
        pointed: outside,
      });
    });
  });
});
