// The job list's pages (what the console's Next and Previous buttons ask for): jobs made the way the service makes
// them (createSkillJob, created_at stamped by PostgreSQL) are listed forward with first/after and back with
// last/before, each exactly once, newest first. Before created_at was stored in milliseconds (the cursor's precision,
// migration 20261202300000) every page after the first came back empty.
import { beforeAll, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { alice, db, services, useApi } from './helpers/api-setup';

useApi();
const JOBS = 7;
let newestFirst: string[] = [];
beforeAll(async () => {
  for (let n = 0; n < JOBS; n++)
    await createSkillJob(
      services,
      { userId: 'alice', isAdmin: false },
      {
        taskDescription: `a skill that teaches an agent to write safe Postgres migrations, number ${n}`,
      },
    );
  const rows = await db.prisma.job.findMany({ orderBy: [{ createdAt: 'desc' }, { jobId: 'desc' }] });
  newestFirst = rows.map((job) => job.jobId);
});

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String) {
  jobs(first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { jobId } }
  } }`;
interface Page {
  jobs: {
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: Array<{ node: { jobId: string } }>;
  };
}
const ids = (page: Page) => page.jobs.edges.map((edge) => edge.node.jobId);

it('stores created_at in milliseconds, as the cursor carries it', async () => {
  const stamps = await db.prisma.$queryRaw<Array<{ exact: boolean }>>`
    SELECT created_at = date_trunc('milliseconds', created_at) AS exact FROM jobs`;
  expect(stamps).toHaveLength(JOBS);
  expect(stamps.every((row) => row.exact)).toBe(true);
});

it('pages forward with first/after and back with last/before, every job once, newest first', async () => {
  const forward: string[] = [];
  let after: string | null = null;
  const cursors: Array<string | null> = [];
  for (let pages = 0; pages < JOBS; pages++) {
    const page: Page = await alice.data<Page>(PAGE, { first: 3, after });
    forward.push(...ids(page));
    cursors.push(page.jobs.pageInfo.startCursor);
    if (!page.jobs.pageInfo.hasNextPage) break;
    after = page.jobs.pageInfo.endCursor;
  }
  expect(forward).toEqual(newestFirst);
  expect(cursors).toHaveLength(Math.ceil(JOBS / 3));

  // Back from the last page: the page before it, and the first page again.
  const before = await alice.data<Page>(PAGE, { last: 3, before: cursors.at(-1) });
  expect(ids(before)).toEqual(newestFirst.slice(3, 6));
  expect(before.jobs.pageInfo.hasPreviousPage).toBe(true);
  const first = await alice.data<Page>(PAGE, { last: 3, before: before.jobs.pageInfo.startCursor });
  expect(ids(first)).toEqual(newestFirst.slice(0, 3));
  expect(first.jobs.pageInfo.hasPreviousPage).toBe(false);
});
