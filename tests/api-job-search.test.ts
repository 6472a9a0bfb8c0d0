// JobFilter.search (what the console's jobs page searches with): a case-insensitive match on the task or the skill
// name, within what the viewer may see; a search longer than 200 characters, or with a control character (NUL, which
// PostgreSQL text cannot hold, included) or an unpaired surrogate, is a VALIDATION_FAILED error.
import { beforeAll, expect, it } from 'vitest';
import { admin, alice, bob, db, useApi } from './helpers/api-setup';
import { insertJob, rowCounts } from './helpers/graphql';

useApi();
beforeAll(async () => {
  await insertJob(db.prisma, {
    userId: 'alice',
    taskDescription: 'a skill that teaches an agent to review Terraform plans',
  });
  await insertJob(db.prisma, {
    userId: 'alice',
    taskDescription: 'a skill about writing release notes',
    skillName: 'writing-terraform-release-notes',
  });
  await insertJob(db.prisma, { userId: 'alice', taskDescription: 'a skill that teaches an agent to write SQL' });
  await insertJob(db.prisma, { userId: 'bob', taskDescription: 'a skill about Terraform modules for bob' });
});

const SEARCH = `query ($search: String) { jobs(first: 20, filter: { search: $search }) {
  totalCount edges { node { userId taskDescription skillName } } } }`;
type Page = { jobs: { totalCount: number; edges: Array<{ node: { userId: string; taskDescription: string } }> } };

it('matches the task or the skill name, ignoring case, among the viewer’s own jobs', async () => {
  const found = await alice.data<Page>(SEARCH, { search: '  TERRAFORM ' });
  expect(found.jobs.totalCount).toBe(2);
  expect(found.jobs.edges.map((e) => e.node.userId)).toEqual(['alice', 'alice']);
  expect((await bob.data<Page>(SEARCH, { search: 'terraform' })).jobs.totalCount).toBe(1);
  expect((await admin.data<Page>(SEARCH, { search: 'terraform' })).jobs.totalCount).toBe(3);
  expect((await alice.data<Page>(SEARCH, { search: '' })).jobs.totalCount).toBe(3);
});

it('treats LIKE wildcards as text, and refuses a search over 200 characters', async () => {
  expect((await alice.data<Page>(SEARCH, { search: '%' })).jobs.totalCount).toBe(0);
  expect((await alice.data<Page>(SEARCH, { search: '_' })).jobs.totalCount).toBe(0);
  expect((await alice.data<Page>(SEARCH, { search: '\\' })).jobs.totalCount).toBe(0);
  expect((await alice.data<Page>(SEARCH, { search: 'release_notes' })).jobs.totalCount).toBe(0);
  expect((await alice.data<Page>(SEARCH, { search: 'terraform-release' })).jobs.totalCount).toBe(1);
  const tooLong = await alice.gql(SEARCH, { search: 'x'.repeat(201) });
  expect(tooLong.body.data).toBeNull();
  expect(tooLong.body.errors?.[0]).toMatchObject({
    message: 'must be at most 200 characters',
    extensions: { code: 'VALIDATION_FAILED' },
  });
});

// Before the text rule (resolvers/text-input.ts), NUL matched nothing and a lone surrogate reached ILIKE as U+FFFD:
// '\ud800' found a task holding a literal U+FFFD. Both are refused like the skills search refuses them.
it('refuses a control character or an unpaired surrogate on filter.search, for the list and its count', async () => {
  await insertJob(db.prisma, { userId: 'alice', taskDescription: 'a skill about the \ufffd replacement character' });
  expect((await alice.data<Page>(SEARCH, { search: '\ufffd' })).jobs.totalCount).toBe(1);
  const before = await rowCounts(db.prisma);
  for (const [search, message] of [
    ['terra\u0000form', 'must not contain control characters'],
    ['bell \u0007', 'must not contain control characters'],
    ['\ud800', 'must be Unicode text (it contains an unpaired surrogate)'],
    ['terraform \udfff\ud800x', 'must be Unicode text (it contains an unpaired surrogate)'],
  ]) {
    for (const query of [SEARCH, `query ($search: String) { jobs(filter: { search: $search }) { totalCount } }`]) {
      const refused = await alice.gql(query, { search });
      expect(refused.body.data, JSON.stringify(search)).toBeNull();
      expect(refused.body.errors?.[0], JSON.stringify(search)).toMatchObject({
        message,
        extensions: { code: 'VALIDATION_FAILED', field: 'filter.search' },
      });
    }
  }
  expect((await alice.data<Page>(SEARCH, { search: '\tterraform\r\n' })).jobs.totalCount).toBe(2); // whitespace: trimmed
  expect(await rowCounts(db.prisma)).toEqual(before);
});
