// After the database was away (the event hub lost its LISTEN connection and reconnected), what a subscriber may have
// missed is made up: a delivery that failed meanwhile (the prompt was read, then its job could not be) left it with an
// error result and no prompt. hitlPromptPending offers every still-pending prompt again and jobUpdated sends the job
// again; a subscriber keeps the first copy of each prompt id. A ring without a reconnect repeats nothing.
import { describe, expect, it } from 'vitest';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { record } from './helpers/clients';
import { adminQuery } from './helpers/database';
import { waitForJob } from './helpers/services';
import {
  PROMPTS,
  type PromptItem,
  TASK,
  UPDATES,
  type JobItem,
  alice,
  answer,
  db,
  expectNoErrors,
  hub,
  services,
  ws,
  useSubscriptionServer,
} from './helpers/subscription-server';

useSubscriptionServer();

describe('after the event hub reconnects', () => {
  it('hitlPromptPending offers the still-pending prompts again and jobUpdated the job; a plain ring repeats nothing', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the CLARIFY pause' });
    const clarify = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: job.jobId, status: 'PENDING' },
    });
    const client = ws('alice');
    const prompts = record<PromptItem>(client, 'hitlPromptPending', PROMPTS, {});
    const updates = record<JobItem>(client, 'jobUpdated', UPDATES, { jobId: job.jobId });
    await prompts.waitFor((items) => items.length === 1, 'the pending prompt');
    await updates.waitFor((items) => items.length === 1, 'the job now');

    const before = hub.status();
    await adminQuery(db.adminUrl, `SELECT pg_terminate_backend(${before.backendPid})`);
    await prompts.waitFor((items) => items.length === 2, 'the prompt offered again after the resync', 15_000);
    await updates.waitFor((items) => items.length === 2, 'the job sent again after the resync', 15_000);
    expect(hub.status().reconnects).toBe(before.reconnects + 1);
    expect(prompts.items.map((p) => p.interactionId)).toEqual([clarify.interactionId, clarify.interactionId]);
    expect(updates.items[1]).toEqual(updates.items[0]);

    // Rings without a reconnect: the answer, the phases up to the next prompt. Only the new prompt comes.
    await answer(alice, clarify.interactionId);
    await prompts.waitFor((items) => items.length === 3, 'the next prompt', 30_000);
    const next = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId: job.jobId, status: 'PENDING' } });
    expect(prompts.items.map((p) => p.interactionId)).toEqual([
      clarify.interactionId,
      clarify.interactionId,
      next.interactionId,
    ]);

    await cancelJob(services, alice, { jobId: job.jobId, reason: 'enough' });
    await updates.waitForCompletion(10_000);
    // Every update after the resync is a change: no two in a row are the same.
    const later = updates.items.slice(1);
    expect(later.filter((item, i) => i > 0 && JSON.stringify(item) === JSON.stringify(later[i - 1]))).toEqual([]);
    expect(updates.items.at(-1)?.status).toBe('CANCELLED');
    expectNoErrors(prompts, updates);
  });
});
