// The deterministic offline author: the full phase flow over 20 varied tasks, checked against the real SKILL.md
// validator, plus the contracts the workflow relies on (question ids, readiness, determinism, feedback).
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOfflineAuthor, OfflineAuthor } from '../resolvers/author/offline';
import type {
  AnsweredRound,
  AuthorContext,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  TaskRefinement,
  Understanding,
} from '../resolvers/author/types';
import { validateSkill } from '../resolvers/skill-content/validator';

interface TaskCase {
  task: string;
  problem: string;
  success: string;
  constraints: string;
}

const CASES: TaskCase[] = [
  {
    task: 'a skill that teaches an agent to write safe Postgres migrations',
    problem: 'Agents write migrations that lock the orders table for minutes and take checkout down.',
    success: 'Every migration has a tested down step. No migration holds an exclusive lock for more than five seconds.',
    constraints: 'Never drop a column in the same release; avoid long transactions on tables over a million rows.',
  },
  {
    task: 'Teach agents to write clean git commit messages and keep a tidy branch history',
    problem: 'Our history is full of wip commits that mix refactors with bug fixes and explain nothing.',
    success: 'Each commit builds on its own and its message explains why the change was made.',
    constraints: 'Never force-push to main or any branch another person has pulled.',
  },
  {
    task: 'A skill for reviewing pull requests for correctness, test coverage and readability',
    problem: 'Reviews approve pull requests after a skim and miss bugs in error handling paths.',
    success: 'Every blocking comment names a failing input and the expected result, with a suggested fix.',
    constraints: 'Do not block a merge on style preferences that the linter does not enforce.',
  },
  {
    task: 'Help an agent run blameless incident postmortems after production outages',
    problem: 'Our postmortems turn into blame sessions and the action items are never finished by anyone.',
    success: 'Every postmortem has a sourced timeline and action items with owners and due dates.',
    constraints: 'Never name an individual as the cause and do not publish before the responders review it.',
  },
  {
    task: 'Write clear README documentation for open source libraries',
    problem: 'New users cannot install our libraries because the README skips steps and examples are broken.',
    success: 'A new user follows the README in a clean container and runs the first example successfully.',
    constraints: 'Keep the README under 300 lines and link to the reference docs for every option.',
  },
  {
    task: 'Deploy services to Kubernetes safely with rollbacks',
    problem: 'Deploys go straight to production with the latest tag and nobody watches the rollout finish.',
    success: 'Every deploy is diffed first, waits for rollout status, and rolls back automatically on failure.',
    constraints: 'Never edit live objects with kubectl edit; all changes must go through the manifests repository.',
  },
  {
    task: 'Test React components with Testing Library instead of implementation details',
    problem: 'Our component tests break on every refactor because they assert on internal state and CSS classes.',
    success: 'Tests query by role or label, survive refactors, and fail when the visible behavior breaks.',
    constraints: 'Do not use snapshot tests for whole pages and avoid fixed sleeps in any test.',
  },
  {
    task: 'Design consistent REST APIs with good error handling and pagination',
    problem: 'Every team invents its own error format and pagination, so clients need special cases everywhere.',
    success: 'All endpoints share one error shape with stable codes and cursor pagination with a limit.',
    constraints: 'Never remove or rename a field in a published API version without a deprecation period.',
  },
  {
    task: 'Perform a security review of authentication and authorization code',
    problem: 'We shipped an endpoint that returned other tenants invoices because ownership was never checked.',
    success: 'Every finding lists the location, an exploit scenario, a severity rating and a concrete fix.',
    constraints: 'Do not run active exploits against production systems and never paste secrets into reports.',
  },
  {
    task: 'Clean messy tabular data in Python with pandas',
    problem: 'Analysts drop rows with missing values and lose half of the dataset without noticing it.',
    success: 'Each cleaning step logs how many rows it changed and the final assertions all pass.',
    constraints: 'Never overwrite the raw export file and keep every transformation in a re-runnable script.',
  },
  {
    task: 'Tune slow SQL queries using EXPLAIN ANALYZE',
    problem: 'Agents add random indexes to slow queries without reading the plan and writes get slower.',
    success: 'Every tuning change comes with EXPLAIN ANALYZE output from before and after on production-sized data.',
    constraints: 'Do not create indexes without CONCURRENTLY on tables that serve live traffic.',
  },
  {
    task: 'Write on-call handoff notes at the end of a shift',
    problem: 'Incoming engineers get paged for issues the previous shift already knew about but never wrote down.',
    success: 'The incoming engineer can state the next step for every open issue without asking anyone.',
    constraints: 'Never leave a silenced alert out of the handoff and send the note before the shift ends.',
  },
  {
    task: 'Audit web pages for accessibility against WCAG 2.2',
    problem: 'Our audits only run an automated scanner, so keyboard traps and unlabeled buttons reach production.',
    success: 'Each audited page has keyboard and screen reader results and every finding cites a WCAG criterion.',
    constraints:
      'Do not give legal conclusions about compliance and avoid recommending ARIA where native elements work.',
  },
  {
    task: 'Import customer CSV files into the database without duplicates',
    problem: 'Customer imports fail halfway through and re-running them creates thousands of duplicate records.',
    success:
      'Importing the same file twice gives the same row count and every bad row is reported with its line number.',
    constraints: 'Never write rows before the whole file is validated and never assume a UTF-8 encoding.',
  },
  {
    task: 'Roll out new features behind feature flags',
    problem: 'Flags get flipped from zero to one hundred percent at once and old flags stay in the code for years.',
    success: 'Every flag has an owner, defaults to off, rolls out in steps, and is removed within two weeks.',
    constraints: 'Do not nest flags inside other flags and never put a flag check with a network call in a hot loop.',
  },
  {
    task: 'Refactor legacy TypeScript code toward strict types',
    problem: 'Refactors silence type errors with as any and change behavior at the same time, so regressions slip in.',
    success: 'The compiler is clean and all tests pass after every single refactoring commit.',
    constraints: 'Never add ts-ignore comments and do not mix behavior changes with structural changes.',
  },
  {
    task: 'Add structured logging to backend services',
    problem: 'During incidents our logs are free text without request IDs, so we cannot follow a single request.',
    success: 'One request can be traced end to end by its request ID and no secret ever appears in the logs.',
    constraints: 'Never log request bodies that may contain passwords and keep debug logging off in production.',
  },
  {
    task: 'Write architecture decision records (ADRs) for significant technical choices',
    problem: 'Teams keep re-arguing old decisions because nobody recorded the context or the rejected options.',
    success: 'A new team member can explain why a decision was made and what was rejected from the ADR alone.',
    constraints: 'Keep each ADR under two pages and never edit an accepted ADR instead of superseding it.',
  },
  {
    task: 'Upgrade npm dependencies without breaking the build',
    problem: 'Bulk upgrades break the build and nobody can tell which of the forty bumped packages caused it.',
    success: 'Each pull request upgrades one package, links its changelog, and passes the build and the test suite.',
    constraints: 'Never delete the lockfile to resolve conflicts and do not ignore peer dependency warnings.',
  },
  {
    task: 'Profile CPU and memory performance of a Node.js service',
    problem: 'Engineers optimize code that looks slow instead of what the profiler shows, and nothing gets faster.',
    success: 'Every optimization has a before and after benchmark and improves the p95 latency measurably.',
    constraints: 'Do not profile against production traffic and never report a speedup from a single run.',
  },
];

