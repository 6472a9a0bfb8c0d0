// The offline author's test corpus (20 varied tasks with answers) and the phase flow the workflow runs, shared by
// the tests/offline-author-*.test.ts files.
import { makeOfflineAuthor } from '../../resolvers/author/offline';
import type {
  AnsweredRound,
  AuthorContext,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  TaskRefinement,
  Understanding,
} from '../../resolvers/author/types';
import { validateSkill } from '../../resolvers/skill-content/validator';

export interface TaskCase {
  task: string;
  problem: string;
  success: string;
  constraints: string;
}

export const CASES: TaskCase[] = [
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

export const POSTGRES = CASES[0]!;
export const author = makeOfflineAuthor();

export function baseContext(task: string, feedback: string[] = []): AuthorContext {
  return { jobId: 'job-offline-test', taskDescription: task, rounds: [], feedback };
}

export function answered(round: QuestionRound, number: number, texts: Record<string, string>): AnsweredRound {
  return {
    round: number,
    questions: round.questions,
    answers: Object.entries(texts).map(([questionId, text]) => ({ questionId, text })),
  };
}

export interface Flow {
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

export async function runFlow(task: TaskCase, feedback: string[] = [], answers?: Partial<TaskCase>): Promise<Flow> {
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
export function problems(content: string, rationalizations: string[]) {
  const report = validateSkill(content, { rationalizations });
  return { passed: report.passed, score: report.score, errors: report.errors, warnings: report.warnings };
}

export const CLEAN = { passed: true, score: 1, errors: [], warnings: [] };

export function bodyOf(content: string): string {
  return content.replace(/^---\n[\s\S]*?\n---\n/, '');
}

export function headings(content: string): string[] {
  let inFence = false;
  const out: string[] = [];
  for (const line of content.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    else if (!inFence && /^##\s/.test(line)) out.push(line.slice(3).trim());
  }
  return out;
}
