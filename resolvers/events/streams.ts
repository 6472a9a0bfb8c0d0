// The three live streams behind the GraphQL subscriptions, in plain TypeScript: each authorizes, opens its doorbell
// BEFORE its first read of the table, then alternates "read the table from where I am" and "wait for the doorbell".
//
// Why that never loses or repeats anything:
// - Position, not messages. A stream remembers the last thing it delivered (an event sequence, a job version, the
//   prompt ids it showed) and every read asks the table for what comes after it. A notification only says "look
//   again"; many coalesce into one ring, a missed one is made up by the next ring or by the hub's resync.
// - Doorbell before the first read. A change committed after the bell opened rings it; a change committed before
//   is in the first read. Nothing falls between the replay and the live part.
// - Events of one job are appended under that job's row lock (journal.ts), so they become visible in sequence
//   order: reading `sequence > last` in ascending order yields 1, 2, 3, ... with no holes. A hole is still checked
//   for (and waited out) so a future writer that breaks the rule cannot make a stream skip.
import { poolOf, type HitlInteraction, type Job, type JobEvent, type Prisma } from '../../prisma/database';
import { NotFoundError, ValidationError } from '../errors';
import { readEventsAfterSequence } from '../lean/event-rows';
import type { Services } from '../services';
import { canSee, type Viewer } from '../viewer';
import { isTerminal, type JobStatus } from '../workflow/machine';
import { tick } from './doorbell';
import { delivered, opened } from './measure';
import type { Doorbell, EventHub } from './hub';

/** Rows read per query while replaying, so a long log never sits in memory at once. */
export const EVENT_BATCH_SIZE = 500;
/** Most pending prompts read per query (one user never has this many waiting at once). */
const PROMPT_PAGE_SIZE = 500;
/** How long a hole in a job's sequence may last before the stream gives up with an error. */
const GAP_TOLERANCE_MS = 5_000;

/**
 * Reads of a job's events in flight, shared by the subscriptions of that job: a ring wakes every subscriber of the
 * job at once and they all ask the table the same question (events after the same sequence), so one query answers
 * them all. A subscription joins only a read that STARTED after the ring that woke it (both stamped with the
 * doorbell's logical clock), so a read issued before the commit that rang its bell never stands in for the read
 * after it.
 */
const sharedReads = new Map<string, { generation: number; rows: Promise<JobEvent[]> }>();

