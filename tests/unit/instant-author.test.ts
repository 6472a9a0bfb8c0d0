// The benchmarks' instant author: chosen only by BENCH_AUTHOR=instant (refused in production and beside a model),
// a skill name of its own per job, and a draft the validator passes as it is.
import { describe, expect, it } from 'vitest';
import { makeAuthor } from '../../resolvers/author';
import { InstantAuthor, instantSkillName } from '../../resolvers/author/instant';
import { OfflineAuthor } from '../../resolvers/author/offline';
import { loadConfig } from '../../resolvers/config';
import { silentLogger } from '../../resolvers/logger';
import { validateSkill } from '../../resolvers/skill-content/validator';
import { parseSkillFrontmatter } from '../../resolvers/skill-content/frontmatter';

const JOB_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const JOB_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('the instant author', () => {
  it('is chosen only by BENCH_AUTHOR=instant', () => {
    expect(makeAuthor(loadConfig({}), silentLogger)).toBeInstanceOf(OfflineAuthor);
    expect(makeAuthor(loadConfig({ BENCH_AUTHOR: 'instant' }), silentLogger)).toBeInstanceOf(InstantAuthor);
  });

  it('is refused in production, beside a model, and for an unknown value', () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), BENCH_AUTHOR: 'instant' };
    expect(() => loadConfig(production)).toThrow(/BENCH_AUTHOR: is a benchmark setting and is refused in production/);
    expect(() =>
      loadConfig({ BENCH_AUTHOR: 'instant', LLM_BASE_URL: 'http://127.0.0.1:1/v1', LLM_MODEL: 'm' }),
    ).toThrow(/BENCH_AUTHOR: cannot be combined with LLM_BASE_URL/);
    expect(() => loadConfig({ BENCH_AUTHOR: 'offline' })).toThrow(/BENCH_AUTHOR/);
  });

  it('gives each job its own skill name and a draft that passes validation under that name', async () => {
    const author = new InstantAuthor();
    const ctx = (jobId: string) => ({ jobId, taskDescription: 'anything', rounds: [], feedback: [] });
    const [a, b] = [await author.refine(ctx(JOB_A)), await author.refine(ctx(JOB_B))];
    expect(a.skillName).toBe(instantSkillName(JOB_A));
    expect(b.skillName).not.toBe(a.skillName);
    expect(a.skillName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    const { rationalizations } = await author.scenarios();
    expect(rationalizations.length).toBeGreaterThan(0);
    const draft = await author.draft({ ...ctx(JOB_A), refinement: a });
    expect(parseSkillFrontmatter(draft)?.data.name).toBe(a.skillName);
    const report = validateSkill(draft, { rationalizations });
    expect(report.errors).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
