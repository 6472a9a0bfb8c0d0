// Bad input, over GraphQL-over-HTTP with variables against a listening API:
// - Property-based (fast-check) over every mutation's input, and the arguments of the queries: arbitrary strings
//   (unicode, lone surrogates, control characters, NUL, huge), numbers out of range, wrong JSON types, unknown ids,
//   malformed ids, other users' ids. Never a 5xx, never an unexpected error (masked or not), no stack, no SQL, no
//   "Prisma" in any message; another user's object is NOT_FOUND (never INVALID_STATE: that would reveal its state);
//   and a refused request changes nothing (row counts and md5 checksums of every table before and after).
// - Cross-user: user B tries every query, mutation and subscription on user A's objects, in every state, with A's
//   global ids and raw ids: NOT_FOUND everywhere (null for job/node), A's rows do not show up in B's lists, nothing
//   changes. Then A does the same successfully (the ids were live).
// tests/api-mutations.test.ts and tests/api-queries.test.ts check each typed error once; this suite sweeps.
import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlInteraction, Job } from '../../prisma/database';
import { createSkillJob } from '../../resolvers/jobs/create-skill-job';
import { cancelJob } from '../../resolvers/jobs/cancel-job';
import type { Services } from '../../resolvers/services';
import type { Viewer } from '../../resolvers/viewer';
import { makeWsClient, record, type SubscriptionClient } from '../helpers/clients';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodAnswers } from '../helpers/hitl';
import { makeTestServices, startTestWorker, waitForJob } from '../helpers/services';
import { report, SCALE, SIZE, suiteRng } from './config';
import { post, type HttpResult } from '../helpers/http';
import { expectInvariantsHold, fingerprint } from './evidence';
import { startInProcessApi, type InProcessApi } from './in-process-api';
import { taskSource } from './tasks';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';

const SUITE = 'abuse-input';
const { numRuns: NUM_RUNS } = SIZE.properties;
const rng = suiteRng(SUITE);
const nextTask = taskSource(rng);
const A: Viewer = { userId: 'alice', isAdmin: false };
const B: Viewer = { userId: 'bob', isAdmin: false };

let db: TestDatabase;
let services: Services;
let api: InProcessApi;
const clients: SubscriptionClient[] = [];

/** A's objects in every state a mutation could act on, and B's own pending prompt. */
interface World {
  aQuestions: Job;
  aQuestionsPrompt: HitlInteraction;
  aReview: Job;
  aReviewPrompt: HitlInteraction;
  aCompleted: Job;
  aPendingReview: Job;
  aFailed: Job;
  aCancelled: Job;
  aKeyed: Job;
  bQuestions: Job;
  bQuestionsPrompt: HitlInteraction;
}
let world: World;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db, { settings: { phaseMaxAttempts: 5 } });
  api = await startInProcessApi(db.url, services);
  // Drive the states with the real workflow (so the invariant checker has real rows to check), then stop the
  // worker: from here on nothing changes the database unless a request does.
  const worker = await startTestWorker(db, services);
  try {
    const completedTask = nextTask();
    const [aQuestions, aReview, aCompleted, aFailed, aCancelled, aKeyed, bQuestions] = await Promise.all([
      createSkillJob(services, A, { taskDescription: nextTask() }),
      createSkillJob(services, A, { taskDescription: nextTask(), hitl: { ...ALL_PROMPTS_OFF, confirm: true } }),
      createSkillJob(services, A, { taskDescription: completedTask, hitl: ALL_PROMPTS_OFF }),
      createSkillJob(services, A, { taskDescription: nextTask(), hitl: { timeoutSeconds: 1 } }),
      createSkillJob(services, A, { taskDescription: nextTask() }),
      createSkillJob(services, A, { taskDescription: nextTask(), idempotencyKey: 'shared-key' }),
      createSkillJob(services, B, { taskDescription: nextTask() }),
    ]);
    await cancelJob(services, A, { jobId: aCancelled.jobId, reason: 'not needed' });
    await cancelJob(services, A, { jobId: aKeyed.jobId });
    const paused = (j: Job) => j.status === 'PENDING_HITL';
    await waitForJob(db, aCompleted.jobId, (j) => j.status === 'COMPLETED', {
      description: 'A completed',
      timeoutMs: 60_000,
    });
    // A second job with the same task stops at PROMOTION: the skill name is taken.
    const aPendingReview = await createSkillJob(services, A, { taskDescription: completedTask, hitl: ALL_PROMPTS_OFF });
    world = {
      aQuestions: await waitForJob(db, aQuestions.jobId, paused, { description: 'A at CLARIFY' }),
      aQuestionsPrompt: undefined as never,
      aReview: await waitForJob(db, aReview.jobId, paused, { description: 'A at CONFIRM' }),
      aReviewPrompt: undefined as never,
      aCompleted: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aCompleted.jobId } }),
      aPendingReview: await waitForJob(db, aPendingReview.jobId, (j) => j.status === 'PENDING_REVIEW', {
        description: 'A in review',
        timeoutMs: 60_000,
      }),
      aFailed: await waitForJob(db, aFailed.jobId, (j) => j.status === 'FAILED', {
        description: 'A failed by timeout',
        timeoutMs: 60_000,
      }),
      aCancelled: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aCancelled.jobId } }),
      aKeyed: await db.prisma.job.findUniqueOrThrow({ where: { jobId: aKeyed.jobId } }),
      bQuestions: await waitForJob(db, bQuestions.jobId, paused, { description: 'B at CLARIFY' }),
      bQuestionsPrompt: undefined as never,
    };
  } finally {
    await worker.close();
  }
  const prompt = (jobId: string) => db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
  world.aQuestionsPrompt = await prompt(world.aQuestions.jobId);
  world.aReviewPrompt = await prompt(world.aReview.jobId);
  world.bQuestionsPrompt = await prompt(world.bQuestions.jobId);
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await api?.close();
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------------------------
// What every answer must look like.

