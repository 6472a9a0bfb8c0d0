// EVENT_RETENTION_DAYS: the events of jobs that finished (COMPLETED, FAILED, CANCELLED) longer ago than the setting are
// purged, all but the last; nothing else is touched, nothing at all without the setting. Afterwards the job's log
// reads as what is left through GraphQL, a jobEvents replay from the start gets the terminal event and completes, and
// the doctor finds nothing wrong.
import { describe, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { purgeExpiredEvents } from '../resolvers/jobs/event-retention';
import { checkInvariants } from '../resolvers/invariants';
import { loadConfig } from '../resolvers/config';
import { record } from './helpers/clients';
import { gql } from './helpers/graphql';
import { waitForJob } from './helpers/services';
import {
  alice,
  app,
  completedJob,
  db,
  EVENTS,
  nextTask,
  sequences,
  services,
  storedEvents,
  useSubscriptionServer,
  ws,
  type EventItem,
} from './helpers/subscription-server';

useSubscriptionServer();

async function backdate(jobId: string, days: number, status?: string) {
  await db.prisma.$executeRawUnsafe(
    `UPDATE jobs SET created_at = created_at - make_interval(days => $2::int),
                     completed_at = completed_at - make_interval(days => $2::int)
                     ${status ? `, status = '${status}'` : ''}
     WHERE job_id = $1::uuid`,
    jobId,
    days,
  );
}

describe('event retention', () => {
  it('EVENT_RETENTION_DAYS is unset (keep forever) by default, a whole number of days otherwise', () => {
    expect(loadConfig({}).eventRetentionDays).toBeUndefined();
    expect(loadConfig({ EVENT_RETENTION_DAYS: '30' }).eventRetentionDays).toBe(30);
    expect(() => loadConfig({ EVENT_RETENTION_DAYS: '0' })).toThrow(/EVENT_RETENTION_DAYS/);
    expect(() => loadConfig({ EVENT_RETENTION_DAYS: 'soon' })).toThrow(/EVENT_RETENTION_DAYS/);
  });

  it('purges only the events of jobs finished longer ago than the setting, all but the last one', async () => {
    const old = await completedJob();
    const recent = await completedJob();
    const review = await completedJob();
    const waiting = await createSkillJob(services, alice, { taskDescription: nextTask() }); // asks questions
    await waitForJob(db, waiting.jobId, (j) => j.status === 'PENDING_HITL', { description: 'PENDING_HITL' });
    await backdate(old.jobId, 10);
    await backdate(review.jobId, 10, 'PENDING_REVIEW'); // not finished: a person may still promote it
    await backdate(waiting.jobId, 30);
    const before = new Map(
      await Promise.all(
        [old, recent, review, waiting].map(async (j) => [j.jobId, sequences(await storedEvents(j.jobId))] as const),
      ),
    );

    // Without the setting nothing goes.
    expect(await purgeExpiredEvents(services)).toEqual({ jobs: 0, events: 0 });
    const retained = { ...services, settings: { ...services.settings, eventRetentionDays: 7 } };
    expect(await purgeExpiredEvents(retained)).toEqual({ jobs: 1, events: old.lastSequence - 1 });
    expect(await purgeExpiredEvents(retained)).toEqual({ jobs: 0, events: 0 }); // nothing left to purge

    expect(sequences(await storedEvents(old.jobId))).toEqual([old.lastSequence]);
    for (const job of [recent, review, waiting])
      expect(sequences(await storedEvents(job.jobId))).toEqual(before.get(job.jobId));

    // Through GraphQL: the job's log is what is left; a replay from 0 delivers the terminal event and completes.
    const query = `query($id: ID!) { job(id: $id) { status events { sequence type status } } }`;
    const page = await gql<{ job: { status: string; events: EventItem[] } }>(
      app,
      query,
      { id: old.jobId },
      { user: 'alice' },
    );
    expect(page.body.data?.job).toEqual({
      status: 'COMPLETED',
      events: [{ sequence: old.lastSequence, type: 'STATUS_CHANGED', status: 'COMPLETED' }],
    });
    const replay = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: old.jobId, after: 0 });
    await replay.waitForCompletion(10_000);
    expect(sequences(replay.items)).toEqual([old.lastSequence]);

    const violations = await checkInvariants(db.prisma);
    expect(violations.filter((v) => v.invariant.startsWith('events are numbered'))).toEqual([]);
  });
});
