// Promotion against a real database and a real worker: the PROMOTION phase and the promoteSkill use case
// (idempotency, versions, overwrite, force). SKILLS_DIR files and author proposals that try to leave it:
// promotion-skills-dir.test.ts.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidStateError, NotFoundError, ValidationError } from '../resolvers/errors';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { validateSkill } from '../resolvers/skill-content/validator';
import { promoteSkill } from '../resolvers/skills/promote-skill';
import { waitForJob } from './helpers/services';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import {
  alice,
  bob,
  brokenDrafts,
  db,
  events,
  failureOf,
  offline,
  overrides,
  runToEnd,
  sandbox,
  services,
  skillFile,
  skillsDir,
  usePromotionSetup,
} from './helpers/promotion-setup';
import { listFiles } from './helpers/files';

usePromotionSetup();

describe('the PROMOTION phase', () => {
  it('a job with every prompt off completes with an ACTIVE skill 1.0.0, its draft path and its SKILL.md in SKILLS_DIR', async () => {
    const done = await runToEnd('a skill for writing safe Postgres migrations');
    expect(done.status).toBe('COMPLETED');
    expect(done.promoted).toBe(true);
    expect(done.taxonomyPath).toBeTruthy();
    expect(done.draftPath).toBe(`_drafts/${done.jobId}/${done.taxonomyPath}`);
    expect(done.finalPath).toBe(done.taxonomyPath);

    const skill = await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } });
    expect(skill).toMatchObject({
      status: 'ACTIVE',
      version: '1.0.0',
      jobId: done.jobId,
      taxonomyPath: done.taxonomyPath,
      content: done.draftContent,
    });
    expect(skill.publishedAt).toBeInstanceOf(Date);
    expect(done.result).toMatchObject({
      skillId: skill.skillId,
      name: skill.name,
      version: '1.0.0',
      finalPath: done.taxonomyPath,
    });

    const reports = await db.prisma.validationReport.findMany({ where: { jobId: done.jobId } });
    expect(reports.map((r) => [r.attempt, r.passed])).toEqual([[1, true]]);

    expect(fs.readFileSync(skillFile(done.taxonomyPath!), 'utf8')).toBe(skill.content);
    expect(listFiles(skillsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const promoted = (await events(done.jobId)).filter((e) => e.eventType === 'PROMOTED');
    expect(promoted).toHaveLength(1);
  });

  it('a second job for the same task (the same skill name) stops in PENDING_REVIEW naming the conflict', async () => {
    const task = 'a skill for reviewing pull requests in TypeScript';
    const first = await runToEnd(task);
    expect(first.status).toBe('COMPLETED');
    const second = await runToEnd(task);
    expect(second.skillName).toBe(first.skillName);
    expect(second.status).toBe('PENDING_REVIEW');
    expect(second.promoted).toBe(false);
    expect(second.progressMessage).toContain(`A skill named "${first.skillName}" already exists (version 1.0.0)`);
    expect(second.progressMessage).toContain('overwrite');
    const skill = await db.prisma.skill.findUniqueOrThrow({ where: { name: first.skillName! } });
    expect(skill).toMatchObject({ jobId: first.jobId, version: '1.0.0' });
    const last = (await events(second.jobId)).at(-1);
    expect(last).toMatchObject({ eventType: 'STATUS_CHANGED', status: 'PENDING_REVIEW' });
  });
});