const POSTGRES = CASES[0]!;
const author = makeOfflineAuthor();

function baseContext(task: string, feedback: string[] = []): AuthorContext {
  return { jobId: 'job-offline-test', taskDescription: task, rounds: [], feedback };
}

function answered(round: QuestionRound, number: number, texts: Record<string, string>): AnsweredRound {
  return {
    round: number,
    questions: round.questions,
    answers: Object.entries(texts).map(([questionId, text]) => ({ questionId, text })),
  };
}

interface Flow {
  task: TaskCase;
  ctx: AuthorContext;
  refinement: TaskRefinement;
  round1: QuestionRound;
  understanding: Understanding;
  scenarios: ScenarioSet;
  draft: string;
  refactored: RefactoredDraft;
  assessment: { summary: string; suggestions: string[] };
}

async function runFlow(task: TaskCase, feedback: string[] = [], answers?: Partial<TaskCase>): Promise<Flow> {
  const ctx = baseContext(task.task, feedback);
  const refinement = await author.refine(ctx);
  ctx.refinement = refinement;
  const round1 = await author.ask(ctx, 1);
  ctx.rounds = [
    answered(round1, 1, {
      problem: answers?.problem ?? task.problem,
      success_criteria: answers?.success ?? task.success,
      constraints: answers?.constraints ?? task.constraints,
    }),
  ];
  const understanding = await author.understand(ctx);
  ctx.understanding = understanding;
  const scenarios = await author.scenarios(ctx);
  ctx.scenarios = scenarios;
  const draft = await author.draft(ctx);
  const refactored = await author.refactor(ctx, draft);
  const assessment = await author.assess(ctx, refactored.content);
  return { task, ctx, refinement, round1, understanding, scenarios, draft, refactored, assessment };
}

