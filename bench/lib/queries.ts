// Counting rows in a benchmark's database, for the sanity checks.
import { adminQuery } from './postgres';

export async function countJobs(url: string, where = 'TRUE'): Promise<number> {
  const [row] = await adminQuery<{ n: string }>(url, `SELECT count(*) AS n FROM jobs WHERE ${where}`);
  return Number(row?.n ?? 0);
}

/** graphile-worker jobs of one task (queued or locked; finished jobs are deleted by graphile-worker). */
export async function countQueued(url: string, task: string): Promise<number> {
  const [row] = await adminQuery<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1`,
    [task],
  );
  return Number(row?.n ?? 0);
}

export async function statusCounts(url: string): Promise<Record<string, number>> {
  const rows = await adminQuery<{ status: string; n: string }>(
    url,
    'SELECT status::text AS status, count(*) AS n FROM jobs GROUP BY status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}
