// EXPLAIN ANALYZE of the benchmarks' hot statements (as Prisma and graphile-worker issue them; see
// `npm run bench -- <name> --statements`) on a seeded database: 5,000 jobs of one user with 40 events each and a
// pending prompt on every other job.
//   node --import tsx bench/explain.ts
import { connectClient } from '../harness/pg-connections';
import { startBenchPostgres } from './lib/postgres';

const SEED = `
INSERT INTO jobs (job_id, status, user_id, task_description, last_sequence, current_phase)
SELECT gen_random_uuid(), (CASE WHEN g % 2 = 0 THEN 'PENDING_HITL' ELSE 'COMPLETED' END)::job_status, 'bench',
       'a skill for writing safe postgres migrations ' || g, 40, 'DEEP_UNDERSTANDING'
  FROM generate_series(1, 5000) g;
INSERT INTO job_events (job_id, sequence, event_type, status, phase, progress_percent, message, data)
SELECT j.job_id, s, 'PROGRESS', j.status, 'DEEP_UNDERSTANDING', 15, 'event ' || s, jsonb_build_object('step', s)
  FROM jobs j, generate_series(1, 40) s;
INSERT INTO hitl_interactions (job_id, interaction_type, status, prompt_data)
SELECT job_id, 'CLARIFY', 'PENDING', '{"questions": []}'::jsonb FROM jobs WHERE status = 'PENDING_HITL';
ANALYZE;
`;

/** [title, sql, params] — $1 is a job with a pending prompt. */
const STATEMENTS: Array<[string, string, (jobId: string) => unknown[]]> = [
  [
    'jobEvents subscription read (one per subscriber per ring)',
    `SELECT event_id, job_id, sequence, event_type::text, status::text, phase::text, progress_percent, message, data, created_at
       FROM job_events WHERE job_id = $1 AND sequence > $2 ORDER BY sequence ASC LIMIT $3 OFFSET $4`,
    (jobId) => [jobId, 30, 500, 0],
  ],
  [
    'job(id): the job',
    `SELECT * FROM jobs WHERE job_id = $1 AND user_id = $2 LIMIT $3 OFFSET $4`,
    (jobId) => [jobId, 'bench', 1, 0],
  ],
  [
    'job(id): pendingInteraction',
    `SELECT * FROM hitl_interactions WHERE status = CAST($1::text AS hitl_status) AND job_id IN ($2) OFFSET $3`,
    (jobId) => ['PENDING', jobId, 0],
  ],
  [
    'job(id): the last 10 events',
    `SELECT * FROM job_events WHERE sequence > $1 AND job_id IN ($2) ORDER BY sequence ASC OFFSET $3`,
    (jobId) => [30, jobId, 0],
  ],
  ['journal: lock the job', `SELECT job_id FROM jobs WHERE job_id = $1::uuid FOR UPDATE`, (jobId) => [jobId]],
  [
    'createSkillJob: the first task',
    `SELECT graphile_worker.add_job(identifier => $1::text, payload => $2::json, job_key => $3::text, max_attempts => $4::int)`,
    (jobId) => ['advance_skill_job', JSON.stringify({ jobId }), `advance:${jobId}`, 5],
  ],
];

async function main(): Promise<void> {
  const postgres = await startBenchPostgres(() => undefined);
  try {
    const database = await postgres.createDatabase('explain');
    const client = await connectClient(database.url);
    try {
      await client.query(SEED);
      const { rows } = await client.query<{ job_id: string }>(
        `SELECT job_id FROM jobs WHERE status = 'PENDING_HITL' LIMIT 1`,
      );
      const jobId = rows[0]!.job_id;
      process.stdout.write(`PostgreSQL ${postgres.version}; 5,000 jobs, 200,000 events, 2,500 pending prompts\n`);
      for (const [title, sql, params] of STATEMENTS) {
        await client.query('BEGIN');
        // Warm the plan and the cache once, then the measured run.
        await client.query(sql, params(jobId));
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params(jobId));
        await client.query('ROLLBACK');
        process.stdout.write(`\n-- ${title}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
      }
    } finally {
      await client.end();
      await database.drop();
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
