// A job's state rows read as JSON in the statement that reads the job (a task's first read, snapshot-reads.ts): a
// task that picks up a job another task left RUNNING (the task slice hands jobs on, ~3 times per job) started with
// four more reads (prompts, deep understanding, TDD state, scenario runs), through Prisma. Read in one snapshot with
// the job, they are as valid as the job's row: anything that changes them appends an event, which a commit's guard
// (the job's last sequence) catches.
import {
  toDeepUnderstandingState,
  toHitlInteraction,
  toScenarioRun,
  toTddWorkflowState,
  toValidationReport,
  type DeepUnderstandingRow,
  type HitlInteractionRow,
  type ScenarioRunRow,
  type TddWorkflowRow,
  type ValidationReportRow,
} from '../lean/rows';
import { readsScenarioRuns, readsValidationReport, SCENARIO_RUN_READERS } from '../workflow/machine';
import {
  Prisma,
  type DeepUnderstandingState,
  type HitlInteraction,
  type Job,
  type ScenarioRun,
  type TddWorkflowState,
  type ValidationReport,
} from '../../prisma/database';

const RUN_READER_LIST = [...SCENARIO_RUN_READERS].map((phase) => `'${phase}'`).join(', ');

/**
 * The state rows of the `jobs` row in scope, as one json value; null for a job no task runs (not RUNNING or
 * PENDING). Scenario runs and the latest validation report only where the snapshot holds them (readsScenarioRuns,
 * readsValidationReport in workflow/machine.ts).
 */
export const STATE_ROWS_JSON = Prisma.raw(`CASE WHEN jobs.status IN ('RUNNING', 'PENDING') THEN json_build_object(
    'interactions', (SELECT coalesce(json_agg(row_to_json(h) ORDER BY h.interaction_id), '[]'::json)
      FROM hitl_interactions h WHERE h.job_id = jobs.job_id),
    'deepUnderstanding', (SELECT row_to_json(d) FROM deep_understanding_state d WHERE d.job_id = jobs.job_id),
    'tdd', (SELECT row_to_json(t) FROM tdd_workflow_state t WHERE t.job_id = jobs.job_id),
    'scenarioRuns', CASE WHEN jobs.current_phase::text IN (${RUN_READER_LIST}) THEN
      (SELECT coalesce(json_agg(row_to_json(r) ORDER BY r.run_id), '[]'::json)
       FROM scenario_runs r WHERE r.job_id = jobs.job_id) END,
    'validationReport', CASE WHEN jobs.current_phase = 'TDD_REFACTOR' AND jobs.validation_attempts > 0 THEN
      (SELECT row_to_json(v) FROM validation_reports v WHERE v.job_id = jobs.job_id ORDER BY v.attempt DESC LIMIT 1) END
  ) END`);

export interface StateRowsJson {
  interactions: HitlInteractionRow[];
  deepUnderstanding: DeepUnderstandingRow | null;
  tdd: TddWorkflowRow | null;
  scenarioRuns: ScenarioRunRow[] | null;
  validationReport: ValidationReportRow | null;
}

/** A job's state rows as its phase's snapshot holds them (workflow/context.ts CarriedState, which it is passed as). */
export interface KnownRows {
  interactions: HitlInteraction[];
  deepUnderstanding: DeepUnderstandingState | null;
  tdd: TddWorkflowState | null;
  /** null: not known (the phase does not read them): read when a phase needs them. */
  scenarioRuns: ScenarioRun[] | null;
  /** undefined: not known (as scenarioRuns' null). */
  validationReport?: ValidationReport | null;
}

/** What the job's first phase starts from, not read again; null: read them. */
export function toKnownRows(job: Job, rows: StateRowsJson | null): KnownRows | null {
  if (!rows) return null;
  return {
    interactions: rows.interactions.map(toHitlInteraction),
    deepUnderstanding: rows.deepUnderstanding ? toDeepUnderstandingState(rows.deepUnderstanding) : null,
    tdd: rows.tdd ? toTddWorkflowState(rows.tdd) : null,
    scenarioRuns:
      readsScenarioRuns(job.currentPhase) && rows.scenarioRuns ? rows.scenarioRuns.map(toScenarioRun) : null,
    ...(readsValidationReport(job)
      ? { validationReport: rows.validationReport ? toValidationReport(rows.validationReport) : null }
      : {}),
  };
}
