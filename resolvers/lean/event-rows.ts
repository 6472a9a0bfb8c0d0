// A job's events after a sequence, read with `pg` directly: the read every jobEvents stream makes after each ring
// (resolvers/events/streams.ts), without Prisma's per-call runtime. One prepared statement.
import type pg from 'pg';
import { pooledQuery, preparedStatementName, type JobEvent } from '../../prisma/database';
import { JOB_EVENT_COLUMNS, toJobEvent, type JobEventRow } from './rows';

const EVENTS_AFTER_SEQUENCE = `SELECT ${JOB_EVENT_COLUMNS} FROM job_events
  WHERE job_id = $1::uuid AND sequence > $2 ORDER BY sequence LIMIT $3`;

/** Up to `limit` events of the job with a sequence above `afterSequence`, ascending (Prisma-shaped rows). */
export async function readEventsAfterSequence(
  pool: pg.Pool,
  jobId: string,
  afterSequence: number,
  limit: number,
): Promise<JobEvent[]> {
  const { rows } = await pooledQuery<JobEventRow>(pool, {
    name: preparedStatementName({ sql: EVENTS_AFTER_SEQUENCE }),
    text: EVENTS_AFTER_SEQUENCE,
    values: [jobId, afterSequence, limit],
  });
  return rows.map(toJobEvent);
}