function readEventsAfter(
  services: Services,
  jobId: string,
  after: number,
  take: number,
  wokeAt: number,
): Promise<JobEvent[]> {
  const key = `${jobId}:${after}:${take}`;
  const current = sharedReads.get(key);
  if (current && current.generation > wokeAt) return current.rows;
  const generation = tick();
  // Straight through `pg` (the client's own pool) when there is one: Prisma's runtime costs more than the read.
  const pool = poolOf(services.prisma);
  const rows = pool
    ? readEventsAfterSequence(pool, jobId, after, take)
    : services.prisma.jobEvent.findMany({
        where: { jobId, sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take,
      });
  const entry = { generation, rows };
  sharedReads.set(key, entry);
  const forget = () => {
    if (sharedReads.get(key) === entry) sharedReads.delete(key);
  };
  rows.then(forget, forget);
  return rows;
}

export function hubOf(services: Services): EventHub {
  if (!services.events)
    throw new Error('subscriptions need the event hub (services.events), and this process has none');
  return services.events;
}

/** Set once the client has left: the stream checks it between steps. */
export interface StopFlag {
  readonly aborted: boolean;
}

/**
 * An async iterator over a generator whose return() first stops the generator's pending wait: a subscription that
 * the client closes while it waits for the doorbell ends now, not at the next ring (closing the bell wakes the wait
 * with 'closed'). A plain flag and the bell, not an AbortController: with thousands of subscriptions, an
 * AbortSignal each and an abort listener added and removed at every ring showed up in memory and in the profile of
 * a delivery. The doorbell is closed, and `onClose` called once, however the iteration ends (even when it never
 * started). The generator is stepped directly (no wrapping generator delegating to it): each layer of async
 * iteration is resumed once per event and subscriber.
 */
export function cancellable<T>(
  bell: Doorbell,
  onClose: () => void,
  produce: (stopped: StopFlag) => AsyncGenerator<T, void, undefined>,
): AsyncIterableIterator<T> {
  const flag = { aborted: false };
  let closed = false;
  const close = () => {
    bell.close();
    if (closed) return;
    closed = true;
    onClose();
  };
  const generator = produce(flag);
  const stop = () => {
    flag.aborted = true;
    close();
  };
  const ended = (step: IteratorResult<T, void>) => {
    if (step.done) close();
    return step;
  };
  const failed = (error: unknown): never => {
    close();
    throw error;
  };
  return {
    next: () => generator.next().then(ended, failed),
    return: async (value?: unknown) => {
      stop();
      return generator.return(value as undefined).then(ended, failed);
    },
    throw: async (error?: unknown) => {
      stop();
      return generator.throw(error).then(ended, failed);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The job if the viewer may see it (read with `query`, e.g. a subscriber's selection); closes the bell when not. */
async function authorizeJob(
  services: Services,
  viewer: Viewer,
  jobId: string | null,
  bell: Doorbell,
  query: JobSelection = {},
): Promise<Job> {
  try {
    const job = jobId
      ? ((await services.prisma.job.findUnique({ ...(query as object), where: { jobId } })) as Job | null)
      : null;
    if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
    return job;
  } catch (error) {
    bell.close();
    throw error;
  }
}

export interface FollowJobEventsInput {
  /** The job UUID (already parsed); null for an id that is not one, which is reported as not found. */
  jobId: string | null;
  /** Replay the events after this sequence (default 0: all of them). */
  afterSequence?: number | null;
  batchSize?: number;
}

/**
 * The job's events after `afterSequence`, then live ones: ascending, no gaps, no duplicates. Ends after delivering
 * an event in COMPLETED, FAILED or CANCELLED that is the job's latest event. PENDING_REVIEW does not end it: the
 * automatic run stopped, but a person may still promote (COMPLETED) or cancel the job. A terminal event followed by
 * more (a FAILED job that was retried) does not end it either. Reconnecting after the terminal event (afterSequence
 * = its sequence) ends at once with nothing to deliver.
 */
export async function followJobEvents(
  services: Services,
  viewer: Viewer,
  input: FollowJobEventsInput,
): Promise<AsyncIterableIterator<JobEvent>> {
  const after = input.afterSequence ?? 0;
  if (!Number.isSafeInteger(after) || after < 0)
    throw new ValidationError('afterSequence must be a whole number, 0 or more', 'afterSequence');
  const batchSize = Math.max(1, input.batchSize ?? EVENT_BATCH_SIZE);
  const { prisma } = services;
  const bell = hubOf(services).watchJob(input.jobId ?? 'none');
  const job = await authorizeJob(services, viewer, input.jobId, bell);
  const jobId = job.jobId;

  return cancellable(bell, opened(services, 'jobEvents'), async function* (signal) {
    // Events the retention purge deleted (EVENT_RETENTION_DAYS) are not waited for: the replay starts after them.
    let last = Math.max(after, job.eventsPurgedThrough);
    let lastStatus: JobStatus | null = null;
    if (after > 0) {
      const known = await prisma.jobEvent.findUnique({
        where: { jobId_sequence: { jobId, sequence: after } },
        select: { status: true },
      });
      lastStatus = (known?.status as JobStatus | undefined) ?? null;
    }
    let gapSince: number | null = null;
    // Events read after a ring are live (the replay before it is history): only those count as deliveries.
    let live = false;
    // Reads started after this point see everything committed before the bell opened.
    let wokeAt = tick();
    while (!signal.aborted) {
      const rows = await readEventsAfter(services, jobId, last, batchSize, wokeAt);
      let gap = false;
      for (const row of rows) {
        if (row.sequence !== last + 1) {
          gap = true;
          break;
        }
        if (signal.aborted) return;
        yield row;
        // The consumer asks for the next event once it has written this one to its client.
        if (live) delivered(services, 'jobEvents', row.createdAt);
        last = row.sequence;
        lastStatus = row.status as JobStatus;
      }
      if (gap) {
        gapSince ??= Date.now();
        if (Date.now() - gapSince > GAP_TOLERANCE_MS)
          throw new Error(`job ${jobId}: event ${last + 1} is missing from the log`);
        const waited = await bell.wait({ timeoutMs: 100 });
        if (waited === 'closed') return;
        live ||= waited === 'rang';
        wokeAt = waited === 'rang' ? bell.rungAt : tick();
        continue;
      }
      gapSince = null;
      if (rows.length === batchSize) continue; // more may follow: read on before deciding anything
      // Caught up with the table: the last event delivered (or the client's) is the job's latest one.
      if (lastStatus && isTerminal(lastStatus)) return;
      const outcome = await bell.wait();
      if (outcome === 'closed') return;
      live = true;
      wokeAt = bell.rungAt;
    }
  });
}

/** What a subscriber's selection asks of the job (Prisma's select or include, as Pothos plans it). */
export interface JobSelection {
  select?: Prisma.JobSelect;
  include?: Prisma.JobInclude;
}

/** The selection, with what a stream compares states by (and jobsChanged pages by). */
export function withStateKeys(selection: JobSelection): JobSelection {
  if (!selection.select) return selection;
  return {
    select: { ...selection.select, jobId: true, userId: true, status: true, lastSequence: true, updatedAt: true },
  };
}

/**
 * The job now, then again after each committed change (re-read from the table; rings that changed nothing are
 * skipped, except after the database was away). Changes that land between two reads are seen together, as the newer
 * state: this stream is the job's state, the event log is jobEvents. Ends after yielding the job in COMPLETED, FAILED or CANCELLED.
 * Each state is read with the subscriber's `selection` (its prompt, say): what is compared is what is delivered. A
 * second read for the selection, after this one, could see a newer state and deliver it twice (once for the ring
 * that read the older one, once for its own).
 */
export async function followJobUpdates(
  services: Services,
  viewer: Viewer,
  input: { jobId: string | null },
  selection: JobSelection = {},
): Promise<AsyncIterableIterator<Job>> {
  const { prisma } = services;
  const hub = hubOf(services);
  const bell = hub.watchJob(input.jobId ?? 'none');
  const query = withStateKeys(selection);
  // Authorized on the first state itself: one read, with the selection.
  const first = await authorizeJob(services, viewer, input.jobId, bell, query);
  const read = (jobId: string) =>
    prisma.job.findUnique({ ...(query as object), where: { jobId } }) as Promise<Job | null>;

  return cancellable(bell, opened(services, 'jobUpdated'), async function* (signal) {
    let current = first;
    let resyncs = hub.resyncs();
    yield current;
    while (!isTerminal(current.status as JobStatus) && !signal.aborted) {
      const outcome = await bell.wait();
      if (outcome === 'closed') return;
      // Read before the job: a reconnect after this point rings again.
      const resynced = hub.resyncs() !== resyncs;
      resyncs = hub.resyncs();
      const next = await read(current.jobId);
      if (!next) return; // deleted
      const unchanged =
        next.lastSequence === current.lastSequence && next.updatedAt.getTime() === current.updatedAt.getTime();
      // After the database was away the state is sent again even if unchanged: its last delivery may have failed.
      if (unchanged && !resynced) continue;
      if (signal.aborted) return;
      current = next;
      yield current;
      if (!unchanged) delivered(services, 'jobUpdated', current.updatedAt);
    }
  });
}

/**
 * The viewer's PENDING prompts (on one job, or on all of the viewer's own jobs), those already waiting first, then
 * each new one once it is committed. Each prompt is yielded once, and again after the database was away while it
 * was still pending (see the hub's resyncs). A prompt is matched by id, not by "id greater
 * than the last one seen": ids come from a sequence and two jobs' transactions may commit out of id order.
 * With a job: ends once the job is COMPLETED, FAILED or CANCELLED and nothing on it is pending. Without a job it
 * runs until the client leaves; admins follow their own jobs there (with a jobId they may follow anyone's job).
 */
export async function followPendingPrompts(
  services: Services,
  viewer: Viewer,
  input: { jobId?: string | null; allJobs: boolean },
): Promise<AsyncIterableIterator<HitlInteraction>> {
  const { prisma } = services;
  const hub = hubOf(services);
  let bell: Doorbell;
  let jobId: string | null = null;
  if (input.allJobs) {
    bell = hub.watchUser(viewer.userId);
  } else {
    bell = hub.watchJob(input.jobId ?? 'none');
    jobId = (await authorizeJob(services, viewer, input.jobId ?? null, bell)).jobId;
  }

  return cancellable(bell, opened(services, 'hitlPromptPending'), async function* (signal) {
    const shown = new Set<number>();
    let resyncs = hub.resyncs();
    // The first read is the replay of what was already pending; later reads bring live prompts.
    let live = false;
    while (!signal.aborted) {
      // After the database was away, every prompt still pending is offered again (read before the prompts: a
      // reconnect after this point rings again): one shown just before the loss may have failed to reach the
      // subscriber (its job could not be read), and a subscriber keeps the first copy of each id.
      let offeredBefore: ReadonlySet<number> = new Set();
      if (hub.resyncs() !== resyncs) {
        resyncs = hub.resyncs();
        offeredBefore = new Set(shown);
        shown.clear();
      }
      const pending = await prisma.hitlInteraction.findMany({
        where: { status: 'PENDING', ...(jobId ? { jobId } : { job: { userId: viewer.userId } }) },
        orderBy: { interactionId: 'asc' },
        take: PROMPT_PAGE_SIZE,
      });
      for (const interaction of pending) {
        if (shown.has(interaction.interactionId)) continue;
        if (signal.aborted) return;
        shown.add(interaction.interactionId);
        yield interaction;
        if (live && !offeredBefore.has(interaction.interactionId))
          delivered(services, 'hitlPromptPending', interaction.createdAt);
      }
      live = true;
      // A prompt leaves PENDING for good, so forget the ones that left (keeps `shown` as small as what is pending).
      if (pending.length < PROMPT_PAGE_SIZE) {
        const still = new Set(pending.map((p) => p.interactionId));
        for (const id of shown) if (!still.has(id)) shown.delete(id);
      }
      if (jobId && pending.length === 0) {
        const job = await prisma.job.findUnique({ where: { jobId }, select: { status: true } });
        if (!job || isTerminal(job.status as JobStatus)) return;
      }
      const outcome = await bell.wait();
      if (outcome === 'closed') return;
    }
  });
}
