// The reads the scale benchmark times, each with what its answer must be (from the database itself) and the statements
// behind it (what Prisma or the resolver issues, for EXPLAIN when the operation misses its goal).
import { JOB_QUERY } from '../lib/graphql';
import { adminQuery } from '../lib/postgres';
import { BENCH_USER, SEARCH_TOPIC } from './seed';

/** What the answers must hold on one database. */
export interface Fixture {
  jobs: number;
  /** A job of the bench user waiting on a pending prompt, and its last event's sequence. */
  jobId: string;
  lastSequence: number;
  userJobs: number;
  userCompleted: number;
  userPendingHitl: number;
  completed: number;
  pendingHitl: number;
  stuck: number;
  topicSkills: number;
}

export async function readFixture(url: string): Promise<Fixture> {
  const [row] = await adminQuery<Record<string, string>>(
    url,
    `SELECT (SELECT count(*) FROM jobs) AS jobs,
            (SELECT job_id FROM jobs WHERE user_id = $1 AND status = 'PENDING_HITL' ORDER BY created_at DESC LIMIT 1) AS job_id,
            (SELECT count(*) FROM jobs WHERE user_id = $1) AS user_jobs,
            (SELECT count(*) FROM jobs WHERE user_id = $1 AND status = 'COMPLETED') AS user_completed,
            (SELECT count(*) FROM jobs WHERE user_id = $1 AND status = 'PENDING_HITL') AS user_pending_hitl,
            (SELECT count(*) FROM jobs WHERE status = 'COMPLETED') AS completed,
            (SELECT count(*) FROM jobs WHERE status = 'PENDING_HITL') AS pending_hitl,
            (SELECT count(*) FROM jobs WHERE status = 'RUNNING' AND updated_at < now() - interval '60 minutes') AS stuck,
            (SELECT count(*) FROM skills WHERE to_tsvector('english', name || ' ' || description || ' ' || content)
                                               @@ websearch_to_tsquery('english', $2)) AS topic_skills`,
    [BENCH_USER, SEARCH_TOPIC],
  );
  const [last] = await adminQuery<{ last_sequence: number }>(url, 'SELECT last_sequence FROM jobs WHERE job_id = $1', [
    row!.job_id,
  ]);
  return {
    jobs: Number(row!.jobs),
    jobId: row!.job_id!,
    lastSequence: last!.last_sequence,
    userJobs: Number(row!.user_jobs),
    userCompleted: Number(row!.user_completed),
    userPendingHitl: Number(row!.user_pending_hitl),
    completed: Number(row!.completed),
    pendingHitl: Number(row!.pending_hitl),
    stuck: Number(row!.stuck),
    topicSkills: Number(row!.topic_skills),
  };
}

export interface Operation {
  id: string;
  label: string;
  viewer: typeof BENCH_USER | 'admin';
  /** A GraphQL document and its variables, or null for the /metrics scrape. */
  request: (f: Fixture) => { query: string; variables?: Record<string, unknown> } | null;
  /** Why an answer is wrong, or null when it is right. */
  wrong: (body: string, f: Fixture) => string | null;
  /** The statements behind it, for EXPLAIN: [sql, params]. */
  statements: (f: Fixture) => Array<[string, unknown[]]>;
}

type Page = { data?: { jobs?: { totalCount: number; edges: Array<{ node: { status: string } }> } } };

const JOBS_PAGE = `query($filter: JobFilter) { jobs(first: 50, filter: $filter) {
  totalCount edges { node { id jobId status progressPercent createdAt skillName } } } }`;

function page(expectedTotal: (f: Fixture) => number, status?: string) {
  return (body: string, f: Fixture): string | null => {
    const jobs = (JSON.parse(body) as Page).data?.jobs;
    if (!jobs) return `no jobs in ${body.slice(0, 200)}`;
    const total = expectedTotal(f);
    if (jobs.totalCount !== total) return `totalCount ${jobs.totalCount}, expected ${total}`;
    if (jobs.edges.length !== Math.min(50, total)) return `${jobs.edges.length} edges`;
    if (status && jobs.edges.some((e) => e.node.status !== status)) return `a job not ${status}`;
    return null;
  };
}

const PAGE_COLUMNS = 'job_id, status, progress_percent, created_at, skill_name, user_id';

