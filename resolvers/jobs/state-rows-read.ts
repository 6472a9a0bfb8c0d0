// A job's state rows read as JSON in the statement that reads the job (a task's first read, snapshot-reads.ts): a
// task that picks up a job another task left RUNNING (the task slice hands jobs on, ~3 times per job) started with
// four more reads (prompts, deep understanding, TDD state, scenario runs), through Prisma. Read in one snapshot with
// the job, they are as valid as the job's row: anything that changes them appends an event, which a commit's guard
// (the job's last sequence) catches.
import {
  Prisma,
  type DeepUnderstandingState,
  type HitlInteraction,
  type Job,
  type ScenarioRun,
  type TddWorkflowState,
  type ValidationReport,
} from '../../prisma/database';
import { toHitlInteraction, type HitlInteractionRow } from '../lean/rows';
import { readsScenarioRuns, readsValidationReport, SCENARIO_RUN_READERS } from '../workflow/machine';
import {
  jsonOfRow,
  REPORT_COLUMNS,
  SCENARIO_RUN_COLUMNS,
  TDD_COLUMNS,
  UNDERSTANDING_COLUMNS,
  withDates,
} from './state-columns';

const RUN_READER_LIST = [...SCENARIO_RUN_READERS].map((phase) => `'${phase}'`).join(', ');

/**
 * The state rows of the `jobs` row in scope, as one json value; null for a job no task runs (not RUNNING or
 * PENDING). Scenario runs and the latest validation report only where the snapshot holds them (readsScenarioRuns,
 * readsValidationReport in workflow/machine.ts).
 */
export const STATE_ROWS_JSON = Prisma.raw(`CASE WHEN jobs.status IN ('RUNNING', 'PENDING') THEN json_build_object(
    'interactions', (SELECT coalesce(json_agg(row_to_json(h) ORDER BY h.interaction_id), '[]'::json)
      FROM hitl_interactions h WHERE h.job_id = jobs.job_id),
    'deepUnderstanding', (SELECT ${jsonOfRow('d', UNDERSTANDING_COLUMNS)}
      FROM deep_understanding_state d WHERE d.job_id = jobs.job_id),
    'tdd', (SELECT ${jsonOfRow('t', TDD_COLUMNS)} FROM tdd_workflow_state t WHERE t.job_id = jobs.job_id),
    'scenarioRuns', CASE WHEN jobs.current_phase::text IN (${RUN_READER_LIST}) THEN
      (SELECT coalesce(json_agg(${jsonOfRow('r', SCENARIO_RUN_COLUMNS)} ORDER BY r.run_id), '[]'::json)
       FROM scenario_runs r WHERE r.job_id = jobs.job_id) END,
    'validationReport', CASE WHEN jobs.current_phase = 'TDD_REFACTOR' AND jobs.validation_attempts > 0 THEN
      (SELECT ${jsonOfRow('v', REPORT_COLUMNS)}
       FROM validation_reports v WHERE v.job_id = jobs.job_id ORDER BY v.attempt DESC LIMIT 1) END
  ) END`);

/** The state rows as the statement writes them: prompts as `row_to_json` (lean/rows.ts), the rest by field name. */
export interface StateRowsJson {
  interactions: HitlInteractionRow[];
  deepUnderstanding: Record<string, unknown> | null;
  tdd: Record<string, unknown> | null;
  scenarioRuns: Array<Record<string, unknown>> | null;
  validationReport: Record<string, unknown> | null;
}

const TIMESTAMPS = ['createdAt', 'updatedAt'] as const;

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
    deepUnderstanding: rows.deepUnderstanding
      ? withDates<DeepUnderstandingState>(rows.deepUnderstanding, TIMESTAMPS)
      : null,
    tdd: rows.tdd ? withDates<TddWorkflowState>(rows.tdd, TIMESTAMPS) : null,
    scenarioRuns:
      readsScenarioRuns(job.currentPhase) && rows.scenarioRuns
        ? rows.scenarioRuns.map((run) => withDates<ScenarioRun>(run, TIMESTAMPS))
        : null,
    ...(readsValidationReport(job)
      ? {
          validationReport: rows.validationReport
            ? withDates<ValidationReport>(rows.validationReport, TIMESTAMPS)
            : null,
        }
      : {}),
  };
}
