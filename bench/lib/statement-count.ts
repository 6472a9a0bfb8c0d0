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
