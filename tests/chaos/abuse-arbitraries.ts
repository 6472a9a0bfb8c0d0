// fast-check arbitraries of the abuse suites: nasty strings, numbers out of range, wrong JSON types, cursors, ids a
// client might send (alice's, unknown, malformed, of another type), and the inputs of every mutation.
import { encodeGlobalID } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { aJobsInEveryState, world } from './abuse-world';

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
export const text: fc.Arbitrary<string> = fc.oneof(
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
export const int = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 200 }) },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 1, arbitrary: outOfRange },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
export const isoDate = fc
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
export const wrong = fc.jsonValue({ maxDepth: 3 });
export const orWrong = <T>(arbitrary: fc.Arbitrary<T>) =>
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
export const cursor = fc.oneof(
  fc.tuple(chunk, chunk).map(([a, b]) => Buffer.from(`GPC:T:${JSON.stringify([a, b])}`).toString('base64')),
  fc.array(chunk, { maxLength: 4 }).map((chunks) => Buffer.from(`GPC:T:${JSON.stringify(chunks)}`).toString('base64')),
  chunk.map((c) => Buffer.from(`GPC:${c}`).toString('base64')),
);

/** Ids a client might send: A's (global and raw), unknown, malformed, of another type, numbers. */
export function ids(kind: 'job' | 'interaction'): fc.Arbitrary<unknown> {
  const aPrompts = () => [world.aQuestionsPrompt, world.aReviewPrompt];
  const known = fc
    .constant(null)
    .chain(() =>
      kind === 'job'
        ? fc.constantFrom(
            ...aJobsInEveryState().flatMap((j) => [j.jobId, j.jobId.toUpperCase(), encodeGlobalID('Job', j.jobId)]),
          )
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
export const createInput = fc.record(
  { taskDescription: orWrong(text), hitl: orWrong(policy), idempotencyKey: orWrong(text), ...unknownField },
  { requiredKeys: ['taskDescription'] },
);
/** Inside arrays a wrong type anywhere refuses the whole request: rarer there, so most requests reach the resolver. */
export const rarelyWrong = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 40, arbitrary }, { weight: 1, arbitrary: wrong });
const answer = fc.record(
  {
    questionId: rarelyWrong(fc.oneof(text, fc.constantFrom('problem', 'success_criteria', 'constraints'))),
    text: rarelyWrong(fc.option(text)),
    optionIds: rarelyWrong(fc.option(fc.array(text, { maxLength: 4 }))),
  },
  { requiredKeys: ['questionId'] },
);
export const respondInput = fc.record(
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
export const cancelInput = fc.record(
  { jobId: ids('job'), reason: orWrong(text), ...unknownField },
  { requiredKeys: ['jobId'] },
);
export const retryInput = fc.record({ jobId: ids('job'), ...unknownField }, { requiredKeys: ['jobId'] });
export const promoteInput = fc.record(
  { jobId: ids('job'), force: orWrong(fc.boolean()), overwrite: orWrong(fc.boolean()), ...unknownField },
  { requiredKeys: ['jobId'] },
);
/** The input itself, or something that is not an input object at all. */
export const inputOf = (record: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: wrong });
