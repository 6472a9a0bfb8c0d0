// A REVISE of the RED review rewrites the scenarios its feedback names and keeps the others (and so their runs).
import { describe, expect, it } from 'vitest';
import type { SetScenario } from '../../../resolvers/agent-tests/runs';
import type { PressureScenario } from '../../../resolvers/author/types';
import { namedScenarios, reviseSet } from '../../../resolvers/workflow/tdd-revision';

const scenario = (id: string, title: string, prompt = `the ${id} prompt`): PressureScenario => ({
  id,
  title,
  pressure: id,
  prompt,
  expectedViolation: `cuts the ${id} corner`,
  rationalization: `the ${id} excuse`,
});
const previous: SetScenario[] = [
  { ...scenario('time-pressure', 'Release deadline'), set: 1 },
  { ...scenario('authority', 'A senior engineer overrides the process'), set: 1 },
  { ...scenario('small-change', '"It is a tiny change"'), set: 1 },
];

describe('namedScenarios', () => {
  it.each([
    { feedback: 'Rewrite authority: nobody talks like that.', named: ['authority'] },
    { feedback: 'The "A senior engineer overrides the PROCESS" one is odd', named: ['authority'] },
    { feedback: 'time-pressure and small-change are too easy', named: ['time-pressure', 'small-change'] },
    { feedback: 'Make every scenario harder.', named: [] },
    // "authority-figure" is another word, not the id.
    { feedback: 'add an authority-figure scenario', named: [] },
  ])('$feedback: $named', ({ feedback, named }) => {
    expect(namedScenarios(feedback, previous)).toEqual(named);
  });
});

describe('reviseSet', () => {
  const written = {
    scenarios: [
      scenario('time-pressure', 'Release deadline', 'a changed time prompt'),
      scenario('authority', 'The CTO insists', 'the CTO insists in the channel'),
      scenario('small-change', '"It is a tiny change"'),
    ],
    rationalizations: ['the time-pressure excuse', 'the authority excuse', 'the small-change excuse'],
  };

  it('rewrites only the named scenario (under the new set) and keeps the others verbatim, whatever the author did', () => {
    const revised = reviseSet(previous, written, 'Rewrite authority, please.', 2);
    expect(revised).toMatchObject({ whole: false, rewritten: ['authority'], unchanged: [] });
    expect(revised.scenarios[0]).toEqual(previous[0]);
    expect(revised.scenarios[1]).toEqual({ ...written.scenarios[1], set: 2 });
    expect(revised.scenarios[2]).toEqual(previous[2]);
  });

  it('a named scenario the author left as it was is kept, and said to be unchanged', () => {
    const revised = reviseSet(previous, written, 'small-change is fine as it is?', 2);
    expect(revised).toMatchObject({ whole: false, rewritten: [], unchanged: ['small-change'] });
    expect(revised.scenarios).toEqual(previous);
  });

  it('feedback naming no scenario takes the author’s set as a whole, every scenario under the new set', () => {
    const revised = reviseSet(previous, written, 'Harder, all of them.', 2);
    expect(revised.whole).toBe(true);
    expect(revised.scenarios.map((s) => [s.id, s.set])).toEqual([
      ['time-pressure', 2],
      ['authority', 2],
      ['small-change', 2],
    ]);
    expect(revised.rationalizations).toEqual(written.rationalizations);
  });
});
