// The skill queries of the contract over HTTP (yoga's fetch), against a real database: skills pages, filters and
// search, skill(name), Job.skill, and validateSkill.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { alice, bob, db, goodSkill, useApi } from './helpers/api-setup';

useApi();
import { insertJob, rowCounts } from './helpers/graphql';

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

  // Before the text rule (resolvers/text-input.ts) a lone surrogate reached websearch_to_tsquery as U+FFFD: a search
  // for text the user did not send. Now refused like a control character, by the list and by its count.
  it('refuses a control character or an unpaired surrogate in filter.search with VALIDATION_FAILED', async () => {
    const before = await rowCounts(db.prisma);
    for (const [search, message] of [
      ['bell \u0007', 'must not contain control characters'],
      ['\ud800', 'must be Unicode text (it contains an unpaired surrogate)'],
      ['git \udfff\ud800x', 'must be Unicode text (it contains an unpaired surrogate)'],
    ]) {
      for (const query of [page, `query ($filter: SkillFilter) { skills(filter: $filter) { totalCount } }`]) {
        const response = await alice.gql(query, { filter: { search } });
        expect(response.body.data, JSON.stringify(search)).toBeNull();
        expect(response.body.errors?.[0], JSON.stringify(search)).toMatchObject({
          message,
          extensions: { code: 'VALIDATION_FAILED', field: 'filter.search' },
        });
      }
    }
    // A paired surrogate (an emoji) is text: searched, not refused.
    const emoji = await alice.gql<Page>(page, { filter: { search: 'bisect 🚀' } });
    expect(emoji.body.errors).toBeUndefined();
    expect(emoji.body.data?.skills.totalCount).toEqual(expect.any(Number));
    expect(await rowCounts(db.prisma)).toEqual(before);
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
    const unpromoted = await insertJob(db.prisma, { userId: 'alice', status: 'PENDING_HITL' });
    expect(
      (
        await alice.data<{ job: { skill: unknown } }>(`query($id: ID!) { job(id: $id) { skill { name } } }`, {
          id: unpromoted.jobId,
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
