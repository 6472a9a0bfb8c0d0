// The invariant checker: clean after real runs, and each invariant is able to fail (a test below corrupts real rows
// once per invariant, and fails when an invariant has no corruption).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlInteraction, Job } from '../prisma/database';
import { checkInvariants, CHECKS, type Violation } from '../resolvers/invariants';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import type { Services } from '../resolvers/services';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { goodAnswers } from './helpers/hitl';
import { atConfirm, makeTestServices, startTestWorker, waitForJob } from './helpers/services';

const erin = { userId: 'erin', isAdmin: false };
let db: TestDatabase;
let services: Services;
/** Real rows of each kind, from real runs: a completed job, a paused job, an answered prompt. */
let completed: Job;
let paused: Job;
let responded: HitlInteraction;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
  const worker = await startTestWorker(db, services);
  try {
    const done = await createSkillJob(services, erin, {
      taskDescription: 'a skill for writing SQL window functions',
      hitl: ALL_PROMPTS_OFF,
    });
    const waiting = await createSkillJob(services, erin, {
      taskDescription: 'a skill for reviewing database indexes',
    });
    completed = await waitForJob(db, done.jobId, (j) => j.status === 'COMPLETED');
    await waitForJob(db, waiting.jobId, (j) => j.status === 'PENDING_HITL');
    const clarify = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: waiting.jobId, status: 'PENDING' },
    });
    await respondToHitl(services, erin, goodAnswers(clarify));
    paused = await waitForJob(db, waiting.jobId, atConfirm());
    responded = await db.prisma.hitlInteraction.findUniqueOrThrow({
      where: { interactionId: clarify.interactionId },
    });
  } finally {
    await worker.close();
  }
});
afterAll(async () => {
  await db?.drop();
});

/** The invariants `sql` breaks, found inside a transaction that is rolled back. */
async function violatedBy(sql: string): Promise<string[]> {
  const found = await db.prisma
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe(sql);
      const violations = await checkInvariants(tx as never);
      throw Object.assign(new Error('rollback'), { violations });
    })
    .catch((error: { violations?: Violation[] }) => {
      if (!error.violations) throw error;
      return error.violations;
    });
  return found.map((v) => v.invariant);
}

describe('invariant checker', () => {
  it('is clean after real jobs: completed, paused, answered', async () => {
    expect(responded.status).toBe('RESPONDED');
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });

  it('reports each kind of violation', async () => {
    // One corruption of real rows per invariant, keyed by the invariant's text, and every invariant has one.
    const corruptions: Record<string, string> = {
      'events are numbered 1..n with no gaps, and n is the job last_sequence': `DELETE FROM job_events WHERE job_id = '${completed.jobId}' AND sequence = 2`,
      "a terminal job's last event records the terminal status": `UPDATE jobs SET status = 'FAILED' WHERE job_id = '${paused.jobId}'`,
      'at most one PENDING prompt per job, and none on a finished job': `UPDATE jobs SET status = 'CANCELLED' WHERE job_id = '${paused.jobId}'`,
      'a PENDING_HITL job has exactly one pending prompt': `UPDATE hitl_interactions SET status = 'CANCELLED' WHERE job_id = '${paused.jobId}' AND status = 'PENDING'`,
      'every RESPONDED prompt has exactly one HITL_RESPONDED event': `DELETE FROM job_events WHERE event_type = 'HITL_RESPONDED' AND (data->>'interactionId')::int = ${responded.interactionId}`,
      'a promoted COMPLETED job has its skill': `DELETE FROM skills WHERE name = '${completed.skillName}'`,
      'a PENDING or RUNNING job has a queued advance task, or one a live worker is running': `UPDATE jobs SET status = 'RUNNING' WHERE job_id = '${completed.jobId}'`,
      'a pending prompt has its timeout scheduled': `DELETE FROM graphile_worker._private_jobs WHERE key LIKE 'hitl-timeout:%'`,
      'the job counts of /metrics (kept by a trigger) equal a real count of jobs per status': `INSERT INTO job_status_changes (from_status, to_status) VALUES (NULL, 'FAILED')`,
      'the pending prompt counts of /metrics (kept by triggers) equal a real count of pending prompts per type': `INSERT INTO hitl_pending_changes (interaction_type, delta) VALUES ('CONFIRM', 1)`,
    };
    expect(Object.keys(corruptions).sort()).toEqual(CHECKS.map((c) => c.invariant).sort());
    for (const [invariant, sql] of Object.entries(corruptions)) expect(await violatedBy(sql), sql).toContain(invariant);
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });
});
