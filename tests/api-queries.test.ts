// Every query of the contract over HTTP (yoga's fetch), against a real database: what each user sees, ids in both
// forms, other users' objects as null, and errors with stable codes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, gql, insertJob, insertPausedJob, makeTestApp, type Client } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'skills');
const goodSkill = fs.readFileSync(path.join(FIXTURES, 'good-postgres-migrations.md'), 'utf8');

let db: TestDatabase;
let app: App;
let alice: Client;
let bob: Client;
let admin: Client;
let aliceJob: Job;
let aliceInteractionId: number;
let bobJob: Job;

beforeAll(async () => {
  db = await createTestDatabase();
  app = makeTestApp(makeTestServices(db));
  alice = clientFor(app, 'alice');
  bob = clientFor(app, 'bob');
  admin = clientFor(app, 'admin');
  const paused = await insertPausedJob(db.prisma, 'alice');
  aliceJob = paused.job;
  aliceInteractionId = paused.interaction.interactionId;
  const now = Date.now();
  bobJob = await insertJob(db.prisma, {
    userId: 'bob',
    status: 'FAILED',
    error: 'the author gave up',
    createdAt: new Date(now - 90_000),
    completedAt: new Date(now),
  });
});

afterAll(async () => {
  await db?.drop();
});

const JOB_FIELDS = `id jobId status userId taskDescription currentPhase progressPercent promoted createdAt updatedAt
  pendingInteraction { id interactionId interactionType status }
  hitlInteractions { id interactionId }
  skill { name }`;

describe('viewer', () => {
  it('is the dev-mode user of the x-user-id header; "admin" is an admin; no header is "local"', async () => {
    expect(await alice.data(`{ viewer { userId isAdmin } }`)).toEqual({ viewer: { userId: 'alice', isAdmin: false } });
    expect(await admin.data(`{ viewer { userId isAdmin } }`)).toEqual({ viewer: { userId: 'admin', isAdmin: true } });
    const anonymous = await gql<{ viewer: { userId: string } }>(app, `{ viewer { userId } }`);
    expect(anonymous.body.data?.viewer.userId).toBe('local');
  });

  it('rejects a malformed x-user-id with 401 and no data', async () => {
    const response = await gql(app, `{ viewer { userId } }`, undefined, { headers: { 'x-user-id': 'not valid!' } });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.data ?? null).toBeNull();
  });
});

describe('job(id)', () => {
  const query = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;

  it('accepts the global id and the UUID (any case)', async () => {
    const globalId = encodeGlobalID('Job', aliceJob.jobId);
    const byGlobal = await alice.data<{
      job: { id: string; jobId: string; pendingInteraction: { interactionId: number } };
    }>(query, { id: globalId });
    expect(byGlobal.job.id).toBe(globalId);
    expect(byGlobal.job.jobId).toBe(aliceJob.jobId);
    expect(byGlobal.job.pendingInteraction.interactionId).toBe(aliceInteractionId);
    const byUuid = await alice.data<{ job: { id: string } }>(query, { id: aliceJob.jobId.toUpperCase() });
    expect(byUuid.job.id).toBe(globalId);
  });

  it("is null for another user's job, an unknown id, a malformed id and a global id of another type; admins see all", async () => {
    expect((await bob.data(query, { id: aliceJob.jobId })).job).toBeNull();
    expect((await bob.data(query, { id: encodeGlobalID('Job', aliceJob.jobId) })).job).toBeNull();
    expect((await alice.data(query, { id: crypto.randomUUID() })).job).toBeNull();
    expect((await alice.data(query, { id: 'not-an-id' })).job).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Skill', aliceJob.jobId) })).job).toBeNull();
    expect((await admin.data<{ job: { userId: string } }>(query, { id: aliceJob.jobId })).job.userId).toBe('alice');
    expect((await admin.data<{ job: { userId: string } }>(query, { id: bobJob.jobId })).job.userId).toBe('bob');
  });
});