/** Words that give away internals (matched after removing everything the request itself sent). */
// (Not the bare word "postgres": a prompt may legitimately quote a task about PostgreSQL.)
const LEAK =
  /prisma|invalid `|\bat [\w$.<>]+ \(|node_modules|\.[jt]s:\d+|\bstack\b|\bselect\b.*\bfrom\b|\binsert into\b|\bupdate\b.*\bset\b|\bdelete from\b|syntax error at|violates|duplicate key|\bP\d{4}\b|ECONN|postgres(ql)?:\/\/|database server|SQLSTATE|out of range for type|invalid input syntax|\bpg_|driver ?adapter|unexpected error/i;
const FORBIDDEN_EXTENSIONS = ['stack', 'stacktrace', 'exception', 'originalError'];

function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

/** What a made-up cursor carries (the connection plugin quotes it back in its errors): "GPC:S:x" -> x. */
function cursorValues(value: string): string[] {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  if (!decoded.startsWith('GPC:')) return [];
  const chunk = decoded.slice(4);
  const values = [decoded, chunk, chunk.slice(2)];
  try {
    const tuple: unknown = JSON.parse(chunk.slice(2));
    if (Array.isArray(tuple)) for (const part of tuple) if (typeof part === 'string') values.push(part, part.slice(2));
  } catch {
    // not a tuple
  }
  return values;
}

/** Checks one response; returns whether the request was refused (an error, or a payload that is an error type). */
function inspect(result: HttpResult, sent: unknown): { refused: boolean; problems: string[] } {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`HTTP ${result.status}`);
  const echoes = stringsOf(sent)
    .flatMap((s) => [s, ...cursorValues(s)])
    .flatMap((s) => [s, s.slice(0, 100), JSON.stringify(s).slice(1, -1)])
    .filter((s) => s.length >= 3)
    .sort((x, y) => y.length - x.length);
  const clean = (message: string) => echoes.reduce((m, echo) => m.split(echo).join(' '), message);
  const messages: string[] = [];
  for (const error of result.body.errors ?? []) {
    messages.push(error.message);
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`unexpected error: ${error.message}`);
    for (const key of FORBIDDEN_EXTENSIONS)
      if (error.extensions && key in error.extensions) problems.push(`extensions.${key} present`);
  }
  const payloads = Object.values(result.body.data ?? {}) as Array<{ __typename?: string; message?: string } | null>;
  for (const payload of payloads) if (payload?.message) messages.push(payload.message);
  for (const message of messages) {
    const leak = LEAK.exec(clean(message));
    if (leak) problems.push(`message gives away internals (${leak[0]}): ${message.slice(0, 300)}`);
  }
  if (!/^\s*[{[]/.test(result.text)) problems.push(`not JSON: ${result.text.slice(0, 200)}`);
  const refused =
    result.status !== 200 ||
    (result.body.errors?.length ?? 0) > 0 ||
    payloads.some((p) => !p || (p.__typename !== undefined && !p.__typename.endsWith('Success')));
  return { refused, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries.

const NASTY = [
  "'; DROP TABLE jobs; --",
  "' OR '1'='1",
  'SELECT pg_sleep(5)',
  '\u0000',
  'abc\u0000def',
  '\ud800',
  '\udfff\ud800x',
  '\u202eevil',
  '\u200b\u200b\u200b',
  '%s%s%s%n',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '2147483648',
  '99999999999999999999999',
  '1e309',
  'x'.repeat(256),
  'a b c',
  '   ',
  '\t\n\r',
  'Prisma',
  '__proto__',
  'constructor',
  '🦄🦄🦄 emoji skill task',
  'זה טקסט בעברית עם כמה מילים',
];

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 20,
});
const huge = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('x', 'é', '𝅘𝅥𝅲', ' word', '\u0000'))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: controlChars },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: huge },
);
const outOfRange = fc.constantFrom(
  0,
  -1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  0.5,
  30 * 86_400 + 1,
);
const int = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 200 }) },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 1, arbitrary: outOfRange },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
const isoDate = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.date({
        min: new Date('0001-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      }),
    },
    { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }) },
  )
  .map((d) => d.toISOString());
/** Any JSON value: the wrong type for whatever field it lands in. */
const wrong = fc.jsonValue({ maxDepth: 3 });
const orWrong = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 14, arbitrary }, { weight: 1, arbitrary: wrong }, { weight: 1, arbitrary: fc.constant(null) });
/** Rarely present: an input field the schema does not have. */
const unknownField = {
  unknownField: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: wrong }),
};

/** Cursors in the connection plugin's format (base64 of "GPC:T:[chunks]") carrying values of every kind. */
const chunk = fc.oneof(
  fc.constant(null),
  fc.tuple(fc.constantFrom('S', 'N', 'D', 'I', 'O', 'B', 'M', 'Z', 'X'), text).map(([tag, value]) => `${tag}:${value}`),
  fc.integer().map((n) => `D:${n}`),
  fc.uuid().map((u) => `S:${u}`),
  fc.constantFrom('D:8640000000000001', 'D:-8640000000000001', 'N:NaN', 'I:1e3', 'S:\u0000'),
);
const cursor = fc.oneof(
  fc.tuple(chunk, chunk).map(([a, b]) => Buffer.from(`GPC:T:${JSON.stringify([a, b])}`).toString('base64')),
  fc.array(chunk, { maxLength: 4 }).map((chunks) => Buffer.from(`GPC:T:${JSON.stringify(chunks)}`).toString('base64')),
  chunk.map((c) => Buffer.from(`GPC:${c}`).toString('base64')),
);

/** Ids a client might send: A's (global and raw), unknown, malformed, of another type, numbers. */
function ids(kind: 'job' | 'interaction'): fc.Arbitrary<unknown> {
  const aJobs = () => [
    world.aQuestions,
    world.aReview,
    world.aCompleted,
    world.aPendingReview,
    world.aFailed,
    world.aCancelled,
  ];
  const aPrompts = () => [world.aQuestionsPrompt, world.aReviewPrompt];
  const known = fc
    .constant(null)
    .chain(() =>
      kind === 'job'
        ? fc.constantFrom(...aJobs().flatMap((j) => [j.jobId, j.jobId.toUpperCase(), encodeGlobalID('Job', j.jobId)]))
        : fc.constantFrom(
            ...aPrompts().flatMap((p) => [String(p.interactionId), encodeGlobalID('HitlInteraction', p.interactionId)]),
          ),
    );
  const otherType = fc
    .constant(null)
    .chain(() =>
      kind === 'job'
        ? fc.constantFrom(
            encodeGlobalID('HitlInteraction', world.aQuestionsPrompt.interactionId),
            encodeGlobalID('Skill', 'x'),
            encodeGlobalID('Job', 'not-a-uuid'),
          )
        : fc.constantFrom(
            encodeGlobalID('Job', world.aQuestions.jobId),
            encodeGlobalID('HitlInteraction', 'abc'),
            encodeGlobalID('HitlInteraction', '99999999999'),
          ),
    );
  return fc.oneof(
    { weight: 4, arbitrary: known },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: otherType },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.oneof(outOfRange, wrong) },
  );
}

const policy = fc.record(
  {
    clarify: orWrong(fc.boolean()),
    confirm: orWrong(fc.boolean()),
    preview: orWrong(fc.boolean()),
    validate: orWrong(fc.boolean()),
    tdd: orWrong(fc.boolean()),
    timeoutSeconds: orWrong(int),
    ...unknownField,
  },
  { requiredKeys: [] },
);
const createInput = fc.record(
  { taskDescription: orWrong(text), hitl: orWrong(policy), idempotencyKey: orWrong(text), ...unknownField },
  { requiredKeys: ['taskDescription'] },
);
/** Inside arrays a wrong type anywhere refuses the whole request: rarer there, so most requests reach the resolver. */
const rarelyWrong = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 40, arbitrary }, { weight: 1, arbitrary: wrong });
const answer = fc.record(
  {
    questionId: rarelyWrong(fc.oneof(text, fc.constantFrom('problem', 'success_criteria', 'constraints'))),
    text: rarelyWrong(fc.option(text)),
    optionIds: rarelyWrong(fc.option(fc.array(text, { maxLength: 4 }))),
  },
  { requiredKeys: ['questionId'] },
);
const respondInput = fc.record(
  {
    interactionId: fc.oneof(
      { weight: 4, arbitrary: ids('interaction') },
      { weight: 1, arbitrary: fc.constant(null).map(() => String(world.bQuestionsPrompt.interactionId)) },
    ),
    action: orWrong(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('PROCEED', 'REVISE', 'CANCEL') },
        { weight: 1, arbitrary: text },
      ),
    ),
    answers: orWrong(fc.array(answer, { maxLength: 3 })),
    feedback: orWrong(text),
    ...unknownField,
  },
  { requiredKeys: ['interactionId'] },
);
const cancelInput = fc.record(
  { jobId: ids('job'), reason: orWrong(text), ...unknownField },
  { requiredKeys: ['jobId'] },
);
const retryInput = fc.record({ jobId: ids('job'), ...unknownField }, { requiredKeys: ['jobId'] });
const promoteInput = fc.record(
  { jobId: ids('job'), force: orWrong(fc.boolean()), overwrite: orWrong(fc.boolean()), ...unknownField },
  { requiredKeys: ['jobId'] },
);
/** The input itself, or something that is not an input object at all. */
const inputOf = (record: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: wrong });

// ---------------------------------------------------------------------------------------------------------------

// Payload unions differ (cancelJob and retryJob have no ValidationError member): a spread that cannot apply would
// make every request of the property a document error.
const PAYLOAD = `__typename ... on Error { code message }`;
const FIELD = `... on ValidationError { field }`;
const MUTATIONS = {
  createSkillJob: `mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { ${PAYLOAD} ${FIELD} ... on CreateSkillJobSuccess { job { jobId userId } } } }`,
  respondToHitl: `mutation($input: RespondToHitlInput!) { respondToHitl(input: $input) { ${PAYLOAD} ${FIELD} } }`,
  cancelJob: `mutation($input: CancelJobInput!) { cancelJob(input: $input) { ${PAYLOAD} } }`,
  retryJob: `mutation($input: RetryJobInput!) { retryJob(input: $input) { ${PAYLOAD} } }`,
  promoteSkill: `mutation($input: PromoteSkillInput!) { promoteSkill(input: $input) { ${PAYLOAD} ${FIELD} } }`,
} as const;

const stats: Record<string, Record<string, number>> = {};

async function probe(name: string, query: string, variables: Record<string, unknown>, actor = 'bob'): Promise<void> {
  const before = await fingerprint(db.prisma);
  let result: HttpResult;
  try {
    result = await post(api.url, query, variables, actor);
  } catch (error) {
    throw new Error(
      `${name}: the request failed at the transport (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const { refused, problems } = inspect(result, variables);
  const payload = Object.values(result.body.data ?? {})[0] as { __typename?: string; code?: string } | undefined;
  const outcome =
    (result.status !== 200
      ? `HTTP ${result.status}`
      : (payload?.__typename ?? (result.body.errors?.[0]?.extensions?.code as string | undefined) ?? 'data')) +
    (process.env.CHAOS_DEBUG
      ? ` ${result.body.errors?.[0]?.message.replace(/"[^"]*"/g, '""').slice(0, 90) ?? ''}`
      : '');
  (stats[name] ??= {})[outcome] = ((stats[name] ??= {})[outcome] ?? 0) + 1;
  // B acting on A's objects: not found, or refused for its input, never anything that reveals their state.
  if (payload?.__typename && payload.__typename !== 'CreateSkillJobSuccess') {
    if (!['NotFoundError', 'ValidationError'].includes(payload.__typename))
      problems.push(`bob got ${payload.__typename} (${payload.code})`);
  }
  const after = await fingerprint(db.prisma);
  if (refused && JSON.stringify(after) !== JSON.stringify(before))
    problems.push(`a refused request changed the database: ${JSON.stringify({ before, after })}`);
  if (problems.length > 0)
    throw new Error(
      `${name} ${JSON.stringify(variables).slice(0, 400)}\n-> ${result.status} ${result.text.slice(0, 600)}\n${problems.join('\n')}`,
    );
}

