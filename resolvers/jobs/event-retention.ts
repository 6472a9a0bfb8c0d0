// Retention of the event logs of finished jobs (EVENT_RETENTION_DAYS; unset: kept forever). Every worker sweep purges
// a batch: the events of COMPLETED, FAILED and CANCELLED jobs that finished more than the setting ago, all but the
// last one (the terminal event, which ends a jobEvents stream), and records on the job how far the purge went
// (jobs.events_purged_through) so a replay starts after it. PENDING_REVIEW jobs are not finished (a person may still
// promote them) and keep their events.
import type { Services } from '../services';

/** Jobs per sweep: a sweep stays short; a backlog drains over the next ones. */
export const PURGE_BATCH_JOBS = 200;

export interface PurgeResult {
  jobs: number;
  events: number;
}

export async function purgeExpiredEvents(services: Services, batchJobs = PURGE_BATCH_JOBS): Promise<PurgeResult> {
  const days = services.settings.eventRetentionDays;
  if (days === undefined) return { jobs: 0, events: 0 };
  // The candidates come from jobs_events_to_purge_idx (finished, not purged yet); SKIP LOCKED: two sweepers, or a
  // retry of the job, never wait on each other.
  const [row] = await services.prisma.$queryRaw<[{ jobs: bigint; events: bigint }]>`
    WITH expired AS (
      SELECT job_id, last_sequence FROM jobs
      WHERE status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND events_purged_through < last_sequence - 1
        AND completed_at < now() - make_interval(days => ${days}::int)
      ORDER BY completed_at
      LIMIT ${batchJobs}::int
      FOR UPDATE SKIP LOCKED
    ), gone AS (
      DELETE FROM job_events e USING expired x
      WHERE e.job_id = x.job_id AND e.sequence < x.last_sequence
      RETURNING 1
    ), marked AS (
      UPDATE jobs j SET events_purged_through = x.last_sequence - 1
      FROM expired x WHERE j.job_id = x.job_id
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM marked) AS jobs, (SELECT count(*) FROM gone) AS events`;
  const result = { jobs: Number(row.jobs), events: Number(row.events) };
  if (result.jobs > 0) services.logger.info({ ...result, days }, 'purged the events of finished jobs');
  return result;
}
