// Where each field of the job's state tables lives (deep understanding, TDD state, validation reports, scenario
// runs, skills): the one map the hand-written statements build their column lists from (phase-state-rows.ts writes
// and returns rows by it, state-rows-read.ts reads them as JSON by it), as job-columns.ts is for jobs.
import type {
  DeepUnderstandingState,
  ScenarioRun,
  Skill,
  TddWorkflowState,
  ValidationReport,
} from '../../prisma/database';

/** Where each field lives: typed, so a column added to a model and not here fails the typecheck. */
export const UNDERSTANDING_COLUMNS: Record<keyof DeepUnderstandingState, string> = {
  stateId: 'state_id',
  jobId: 'job_id',
  questionsAsked: 'questions_asked',
  answers: 'answers',
  researchPerformed: 'research_performed',
  understandingSummary: 'understanding_summary',
  userProblem: 'user_problem',
  userGoals: 'user_goals',
  readinessScore: 'readiness_score',
  complete: 'complete',
  rounds: 'rounds',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const TDD_COLUMNS: Record<keyof TddWorkflowState, string> = {
  stateId: 'state_id',
  jobId: 'job_id',
  phase: 'phase',
  baselineTestsRun: 'baseline_tests_run',
  complianceTestsRun: 'compliance_tests_run',
  rationalizationsIdentified: 'rationalizations_identified',
  checklistState: 'checklist_state',
  scenarios: 'scenarios',
  agentUnderTest: 'agent_under_test',
  notRunReason: 'not_run_reason',
  baselineViolationRate: 'baseline_violation_rate',
  complianceRate: 'compliance_rate',
  iterations: 'iterations',
  scenarioSet: 'scenario_set',
  draftRound: 'draft_round',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const REPORT_COLUMNS: Record<keyof ValidationReport, string> = {
  reportId: 'report_id',
  jobId: 'job_id',
  attempt: 'attempt',
  passed: 'passed',
  score: 'score',
  errors: 'errors',
  warnings: 'warnings',
  checks: 'checks',
  createdAt: 'created_at',
};

export const SKILL_COLUMNS: Record<keyof Skill, string> = {
  skillId: 'skill_id',
  name: 'name',
  taxonomyPath: 'taxonomy_path',
  description: 'description',
  content: 'content',
  version: 'version',
  status: 'status',
  jobId: 'job_id',
  validationScore: 'validation_score',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  publishedAt: 'published_at',
};

export const SCENARIO_RUN_COLUMNS: Record<keyof ScenarioRun, string> = {
  runId: 'run_id',
  jobId: 'job_id',
  scenarioSet: 'scenario_set',
  iteration: 'iteration',
  withSkill: 'with_skill',
  scenarioId: 'scenario_id',
  scenarioTitle: 'scenario_title',
  sample: 'sample',
  answer: 'answer',
  verdict: 'verdict',
  rationalization: 'rationalization',
  judgeReason: 'judge_reason',
  createdAt: 'created_at',
};

/** `json_build_object('<field>', <alias>.<column>, ...)`: a row as JSON under the model's field names. */
export function jsonOfRow(alias: string, columns: Record<string, string>): string {
  const pairs = Object.entries(columns).map(([field, column]) => `'${field}', ${alias}.${column}`);
  return `json_build_object(${pairs.join(', ')})`;
}

/** A row read as jsonOfRow wrote it, with its timestamps (ISO strings in JSON) as the Dates Prisma returns. */
export function withDates<T>(row: Record<string, unknown>, dateFields: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const field of dateFields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = new Date(value);
  }
  return out as T;
}