describe('node(id)', () => {
  const query = `query($id: ID!) { node(id: $id) { __typename id ... on Job { jobId } ... on HitlInteraction { interactionId job { jobId } } ... on Skill { name } } }`;

  it('resolves a Job, a HitlInteraction and a Skill by their global ids', async () => {
    const skill = await db.prisma.skill.create({
      data: {
        name: 'node-skill',
        taxonomyPath: 'testing/node-skill',
        description: 'Use when testing.',
        content: goodSkill,
        status: 'ACTIVE',
        jobId: bobJob.jobId,
      },
    });
    const job = await alice.data<{ node: { __typename: string; jobId: string } }>(query, {
      id: encodeGlobalID('Job', aliceJob.jobId),
    });
    expect(job.node).toMatchObject({ __typename: 'Job', jobId: aliceJob.jobId });
    const interaction = await alice.data<{
      node: { __typename: string; interactionId: number; job: { jobId: string } };
    }>(query, {
      id: encodeGlobalID('HitlInteraction', aliceInteractionId),
    });
    expect(interaction.node).toMatchObject({
      __typename: 'HitlInteraction',
      interactionId: aliceInteractionId,
      job: { jobId: aliceJob.jobId },
    });
    // Skills are visible to everyone, even when their job is not.
    const bySkill = await alice.data<{ node: { __typename: string; name: string; id: string } }>(query, {
      id: encodeGlobalID('Skill', skill.skillId),
    });
    expect(bySkill.node).toMatchObject({
      __typename: 'Skill',
      name: 'node-skill',
      id: encodeGlobalID('Skill', skill.skillId),
    });
    const skillJob = await alice.data<{ node: { job: unknown } }>(
      `query($id: ID!) { node(id: $id) { ... on Skill { job { jobId } } } }`,
      {
        id: encodeGlobalID('Skill', skill.skillId),
      },
    );
    expect(skillJob.node.job).toBeNull();
    const skillJobForOwner = await bob.data<{ node: { job: { jobId: string } } }>(
      `query($id: ID!) { node(id: $id) { ... on Skill { job { jobId } } } }`,
      {
        id: encodeGlobalID('Skill', skill.skillId),
      },
    );
    expect(skillJobForOwner.node.job.jobId).toBe(bobJob.jobId);
  });

  it("is null for another user's job or prompt and for ids that match nothing; admins see them", async () => {
    expect((await bob.data(query, { id: encodeGlobalID('Job', aliceJob.jobId) })).node).toBeNull();
    expect((await bob.data(query, { id: encodeGlobalID('HitlInteraction', aliceInteractionId) })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Job', crypto.randomUUID()) })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Job', 'not-a-uuid') })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('HitlInteraction', '99999999999') })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Skill', crypto.randomUUID()) })).node).toBeNull();
    expect(
      (
        await admin.data<{ node: { __typename: string } }>(query, {
          id: encodeGlobalID('HitlInteraction', aliceInteractionId),
        })
      ).node.__typename,
    ).toBe('HitlInteraction');
  });

  it('answers a malformed id or a type that is no node with an error (never an unexpected one)', async () => {
    for (const id of ['%%%', encodeGlobalID('JobEvent', '1'), encodeGlobalID('Nope', '1')]) {
      const response = await alice.gql<{ node: unknown }>(query, { id });
      expect(response.status).toBe(200);
      expect(response.body.data?.node ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code, JSON.stringify(response.body)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('jobs', () => {
  it("lists the viewer's own jobs only; admins see all and may filter by user", async () => {
    const query = `query($filter: JobFilter) { jobs(first: 100, filter: $filter) { totalCount edges { node { jobId userId } } } }`;
    type Jobs = { jobs: { totalCount: number; edges: Array<{ node: { jobId: string; userId: string } }> } };
    const mine = await alice.data<Jobs>(query);
    expect(mine.jobs.edges.map((e) => e.node.userId)).toEqual(mine.jobs.edges.map(() => 'alice'));
    expect(mine.jobs.edges.map((e) => e.node.jobId)).toContain(aliceJob.jobId);
    expect(mine.jobs.totalCount).toBe(mine.jobs.edges.length);
    const bobAsks = await bob.data<Jobs>(query, { filter: { userId: 'alice' } });
    expect(bobAsks.jobs.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    const all = await admin.data<Jobs>(query);
    expect(new Set(all.jobs.edges.map((e) => e.node.userId))).toEqual(new Set(['alice', 'bob']));
    const adminFiltered = await admin.data<Jobs>(query, { filter: { userId: 'bob', status: ['FAILED'] } });
    expect(adminFiltered.jobs.edges.map((e) => e.node.jobId)).toEqual([bobJob.jobId]);
  });
});

describe('monitoring queries', () => {
  it("pendingHitlJobs: the viewer's jobs waiting for input, oldest first", async () => {
    const second = await insertPausedJob(db.prisma, 'alice', 'review');
    const result = await alice.data<{
      pendingHitlJobs: Array<{ jobId: string; pendingInteraction: { interactionType: string } }>;
    }>(`{ pendingHitlJobs { jobId pendingInteraction { interactionType } } }`);
    expect(result.pendingHitlJobs.map((j) => j.jobId)).toEqual([aliceJob.jobId, second.job.jobId]);
    expect(result.pendingHitlJobs.map((j) => j.pendingInteraction.interactionType)).toEqual(['CLARIFY', 'CONFIRM']);
    expect((await bob.data<{ pendingHitlJobs: unknown[] }>(`{ pendingHitlJobs { jobId } }`)).pendingHitlJobs).toEqual(
      [],
    );
    await db.prisma.hitlInteraction.deleteMany({ where: { jobId: second.job.jobId } });
    await db.prisma.job.delete({ where: { jobId: second.job.jobId } });
  });

  it('jobStats: every status, counting what the viewer may see, with average durations', async () => {
    const query = `{ jobStats { status count avgDurationSeconds } }`;
    type Stats = { jobStats: Array<{ status: string; count: number; avgDurationSeconds: number | null }> };
    const bobs = await bob.data<Stats>(query);
    expect(bobs.jobStats.map((s) => s.status)).toEqual([
      'PENDING',
      'RUNNING',
      'PENDING_HITL',
      'PENDING_REVIEW',
      'COMPLETED',
      'FAILED',
      'CANCELLED',
    ]);
    expect(bobs.jobStats.find((s) => s.status === 'FAILED')).toMatchObject({ count: 1 });
    expect(bobs.jobStats.find((s) => s.status === 'FAILED')!.avgDurationSeconds).toBeCloseTo(90, 3);
    expect(bobs.jobStats.find((s) => s.status === 'PENDING_HITL')).toEqual({
      status: 'PENDING_HITL',
      count: 0,
      avgDurationSeconds: null,
    });
    const admins = await admin.data<Stats>(query);
    expect(admins.jobStats.find((s) => s.status === 'PENDING_HITL')!.count).toBeGreaterThanOrEqual(1);
  });

  it('stuckJobs: RUNNING without change for olderThanMinutes (default 60); out of range is VALIDATION_FAILED', async () => {
    const stuck = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING', currentPhase: 'TDD_RED' });
    await db.prisma
      .$executeRaw`UPDATE jobs SET updated_at = now() - interval '2 hours' WHERE job_id = ${stuck.jobId}::uuid`;
    const fresh = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING', currentPhase: 'TDD_RED' });
    const byDefault = await alice.data<{ stuckJobs: Array<{ jobId: string }> }>(`{ stuckJobs { jobId } }`);
    expect(byDefault.stuckJobs.map((j) => j.jobId)).toEqual([stuck.jobId]);
    const longer = await alice.data<{ stuckJobs: Array<{ jobId: string }> }>(
      `{ stuckJobs(olderThanMinutes: 180) { jobId } }`,
    );
    expect(longer.stuckJobs).toEqual([]);
    expect((await bob.data<{ stuckJobs: unknown[] }>(`{ stuckJobs { jobId } }`)).stuckJobs).toEqual([]);
    expect(
      (await admin.data<{ stuckJobs: Array<{ jobId: string }> }>(`{ stuckJobs { jobId } }`)).stuckJobs.map(
        (j) => j.jobId,
      ),
    ).toEqual([stuck.jobId]);
    const invalid = await alice.gql(`{ stuckJobs(olderThanMinutes: 0) { jobId } }`);
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'olderThanMinutes',
    });
    expect(invalid.body.errors?.[0]?.message).not.toBe('Unexpected error.');
    await db.prisma.job.deleteMany({ where: { jobId: { in: [stuck.jobId, fresh.jobId] } } });
  });
});

describe('skills', () => {
  const page = `query($first: Int, $after: String, $filter: SkillFilter) {
    skills(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name status version publishedAt } }
    }
  }`;
  type Page = {
    skills: {
      totalCount: number;
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        startCursor: string | null;
        endCursor: string | null;
      };
      edges: Array<{
        cursor: string;
        node: { id: string; name: string; status: string; version: string; publishedAt: string | null };
      }>;
    };
  };

  beforeAll(async () => {
    await db.prisma.skill.deleteMany({});
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    const topics = [
      [
        'postgres-migrations',
        'Use when writing PostgreSQL schema migrations.',
        'Add columns without locking tables; backfill in batches.',
      ],
      ['react-testing', 'Use when testing React components.', 'Render components and assert on what the user sees.'],
      [
        'git-bisect',
        'Use when hunting a regression.',
        'Binary search through commits to find the one that broke the build.',
      ],
      [
        'incident-postmortems',
        'Use when writing a postmortem.',
        'Blameless timelines of the outage; database failover notes.',
      ],
      ['meeting-notes', 'Use when taking notes.', 'Decisions and owners.'],
    ] as const;
    for (const [i, [name, description, body]] of topics.entries()) {
      await db.prisma.skill.create({
        data: {
          name,
          description,
          content: `---\nname: ${name}\n---\n${body}`,
          taxonomyPath: `testing/${name}`,
          status: i === 4 ? 'DEPRECATED' : 'ACTIVE',
          // Two skills share a publication instant: the id breaks the tie.
          publishedAt: new Date(base + (i === 1 ? 0 : i) * 60_000 + 0.25),
        },
      });
    }
    // Never published: sorted by createdAt.
    await db.prisma.skill.create({
      data: {
        name: 'draft-skill',
        description: 'Use when drafting.',
        content: 'draft',
        taxonomyPath: 'testing/draft',
        status: 'DRAFT',
      },
    });
  });

  it('pages newest first with stable cursors, across users, with totalCount', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: Page = await bob.data<Page>(page, { first: 2, after });
      expect(result.skills.totalCount).toBe(6);
      expect(result.skills.edges.length).toBeLessThanOrEqual(2);
      expect(result.skills.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(result.skills.pageInfo.endCursor).toBe(result.skills.edges.at(-1)?.cursor ?? null);
      seen.push(...result.skills.edges.map((e) => e.node.name));
      after = result.skills.pageInfo.hasNextPage ? result.skills.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    // draft-skill was created last (createdAt now) and has no publishedAt; the rest by publishedAt desc.
    expect(seen[0]).toBe('draft-skill');
    expect(seen.slice(1, 4)).toEqual(['meeting-notes', 'incident-postmortems', 'git-bisect']);
    expect(new Set(seen.slice(4))).toEqual(new Set(['postgres-migrations', 'react-testing']));
    expect(new Set(seen).size).toBe(6);
    const oneBigPage = await alice.data<Page>(page, { first: 100 });
    expect(oneBigPage.skills.edges.map((e) => e.node.name)).toEqual(seen);
    expect(oneBigPage.skills.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by status and by full-text search over name, description and content (stemmed)', async () => {
    const names = async (filter: object) =>
      (await alice.data<Page>(page, { first: 100, filter })).skills.edges.map((e) => e.node.name).sort();
    expect(await names({ status: ['DEPRECATED', 'DRAFT'] })).toEqual(['draft-skill', 'meeting-notes']);
    expect(await names({ search: 'postgresql migration' })).toEqual(['postgres-migrations']); // description, stemmed
    expect(await names({ search: 'regression' })).toEqual(['git-bisect']); // description
    expect(await names({ search: 'database' })).toEqual(['incident-postmortems']); // content only
    expect(await names({ search: 'components' })).toEqual(['react-testing']);
    expect(await names({ search: 'react' })).toEqual(['react-testing']); // name
    expect(await names({ search: 'use -react', status: ['ACTIVE'] })).toEqual([
      'git-bisect',
      'incident-postmortems',
      'postgres-migrations',
    ]);
    expect(await names({ search: 'nothing-matches-this' })).toEqual([]);
    expect(await names({ search: '   ' })).toHaveLength(6);
    const counted = await alice.data<Page>(page, { first: 1, filter: { search: 'use' } });
    expect(counted.skills.totalCount).toBe(6);
    expect(counted.skills.edges).toHaveLength(1);
  });

  it('the search uses the GIN index expression of the migration', async () => {
    const expression = `to_tsvector('english', "name" || ' ' || "description" || ' ' || "content") @@ websearch_to_tsquery('english', `;
    const source = fs.readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resolvers', 'skills', 'search-skills.ts'),
      'utf8',
    );
    expect(source).toContain(expression);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT skill_id FROM skills WHERE ${expression}$1)`,
        ['migrations'],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('skills_search_idx');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('caps a page at 100', async () => {
    for (let i = 0; i < 100; i++) {
      await db.prisma.skill.create({
        data: {
          name: `bulk-${i}`,
          description: 'Use when counting.',
          content: 'bulk',
          taxonomyPath: `bulk/${i}`,
          status: 'ARCHIVED',
        },
      });
    }
    const result = await alice.data<Page>(page, { first: 1000 });
    expect(result.skills.edges).toHaveLength(100);
    expect(result.skills.pageInfo.hasNextPage).toBe(true);
    expect(result.skills.totalCount).toBe(106);
    await db.prisma.skill.deleteMany({ where: { status: 'ARCHIVED' } });
  });

  it('refuses a negative page, a foreign cursor and an overlong search with VALIDATION_FAILED', async () => {
    for (const [variables, field] of [
      [{ first: -1 }, 'first'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
      [{ filter: { search: 'x'.repeat(501) } }, 'filter.search'],
    ] as const) {
      const response = await alice.gql(page, variables);
      expect(response.body.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({
        code: 'VALIDATION_FAILED',
        field,
      });
    }
  });

  it('skill(name) finds a skill or is null', async () => {
    const found = await bob.data<{
      skill: { name: string; taxonomyPath: string; description: string; content: string; status: string };
    }>(
      `{ skill(name: "git-bisect") { name taxonomyPath description content status version createdAt publishedAt validationScore job { id } } }`,
    );
    expect(found.skill).toMatchObject({ name: 'git-bisect', taxonomyPath: 'testing/git-bisect', status: 'ACTIVE' });
    expect(found.skill.content).toContain('Binary search');
    expect((await bob.data(`{ skill(name: "no-such-skill") { name } }`)).skill).toBeNull();
  });

  it('Job.skill is the skill promoted from the job', async () => {
    const job = await insertJob(db.prisma, { userId: 'alice', status: 'COMPLETED', promoted: true });
    await db.prisma.skill.create({
      data: {
        name: 'from-a-job',
        description: 'Use when testing.',
        content: goodSkill,
        taxonomyPath: 'testing/from-a-job',
        status: 'ACTIVE',
        jobId: job.jobId,
        publishedAt: new Date(),
      },
    });
    const result = await alice.data<{ job: { skill: { name: string; job: { jobId: string } } } }>(
      `query($id: ID!) { job(id: $id) { skill { name job { jobId } } } }`,
      {
        id: job.jobId,
      },
    );
    expect(result.job.skill).toEqual({ name: 'from-a-job', job: { jobId: job.jobId } });
    expect(
      (
        await alice.data<{ job: { skill: unknown } }>(`query($id: ID!) { job(id: $id) { skill { name } } }`, {
          id: aliceJob.jobId,
        })
      ).job.skill,
    ).toBeNull();
  });
});

describe('validateSkill', () => {
  const query = `query($content: String!) { validateSkill(content: $content) { passed score errors warnings checks { name passed severity message } } }`;
  type Report = {
    validateSkill: {
      passed: boolean;
      score: number;
      errors: string[];
      warnings: string[];
      checks: Array<{ name: string; passed: boolean; severity: string }>;
    };
  };

  it('reports a good skill as passed and a bad one with its errors', async () => {
    const good = await alice.data<Report>(query, { content: goodSkill });
    expect(good.validateSkill.passed).toBe(true);
    expect(good.validateSkill.score).toBeGreaterThanOrEqual(0.75);
    expect(good.validateSkill.checks.find((c) => c.name === 'name_format')).toMatchObject({
      passed: true,
      severity: 'CRITICAL',
    });
    const bad = await alice.data<Report>(query, { content: 'no frontmatter at all' });
    expect(bad.validateSkill.passed).toBe(false);
    expect(bad.validateSkill.errors.length).toBeGreaterThan(0);
    expect(bad.validateSkill.checks.find((c) => c.name === 'frontmatter_present')).toMatchObject({
      passed: false,
      severity: 'CRITICAL',
    });
  });

  it('accepts 200,000 characters and refuses more with VALIDATION_FAILED on content', async () => {
    const atLimit = await alice.gql<Report>(query, {
      content: `${goodSkill}\n${'a'.repeat(200_000 - goodSkill.length - 1)}`,
    });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.errors).toBeUndefined();
    expect(typeof atLimit.body.data?.validateSkill.passed).toBe('boolean');
    const over = await alice.gql<Report>(query, { content: 'a'.repeat(200_001) });
    expect(over.body.data ?? null).toBeNull();
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'content' });
  });
});
