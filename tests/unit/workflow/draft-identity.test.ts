// draftPatch (resolvers/workflow/draft-identity.ts): what a commit writes of a phase's draft.
import { describe, expect, it } from 'vitest';
import { draftPatch } from '../../../resolvers/workflow/draft-identity';

const skill = (name: string) =>
  `---\nname: ${name}\ndescription: Use when writing safe postgres migrations\n---\n\n# ${name}\n\nBody.\n`;

const job = {
  skillName: 'postgres-migrations',
  taxonomyPath: 'databases/postgres-migrations',
  draftContent: skill('postgres-migrations'),
};

describe('draftPatch', () => {
  it('leaves out a draft equal to the stored one and keeps the rest of the patch', () => {
    const patch = draftPatch(job, { draftContent: job.draftContent, validationAttempts: 2 });
    expect(patch).toEqual({ validationAttempts: 2 });
  });

  it('writes a changed draft', () => {
    const changed = `${job.draftContent}\nMore.\n`;
    expect(draftPatch(job, { draftContent: changed })).toEqual({ draftContent: changed });
  });

  it('writes the first draft of a job that had none', () => {
    const first = { ...job, draftContent: null };
    expect(draftPatch(first, { draftContent: job.draftContent })).toEqual({ draftContent: job.draftContent });
  });

  it('renames the job after a changed draft, path included', () => {
    const renamed = skill('safe-postgres-migrations');
    expect(draftPatch(job, { draftContent: renamed })).toEqual({
      draftContent: renamed,
      skillName: 'safe-postgres-migrations',
      taxonomyPath: 'databases/safe-postgres-migrations',
    });
  });

  it("still follows an unchanged draft's name when the job's name differs, without writing the draft", () => {
    const stale = { ...job, skillName: 'old-name', taxonomyPath: 'databases/old-name' };
    expect(draftPatch(stale, { draftContent: job.draftContent })).toEqual({
      skillName: 'postgres-migrations',
      taxonomyPath: 'databases/postgres-migrations',
    });
  });

  it('returns a patch without a draft as it is', () => {
    const patch = { validationPassed: true };
    expect(draftPatch(job, patch)).toBe(patch);
  });
});
