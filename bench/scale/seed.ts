// Fills a benchmark database with N jobs, their events, prompts and skills, generated in SQL (generate_series: nothing
// crosses the wire but the statements). The tables' indexes and foreign keys are dropped for the load and built again
// after it (with the job status trigger off: the counts are computed once instead, exactly as the trigger would keep
// them), then jobs and prompts are vacuumed (index-only scans need their visibility map, as autovacuum keeps it) and
// everything analysed.
//
// The shape of the data (per 100 jobs): 84 COMPLETED (20 events, a CLARIFY and a CONFIRM prompt answered, a ~6 KB
// draft, promoted), 5 FAILED, 2 CANCELLED, 5 PENDING_HITL (a CLARIFY prompt pending), 4 PENDING_REVIEW; plus 20
// RUNNING (10 of them stuck for two hours) and 20 PENDING jobs whatever N is: what runs is bounded by the workers, not
// by the history. (5 % of all jobs waiting on a person is more than timeouts would leave: a stress on the pending-
// prompt reads.) One user per 1,000 jobs, so the benchmark's user ('bench') has about 1,000 jobs at any N, and
// min(N / 10, 10,000) skills (re-promotions publish new versions of the same names). The draft texts are drawn from
// 200 generated SKILL.md-like texts of ~6 KB (words of a 240-word vocabulary: they compress about as real drafts do).
import type pg from 'pg';
import { connectClient } from '../../harness/pg-connections';

export const SEEDED_TABLES = ['jobs', 'job_events', 'hitl_interactions', 'skills'] as const;
export const BENCH_USER = 'bench';
/** A word in the content of 1 skill in 100. */
export const SEARCH_TOPIC = 'topic7';

export interface SeedResult {
  jobs: number;
  events: number;
  prompts: number;
  skills: number;
  loadSeconds: number;
  indexSeconds: number;
  vacuumSeconds: number;
  /** What differs from a database kept by the app (empty when none): see checkSeeded. */
  problems: string[];
}

