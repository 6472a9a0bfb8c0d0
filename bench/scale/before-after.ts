// Before and after the lean read path (issue 17), statement by statement on the large database: what the service
// issued before (a GROUP BY over every job for jobStats, a count of every job for totalCount, every column of a page,
// no (user_id, status, created_at) or (status, created_at, job_id) index) against what it issues now. "Before" runs
// in a transaction that drops the new indexes and brings back jobs_status_idx, then rolls back (the benchmark's API
// is idle by then). Each figure is the median execution time PostgreSQL reports (EXPLAIN ANALYZE) over 5 runs.
import type pg from 'pg';
import { connectClient } from '../../harness/pg-connections';
import { COUNTED_JOBS_SQL } from '../../resolvers/metric-counts';
import { median } from '../lib/stats';
import { BENCH_USER } from './seed';

interface Pair {
  label: string;
  before: string;
  after: string;
  params: unknown[];
}

const PAGE_COLUMNS = 'job_id, status, progress_percent, created_at, skill_name, user_id';

const PAIRS: Pair[] = [
  {
    label: 'jobStats (admin)',
    before: `SELECT status, count(*), avg(extract(epoch FROM completed_at - created_at)) FILTER (WHERE completed_at IS NOT NULL) FROM jobs GROUP BY status`,
    after: COUNTED_JOBS_SQL,
    params: [],
  },
  {
    label: 'jobs totalCount (admin, no filter)',
    before: 'SELECT count(*) FROM jobs',
    after: COUNTED_JOBS_SQL,
    params: [],
  },
  {
    label: 'jobs totalCount (admin, status PENDING_HITL)',
    before: `SELECT count(*) FROM jobs WHERE status IN ('PENDING_HITL')`,
    after: COUNTED_JOBS_SQL,
    params: [],
  },
  {
    label:
      'jobs page of 50 (user; every column before, the selected ones after: EXPLAIN neither detoasts nor sends them, the gain is in transfer and parsing)',
    before: 'SELECT * FROM jobs WHERE user_id = $1 ORDER BY created_at DESC, job_id DESC LIMIT 51',
    after: `SELECT ${PAGE_COLUMNS} FROM jobs WHERE user_id = $1 ORDER BY created_at DESC, job_id DESC LIMIT 51`,
    params: [BENCH_USER],
  },
  {
    label: 'jobs page of 50 (admin, status PENDING_HITL)',
    before: `SELECT * FROM jobs WHERE status IN ('PENDING_HITL') ORDER BY created_at DESC, job_id DESC LIMIT 51`,
    after: `SELECT ${PAGE_COLUMNS} FROM jobs WHERE status IN ('PENDING_HITL') ORDER BY created_at DESC, job_id DESC LIMIT 51`,
    params: [],
  },
  {
    label: 'pendingHitlJobs (user)',
    before: `SELECT * FROM jobs WHERE status = 'PENDING_HITL' AND user_id = $1 ORDER BY created_at LIMIT 500`,
    after: `SELECT job_id, status, created_at, user_id FROM jobs WHERE status = 'PENDING_HITL' AND user_id = $1 ORDER BY created_at, job_id LIMIT 500`,
    params: [BENCH_USER],
  },
  {
    label: 'jobStats (user)',
    before: `SELECT status, count(*), avg(extract(epoch FROM completed_at - created_at)) FILTER (WHERE completed_at IS NOT NULL) FROM jobs WHERE user_id = $1 GROUP BY status`,
    after: `SELECT status, count(*), count(completed_at), sum(extract(epoch FROM completed_at - created_at)) FROM jobs WHERE user_id = $1 GROUP BY status`,
    params: [BENCH_USER],
  },
];

async function executionMs(client: pg.Client, sql: string, params: unknown[]): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    runs.push(rows[0]!['QUERY PLAN'][0]!['Execution Time']);
  }
  return median(runs);
}

export interface BeforeAfter {
  label: string;
  beforeMs: number;
  afterMs: number;
}

export async function beforeAndAfter(url: string): Promise<BeforeAfter[]> {
  const client = await connectClient(url);
  try {
    const after = new Map<string, number>();
    for (const pair of PAIRS) after.set(pair.label, await executionMs(client, pair.after, pair.params));
    await client.query('BEGIN');
    try {
      await client.query('DROP INDEX jobs_user_id_status_created_at_idx, jobs_status_created_at_job_id_idx');
      await client.query('CREATE INDEX jobs_status_idx ON jobs (status)');
      const results: BeforeAfter[] = [];
      for (const pair of PAIRS) {
        results.push({
          label: pair.label,
          beforeMs: await executionMs(client, pair.before, pair.params),
          afterMs: after.get(pair.label)!,
        });
      }
      return results;
    } finally {
      await client.query('ROLLBACK');
    }
  } finally {
    await client.end();
  }
}
