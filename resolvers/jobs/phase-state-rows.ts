// The state rows a phase's commit writes (deep understanding and TDD state: upserted per job; a validation report:
// inserted) as rows of the commit's one statement (journal.ts applyGuardedTransition): each is written exactly when
// the job's transition is, and comes back as stored.
import {
  Prisma,
  type DeepUnderstandingState,
  type Skill,
  type TddWorkflowState,
  type ValidationReport,
} from '../../prisma/database';
import type { GuardedOutcome, GuardedRow } from './journal';
import { REPORT_COLUMNS, SKILL_COLUMNS, TDD_COLUMNS, UNDERSTANDING_COLUMNS } from './state-columns';

const ENUM_COLUMNS: ReadonlySet<string> = new Set(['phase', 'status']);

/** `"<column>" AS "<name>.<field>"` for each field: a GuardedRow's returned columns. */
function returnedAs(name: string, returning: Record<string, string>): string {
  return Object.entries(returning)
    .map(([field, column]) => `"${column}"${ENUM_COLUMNS.has(column) ? '::text' : ''} AS "${name}.${field}"`)
    .join(', ');
}

/**
 * The skill that has the job's (updated) skill name, read in the commit's statement: what PROMOTION decides on,
 * without a read of its own (storedState's skillNamed; null when there is none).
 */
export function skillNamedRow(): GuardedRow {
  return {
    name: 'skill',
    cte: Prisma.sql`SELECT ${Prisma.raw(returnedAs('skill', SKILL_COLUMNS))} FROM skills
      WHERE name = (SELECT "skillName" FROM updated)`,
  };
}

/** The values given (undefined ones left out) under their column names. */
function byColumn(data: object, columns: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) if (value !== undefined) values[columns[field]!] = value;
  return values;
}

/**
 * INSERT of one row of `table` for the job, its columns typed by the table itself (jsonb_populate_record), only when
 * the transition's update happened; `upsert`: on the job's existing row, the given columns are replaced.
 */
function insertRow(
  name: string,
  table: string,
  jobId: string,
  values: Record<string, unknown>,
  returning: Record<string, string>,
  upsert: boolean,
): GuardedRow {
  const columns = Object.keys(values).map((column) => `"${column}"`);
  const returned = returnedAs(name, returning);
  // An upsert of no column still returns the row: a write of its own key, which changes nothing.
  const replaced =
    columns.length > 0 ? columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ') : 'job_id = EXCLUDED.job_id';
  return {
    name,
    cte: Prisma.sql`
      INSERT INTO ${Prisma.raw(table)} (${Prisma.raw(['job_id', ...columns].join(', '))})
      SELECT ${jobId}::uuid${Prisma.raw(columns.map((c) => `, p.${c}`).join(''))}
      FROM jsonb_populate_record(NULL::${Prisma.raw(table)}, ${JSON.stringify(values)}::jsonb) p
      WHERE EXISTS (SELECT 1 FROM updated)
      ${upsert ? Prisma.raw(`ON CONFLICT (job_id) DO UPDATE SET ${replaced}`) : Prisma.empty}
      RETURNING ${Prisma.raw(returned)}`,
  };
}

/** Columns of the state rows, by field (the phases' StateWrites fits it). */
export interface StateRowWrites {
  deepUnderstanding?: { [K in keyof DeepUnderstandingState]?: unknown };
  tdd?: { [K in keyof TddWorkflowState]?: unknown };
  validationReport?: { [K in keyof ValidationReport]?: unknown };
}

export function stateRows(jobId: string, state: StateRowWrites | undefined): GuardedRow[] {
  const rows: GuardedRow[] = [];
  if (state?.deepUnderstanding) {
    const values = byColumn(state.deepUnderstanding, UNDERSTANDING_COLUMNS);
    rows.push(insertRow('du', 'deep_understanding_state', jobId, values, UNDERSTANDING_COLUMNS, true));
  }
  if (state?.tdd) {
    rows.push(insertRow('tdd', 'tdd_workflow_state', jobId, byColumn(state.tdd, TDD_COLUMNS), TDD_COLUMNS, true));
  }
  if (state?.validationReport) {
    const values = byColumn(state.validationReport, REPORT_COLUMNS);
    rows.push(insertRow('report', 'validation_reports', jobId, values, REPORT_COLUMNS, false));
  }
  return rows;
}

/** The state rows as the statement stored them (only those it wrote), and the skill named when it read it. */
export function storedState(outcome: GuardedOutcome): {
  deepUnderstanding?: DeepUnderstandingState;
  tdd?: TddWorkflowState;
  validationReport?: ValidationReport;
  skillNamed?: Skill | null;
} {
  const { du, tdd, report, skill } = outcome.rows;
  return {
    ...(du ? { deepUnderstanding: du as unknown as DeepUnderstandingState } : {}),
    ...(tdd ? { tdd: tdd as unknown as TddWorkflowState } : {}),
    ...(report ? { validationReport: report as unknown as ValidationReport } : {}),
    ...(skill !== undefined ? { skillNamed: skill as unknown as Skill | null } : {}),
  };
}