/** The statements that recreate what the load drops: keys and unique indexes first, then indexes, then foreign keys. */
async function dropKeysAndIndexes(
  client: pg.Client,
): Promise<Array<{ table: string; foreignKey: boolean; sql: string }>> {
  const { rows } = await client.query<{ kind: string; name: string; tbl: string; def: string }>(
    `SELECT 'fk' AS kind, c.conname AS name, c.conrelid::regclass::text AS tbl, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.contype = 'f' AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))
     UNION ALL
     SELECT 'key', c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid)
       FROM pg_constraint c WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY($1)
     UNION ALL
     SELECT 'index', i.indexname, i.tablename, i.indexdef
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [SEEDED_TABLES],
  );
  const order = { key: 0, index: 1, fk: 2 } as Record<string, number>;
  const byKind = (kind: string) => rows.filter((r) => r.kind === kind);
  for (const fk of byKind('fk')) await client.query(`ALTER TABLE "${fk.tbl}" DROP CONSTRAINT "${fk.name}"`);
  for (const index of byKind('index')) await client.query(`DROP INDEX "${index.name}"`);
  for (const key of byKind('key')) await client.query(`ALTER TABLE "${key.tbl}" DROP CONSTRAINT "${key.name}"`);
  return [...rows]
    .sort((a, b) => order[a.kind]! - order[b.kind]!)
    .map((r) => ({
      table: r.tbl,
      foreignKey: r.kind === 'fk',
      sql: r.kind === 'index' ? r.def : `ALTER TABLE "${r.tbl}" ADD CONSTRAINT "${r.name}" ${r.def}`,
    }));
}

const STATUS_OF_G = `CASE
    WHEN g <= 20 THEN 'RUNNING'
    WHEN g <= 40 THEN 'PENDING'
    WHEN (g / $2) % 100 < 84 THEN 'COMPLETED'
    WHEN (g / $2) % 100 < 89 THEN 'FAILED'
    WHEN (g / $2) % 100 < 91 THEN 'CANCELLED'
    WHEN (g / $2) % 100 < 96 THEN 'PENDING_HITL'
    ELSE 'PENDING_REVIEW' END::job_status`;

const LOAD = [
  // 200 draft bodies of ~6 KB, words drawn from a vocabulary by a hash of (draft, position).
  `CREATE TABLE bench_draft_pool AS
   SELECT d AS id, string_agg(
            (string_to_array('migration schema table index column constraint lock transaction rollback deploy review test ' ||
              'agent skill prompt answer question scenario pressure rationale excuse loophole counter flag check guard ' ||
              'write read update delete insert select query plan cost row page batch queue worker retry backoff ' ||
              'timeout deadline budget event log sequence gap order stream socket client server request response ' ||
              'error failure cause fix patch version release note change diff merge branch commit history audit ' ||
              'owner user admin role token secret key value config setting default option flag limit size count ' ||
              'when never always must should avoid prefer use keep drop add remove rename split join move copy ' ||
              'before after during until while unless because therefore however instead also only even still ' ||
              'the a an of to in on for with by from as at is are be not no yes each every all any some most ' ||
              'first last next previous new old safe unsafe fast slow small large long short simple complex clear ' ||
              'step list rule section example pattern anti red green refactor baseline compliance validate score ' ||
              'production staging local remote backup restore snapshot replica primary standby vacuum analyze', ' '))
            [1 + abs(hashint4(d * 7919 + k)) % 240]
            || CASE WHEN k % 97 = 0 THEN E'\\n\\n## Section ' || (k / 97) || E'\\n\\n' WHEN k % 13 = 0 THEN E'.\\n- ' ELSE ' ' END,
            '' ORDER BY k) AS body
     FROM generate_series(0, 199) d, generate_series(1, 900) k GROUP BY d`,
  `INSERT INTO jobs (job_id, status, user_id, task_description, task_description_refined, current_phase, progress_message,
                     progress_percent, result, error, draft_path, final_path, promoted, validation_passed, validation_score,
                     hitl_policy, skill_name, skill_description, taxonomy_path, draft_content, validation_attempts,
                     last_sequence, created_at, started_at, completed_at, updated_at)
   SELECT gen_random_uuid(), s.status, s.user_id,
          'a skill that teaches an agent to handle case ' || g || ' of safe postgres schema migrations in production',
          CASE WHEN s.status NOT IN ('PENDING') THEN 'Teach an agent to plan, review and apply postgres schema migrations ' ||
            'without locking hot tables or losing data, for case ' || g END,
          CASE s.status WHEN 'PENDING' THEN NULL WHEN 'PENDING_HITL' THEN 'DEEP_UNDERSTANDING' WHEN 'RUNNING' THEN 'TDD_GREEN'
            WHEN 'PENDING_REVIEW' THEN 'VALIDATION' ELSE 'PROMOTION' END::workflow_phase,
          CASE s.status WHEN 'COMPLETED' THEN 'Skill promoted' WHEN 'PENDING_HITL' THEN 'Waiting for answers' ELSE NULL END,
          CASE s.status WHEN 'COMPLETED' THEN 100 WHEN 'PENDING' THEN 0 WHEN 'PENDING_HITL' THEN 15 ELSE 80 END,
          CASE WHEN s.status = 'COMPLETED' THEN jsonb_build_object('skillId', gen_random_uuid(), 'name', s.skill_name,
            'version', '1.0.0', 'taxonomyPath', 'development/databases/' || s.skill_name,
            'draftPath', '_drafts/' || g || '/development/databases/' || s.skill_name,
            'finalPath', 'development/databases/' || s.skill_name) END,
          CASE WHEN s.status = 'FAILED' THEN 'VALIDATION failed 5 times: the draft scores 0.42, below 0.8' END,
          CASE WHEN s.has_draft THEN '_drafts/' || g || '/development/databases/' || s.skill_name END,
          CASE WHEN s.status = 'COMPLETED' THEN 'development/databases/' || s.skill_name END,
          s.status = 'COMPLETED',
          CASE WHEN s.has_draft THEN s.status <> 'FAILED' END,
          CASE WHEN s.has_draft THEN 0.92 END,
          '{"clarify": true, "confirm": true, "preview": false, "validate": false, "tdd": false, "timeoutSeconds": 86400}',
          CASE WHEN s.status <> 'PENDING' THEN s.skill_name END,
          CASE WHEN s.status <> 'PENDING' THEN 'Use when writing, reviewing or applying a postgres schema migration ' ||
            'that touches a table in production.' END,
          CASE WHEN s.status <> 'PENDING' THEN 'development/databases/' || s.skill_name END,
          CASE WHEN s.has_draft THEN E'---\\nname: ' || s.skill_name || E'\\ndescription: Use when applying migration ' || g ||
            E'\\n---\\n\\n# ' || s.skill_name || E'\\n\\n' || p.body END,
          CASE WHEN s.has_draft THEN 1 ELSE 0 END,
          CASE s.status WHEN 'COMPLETED' THEN 20 WHEN 'FAILED' THEN 12 WHEN 'CANCELLED' THEN 8 WHEN 'PENDING_HITL' THEN 12
            WHEN 'PENDING_REVIEW' THEN 16 WHEN 'RUNNING' THEN 5 ELSE 1 END,
          s.created_at,
          CASE WHEN s.status <> 'PENDING' THEN s.created_at + interval '1 second' END,
          CASE WHEN s.status IN ('COMPLETED', 'FAILED', 'CANCELLED', 'PENDING_REVIEW')
            THEN s.created_at + (120 + g % 900) * interval '1 second' END,
          CASE WHEN s.status = 'RUNNING' AND g <= 10 THEN now() - interval '2 hours'
            WHEN s.status IN ('RUNNING', 'PENDING') THEN now()
            ELSE s.created_at + (120 + g % 900) * interval '1 second' END
     FROM (SELECT g, ${STATUS_OF_G} AS status,
                  CASE WHEN g % $2 = 0 THEN '${BENCH_USER}' ELSE 'user-' || (g % $2) END AS user_id,
                  'skill-' || (g % $3) AS skill_name,
                  now() - ((($1 - g) * 30) + 600) * interval '1 second' AS created_at,
                  ${STATUS_OF_G} IN ('COMPLETED', 'FAILED', 'PENDING_REVIEW') AS has_draft
             FROM generate_series($4, $5) g) s
     JOIN bench_draft_pool p ON p.id = s.g % 200`,
  `INSERT INTO job_events (job_id, sequence, event_type, status, phase, progress_percent, message, data, created_at)
   SELECT j.job_id, e,
          (CASE WHEN e = 1 THEN 'CREATED' WHEN e = j.last_sequence AND j.status <> 'RUNNING' THEN 'STATUS_CHANGED'
                WHEN e % 2 = 0 THEN 'PHASE_STARTED' ELSE 'PHASE_COMPLETED' END)::job_event_type,
          CASE WHEN e = 1 THEN 'PENDING'::job_status WHEN e = j.last_sequence THEN j.status ELSE 'RUNNING' END,
          (ARRAY['TASK_REFINEMENT','DEEP_UNDERSTANDING','TDD_RED','TDD_GREEN','TDD_REFACTOR','VALIDATION','PROMOTION'])
            [1 + least(6, e / 3)]::workflow_phase,
          least(100, e * 5),
          CASE WHEN e = 1 THEN 'Job created' ELSE 'Phase step ' || e || ' of the skill-creation workflow' END,
          CASE WHEN e % 2 = 1 THEN jsonb_build_object('attempt', 1, 'step', e) END,
          j.created_at + e * interval '1 second'
     FROM jobs j, generate_series(1, j.last_sequence) e
    -- One part of the jobs (a random bit of their UUID), so that the parts load side by side.
    WHERE get_byte(uuid_send(j.job_id), 15) % $5 = $4`,
  // A CLARIFY prompt on every job past DEEP_UNDERSTANDING's first round (pending on PENDING_HITL jobs), a CONFIRM
  // prompt answered on the finished ones.
  `INSERT INTO hitl_interactions (job_id, interaction_type, round_number, status, prompt_data, response_data, created_at,
                                  responded_at, timeout_at)
   SELECT j.job_id, t.type::hitl_type, 1,
          (CASE WHEN j.status = 'PENDING_HITL' THEN 'PENDING' ELSE 'RESPONDED' END)::hitl_status,
          CASE WHEN t.type = 'CLARIFY' THEN jsonb_build_object('kind', 'questions', 'rationale',
              'Before drafting, a few questions about how migrations are run for case ' || left(j.job_id::text, 8),
              'questions', (SELECT jsonb_agg(jsonb_build_object('id', 'q' || q, 'text',
                  'Which of these describes how your team applies schema changes, question ' || q || '?',
                  'questionType', 'SINGLE', 'required', true, 'allowsOther', true,
                  'options', jsonb_build_array(jsonb_build_object('id', 'a', 'label', 'A migration tool in CI'),
                    jsonb_build_object('id', 'b', 'label', 'By hand in psql'),
                    jsonb_build_object('id', 'c', 'label', 'An ORM at application start'))))
                FROM generate_series(1, 4) q))
            ELSE jsonb_build_object('kind', 'review', 'title', 'Confirm the understanding', 'summary',
              'The skill teaches an agent to plan and apply postgres migrations without long locks.',
              'highlights', jsonb_build_array('no long locks', 'reversible steps'), 'allowedActions', jsonb_build_array('PROCEED', 'REVISE', 'CANCEL')) END,
          CASE WHEN j.status <> 'PENDING_HITL' THEN jsonb_build_object('action', 'PROCEED', 'feedback', NULL,
            'respondedBy', j.user_id, 'answers', (SELECT jsonb_agg(jsonb_build_object('questionId', 'q' || q, 'text', NULL,
              'optionIds', jsonb_build_array('a'))) FROM generate_series(1, 4) q)) END,
          j.created_at + interval '5 seconds',
          CASE WHEN j.status <> 'PENDING_HITL' THEN j.created_at + interval '60 seconds' END,
          j.created_at + interval '1 day'
     FROM jobs j
     JOIN (VALUES ('CLARIFY'), ('CONFIRM')) t(type)
       ON t.type = 'CLARIFY' OR j.status IN ('COMPLETED', 'FAILED', 'CANCELLED', 'PENDING_REVIEW')
    WHERE j.status NOT IN ('PENDING', 'RUNNING')`,
  `INSERT INTO skills (name, taxonomy_path, description, content, version, status, job_id, validation_score, created_at,
                       updated_at, published_at)
   SELECT 'skill-' || k, 'development/databases/skill-' || k,
          'Use when writing, reviewing or applying a postgres schema migration of kind ' || (k % 100),
          E'---\\nname: skill-' || k || E'\\n---\\n\\n# skill-' || k || ' topic' || (k % 100) || E'\\n\\n' || p.body,
          '1.' || (k % 7) || '.0', 'ACTIVE', NULL, 0.92, now() - interval '30 days', now(), now() - (k * interval '1 minute')
     FROM generate_series(0, $3 - 1) k JOIN bench_draft_pool p ON p.id = k % 200`,
];

/** Statements that load side by side: one per core of the 2-core machines this runs on. */
const PARALLEL = 2;

export async function seedJobs(url: string, jobs: number, log: (message: string) => void): Promise<SeedResult> {
  const users = Math.max(1, Math.round(jobs / 1000));
  const skills = Math.max(10, Math.min(10_000, Math.ceil(jobs / 10)));
  const clients = await Promise.all(Array.from({ length: PARALLEL }, () => connectClient(url)));
  const [one] = clients as [pg.Client];
  const run = async (client: pg.Client, sql: string, part: [number, number] = [0, 1]) => {
    const t = Date.now();
    // $1 jobs, $2 users, $3 skills, $4 and $5 the part (a range of jobs, or part $4 of $5): whole numbers of ours,
    // written into the text (a statement that uses only some of them could not type the others).
    const values = [jobs, users, skills, ...part];
    const text = sql.replace(/\$([1-5])/g, (_, n: string) => String(values[Number(n) - 1]));
    const result = await client.query(text);
    if (Date.now() - t > 1000 || /^\s*(INSERT|CREATE TABLE)/.test(sql))
      log(`  ${sql.trim().split(/\s+/).slice(0, 3).join(' ')}: ${result.rowCount ?? 0} rows in ${Date.now() - t} ms`);
  };
  /** Runs the tasks on the connections, each connection taking the next task when it is free. */
  const sideBySide = async (tasks: Array<(client: pg.Client) => Promise<void>>) => {
    const queue = [...tasks];
    await Promise.all(
      clients.map(async (client) => {
        for (let task = queue.shift(); task; task = queue.shift()) await task(client);
      }),
    );
  };
  const parts = Array.from({ length: PARALLEL }, (_, k) => k);
  try {
    for (const client of clients) {
      // Index builds sort in memory (the job_events key is ~19 M rows at 1M jobs) instead of in temporary files.
      await client.query(`SET maintenance_work_mem = '512MB'`);
      await client.query(`SET max_parallel_maintenance_workers = 2`);
    }
    const started = Date.now();
    const recreate = await dropKeysAndIndexes(one);
    await one.query('ALTER TABLE jobs DISABLE TRIGGER jobs_record_status_change');
    const [pool, jobRows, events, prompts, skillRows] = LOAD as [string, string, string, string, string];
    await run(one, pool);
    const per = Math.ceil(jobs / PARALLEL);
    await sideBySide(parts.map((k) => (client) => run(client, jobRows, [k * per + 1, Math.min(jobs, (k + 1) * per)])));
    await sideBySide([
      ...parts.map((k) => (client: pg.Client) => run(client, events, [k, PARALLEL])),
      (client) => run(client, prompts),
      async (client) => {
        await run(client, skillRows);
        // The skills' newest promoting job.
        await run(
          client,
          `UPDATE skills s SET job_id = j.job_id
           FROM (SELECT DISTINCT ON (skill_name) skill_name, job_id FROM jobs WHERE status = 'COMPLETED'
                 ORDER BY skill_name, created_at DESC) j WHERE j.skill_name = s.name`,
        );
      },
    ]);
    await one.query('DROP TABLE bench_draft_pool');
    const loaded = Date.now();
    // The biggest (job_events') first, each connection taking the next.
    const keysAndIndexes = recreate.filter((r) => !r.foreignKey);
    await sideBySide(
      [
        ...keysAndIndexes.filter((r) => r.table === 'job_events'),
        ...keysAndIndexes.filter((r) => r.table !== 'job_events'),
      ].map((r) => (client) => run(client, r.sql)),
    );
    for (const r of recreate.filter((r) => r.foreignKey)) await run(one, r.sql);
    const indexed = Date.now();
    await one.query('ALTER TABLE jobs ENABLE TRIGGER jobs_record_status_change');
    // What the status trigger would have kept: the counts and durations per status, no change left to fold.
    await one.query('DELETE FROM job_status_changes');
    await one.query('DELETE FROM job_status_counts');
    await one.query(`INSERT INTO job_status_counts (status, count, finished, duration_seconds)
      SELECT status, count(*), count(completed_at), coalesce(sum(job_duration_seconds(created_at, completed_at)), 0)
      FROM jobs GROUP BY status`);
    await sideBySide([
      (client) => run(client, 'VACUUM (ANALYZE) jobs'),
      (client) => run(client, 'VACUUM (ANALYZE) hitl_interactions'),
      (client) => run(client, 'ANALYZE job_events, skills, job_status_counts'),
    ]);
    const problems = await checkSeeded(one, recreate.length);
    const counted = await one.query<{ events: string; prompts: string }>(
      `SELECT (SELECT count(*) FROM job_events) AS events, (SELECT count(*) FROM hitl_interactions) AS prompts`,
    );
    return {
      jobs,
      events: Number(counted.rows[0]!.events),
      prompts: Number(counted.rows[0]!.prompts),
      skills,
      loadSeconds: (loaded - started) / 1000,
      indexSeconds: (indexed - loaded) / 1000,
      vacuumSeconds: (Date.now() - indexed) / 1000,
      problems,
    };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/**
 * The database after the load is one the app could have kept: every dropped key, index and foreign key is back, the
 * status trigger is on again, and the counts it keeps equal the jobs' (nothing left to fold).
 */
async function checkSeeded(client: pg.Client, dropped: number): Promise<string[]> {
  const problems: string[] = [];
  const { rows: objects } = await client.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM pg_constraint c WHERE c.contype IN ('p', 'u', 'f')
               AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1)))
          + (SELECT count(*) FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)) AS n`,
    [SEEDED_TABLES],
  );
  if (Number(objects[0]!.n) !== dropped) problems.push(`${objects[0]!.n} keys and indexes, ${dropped} before the load`);
  const { rows: trigger } = await client.query<{ tgenabled: string }>(
    `SELECT tgenabled FROM pg_trigger WHERE tgname = 'jobs_record_status_change'`,
  );
  if (trigger[0]?.tgenabled !== 'O') problems.push(`the status trigger is ${trigger[0]?.tgenabled ?? 'missing'}`);
  const { rows: wrong } = await client.query<{ status: string; kept: string | null; actual: string | null }>(
    `SELECT status, k.count AS kept, a.count AS actual
       FROM (SELECT status, count(*) FROM jobs GROUP BY status) a
       FULL JOIN (SELECT status, count FROM job_status_counts WHERE count <> 0) k USING (status)
      WHERE k.count IS DISTINCT FROM a.count
        OR EXISTS (SELECT 1 FROM job_status_changes)`,
  );
  for (const row of wrong) problems.push(`${row.status}: counts say ${row.kept}, the jobs are ${row.actual}`);
  return problems;
}

