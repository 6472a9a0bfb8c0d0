// The Subscription root: live views of a job's event log, of the job itself and of the prompts waiting for the
// viewer. The streams (replay from the table, then follow the LISTEN doorbell) live in resolvers/events; the fields
// here parse ids and hand the rows to the existing object types. A domain error of the setup (not found, a bad
// argument) is reported by error masking, as for a query (schema/mask-error.ts).
// Transports: SSE from yoga itself (Accept: text/event-stream on /graphql) and graphql-ws on the same path
// (schema/server.ts).
import { followJobChanges } from '../resolvers/events/job-changes';
import { queryFromInfo } from '@pothos/plugin-prisma';
import {
  followJobEvents,
  followJobUpdates,
  followPendingPrompts,
  type JobSelection,
} from '../resolvers/events/streams';
import { jobListWhere, type JobListFilter } from '../resolvers/jobs/find';
import { builder } from './builder';
import { HitlInteractionRef } from './hitl';
import { JobFilter, parseJobId } from './job';

builder.subscriptionType({
  description: 'Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint.',
});

builder.subscriptionFields((t) => ({
  jobEvents: t.prismaField({
    type: 'JobEvent',
    description:
      "The job's events after `afterSequence` (default 0: all of them), then new ones as they are committed: ascending, " +
      'no gaps, no duplicates, also across a reconnect with the last sequence seen or an API restart. Completes after ' +
      'the event that leaves the job COMPLETED, FAILED or CANCELLED (not PENDING_REVIEW: a person may still promote it).',
    args: {
      jobId: t.arg.id({ required: true, description: 'Global id or job UUID.' }),
      afterSequence: t.arg.int({ required: false, description: 'The last sequence already seen; 0 or more.' }),
    },
    subscribe: (_root, args, ctx) =>
      followJobEvents(ctx.services, ctx.viewer, {
        jobId: parseJobId(String(args.jobId)),
        afterSequence: args.afterSequence,
      }),
    resolve: (_query, event) => event,
  }),
  jobUpdated: t.prismaField({
    type: 'Job',
    description:
      'The job now, then after every committed change of its status, phase or progress (changes that land together are ' +
      'seen once, as the newer state). Completes after the job is COMPLETED, FAILED or CANCELLED.',
    args: { jobId: t.arg.id({ required: true, description: 'Global id or job UUID.' }) },
    // The stream reads each state with the selection (its prompt, say), so what it compares is what it delivers.
    subscribe: async (_root, args, ctx, info) =>
      followJobUpdates(
        ctx.services,
        ctx.viewer,
        { jobId: parseJobId(String(args.jobId)) },
        (await queryFromInfo({ context: ctx, info, typeName: 'Job', awaitSelections: true })) as JobSelection,
      ),
    resolve: (_query, job) => job,
  }),
  hitlPromptPending: t.field({
    type: HitlInteractionRef,
    description:
      'Prompts waiting for you: first those already PENDING, then each new one. With jobId only that job (completes ' +
      "once it is COMPLETED, FAILED or CANCELLED); without, all of your own jobs. Never another user's prompt. " +
      'After the server lost and regained its database, every prompt still PENDING is sent again (one may have been ' +
      'lost meanwhile): keep the first copy of each interactionId.',
    args: { jobId: t.arg.id({ required: false, description: 'Only this job (global id or UUID).' }) },
    subscribe: (_root, args, ctx) =>
      followPendingPrompts(ctx.services, ctx.viewer, {
        allJobs: args.jobId === null || args.jobId === undefined,
        jobId: args.jobId === null || args.jobId === undefined ? null : parseJobId(String(args.jobId)),
      }),
    resolve: (interaction) => interaction,
  }),
  jobsChanged: t.prismaField({
    type: 'Job',
    description:
      'Your jobs (every job for admins) that match the filter, each time one is created or its status, phase or ' +
      'progress changes, as it is then (changes that land together are seen together, as the newer state). Starts with ' +
      'what changes after it opens, or with the `replaySeconds` before, and runs until you leave. Never another ' +
      "user's job.",
    args: {
      filter: t.arg({ type: JobFilter, required: false, description: 'The same filter as `jobs`.' }),
      replaySeconds: t.arg.int({
        required: false,
        description:
          'First the matching jobs that changed in the last this many seconds (0 to 3600, default 0): a client that ' +
          'read `jobs` just before subscribing asks for the seconds since, so no change falls between the two.',
      }),
    },
    // Each state is read with the selection, as jobUpdated's.
    subscribe: async (_root, args, ctx, info) =>
      followJobChanges(ctx.services, ctx.viewer, {
        where: jobListWhere(ctx.viewer, args.filter as JobListFilter),
        replaySeconds: args.replaySeconds,
        selection: (await queryFromInfo({
          context: ctx,
          info,
          typeName: 'Job',
          awaitSelections: true,
        })) as JobSelection,
      }),
    resolve: (_query, job) => job,
  }),
}));
