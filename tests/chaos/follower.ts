// A subscriber of one job's events that reconnects with the last sequence it saw, and checks every delivery.
import { expect } from 'vitest';
import type { PrismaClient } from '../../prisma/database';
import { makeSseClient, makeWsClient, type SubscriptionClient } from '../helpers/clients';

const EVENTS = `subscription($jobId: ID!, $after: Int) { jobEvents(jobId: $jobId, afterSequence: $after) { sequence type status } }`;

export interface EventItem {
  sequence: number;
  type: string;
  status: string;
}

export interface Follower {
  jobId: string;
  items: EventItem[];
  /** Gaps and repeats: what a correct stream never does, also across reconnects. */
  problems: string[];
  /** Error results that ended a subscription (e.g. the database went away mid-read); the follower came back. */
  errors: string[];
  /** Times the subscription was started again after the connection failed. */
  resubscriptions: number;
  completed(): boolean;
  /** Resolves when the server completed the subscription (after the terminal event). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function followJob(
  getUrl: () => string,
  user: string,
  jobId: string,
  { client: shared, transport = 'ws' }: { client?: () => SubscriptionClient; transport?: 'ws' | 'sse' } = {},
): Follower {
  let last = 0;
  let stopped = false;
  let completed = false;
  let ownClient: SubscriptionClient | null = null;
  let unsubscribe: (() => void) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retries = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const follower: Follower = {
    jobId,
    items: [],
    problems: [],
    errors: [],
    resubscriptions: 0,
    completed: () => completed,
    done,
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      unsubscribe?.();
      await ownClient?.close().catch(() => undefined);
    },
  };

  const subscribe = () => {
    if (stopped) return;
    let client: SubscriptionClient;
    if (shared) client = shared();
    else {
      void ownClient?.close().catch(() => undefined);
      ownClient =
        transport === 'sse'
          ? makeSseClient(getUrl(), { 'x-user-id': user })
          : makeWsClient(getUrl(), { 'x-user-id': user });
      client = ownClient;
    }
    let ended = false;
    const end = (retry: boolean) => {
      if (ended) return;
      ended = true;
      if (!retry || stopped) return;
      follower.resubscriptions++;
      retries++;
      retryTimer = setTimeout(subscribe, Math.min(2_000, 100 * 2 ** Math.min(retries, 4)));
    };
    unsubscribe = client.subscribe(
      { query: EVENTS, variables: { jobId, after: last } },
      {
        next(result) {
          if (ended || stopped) return;
          if (result.errors?.length) {
            // A transient failure of the stream (the database went away) ends this subscription; come back.
            follower.errors.push(JSON.stringify(result.errors).slice(0, 300));
            unsubscribe?.();
            end(true);
            return;
          }
          const item = result.data?.jobEvents as EventItem | undefined;
          if (!item) return;
          if (item.sequence !== last + 1) follower.problems.push(`expected event ${last + 1}, got ${item.sequence}`);
          last = Math.max(last, item.sequence);
          retries = 0;
          follower.items.push(item);
        },
        error() {
          end(true);
        },
        complete() {
          if (ended) return;
          ended = true;
          completed = true;
          resolveDone();
        },
      },
    );
  };
  subscribe();
  return follower;
}

/** Every follower got the whole stored log of its job, 1..n in order, with the stored types and statuses. */
export async function expectCompleteLogs(prisma: PrismaClient, followers: Follower[]): Promise<void> {
  for (const follower of followers) {
    const stored = await prisma.jobEvent.findMany({
      where: { jobId: follower.jobId },
      orderBy: { sequence: 'asc' },
      select: { sequence: true, eventType: true, status: true },
    });
    expect(follower.problems, `subscriber of ${follower.jobId}`).toEqual([]);
    expect(
      follower.items.map((e) => [e.sequence, e.type, e.status]),
      `subscriber of ${follower.jobId}`,
    ).toEqual(stored.map((e) => [e.sequence, e.eventType, e.status]));
  }
}