export const OPERATIONS: Operation[] = [
  {
    id: 'job',
    label: 'job(id) with its pending prompt and last 10 events (user)',
    viewer: BENCH_USER,
    request: (f) => ({ query: JOB_QUERY, variables: { id: f.jobId, after: Math.max(0, f.lastSequence - 10) } }),
    wrong: (body, f) =>
      body.includes('"pendingInteraction":{') &&
      body.includes(`"sequence":${Math.max(1, f.lastSequence - 9)},`) &&
      body.includes(`"sequence":${f.lastSequence},`)
        ? null
        : `unexpected ${body.slice(0, 200)}`,
    statements: (f) => [
      ['SELECT * FROM jobs WHERE job_id = $1 AND user_id = $2', [f.jobId, BENCH_USER]],
      [
        'SELECT * FROM job_events WHERE job_id = $1 AND sequence > $2 ORDER BY sequence',
        [f.jobId, Math.max(0, f.lastSequence - 10)],
      ],
    ],
  },
  {
    id: 'jobs_user',
    label: 'jobs(first: 50) with totalCount (user)',
    viewer: BENCH_USER,
    request: () => ({ query: JOBS_PAGE }),
    wrong: page((f) => f.userJobs),
    statements: () => [
      [
        `SELECT ${PAGE_COLUMNS} FROM jobs WHERE user_id = $1 ORDER BY created_at DESC, job_id DESC LIMIT 51`,
        [BENCH_USER],
      ],
      ['SELECT count(*) FROM jobs WHERE user_id = $1', [BENCH_USER]],
    ],
  },
  {
    id: 'jobs_user_status',
    label: 'jobs(first: 50, status COMPLETED) with totalCount (user)',
    viewer: BENCH_USER,
    request: () => ({ query: JOBS_PAGE, variables: { filter: { status: ['COMPLETED'] } } }),
    wrong: page((f) => f.userCompleted, 'COMPLETED'),
    statements: () => [
      [
        `SELECT ${PAGE_COLUMNS} FROM jobs WHERE user_id = $1 AND status IN ('COMPLETED') ORDER BY created_at DESC, job_id DESC LIMIT 51`,
        [BENCH_USER],
      ],
      [`SELECT count(*) FROM jobs WHERE user_id = $1 AND status IN ('COMPLETED')`, [BENCH_USER]],
    ],
  },
  {
    id: 'jobs_admin',
    label: 'jobs(first: 50) with totalCount (admin)',
    viewer: 'admin',
    request: () => ({ query: JOBS_PAGE }),
    wrong: page((f) => f.jobs),
    statements: () => [[`SELECT ${PAGE_COLUMNS} FROM jobs ORDER BY created_at DESC, job_id DESC LIMIT 51`, []]],
  },
  {
    id: 'jobs_admin_status',
    label: 'jobs(first: 50, status PENDING_HITL) with totalCount (admin)',
    viewer: 'admin',
    request: () => ({ query: JOBS_PAGE, variables: { filter: { status: ['PENDING_HITL'] } } }),
    wrong: page((f) => f.pendingHitl, 'PENDING_HITL'),
    statements: () => [
      [
        `SELECT ${PAGE_COLUMNS} FROM jobs WHERE status IN ('PENDING_HITL') ORDER BY created_at DESC, job_id DESC LIMIT 51`,
        [],
      ],
    ],
  },
  {
    id: 'pending_hitl',
    label: 'pendingHitlJobs with each prompt (user)',
    viewer: BENCH_USER,
    request: () => ({
      query: `{ pendingHitlJobs { id jobId status createdAt pendingInteraction { id interactionType } } }`,
    }),
    wrong: (body, f) => {
      const jobs = (JSON.parse(body) as { data?: { pendingHitlJobs?: Array<{ pendingInteraction: unknown }> } }).data
        ?.pendingHitlJobs;
      if (!jobs) return `unexpected ${body.slice(0, 200)}`;
      if (jobs.length !== Math.min(500, f.userPendingHitl)) return `${jobs.length} jobs`;
      return jobs.every((j) => j.pendingInteraction) ? null : 'a job without its prompt';
    },
    statements: () => [
      [
        `SELECT job_id, status, created_at, user_id FROM jobs WHERE status = 'PENDING_HITL' AND user_id = $1 ORDER BY created_at, job_id LIMIT 500`,
        [BENCH_USER],
      ],
    ],
  },
  ...(['admin', BENCH_USER] as const).map((viewer): Operation => ({
    id: viewer === 'admin' ? 'job_stats_admin' : 'job_stats_user',
    label: `jobStats (${viewer === 'admin' ? 'admin' : 'user'})`,
    viewer,
    request: () => ({ query: '{ jobStats { status count avgDurationSeconds } }' }),
    wrong: (body, f) => {
      const stats = (JSON.parse(body) as { data?: { jobStats?: Array<{ count: number }> } }).data?.jobStats;
      const total = stats?.reduce((n, s) => n + s.count, 0);
      const expected = viewer === 'admin' ? f.jobs : f.userJobs;
      return total === expected ? null : `counted ${total}, expected ${expected}`;
    },
    statements: () =>
      viewer === 'admin'
        ? [['SELECT * FROM job_status_counts', []]]
        : [
            [
              `SELECT status, count(*), count(completed_at), sum(extract(epoch FROM completed_at - created_at)) FROM jobs WHERE user_id = $1 GROUP BY status`,
              [BENCH_USER],
            ],
          ],
  })),
  {
    id: 'stuck_jobs',
    label: 'stuckJobs(olderThanMinutes: 60) (admin)',
    viewer: 'admin',
    request: () => ({ query: '{ stuckJobs(olderThanMinutes: 60) { id jobId updatedAt } }' }),
    wrong: (body, f) => {
      const jobs = (JSON.parse(body) as { data?: { stuckJobs?: unknown[] } }).data?.stuckJobs;
      return jobs?.length === f.stuck ? null : `${jobs?.length} stuck jobs, expected ${f.stuck}`;
    },
    statements: () => [
      [
        `SELECT job_id, updated_at, user_id FROM jobs WHERE status = 'RUNNING' AND updated_at < now() - interval '60 minutes' ORDER BY updated_at, job_id LIMIT 500`,
        [],
      ],
    ],
  },
  {
    id: 'skills_search',
    label: `skills(first: 20, search) with totalCount`,
    viewer: BENCH_USER,
    request: () => ({
      query: `query($q: String) { skills(first: 20, filter: { search: $q }) { totalCount edges { node { name version } } } }`,
      variables: { q: SEARCH_TOPIC },
    }),
    wrong: (body, f) => {
      const skills = (JSON.parse(body) as { data?: { skills?: { totalCount: number; edges: unknown[] } } }).data
        ?.skills;
      if (skills?.totalCount !== f.topicSkills) return `totalCount ${skills?.totalCount}, expected ${f.topicSkills}`;
      return skills.edges.length === Math.min(20, f.topicSkills) ? null : `${skills.edges.length} edges`;
    },
    statements: () => [
      [
        `SELECT skill_id, name, version FROM skills WHERE to_tsvector('english', name || ' ' || description || ' ' || content) @@ websearch_to_tsquery('english', $1) ORDER BY coalesce(published_at, created_at) DESC, skill_id DESC LIMIT 21`,
        [SEARCH_TOPIC],
      ],
    ],
  },
  {
    id: 'metrics',
    label: 'GET /metrics',
    viewer: BENCH_USER,
    request: () => null,
    wrong: (body, f) =>
      body.includes(`skills_fleet_jobs{status="COMPLETED"} ${f.completed}\n`)
        ? null
        : `no skills_fleet_jobs{status="COMPLETED"} ${f.completed}`,
    statements: () => [
      [
        `SELECT interaction_type, count(*) FROM hitl_interactions WHERE status = 'PENDING' GROUP BY interaction_type`,
        [],
      ],
    ],
  },
];

/** One timed request; returns its latency in ms, or throws with why the answer is wrong. */
export async function timeOperation(apiUrl: string, op: Operation, fixture: Fixture): Promise<number> {
  const request = op.request(fixture);
  const started = performance.now();
  const response = request
    ? await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': op.viewer },
        body: JSON.stringify(request),
      })
    : await fetch(`${apiUrl}/metrics`);
  const body = await response.text();
  const elapsed = performance.now() - started;
  const wrong = response.ok ? op.wrong(body, fixture) : `HTTP ${response.status}: ${body.slice(0, 200)}`;
  if (wrong) throw new Error(`${op.label}: ${wrong}`);
  return elapsed;
}

/** EXPLAIN (ANALYZE, BUFFERS) of an operation's statements on one database, as lines. */
export async function explainOperation(url: string, op: Operation, fixture: Fixture): Promise<string[]> {
  const lines: string[] = [];
  for (const [sql, params] of op.statements(fixture)) {
    const rows = await adminQuery<{ 'QUERY PLAN': string }>(url, `EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    lines.push(sql, ...rows.map((r) => `  ${r['QUERY PLAN']}`));
  }
  return lines;
}
