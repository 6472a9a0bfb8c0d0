// How many statements a database ran (pg_stat_statements, present with `npm run bench -- <name> --statements`),
// without a benchmark's own observers (pg_stat_activity samples, status polls, the job(id) probe): a count that a
// busy host does not change, for before/after comparisons of the statements a change saves.
import { adminQuery } from './postgres';

/** Null when the server has no pg_stat_statements (a run without --statements). */
export async function statementCount(adminUrl: string, database: string, excluded: string[]): Promise<number | null> {
  try {
    const [row] = await adminQuery<{ calls: string | null }>(
      adminUrl,
      `SELECT sum(s.calls) AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = $1 AND s.toplevel AND NOT s.query LIKE ANY ($2::text[])`,
      [database, excluded.map((text) => `%${text}%`)],
    );
    return row?.calls ? Number(row.calls) : null;
  } catch {
    return null;
  }
}

export interface StatementCalls {
  query: string;
  calls: number;
}

/** Calls per statement (pg_stat_statements' queryid), for a breakdown of what a change saves; empty without it. */
export async function statementCalls(
  adminUrl: string,
  database: string,
  excluded: string[],
): Promise<Map<string, StatementCalls>> {
  try {
    const rows = await adminQuery<{ queryid: string; query: string; calls: string }>(
      adminUrl,
      `SELECT s.queryid::text AS queryid, s.query, s.calls::text AS calls
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = $1 AND s.toplevel AND NOT s.query LIKE ANY ($2::text[])`,
      [database, excluded.map((text) => `%${text}%`)],
    );
    return new Map(rows.map((r) => [r.queryid, { query: r.query, calls: Number(r.calls) }]));
  } catch {
    return new Map();
  }
}

/** The `top` statements by calls made between two `statementCalls` snapshots, per `per` (e.g. per job). */
export function busiestStatements(
  before: Map<string, StatementCalls>,
  after: Map<string, StatementCalls>,
  per: number,
  top = 20,
): string[] {
  return [...after]
    .map(([id, s]) => ({ query: s.query, calls: s.calls - (before.get(id)?.calls ?? 0) }))
    .filter((s) => s.calls > 0)
    .sort((a, b) => b.calls - a.calls)
    .slice(0, top)
    .map((s) => `${(s.calls / per).toFixed(2).padStart(7)}  ${s.query.replace(/\s+/g, ' ').slice(0, 160)}`);
}
