// The invariant checker: clean after real runs, and each invariant is able to fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, CHECKS } from '../resolvers/invariants';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import type { Services } from '../resolvers/services';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { goodAnswers } from './helpers/hitl';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';

const erin = { userId: 'erin', isAdmin: false };
let db: TestDatabase;
let services: Services;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
});
afterAll(async () => {
  await db?.drop();
});

describe('invariant checker', () => {
  it('is clean after real jobs: completed, paused, answered', async () => {
    const worker = await startTestWorker(db, services);
    try {
      const done = await createSkillJob(services, erin, {
        taskDescription: 'a skill for writing SQL window functions',
        hitl: { clarify: false, confirm: false, preview: false },
      });
      const paused = await createSkillJob(services, erin, {
        taskDescription: 'a skill for reviewing database indexes',
      });
      await waitForJob(db, done.jobId, (j) => j.status === 'COMPLETED');
      await waitForJob(db, paused.jobId, (j) => j.status === 'PENDING_HITL');
      const clarify = await db.prisma.hitlInteraction.findFirstOrThrow({
        where: { jobId: paused.jobId, status: 'PENDING' },
      });
      await respondToHitl(services, erin, goodAnswers(clarify));
      await waitForJob(
        db,
        paused.jobId,
        (j) => j.status === 'PENDING_HITL' && j.progressMessage?.includes('confirmation') === true,
      );
    } finally {
      await worker.close();
    }
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });

  it('reports each kind of violation', async () => {
    // Corrupt copies of real rows inside a transaction that is rolled back, one invariant at a time.
    const paused = await db.prisma.job.findFirstOrThrow({ where: { status: 'PENDING_HITL' } });
    const completed = await db.prisma.job.findFirstOrThrow({ where: { status: 'COMPLETED' } });
    const responded = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { status: 'RESPONDED' } });
    const corruptions: Array<[string, string]> = [
      [CHECKS[0]!.invariant, `DELETE FROM job_events WHERE job_id = '${completed.jobId}' AND sequence = 2`],
      [CHECKS[1]!.invariant, `UPDATE jobs SET status = 'FAILED' WHERE job_id = '${paused.jobId}'`],
      [CHECKS[2]!.invariant, `UPDATE jobs SET status = 'CANCELLED' WHERE job_id = '${paused.jobId}'`],
      [
        CHECKS[3]!.invariant,
        `UPDATE hitl_interactions SET status = 'CANCELLED' WHERE job_id = '${paused.jobId}' AND status = 'PENDING'`,
      ],
      [
        CHECKS[4]!.invariant,
        `DELETE FROM job_events WHERE event_type = 'HITL_RESPONDED' AND (data->>'interactionId')::int = ${responded.interactionId}`,
      ],
      [CHECKS[6]!.invariant, `DELETE FROM skills WHERE name = '${completed.skillName}'`],
      [CHECKS[7]!.invariant, `UPDATE jobs SET status = 'RUNNING' WHERE job_id = '${completed.jobId}'`],
      [CHECKS[8]!.invariant, `DELETE FROM graphile_worker._private_jobs WHERE key LIKE 'hitl-timeout:%'`],
    ];
    for (const [invariant, sql] of corruptions) {
      const found = await db.prisma
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe(sql);
          const violations = await checkInvariants(tx as never);
          throw Object.assign(new Error('rollback'), { violations });
        })
        .catch((error: { violations?: Awaited<ReturnType<typeof checkInvariants>> }) => error.violations ?? []);
      expect(
        found.map((v) => v.invariant),
        sql,
      ).toContain(invariant);
    }
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });
});
