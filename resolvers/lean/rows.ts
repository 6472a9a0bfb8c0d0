// Rows read through `pg` or as JSON (the lean reads here, a task's first read: jobs/state-rows-read.ts) as Prisma
// would return them: the same field names and value types (Date, bigint, parsed JSON), so code written against
// Prisma's results (the Pothos prisma fields, the workflow) takes them as it takes those.
import type {
  DeepUnderstandingState,
  HitlInteraction,
  JobEvent,
  ScenarioRun,
  TddWorkflowState,
  ValidationReport,
} from '../../prisma/database';

/**
 * A timestamp as `pg` parses a column (a Date) or as PostgreSQL writes it in JSON (an ISO string with up to
 * microseconds): a Date of its milliseconds, as Prisma returns it.
 */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

/** A job_events row as `pg` returns its columns or `row_to_json` writes it. */
export interface JobEventRow {
  event_id: string | number;
  job_id: string;
  sequence: number;
  event_type: string;
  status: string;
  phase: string | null;
  progress_percent: number;
  message: string | null;
  data: unknown;
  created_at: Date | string;
}

export const JOB_EVENT_COLUMNS =
  'event_id, job_id, sequence, event_type, status, phase, progress_percent, message, data, created_at';

export function toJobEvent(row: JobEventRow): JobEvent {
  return {
    eventId: BigInt(row.event_id),
    jobId: row.job_id,
    sequence: row.sequence,
    eventType: row.event_type as JobEvent['eventType'],
    status: row.status as JobEvent['status'],
    phase: row.phase as JobEvent['phase'],
    progressPercent: row.progress_percent,
    message: row.message,
    data: row.data as JobEvent['data'],
    createdAt: toDate(row.created_at),
  };
}

/** A hitl_interactions row as `row_to_json` writes it. */
export interface HitlInteractionRow {
  interaction_id: number;
  job_id: string;
  interaction_type: string;
  round_number: number;
  status: string;
  prompt_data: unknown;
  response_data: unknown;
  created_at: Date | string;
  responded_at: Date | string | null;
  timeout_at: Date | string | null;
}

export function toHitlInteraction(row: HitlInteractionRow): HitlInteraction {
  return {
    interactionId: row.interaction_id,
    jobId: row.job_id,
    interactionType: row.interaction_type as HitlInteraction['interactionType'],
    roundNumber: row.round_number,
    status: row.status as HitlInteraction['status'],
    promptData: row.prompt_data as HitlInteraction['promptData'],
    responseData: row.response_data as HitlInteraction['responseData'],
    createdAt: toDate(row.created_at),
    respondedAt: toDateOrNull(row.responded_at),
    timeoutAt: toDateOrNull(row.timeout_at),
  };
}

/** A deep_understanding_state row as `row_to_json` writes it. */
export interface DeepUnderstandingRow {
  state_id: number;
  job_id: string;
  questions_asked: unknown;
  answers: unknown;
  research_performed: unknown;
  understanding_summary: string | null;
  user_problem: string | null;
  user_goals: string[];
  readiness_score: number;
  complete: boolean;
  rounds: number;
  created_at: string;
  updated_at: string;
}

export function toDeepUnderstandingState(row: DeepUnderstandingRow): DeepUnderstandingState {
  return {
    stateId: row.state_id,
    jobId: row.job_id,
    questionsAsked: row.questions_asked as DeepUnderstandingState['questionsAsked'],
    answers: row.answers as DeepUnderstandingState['answers'],
    researchPerformed: row.research_performed as DeepUnderstandingState['researchPerformed'],
    understandingSummary: row.understanding_summary,
    userProblem: row.user_problem,
    userGoals: row.user_goals,
    readinessScore: row.readiness_score,
    complete: row.complete,
    rounds: row.rounds,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** A tdd_workflow_state row as `row_to_json` writes it. */
export interface TddWorkflowRow {
  state_id: number;
  job_id: string;
  phase: string | null;
  baseline_tests_run: boolean;
  compliance_tests_run: boolean;
  rationalizations_identified: string[];
  checklist_state: unknown;
  scenarios: unknown;
  agent_under_test: string | null;
  not_run_reason: string | null;
  baseline_violation_rate: number | null;
  compliance_rate: number | null;
  iterations: number;
  scenario_set: number;
  draft_round: number;
  created_at: string;
  updated_at: string;
}

export function toTddWorkflowState(row: TddWorkflowRow): TddWorkflowState {
  return {
    stateId: row.state_id,
    jobId: row.job_id,
    phase: row.phase as TddWorkflowState['phase'],
    baselineTestsRun: row.baseline_tests_run,
    complianceTestsRun: row.compliance_tests_run,
    rationalizationsIdentified: row.rationalizations_identified,
    checklistState: row.checklist_state as TddWorkflowState['checklistState'],
    scenarios: row.scenarios as TddWorkflowState['scenarios'],
    agentUnderTest: row.agent_under_test,
    notRunReason: row.not_run_reason,
    baselineViolationRate: row.baseline_violation_rate,
    complianceRate: row.compliance_rate,
    iterations: row.iterations,
    scenarioSet: row.scenario_set,
    draftRound: row.draft_round,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** A scenario_runs row as `row_to_json` writes it. */
export interface ScenarioRunRow {
  run_id: number;
  job_id: string;
  scenario_set: number;
  iteration: number;
  with_skill: boolean;
  scenario_id: string;
  scenario_title: string;
  sample: number;
  answer: string;
  verdict: string;
  rationalization: string | null;
  judge_reason: string;
  created_at: string;
}

export function toScenarioRun(row: ScenarioRunRow): ScenarioRun {
  return {
    runId: row.run_id,
    jobId: row.job_id,
    scenarioSet: row.scenario_set,
    iteration: row.iteration,
    withSkill: row.with_skill,
    scenarioId: row.scenario_id,
    scenarioTitle: row.scenario_title,
    sample: row.sample,
    answer: row.answer,
    verdict: row.verdict as ScenarioRun['verdict'],
    rationalization: row.rationalization,
    judgeReason: row.judge_reason,
    createdAt: toDate(row.created_at),
  };
}

/** A validation_reports row as `row_to_json` writes it. */
export interface ValidationReportRow {
  report_id: number;
  job_id: string;
  attempt: number;
  passed: boolean;
  score: number;
  errors: string[];
  warnings: string[];
  checks: unknown;
  created_at: string;
}

export function toValidationReport(row: ValidationReportRow): ValidationReport {
  return {
    reportId: row.report_id,
    jobId: row.job_id,
    attempt: row.attempt,
    passed: row.passed,
    score: row.score,
    errors: row.errors,
    warnings: row.warnings,
    checks: row.checks as ValidationReport['checks'],
    createdAt: toDate(row.created_at),
  };
}