describe('promoteSkill', () => {
  it('on a COMPLETED job: without overwrite returns the same skill and changes nothing; with overwrite publishes 1.1.0', async () => {
    const done = await runToEnd('a skill for writing incident postmortems');
    expect(done.status).toBe('COMPLETED');
    const before = await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } });

    const again = await promoteSkill(services, alice, { jobId: done.jobId });
    expect(again.skill).toEqual(before);
    expect(again.job.lastSequence).toBe(done.lastSequence);
    const unchanged = await db.prisma.job.findUniqueOrThrow({ where: { jobId: done.jobId } });
    expect(unchanged.lastSequence).toBe(done.lastSequence);
    expect(await db.prisma.skill.findUniqueOrThrow({ where: { name: done.skillName! } })).toEqual(before);

    fs.rmSync(skillFile(done.taxonomyPath!));
    const bumped = await promoteSkill(services, alice, { jobId: done.jobId, overwrite: true });
    expect(bumped.skill).toMatchObject({
      skillId: before.skillId,
      version: '1.1.0',
      status: 'ACTIVE',
      jobId: done.jobId,
    });
    expect(bumped.skill.publishedAt!.getTime()).toBeGreaterThanOrEqual(before.publishedAt!.getTime());
    expect(bumped.job.status).toBe('COMPLETED');
    expect(bumped.job.result).toMatchObject({ version: '1.1.0' });
    expect(fs.readFileSync(skillFile(done.taxonomyPath!), 'utf8')).toBe(bumped.skill.content);
    const promoted = (await events(done.jobId)).filter((e) => e.eventType === 'PROMOTED');
    expect(promoted.map((e) => (e.data as { version?: string }).version)).toEqual([undefined, '1.1.0']);

    const twice = await promoteSkill(services, alice, { jobId: done.jobId, overwrite: true });
    expect(twice.skill.version).toBe('1.2.0');
  });

  it('on a name conflict: refuses without overwrite; with overwrite completes the job and publishes the next version for it', async () => {
    const task = 'a skill for planning zero-downtime database migrations';
    const first = await runToEnd(task);
    expect(first.status).toBe('COMPLETED');
    const second = await runToEnd(task);
    expect(second.status).toBe('PENDING_REVIEW');
    const original = await db.prisma.skill.findUniqueOrThrow({ where: { name: first.skillName! } });

    const refused = await failureOf(promoteSkill(services, alice, { jobId: second.jobId }), InvalidStateError);
    expect(refused.message).toContain(`"${first.skillName}" already exists`);
    expect(refused.currentStatus).toBe('ACTIVE'); // the status that made the request invalid: the existing skill's
    expect(refused.message).toContain('overwrite');
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: second.jobId } })).status).toBe('PENDING_REVIEW');
    expect(await db.prisma.skill.findUniqueOrThrow({ where: { name: first.skillName! } })).toEqual(original);

    fs.rmSync(skillFile(second.taxonomyPath!));
    const { job, skill } = await promoteSkill(services, alice, { jobId: second.jobId, overwrite: true });
    expect(job.status).toBe('COMPLETED');
    expect(job.promoted).toBe(true);
    expect(job.progressPercent).toBe(100);
    expect(skill).toMatchObject({
      skillId: original.skillId,
      name: first.skillName,
      version: '1.1.0',
      jobId: second.jobId,
      status: 'ACTIVE',
    });
    expect(fs.readFileSync(skillFile(second.taxonomyPath!), 'utf8')).toBe(skill.content);
    const log = await events(second.jobId);
    expect(log.at(-1)).toMatchObject({ eventType: 'STATUS_CHANGED', status: 'COMPLETED' });
    expect(log.filter((e) => e.eventType === 'PROMOTED').map((e) => e.data)).toEqual([
      expect.objectContaining({ version: '1.1.0', forced: false }),
    ]);

    // The first job's skill now belongs to the second: promoting the first again needs overwrite too.
    const back = await failureOf(promoteSkill(services, alice, { jobId: first.jobId }), InvalidStateError);
    expect(back.message).toContain('already exists');
  });

  it('refuses a job that is not COMPLETED or PENDING_REVIEW, saying its status', async () => {
    // RUNNING: the refinement waits for the test.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runningTask = 'a skill for debugging flaky integration tests';
    overrides.set(runningTask, { refine: async (ctx) => (await gate, offline.refine(ctx)) });
    const running = await createSkillJob(services, alice, { taskDescription: runningTask, hitl: ALL_PROMPTS_OFF });
    try {
      await waitForJob(db, running.jobId, (j) => j.status === 'RUNNING', { description: 'RUNNING' });
      const error = await failureOf(promoteSkill(services, alice, { jobId: running.jobId }), InvalidStateError);
      expect(error.currentStatus).toBe('RUNNING');
      expect(error.message).toContain('RUNNING');
      await cancelJob(services, alice, { jobId: running.jobId });
    } finally {
      release();
    }

    // PENDING_HITL: the default policy asks clarifying questions first.
    const waiting = await createSkillJob(services, alice, { taskDescription: 'a skill for onboarding new engineers' });
    await waitForJob(db, waiting.jobId, (j) => j.status === 'PENDING_HITL', { description: 'PENDING_HITL' });
    const paused = await failureOf(
      promoteSkill(services, alice, { jobId: waiting.jobId, force: true, overwrite: true }),
      InvalidStateError,
    );
    expect(paused.currentStatus).toBe('PENDING_HITL');

    // CANCELLED.
    await cancelJob(services, alice, { jobId: waiting.jobId });
    const cancelled = await failureOf(promoteSkill(services, alice, { jobId: waiting.jobId }), InvalidStateError);
    expect(cancelled.currentStatus).toBe('CANCELLED');

    // Another user's job does not exist for them.
    await failureOf(promoteSkill(services, bob, { jobId: waiting.jobId }), NotFoundError);

    expect(await db.prisma.skill.count({ where: { jobId: { in: [running.jobId, waiting.jobId] } } })).toBe(0);
    expect(
      await db.prisma.jobEvent.count({
        where: { jobId: { in: [running.jobId, waiting.jobId] }, eventType: 'PROMOTED' },
      }),
    ).toBe(0);
  });

  it('a draft that keeps failing validation: 3 attempts, PENDING_REVIEW; promoting needs force', async () => {
    const done = await runToEnd('a skill for writing architecture decision records', brokenDrafts);
    expect(done.status).toBe('PENDING_REVIEW');
    expect(done.validationAttempts).toBe(3);
    expect(done.validationPassed).toBe(false);
    expect(done.progressMessage).toMatch(/^Validation failed 3 times/);
    expect(done.draftPath).toBe(`_drafts/${done.jobId}/${done.taxonomyPath}`);
    expect(done.draftContent).not.toMatch(/when to use/i);

    const reports = await db.prisma.validationReport.findMany({
      where: { jobId: done.jobId },
      orderBy: { attempt: 'asc' },
    });
    expect(reports.map((r) => r.attempt)).toEqual([1, 2, 3]);
    for (const report of reports) {
      expect(report.passed).toBe(false);
      expect(report.errors.join(' ')).toMatch(/when to use/i);
    }
    expect(await db.prisma.skill.count({ where: { name: done.skillName! } })).toBe(0);
    expect(fs.existsSync(skillFile(done.taxonomyPath!))).toBe(false);

    for (const input of [{}, { overwrite: true }, { force: false }]) {
      const refused = await failureOf(promoteSkill(services, alice, { jobId: done.jobId, ...input }), ValidationError);
      expect(refused.field).toBe('force');
      expect(refused.message).toMatch(/fails validation/);
    }
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: done.jobId } })).status).toBe('PENDING_REVIEW');
    expect(await db.prisma.skill.count({ where: { name: done.skillName! } })).toBe(0);

    const { job, skill } = await promoteSkill(services, alice, { jobId: done.jobId, force: true });
    expect(job.status).toBe('COMPLETED');
    expect(skill).toMatchObject({
      name: done.skillName,
      version: '1.0.0',
      status: 'ACTIVE',
      jobId: done.jobId,
      content: done.draftContent,
    });
    expect(validateSkill(skill.content).passed).toBe(false);
    expect(fs.readFileSync(skillFile(done.taxonomyPath!), 'utf8')).toBe(skill.content);
    const promoted = (await events(done.jobId)).filter((e) => e.eventType === 'PROMOTED');
    expect(promoted).toHaveLength(1);
    expect(promoted[0]!.data).toMatchObject({ forced: true, version: '1.0.0' });
    expect(promoted[0]!.message).toContain('despite failing validation');
  });

  it('refuses a stored taxonomy path that escapes SKILLS_DIR (defence in depth) and writes nothing', async () => {
    const done = await runToEnd('a skill for triaging customer support tickets', brokenDrafts);
    expect(done.status).toBe('PENDING_REVIEW');
    const before = listFiles(sandbox);
    for (const taxonomyPath of ['../../escaped', `${sandbox}/abs/path`]) {
      await db.prisma.job.update({ where: { jobId: done.jobId }, data: { taxonomyPath } });
      const refused = await failureOf(
        promoteSkill(services, alice, { jobId: done.jobId, force: true }),
        ValidationError,
      );
      expect(refused.field).toBe('taxonomyPath');
    }
    expect(listFiles(sandbox)).toEqual(before);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: done.jobId } })).status).toBe('PENDING_REVIEW');
    expect(await db.prisma.skill.count({ where: { jobId: done.jobId } })).toBe(0);
  });
});
