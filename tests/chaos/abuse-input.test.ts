// Bad input, over GraphQL-over-HTTP with variables against a listening API,
// property-based (fast-check) over every mutation's input, and the arguments of the queries: arbitrary strings
// (unicode, lone surrogates, control characters, NUL, huge), numbers out of range, wrong JSON types, unknown ids,
// malformed ids, other users' ids. Never a 5xx, never an unexpected error (masked or not), no stack, no SQL, no
// "Prisma" in any message; another user's object is NOT_FOUND (never INVALID_STATE: that would reveal its state);
// and a refused request changes nothing (row counts and md5 checksums of every table before and after).
// Cross-user sweeps: abuse-cross-user.test.ts. The world both start from: abuse-world.ts.
// tests/api-mutations.test.ts and tests/api-queries.test.ts check each typed error once; this suite sweeps.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { report, SCALE } from './config';
import { expectInvariantsHold } from './evidence';
import {
  MUTATIONS,
  SUITE,
  assertProperty,
  db,
  expectMostReachedResolvers,
  probe,
  stats,
  world,
  useAbuseWorld,
} from './abuse-world';

useAbuseWorld();
import {
  cancelInput,
  createInput,
  cursor,
  ids,
  inputOf,
  int,
  isoDate,
  orWrong,
  promoteInput,
  rarelyWrong,
  respondInput,
  retryInput,
  text,
  wrong,
} from './abuse-arbitraries';

describe(
  'property: every mutation refuses garbage cleanly and writes nothing',
  { timeout: SCALE === 'full' ? 1_800_000 : 180_000 },
  () => {
    it('createSkillJob', async () => {
      await assertProperty(inputOf(createInput), (input) =>
        probe('createSkillJob', MUTATIONS.createSkillJob, { input }),
      );
      expectMostReachedResolvers('createSkillJob');
    });
    it('respondToHitl', async () => {
      await assertProperty(inputOf(respondInput), (input) => {
        // On bob's own prompt a CANCEL is a fine answer: keep it to answers, which garbage never gets right.
        const own =
          input &&
          typeof input === 'object' &&
          (input as { interactionId?: unknown }).interactionId === String(world.bQuestionsPrompt.interactionId);
        return probe('respondToHitl', MUTATIONS.respondToHitl, {
          input: own ? { ...(input as object), action: 'PROCEED' } : input,
        });
      });
      expectMostReachedResolvers('respondToHitl');
    });
    it('cancelJob', async () => {
      await assertProperty(inputOf(cancelInput), (input) => probe('cancelJob', MUTATIONS.cancelJob, { input }));
      expectMostReachedResolvers('cancelJob');
    });
    it('retryJob', async () => {
      await assertProperty(inputOf(retryInput), (input) => probe('retryJob', MUTATIONS.retryJob, { input }));
      expectMostReachedResolvers('retryJob');
    });
    it('promoteSkill', async () => {
      await assertProperty(inputOf(promoteInput), (input) => probe('promoteSkill', MUTATIONS.promoteSkill, { input }));
      expectMostReachedResolvers('promoteSkill');
    });
    it('the variables object itself: missing, extra, of the wrong shape', () =>
      assertProperty(
        fc.tuple(
          fc.constantFrom(...Object.keys(MUTATIONS)),
          fc.oneof(wrong, fc.dictionary(text, wrong, { maxKeys: 4 })),
        ),
        ([name, variables]) =>
          probe(
            `${name} (shape)`,
            MUTATIONS[name as keyof typeof MUTATIONS],
            (typeof variables === 'object' && variables && !Array.isArray(variables)
              ? variables
              : { input: variables }) as Record<string, unknown>,
          ),
      ));
  },
);