function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns: NUM_RUNS, seed: rng.seed, endOnFailure: true });
}

describe(
  'property: every mutation refuses garbage cleanly and writes nothing',
  { timeout: SCALE === 'full' ? 1_800_000 : 180_000 },
  () => {
    it('createSkillJob', () =>
      assertProperty(inputOf(createInput), (input) => probe('createSkillJob', MUTATIONS.createSkillJob, { input })));
    it('respondToHitl', () =>
      assertProperty(inputOf(respondInput), (input) => {
        // On bob's own prompt a CANCEL is a fine answer: keep it to answers, which garbage never gets right.
        const own =
          input &&
          typeof input === 'object' &&
          (input as { interactionId?: unknown }).interactionId === String(world.bQuestionsPrompt.interactionId);
        return probe('respondToHitl', MUTATIONS.respondToHitl, {
          input: own ? { ...(input as object), action: 'PROCEED' } : input,
        });
      }));
    it('cancelJob', () =>
      assertProperty(inputOf(cancelInput), (input) => probe('cancelJob', MUTATIONS.cancelJob, { input })));
    it('retryJob', () =>
      assertProperty(inputOf(retryInput), (input) => probe('retryJob', MUTATIONS.retryJob, { input })));
    it('promoteSkill', () =>
      assertProperty(inputOf(promoteInput), (input) => probe('promoteSkill', MUTATIONS.promoteSkill, { input })));
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
    it(name, () => assertProperty(variables, (v) => probe(name, query, v)));
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

describe('cross-user: bob on every one of alice’s objects', () => {
  const QUERY_JOB = 'query($id: ID!) { job(id: $id) { jobId } }';
  const QUERY_NODE = 'query($id: ID!) { node(id: $id) { id } }';

  it('queries: null for job and node, absent from lists and counts', async () => {
    const before = await fingerprint(db.prisma);
    const aJobs = [
      world.aQuestions,
      world.aReview,
      world.aCompleted,
      world.aPendingReview,
      world.aFailed,
      world.aCancelled,
      world.aKeyed,
    ];
    for (const job of aJobs) {
      for (const id of [job.jobId, job.jobId.toUpperCase(), encodeGlobalID('Job', job.jobId)]) {
        const byJob = await post<{ job: unknown }>(api.url, QUERY_JOB, { id }, 'bob');
        expect(byJob.body, `job(${id})`).toEqual({ data: { job: null } });
        const byNode = await post<{ node: unknown }>(
          api.url,
          QUERY_NODE,
          { id: encodeGlobalID('Job', job.jobId) },
          'bob',
        );
        expect(byNode.body).toEqual({ data: { node: null } });
      }
    }
    for (const prompt of [world.aQuestionsPrompt, world.aReviewPrompt]) {
      const byNode = await post(
        api.url,
        QUERY_NODE,
        { id: encodeGlobalID('HitlInteraction', prompt.interactionId) },
        'bob',
      );
      expect(byNode.body).toEqual({ data: { node: null } });
    }
    const lists = await post<{
      jobs: { totalCount: number; edges: Array<{ node: { userId: string } }> };
      filtered: { totalCount: number; edges: Array<{ node: { userId: string } }> };
      pendingHitlJobs: Array<{ userId: string }>;
      stuckJobs: Array<{ userId: string }>;
      jobStats: Array<{ count: number }>;
    }>(
      api.url,
      `{ jobs(first: 100) { totalCount edges { node { userId } } }
         filtered: jobs(first: 100, filter: { userId: "alice", status: [PENDING_HITL, COMPLETED, FAILED, CANCELLED, PENDING_REVIEW] }) { totalCount edges { node { userId } } }
         pendingHitlJobs { userId } stuckJobs(olderThanMinutes: 1) { userId } jobStats { count } }`,
      undefined,
      'bob',
    );
    const data = lists.body.data!;
    expect(lists.body.errors).toBeUndefined();
    const bobsJobs = await db.prisma.job.count({ where: { userId: 'bob' } });
    expect(data.jobs.totalCount).toBe(bobsJobs);
    expect(data.jobs.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    expect(data.filtered.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    expect(data.pendingHitlJobs.every((j) => j.userId === 'bob')).toBe(true);
    expect(data.stuckJobs).toEqual([]);
    expect(data.jobStats.reduce((n, s) => n + s.count, 0)).toBe(bobsJobs);
    expect(await fingerprint(db.prisma)).toEqual(before);
  });

  it('mutations: NOT_FOUND with every id form and an otherwise valid input; nothing changes', async () => {
    const before = await fingerprint(db.prisma);
    const forms = (jobId: string) => [jobId, encodeGlobalID('Job', jobId)];
    const attempts: Array<[string, Record<string, unknown>]> = [];
    for (const prompt of [world.aQuestionsPrompt, world.aReviewPrompt]) {
      for (const interactionId of [
        String(prompt.interactionId),
        encodeGlobalID('HitlInteraction', prompt.interactionId),
      ]) {
        attempts.push(['respondToHitl', { ...goodAnswers(prompt), interactionId }]);
        attempts.push(['respondToHitl', { interactionId, action: 'CANCEL' }]);
      }
    }
    for (const job of [world.aQuestions, world.aReview, world.aPendingReview])
      for (const jobId of forms(job.jobId)) attempts.push(['cancelJob', { jobId, reason: 'mine now' }]);
    for (const job of [world.aFailed, world.aCancelled])
      for (const jobId of forms(job.jobId)) attempts.push(['retryJob', { jobId }]);
    for (const job of [world.aPendingReview, world.aCompleted]) {
      for (const jobId of forms(job.jobId)) attempts.push(['promoteSkill', { jobId, force: true, overwrite: true }]);
    }
    for (const [name, input] of attempts) {
      const result = await post<Record<string, { __typename: string; code: string }>>(
        api.url,
        MUTATIONS[name as keyof typeof MUTATIONS],
        { input },
        'bob',
      );
      expect(result.body.data?.[name], `${name} ${JSON.stringify(input)}`).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    }
    expect(await fingerprint(db.prisma)).toEqual(before);
    report(
      SUITE,
      `cross-user: ${attempts.length} mutations by bob on alice's objects, all NOT_FOUND, database unchanged`,
    );
  });

  it('subscriptions: NOT_FOUND on alice’s jobs; bob’s prompt stream shows only bob’s prompts', async () => {
    const client = makeWsClient(api.url, { 'x-user-id': 'bob' });
    clients.push(client);
    for (const job of [world.aQuestions, world.aReview, world.aCompleted, world.aFailed]) {
      for (const [field, query] of [
        ['jobEvents', 'subscription($id: ID!) { jobEvents(jobId: $id) { sequence } }'],
        ['jobUpdated', 'subscription($id: ID!) { jobUpdated(jobId: $id) { jobId } }'],
        ['hitlPromptPending', 'subscription($id: ID) { hitlPromptPending(jobId: $id) { interactionId } }'],
      ] as const) {
        for (const id of [job.jobId, encodeGlobalID('Job', job.jobId)]) {
          const rec = record(client, field, query, { id });
          await rec.waitForCompletion(10_000);
          expect(rec.items, `${field}(${id})`).toEqual([]);
          expect(rec.results[0]?.errors?.[0]?.extensions?.code, `${field}(${id})`).toBe('NOT_FOUND');
        }
      }
    }
    const all = record<{ interactionId: number; job: { userId: string } }>(
      client,
      'hitlPromptPending',
      'subscription { hitlPromptPending { interactionId job { userId } } }',
    );
    await all.waitFor(
      (items) => items.some((i) => i.interactionId === world.bQuestionsPrompt.interactionId),
      "bob's own prompt",
    );
    all.stop();
    expect(all.items.every((i) => i.job.userId === 'bob')).toBe(true);
  });

  it('then alice does the same successfully (the ids were live); bob reusing her idempotency key gets his own job', async () => {
    const asAlice = async (name: keyof typeof MUTATIONS, input: Record<string, unknown>) => {
      const result = await post<Record<string, { __typename: string; message?: string }>>(
        api.url,
        MUTATIONS[name],
        { input },
        'alice',
      );
      expect(result.body.data?.[name]?.__typename, `${name}: ${result.text}`).toMatch(/Success$/);
    };
    await asAlice('respondToHitl', {
      ...goodAnswers(world.aQuestionsPrompt),
      interactionId: encodeGlobalID('HitlInteraction', world.aQuestionsPrompt.interactionId),
    });
    await asAlice('cancelJob', { jobId: world.aReview.jobId, reason: 'done here' });
    await asAlice('retryJob', { jobId: world.aFailed.jobId });
    await asAlice('promoteSkill', { jobId: world.aCompleted.jobId });
    await asAlice('promoteSkill', { jobId: world.aPendingReview.jobId, force: true, overwrite: true });
    const mine = await post<{ createSkillJob: { job: { jobId: string; userId: string } } }>(
      api.url,
      MUTATIONS.createSkillJob,
      { input: { taskDescription: world.aKeyed.taskDescription, idempotencyKey: 'shared-key' } },
      'bob',
    );
    expect(mine.body.data?.createSkillJob.job.userId).toBe('bob');
    expect(mine.body.data?.createSkillJob.job.jobId).not.toBe(world.aKeyed.jobId);
  });
});

describe('after all of the above', () => {
  it('the invariant checker is clean', async () => {
    for (const [name, outcomes] of Object.entries(stats)) report(SUITE, `${name}: ${JSON.stringify(outcomes)}`);
    // Not vacuous: most generated requests got past GraphQL validation to the resolvers.
    for (const name of [
      ...Object.keys(MUTATIONS),
      'job',
      'node',
      'jobs',
      'skills',
      'skill',
      'stuckJobs',
      'validateSkill',
    ]) {
      const outcomes = stats[name] ?? {};
      const total = Object.values(outcomes).reduce((n, c) => n + c, 0);
      const reached =
        total -
        Object.entries(outcomes)
          .filter(([o]) => o.startsWith('HTTP'))
          .reduce((n, [, c]) => n + c, 0);
      if (process.env.CHAOS_DEBUG) continue;
      expect(reached, `${name}: ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(total * 0.25);
    }
    await expectInvariantsHold(db.prisma, SUITE);
  });
});
