// The promises the service keeps, as queries that list every row breaking one. Used at the end of every fault,
// concurrency and abuse suite, and by operators (`npm run doctor`) against any database. Each query returns
// offending rows; none means the invariant holds. Only promises the schema cannot enforce by itself belong here
// (a skill name is unique by a constraint, so no check for that).
import type { PrismaClient } from '../prisma/database';
import { COUNTED_JOBS_SQL, COUNTED_PENDING_PROMPTS_SQL } from './metric-counts';
import { ADVANCE_SKILL_JOB, HITL_TIMEOUT } from './queue/contracts';
import { advanceTaskWillRunSql, timeoutTaskExistsSql } from './queue/worker-tables';

export interface Violation {
  invariant: string;
  jobId: string | null;
  detail: string;
}

interface Check {
  invariant: string;
  sql: string;
}

const TERMINAL = `('COMPLETED', 'FAILED', 'CANCELLED')`;

export const CHECKS: readonly Check[] = [
  {
    // Events 1..events_purged_through are gone by design (EVENT_RETENTION_DAYS): the log starts after them.
    invariant: 'events are numbered 1..n with no gaps, and n is the job last_sequence',
    sql: `SELECT j.job_id::text AS job_id,
                 format('last_sequence %s, purged through %s, %s events, max sequence %s', j.last_sequence, j.events_purged_through, count(e.*), coalesce(max(e.sequence), 0)) AS detail
          FROM jobs j LEFT JOIN job_events e ON e.job_id = j.job_id
          GROUP BY j.job_id, j.last_sequence, j.events_purged_through
          HAVING count(e.*) <> j.last_sequence - j.events_purged_through OR coalesce(max(e.sequence), 0) <> j.last_sequence
              OR coalesce(min(e.sequence), j.events_purged_through + 1) <> j.events_purged_through + 1`,
  },
  {
    invariant: "a terminal job's last event records the terminal status",
    sql: `SELECT j.job_id::text AS job_id, format('job is %s, last event #%s is %s %s', j.status, e.sequence, e.event_type, e.status) AS detail
          FROM jobs j JOIN job_events e ON e.job_id = j.job_id AND e.sequence = j.last_sequence
          WHERE j.status IN ${TERMINAL} AND (e.status <> j.status OR e.event_type <> 'STATUS_CHANGED')`,
  },
  {
    invariant: 'at most one PENDING prompt per job, and none on a finished job',
    sql: `SELECT j.job_id::text AS job_id, format('job is %s with %s pending prompts', j.status, count(*)) AS detail
          FROM jobs j JOIN hitl_interactions i ON i.job_id = j.job_id AND i.status = 'PENDING'
          GROUP BY j.job_id, j.status
          HAVING count(*) > 1 OR j.status IN ${TERMINAL}`,
  },
  {
    invariant: 'a PENDING_HITL job has exactly one pending prompt',
    sql: `SELECT j.job_id::text AS job_id, format('%s pending prompts', count(i.*)) AS detail
          FROM jobs j LEFT JOIN hitl_interactions i ON i.job_id = j.job_id AND i.status = 'PENDING'
          WHERE j.status = 'PENDING_HITL'
          GROUP BY j.job_id HAVING count(i.*) <> 1`,
  },
  {
    invariant: 'every RESPONDED prompt has exactly one HITL_RESPONDED event',
    sql: `SELECT i.job_id::text AS job_id, format('interaction %s has %s HITL_RESPONDED events', i.interaction_id, count(e.*)) AS detail
          FROM hitl_interactions i
          LEFT JOIN job_events e ON e.job_id = i.job_id AND e.event_type = 'HITL_RESPONDED'
                                 AND (e.data->>'interactionId')::int = i.interaction_id
          WHERE i.status = 'RESPONDED'
          GROUP BY i.job_id, i.interaction_id HAVING count(e.*) <> 1`,
  },
  {
    invariant: 'a promoted COMPLETED job has its skill',
    sql: `SELECT j.job_id::text AS job_id, format('no ACTIVE skill named %s', coalesce(j.skill_name, '(none)')) AS detail
          FROM jobs j
          WHERE j.status = 'COMPLETED' AND j.promoted
            AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.name = j.skill_name AND s.status = 'ACTIVE')`,
  },
  {
    invariant: 'a PENDING or RUNNING job has a queued advance task, or one a live worker is running',
    sql: `SELECT j.job_id::text AS job_id, format('job is %s at %s with no ${ADVANCE_SKILL_JOB} task that will run', j.status, coalesce(j.current_phase::text, 'start')) AS detail
          FROM jobs j
          WHERE j.status IN ('PENDING', 'RUNNING')
            AND NOT ${advanceTaskWillRunSql('j.job_id', '$1')}`,
  },
  {
    invariant: 'a pending prompt has its timeout scheduled',
    sql: `SELECT i.job_id::text AS job_id, format('interaction %s has no ${HITL_TIMEOUT} task', i.interaction_id) AS detail
          FROM hitl_interactions i
          WHERE i.status = 'PENDING'
            AND NOT ${timeoutTaskExistsSql('i.interaction_id')}`,
  },
  {
    invariant: 'the job counts of /metrics (kept by a trigger) equal a real count of jobs per status',
    sql: `SELECT NULL AS job_id, format('status %s: counted %s, jobs %s', coalesce(c.status, a.status), coalesce(c.count, 0), coalesce(a.count, 0)) AS detail
          FROM (${COUNTED_JOBS_SQL}) c
          FULL JOIN (SELECT status, count(*)::bigint AS count FROM jobs GROUP BY status) a ON a.status = c.status
          WHERE coalesce(c.count, 0) <> coalesce(a.count, 0)`,
  },
  {
    invariant:
      'the pending prompt counts of /metrics (kept by triggers) equal a real count of pending prompts per type',
    sql: `SELECT NULL AS job_id, format('type %s: counted %s, pending %s', coalesce(c.interaction_type, a.interaction_type), coalesce(c.count, 0), coalesce(a.count, 0)) AS detail
          FROM (${COUNTED_PENDING_PROMPTS_SQL}) c
          FULL JOIN (SELECT interaction_type, count(*)::bigint AS count FROM hitl_interactions WHERE status = 'PENDING' GROUP BY interaction_type) a
            ON a.interaction_type = c.interaction_type
          WHERE coalesce(c.count, 0) <> coalesce(a.count, 0)`,
  },
];

export interface CheckOptions {
  /** A worker whose heartbeat is older than this is dead (WORKER_STALE_SECONDS; default 20). */
  staleSeconds?: number;
}

export async function checkInvariants(prisma: PrismaClient, options: CheckOptions = {}): Promise<Violation[]> {
  const violations: Violation[] = [];
  const staleSeconds = options.staleSeconds ?? 20;
  for (const check of CHECKS) {
    const params = check.sql.includes('$1') ? [staleSeconds] : [];
    const rows = await prisma.$queryRawUnsafe<Array<{ job_id: string | null; detail: string }>>(check.sql, ...params);
    for (const row of rows) violations.push({ invariant: check.invariant, jobId: row.job_id, detail: row.detail });
  }
  return violations;
}