describe('property: query arguments', { timeout: SCALE === 'full' ? 1_800_000 : 180_000 }, () => {
  const QUERIES: Array<[string, string, fc.Arbitrary<Record<string, unknown>>]> = [
    ['job', 'query($id: ID!) { job(id: $id) { jobId userId } }', fc.record({ id: ids('job') })],
    [
      'node',
      'query($id: ID!) { node(id: $id) { id __typename } }',
      fc.record({ id: fc.oneof(ids('job'), ids('interaction')) }),
    ],
    [
      'jobs',
      'query($first: Int, $last: Int, $after: String, $before: String, $filter: JobFilter) { jobs(first: $first, last: $last, after: $after, before: $before, filter: $filter) { totalCount edges { node { userId } } } }',
      fc.record(
        {
          first: rarelyWrong(
            fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -5, max: 200 }) }, { weight: 1, arbitrary: int }),
          ),
          last: rarelyWrong(
            fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -5, max: 200 }) }, { weight: 1, arbitrary: int }),
          ),
          after: rarelyWrong(fc.oneof(text, cursor)),
          before: rarelyWrong(fc.oneof(text, cursor)),
          filter: rarelyWrong(
            fc.record(
              {
                status: rarelyWrong(
                  fc.array(
                    fc.oneof(
                      { weight: 12, arbitrary: fc.constantFrom('PENDING', 'FAILED', 'PENDING_HITL') },
                      { weight: 1, arbitrary: text },
                    ),
                    { maxLength: 3 },
                  ),
                ),
                phase: rarelyWrong(fc.array(fc.constantFrom('TDD_RED', 'VALIDATION'), { maxLength: 2 })),
                userId: orWrong(text),
                createdAfter: rarelyWrong(fc.oneof({ weight: 8, arbitrary: isoDate }, { weight: 1, arbitrary: text })),
                createdBefore: rarelyWrong(fc.oneof({ weight: 8, arbitrary: isoDate }, { weight: 1, arbitrary: text })),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ],
    [
      'skills',
      'query($first: Int, $after: String, $filter: SkillFilter) { skills(first: $first, after: $after, filter: $filter) { totalCount edges { node { name } } } }',
      fc.record(
        {
          first: orWrong(int),
          after: orWrong(text),
          filter: orWrong(
            fc.record(
              { search: orWrong(text), status: orWrong(fc.array(text, { maxLength: 3 })) },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ],
    ['skill', 'query($name: String!) { skill(name: $name) { name } }', fc.record({ name: orWrong(text) })],
    [
      'stuckJobs',
      'query($m: Int) { stuckJobs(olderThanMinutes: $m) { jobId } }',
      fc.record({ m: orWrong(int) }, { requiredKeys: [] }),
    ],
    [
      'validateSkill',
      'query($content: String!) { validateSkill(content: $content) { passed score } }',
      fc.record({ content: orWrong(text) }),
    ],
  ];
  for (const [name, query, variables] of QUERIES) {
    it(name, async () => {
      await assertProperty(variables, (v) => probe(name, query, v));
      expectMostReachedResolvers(name);
    });
  }
  it('jobs pages from made-up cursors (as bob and as an admin)', () =>
    assertProperty(
      fc.tuple(
        fc.constantFrom('bob', 'admin'),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        fc.oneof({ weight: 4, arbitrary: cursor }, { weight: 1, arbitrary: text }),
      ),
      ([actor, forward, size, value]) =>
        probe(
          'jobs (cursor)',
          forward
            ? 'query($n: Int, $c: String) { jobs(first: $n, after: $c) { totalCount edges { cursor node { userId } } } }'
            : 'query($n: Int, $c: String) { jobs(last: $n, before: $c) { totalCount edges { cursor node { userId } } } }',
          { n: size, c: value },
          actor,
        ),
    ));
  it('as an admin, whose filters reach the database unscoped', () =>
    assertProperty(
      fc.tuple(fc.constantFrom(...QUERIES.map(([name, query]) => [name, query] as const)), text),
      async ([[name, query], value]) => {
        const variables =
          name === 'jobs'
            ? { filter: { userId: value }, after: value }
            : name === 'skills'
              ? { filter: { search: value } }
              : name === 'skill'
                ? { name: value }
                : { id: value, name: value, content: value };
        await probe(`${name} (admin)`, query, variables, 'admin');
      },
    ));
});

describe('after all of the above', () => {
  it('the invariant checker is clean', async () => {
    for (const [name, outcomes] of Object.entries(stats)) report(SUITE, `${name}: ${JSON.stringify(outcomes)}`);
    await expectInvariantsHold(db.prisma, SUITE);
  });
});
