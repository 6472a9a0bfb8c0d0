// TASK_REFINEMENT and PROMOTION on hand-built snapshots: what the refinement stores (an unsafe taxonomy path
// replaced, an unusable name refused), and whether the skill name is free to publish. No database.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../resolvers/errors';
import { promotion } from '../../resolvers/workflow/phases/promotion';
import { taskRefinement } from '../../resolvers/workflow/phases/task-refinement';
import { JOB_ID, makeJob, makeSnapshot, skillNamed, stubAuthor } from './snapshot';

describe('TASK_REFINEMENT', () => {
  it('stores the refined task, the name, the description and the taxonomy path', async () => {
    expect(await taskRefinement(stubAuthor(), makeSnapshot())).toEqual({
      kind: 'next',
      message: 'Refined the task; proposed skill "postgres-migrations"',
      patch: {
        taskDescriptionRefined: 'Teach an agent to write migrations that never lock hot tables.',
        skillName: 'postgres-migrations',
        skillDescription: 'Writes safe migrations. Use when changing a live schema.',
        taxonomyPath: 'development/databases/postgres-migrations',
      },
    });
  });

  it('replaces an unsafe taxonomy path with general/<name> and says so', async () => {
    const author = stubAuthor();
    const refine = author.refine.bind(author);
    author.refine = async (ctx) => ({ ...(await refine(ctx)), taxonomyPath: '../../etc' });
    const result = await taskRefinement(author, makeSnapshot());
    expect(result.patch).toMatchObject({ taxonomyPath: 'general/postgres-migrations' });
    expect(result.message).toBe(
      'Refined the task; proposed skill "postgres-migrations" (the proposed taxonomy path "../../etc" is unsafe; using general/postgres-migrations)',
    );
  });

  it('refuses a skill name that is not kebab-case', async () => {
    const author = stubAuthor();
    const refine = author.refine.bind(author);
    author.refine = async (ctx) => ({ ...(await refine(ctx)), skillName: 'Bad Name' });
    await expect(taskRefinement(author, makeSnapshot())).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('PROMOTION', () => {
  const job = makeJob({ currentPhase: 'PROMOTION' });

  it.each([
    { owner: 'nobody', existing: null },
    { owner: 'this job', existing: skillNamed(JOB_ID) },
  ])('publishes when the name is free or the skill is this job’s ($owner)', async ({ existing }) => {
    expect(await promotion(stubAuthor(), makeSnapshot({ job, skillNamed: existing }))).toEqual({
      kind: 'promote',
      message: 'Promoted skill "postgres-migrations"',
      events: [
        {
          type: 'PROMOTED',
          message: 'Skill "postgres-migrations" is active at development/databases/postgres-migrations',
          data: { name: 'postgres-migrations', finalPath: 'development/databases/postgres-migrations' },
        },
      ],
    });
  });

  it.each([
    { owner: 'another job', jobId: '00000000-0000-4000-8000-0000000000ff' },
    { owner: 'no job (its job was deleted)', jobId: null },
  ])('leaves the draft to a person when the name belongs to $owner', async ({ jobId }) => {
    expect(await promotion(stubAuthor(), makeSnapshot({ job, skillNamed: skillNamed(jobId) }))).toEqual({
      kind: 'review',
      message:
        'A skill named "postgres-migrations" already exists (version 1.2.0); promote with overwrite to publish this draft as its next version',
    });
  });
});