/**
 * Bytes on disk per job: each table with its indexes and TOAST, and the whole database, divided by the jobs; and the
 * average stored size of the text-carrying values.
 */
export async function bytesPerJob(url: string, jobs: number): Promise<Record<string, number>> {
  const client = await connectClient(url);
  try {
    const { rows } = await client.query<{ name: string; bytes: string }>(
      `SELECT t AS name, pg_total_relation_size(t::regclass) AS bytes FROM unnest($1::text[]) t
       UNION ALL SELECT 'jobs (heap)', pg_relation_size('jobs')
       UNION ALL SELECT 'jobs (TOAST: out-of-line values)', pg_total_relation_size(reltoastrelid) FROM pg_class WHERE oid = 'public.jobs'::regclass
       UNION ALL SELECT 'jobs (indexes)', pg_indexes_size('jobs')
       UNION ALL SELECT 'database', pg_database_size(current_database())`,
      [SEEDED_TABLES],
    );
    // Stored (compressed) sizes of the values that carry SKILL.md text, averaged over a 1 % sample of the rows.
    const { rows: values } = await client.query<{ name: string; bytes: string }>(
      `SELECT 'jobs.draft_content (stored, per job that has one)' AS name, avg(pg_column_size(draft_content)) AS bytes
         FROM jobs TABLESAMPLE SYSTEM (1) WHERE draft_content IS NOT NULL
       UNION ALL SELECT 'skills.content (stored, per skill)', avg(pg_column_size(content)) FROM skills
       UNION ALL SELECT 'hitl_interactions.prompt_data (stored, per prompt)', avg(pg_column_size(prompt_data))
         FROM hitl_interactions TABLESAMPLE SYSTEM (1)`,
    );
    return {
      ...Object.fromEntries(rows.map((r) => [r.name, Math.round(Number(r.bytes) / jobs)])),
      ...Object.fromEntries(values.map((r) => [r.name, Math.round(Number(r.bytes ?? 0))])),
    };
  } finally {
    await client.end();
  }
}