/** Validation with the job's rationalizations, reduced to what must be empty. */
function problems(content: string, rationalizations: string[]) {
  const report = validateSkill(content, { rationalizations });
  return { passed: report.passed, score: report.score, errors: report.errors, warnings: report.warnings };
}

const CLEAN = { passed: true, score: 1, errors: [], warnings: [] };

function bodyOf(content: string): string {
  return content.replace(/^---\n[\s\S]*?\n---\n/, '');
}

function headings(content: string): string[] {
  let inFence = false;
  const out: string[] = [];
  for (const line of content.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    else if (!inFence && /^##\s/.test(line)) out.push(line.slice(3).trim());
  }
  return out;
}

describe('offline author: full flow over 20 tasks', () => {
  let flows: Flow[] = [];

  beforeAll(async () => {
    flows = await Promise.all(CASES.map((c) => runFlow(c)));
  });

  it('covers 20 different tasks', () => {
    expect(flows).toHaveLength(20);
    expect(new Set(CASES.map((c) => c.task)).size).toBe(20);
  });

  it('derives distinct kebab-case names, descriptions and taxonomy paths', () => {
    const names = flows.map((f) => f.refinement.skillName);
    expect(new Set(names).size).toBe(20);
    for (const f of flows) {
      const { skillName, description, taxonomyPath, refinedTask } = f.refinement;
      expect(skillName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(skillName.length).toBeLessThanOrEqual(64);
      expect(skillName).not.toMatch(/anthropic|claude|openai|gpt/);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description).not.toMatch(/[<>\n]/);
      expect(description).toContain('Use when');
      expect(taxonomyPath).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)+$/);
      expect(taxonomyPath.endsWith(`/${skillName}`)).toBe(true);
      expect(refinedTask.length).toBeGreaterThan(f.task.task.length);
    }
    expect(new Set(flows.map((f) => f.refinement.description)).size).toBe(20);
    expect(new Set(flows.map((f) => f.refinement.taxonomyPath)).size).toBe(20);
  });

  it('names and paths come from the task words and a fitting category', () => {
    const byTask = (prefix: string) => flows.find((f) => f.task.task.startsWith(prefix))!.refinement;
    expect(byTask('a skill that teaches an agent to write safe Postgres').skillName).toBe(
      'writing-safe-postgres-migrations',
    );
    expect(byTask('a skill that teaches an agent to write safe Postgres').taxonomyPath).toBe(
      'development/databases/writing-safe-postgres-migrations',
    );
    expect(byTask('Deploy services to Kubernetes').taxonomyPath).toMatch(/^operations\//);
    expect(byTask('Clean messy tabular data').taxonomyPath).toMatch(/^data\//);
    expect(byTask('Perform a security review').taxonomyPath).toMatch(/^security\//);
    expect(byTask('Write clear README').taxonomyPath).toMatch(/^writing\//);
    expect(byTask('Test React components').taxonomyPath).toMatch(/^testing\//);
    expect(byTask('Audit web pages for accessibility').taxonomyPath).toMatch(/^design\//);
    expect(byTask('Tune slow SQL queries').skillName).toContain('sql');
    expect(byTask('Upgrade npm dependencies').skillName).toContain('dependencies');
  });

  it('every refactored SKILL.md passes the validator with no errors and no warnings', () => {
    for (const f of flows) {
      expect({ task: f.task.task, ...problems(f.refactored.content, f.scenarios.rationalizations) }).toEqual({
        task: f.task.task,
        ...CLEAN,
      });
    }
  });

  it('every first draft already passes the validator with the rationalizations', () => {
    for (const f of flows) {
      expect({ task: f.task.task, ...problems(f.draft, f.scenarios.rationalizations) }).toEqual({
        task: f.task.task,
        ...CLEAN,
      });
    }
  });

  it('produces 20 distinct final contents', () => {
    expect(new Set(flows.map((f) => f.refactored.content)).size).toBe(20);
  });

  it('starts with the refinement as frontmatter and has every section exactly once', () => {
    for (const f of flows) {
      const content = f.refactored.content;
      expect(
        content.startsWith(`---\nname: ${f.refinement.skillName}\ndescription: ${f.refinement.description}\n---\n`),
      ).toBe(true);
      const h = headings(content);
      for (const section of [
        'Overview',
        'When to Use',
        'Quick Reference',
        'Core Patterns',
        'Common Mistakes',
        'Common Rationalizations',
        'Red Flags',
      ]) {
        expect(h.filter((x) => x === section)).toEqual([section]);
      }
      expect(new Set(h).size).toBe(h.length);
      expect(content).toContain('| Situation | Do |');
      expect(content).toContain('| Excuse | Reality |');
      expect(content).toMatch(/```[a-z]+\n[\s\S]+?\n```/);
    }
  });

  it('keeps the body between 60 and 250 lines, under 5000 words, without filler words in prose', () => {
    for (const f of flows) {
      const body = bodyOf(f.refactored.content);
      const lines = body.trimEnd().split('\n').length;
      expect(lines).toBeGreaterThanOrEqual(60);
      expect(lines).toBeLessThanOrEqual(250);
      expect(body.split(/\s+/).filter(Boolean).length).toBeLessThan(5000);
      const prose = body.replace(/```[\s\S]*?```/g, '');
      expect({
        task: f.task.task,
        filler: prose.match(/\b(very|really|basically|actually|just|simply|obviously)\b/gi),
      }).toEqual({
        task: f.task.task,
        filler: null,
      });
    }
  });

  it('quotes the answers: problem, success criteria and constraints appear in the draft', () => {
    for (const f of flows) {
      const content = f.refactored.content;
      expect(content).toContain(f.task.problem.replace(/\.$/, ''));
      const firstGoal = f.task.success.split(/(?<=\.)\s+/)[0]!.replace(/\.$/, '');
      expect(content).toContain(firstGoal);
      const firstConstraint = f.task.constraints.split(/;\s*|(?<=\.)\s+/)[0]!.replace(/\.$/, '');
      expect(content).toContain(firstConstraint);
      expect(content).toMatch(/^- Do not use /m);
    }
  });

  it('writes 3..5 scenarios whose rationalizations are deduplicated, verbatim, plain and task-specific', () => {
    const all: string[] = [];
    for (const f of flows) {
      const { scenarios, rationalizations } = f.scenarios;
      expect(scenarios.length).toBeGreaterThanOrEqual(3);
      expect(scenarios.length).toBeLessThanOrEqual(5);
      expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
      expect(rationalizations).toEqual([...new Set(scenarios.map((s) => s.rationalization))]);
      expect(new Set(scenarios.map((s) => s.pressure)).size).toBe(scenarios.length);
      for (const s of scenarios) {
        expect(s.title && s.prompt && s.expectedViolation && s.pressure).toBeTruthy();
      }
      for (const r of rationalizations) {
        expect(r.length).toBeLessThanOrEqual(120);
        expect(r).not.toMatch(/[|\n\r]/);
        expect(r).toMatch(/^[A-Z].*\.$/);
      }
      all.push(...rationalizations);
    }
    // No two tasks share a rationalization: each names the task's own topic or shortcut.
    expect(new Set(all).size).toBe(all.length);
  });

  it('refactor counters cover every rationalization and the table has a row for each', () => {
    for (const f of flows) {
      const { counters, redFlags, content } = f.refactored;
      expect(Object.keys(counters).sort()).toEqual([...f.scenarios.rationalizations].sort());
      for (const r of f.scenarios.rationalizations) {
        expect(counters[r]!.length).toBeGreaterThan(20);
        expect(content).toContain(`| ${r} | ${counters[r]} |`);
      }
      expect(redFlags.length).toBeGreaterThanOrEqual(3);
      for (const flag of redFlags) expect(content).toContain(`- ${flag}`);
    }
  });

  it('assess finds no gaps in a complete draft and names the gaps of a stripped one', async () => {
    for (const f of flows) {
      expect(f.assessment.suggestions).toEqual([]);
      expect(f.assessment.summary).toContain(f.refinement.skillName);
    }
    const f = flows[0]!;
    const stripped = f.refactored.content
      .replace(/## Red Flags[\s\S]*$/, '')
      .replace(/```[\s\S]*?```\n/g, '')
      .replace(/^\| This .* change is tiny, .*\n/m, '');
    const assessment = await author.assess(f.ctx, stripped);
    expect(assessment.suggestions.some((s) => s.includes('Red Flags'))).toBe(true);
    expect(assessment.suggestions.some((s) => s.includes('code example'))).toBe(true);
    expect(assessment.suggestions.some((s) => /This .* change is tiny/.test(s))).toBe(true);
    expect(assessment.summary).toMatch(/\d+ suggestion\(s\)/);
  });
});

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

  it('refactor adds feedback given after the draft was written (the VALIDATION revise path)', async () => {
    const plain = await runFlow(POSTGRES);
    const ctx = { ...plain.ctx, feedback: [FEEDBACK] };
    const revised = await author.refactor(ctx, plain.refactored.content, { validationIssues: [FEEDBACK] });
    expect(revised.content).not.toBe(plain.refactored.content);
    expect(revised.content).toContain(`- ${FEEDBACK}`);
    expect(headings(revised.content).filter((h) => h === 'Reviewer Notes')).toHaveLength(1);
    expect(problems(revised.content, plain.scenarios.rationalizations)).toEqual(CLEAN);
    // Refactoring again with the same feedback changes nothing: no duplicated notes or rows.
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

describe('offline author: example output', () => {
  it('matches the reviewed Postgres SKILL.md snapshot', async () => {
    const ctx = baseContext(POSTGRES.task, ['Cover rollback of a failed migration in production']);
    ctx.refinement = await author.refine(ctx);
    const round1 = await author.ask(ctx, 1);
    ctx.rounds = [
      {
        round: 1,
        questions: round1.questions,
        answers: [
          { questionId: 'problem', text: POSTGRES.problem },
          { questionId: 'success_criteria', text: POSTGRES.success },
          { questionId: 'constraints', text: POSTGRES.constraints },
          { questionId: 'audience', optionIds: ['intermediate'] },
          { questionId: 'coverage', optionIds: ['rollback', 'locking', 'backfills'] },
        ],
      },
    ];
    ctx.understanding = await author.understand(ctx);
    ctx.scenarios = await author.scenarios(ctx);
    const refactored = await author.refactor(ctx, await author.draft(ctx));
    expect(refactored.content).toContain('**Audience:** people who have done');
    expect(refactored.content).toContain(
      '**Focus areas:** rollback plans and down migrations, lock-safe DDL on large tables and backfilling data in batches.',
    );
    expect(problems(refactored.content, ctx.scenarios.rationalizations)).toEqual(CLEAN);
    await expect(refactored.content).toMatchFileSnapshot('./__snapshots__/offline-author-postgres.md');
  });
});
