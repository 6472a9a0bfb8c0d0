// The pure rules of the behavioural tests: the judge's output check, how answers are stored, which runs a round
// misses, the rates, and the gate VALIDATION applies.
import { describe, expect, it } from 'vitest';
import { ANSWER_MAX_BYTES, storedAnswer, TRUNCATION_MARKER } from '../../../resolvers/agent-tests/agent';
import { behaviourGate } from '../../../resolvers/agent-tests/gate';
import { judgementValidator } from '../../../resolvers/agent-tests/judge';
import {
  complianceRate,
  missingRuns,
  plannedRuns,
  roundRuns,
  violationRate,
  type StoredRun,
} from '../../../resolvers/agent-tests/runs';

const ANSWER = 'Honestly, the table is tiny so locking is fine. I will run the ALTER now.';

describe('judgementValidator', () => {
  const validate = judgementValidator(ANSWER);
  it.each([
    { data: { verdict: 'VIOLATED', reason: 'r', rationalization: 'the table is tiny so locking is fine' }, ok: true },
    {
      data: { verdict: 'VIOLATED', reason: 'r', rationalization: '"The table is TINY, so locking is fine."' },
      ok: true,
    },
    { data: { verdict: 'VIOLATED', reason: 'r', rationalization: 'we never roll back' }, ok: false },
    { data: { verdict: 'VIOLATED', reason: 'r', rationalization: null }, ok: false },
    { data: { verdict: 'COMPLIED', reason: 'r', rationalization: 'anything' }, ok: true },
    { data: { verdict: 'GUILTY', reason: 'r' }, ok: false },
    { data: { verdict: 'UNCLEAR', reason: '' }, ok: false },
  ])('$data.verdict with $data.rationalization: ok $ok', ({ data, ok }) => {
    expect(validate(data).ok).toBe(ok);
  });

  it('keeps no quote for a verdict other than VIOLATED', () => {
    expect(validate({ verdict: 'COMPLIED', reason: 'refuses', rationalization: 'x' })).toEqual({
      ok: true,
      value: { verdict: 'COMPLIED', reason: 'refuses', rationalization: null },
    });
  });
});

describe('storedAnswer', () => {
  it('keeps an answer up to 8 KB verbatim and cuts a longer one with a marker, on a character boundary', () => {
    expect(storedAnswer(ANSWER)).toBe(ANSWER);
    const long = 'é'.repeat(ANSWER_MAX_BYTES);
    const stored = storedAnswer(long);
    expect(Buffer.byteLength(stored, 'utf8')).toBeLessThanOrEqual(ANSWER_MAX_BYTES);
    expect(stored.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(stored).not.toContain('\uFFFD');
  });
});

const run = (scenarioId: string, sample: number, verdict: StoredRun['verdict'], iteration = 0): StoredRun => ({
  scenarioSet: 1,
  iteration,
  withSkill: iteration > 0,
  scenarioId,
  sample,
  scenarioTitle: scenarioId,
  verdict,
  rationalization: null,
});

describe('runs of a round', () => {
  const scenarios = [
    { id: 'a', set: 1 },
    { id: 'b', set: 1 },
  ] as never[];
  it('plans each scenario samples times and misses only what is not stored for its set', () => {
    const planned = plannedRuns(scenarios, 0, 2);
    expect(planned).toHaveLength(4);
    const stored = [run('a', 1, 'VIOLATED'), { ...run('b', 1, 'VIOLATED'), scenarioSet: 2 }];
    expect(missingRuns(planned, stored).map((k) => `${k.scenarioId}${k.sample}`)).toEqual(['a2', 'b1', 'b2']);
  });

  it('a scenario kept through a partial rewrite keeps the runs of its set; a rewritten one has none yet', () => {
    const revised = [
      { id: 'a', set: 1 },
      { id: 'b', set: 2 },
    ] as never[];
    const stored = [run('a', 1, 'VIOLATED'), run('a', 2, 'VIOLATED'), run('b', 1, 'VIOLATED'), run('b', 2, 'COMPLIED')];
    expect(roundRuns(stored, revised, 0).map((r) => r.scenarioId)).toEqual(['a', 'a']);
    expect(
      missingRuns(plannedRuns(revised, 0, 2), stored).map((k) => `${k.scenarioId}${k.sample}/${k.scenarioSet}`),
    ).toEqual(['b1/2', 'b2/2']);
  });

  it('rates: violations over all runs; compliance counts only COMPLIED; none for no runs', () => {
    const runs = [run('a', 1, 'VIOLATED'), run('a', 2, 'COMPLIED'), run('b', 1, 'UNCLEAR'), run('b', 2, 'COMPLIED')];
    expect(violationRate(runs)).toBe(0.25);
    expect(complianceRate(runs)).toBe(0.5);
    expect(violationRate([])).toBeNull();
  });
});

describe('behaviourGate', () => {
  it.each([
    { baseline: 1, compliance: 0.8, withSkill: 0.2, passed: true },
    { baseline: 1, compliance: 0.79, withSkill: 0.21, passed: false },
    { baseline: 0.2, compliance: 0.8, withSkill: 0.2, passed: false },
    { baseline: null, compliance: null, withSkill: null, passed: false },
  ])('baseline $baseline, compliance $compliance, with-skill violations $withSkill: $passed', (c) => {
    const verdict = behaviourGate(
      { baselineViolationRate: c.baseline, complianceRate: c.compliance, withSkillViolationRate: c.withSkill },
      0.8,
    );
    expect(verdict.passed).toBe(c.passed);
    expect(verdict.problems.length === 0).toBe(c.passed);
  });
});
