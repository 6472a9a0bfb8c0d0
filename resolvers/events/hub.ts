// The event hub of one API process: ONE dedicated PostgreSQL connection (not from the pool) that LISTENs on the
// job-events channel and rings the doorbells of the subscriptions that care (per job and per user).
//
// A notification is only a doorbell: it carries ids and a sequence, never the row, and subscriptions re-read the
// table after each ring. So a notification that never arrives costs latency, never data. When the connection drops
// (PostgreSQL restart, pg_terminate_backend, network) the hub reconnects on its own with exponential backoff and,
// once it LISTENs again, rings EVERY doorbell ("resync"): everything committed while it was deaf is read back from
// the table by the subscriptions themselves.
import pg from 'pg';
import { makeDatabaseOutage, type DatabaseOutage } from '../database-outage';
import type { Logger } from '../logger';
import { JOB_EVENTS_CHANNEL, parseNotification } from './channel';
import { Bell, JobsBell, type Doorbell } from './doorbell';

export type { Doorbell } from './doorbell';

export interface EventHubStatus {
  /** LISTENing right now. */
  connected: boolean;
  /** pg_backend_pid() of the LISTEN connection while connected. */
  backendPid: number | null;
  /** Successful reconnections since start (each followed by a resync). */
  reconnects: number;
  /** Open doorbells. */
  watchers: number;
}

export interface EventHub {
  /** A doorbell rung for every committed change of this job (and on resync). Close it when done. */
  watchJob(jobId: string): Doorbell;
  /** A doorbell rung for every committed change of any job of this user (and on resync). */
  watchUser(userId: string): Doorbell;
  /** Like watchUser, and it keeps which jobs rang it (a resync rings it without a job). */
  watchUserJobs(userId: string): JobsBell;
  /** Rung for every committed change of ANY job, keeping which ones (for admins' views over every user). */
  watchAllJobs(): JobsBell;
  status(): EventHubStatus;
  /**
   * How many times the hub reconnected and resynced (status().reconnects, without counting the watchers). A stream
   * that sees it change knows the database was away meanwhile: a delivery may have failed (its fields could not be
   * read), so it offers again what it still holds to be current.
   */
  resyncs(): number;
  /** Closes the connection and stops reconnecting. Open doorbells stay open but never ring again. */
  stop(): Promise<void>;
}

export interface EventHubOptions {
  connectionString: string;
  logger: Logger;
  channel?: string;
  applicationName?: string;
  /** Reconnect delays: initialMs, doubling up to maxMs, with +-20% jitter. Default 100 ms .. 5 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** How often the idle connection is checked with `SELECT 1` (a dead TCP peer never sends an error). Default 30 s. */
  healthCheckMs?: number;
  /** Where a lost connection is reported (one line per outage); a tracker of its own when not given. */
  outage?: DatabaseOutage;
  /** Called before each reconnect attempt (after its delay); tests use it to hold the hub disconnected. */
  beforeReconnect?: (attempt: number) => Promise<void> | void;
}

const jobTopic = (jobId: string) => `job:${jobId.toLowerCase()}`;
const userTopic = (userId: string) => `user:${userId}`;
const ALL_TOPIC = 'all';

/**
 * Connects and LISTENs; resolves once the first LISTEN is in place (and rejects when that first attempt fails, so
 * a misconfigured process stops at boot). Later losses are repaired in the background.
 */
export async function startEventHub(options: EventHubOptions): Promise<EventHub> {
  const channel = options.channel ?? JOB_EVENTS_CHANNEL;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  const { logger } = options;
  const outage = options.outage ?? makeDatabaseOutage(logger);
  const initialMs = options.backoff?.initialMs ?? 100;
  const maxMs = Math.max(initialMs, options.backoff?.maxMs ?? 5_000);
  const healthCheckMs = options.healthCheckMs ?? 30_000;

  const topics = new Map<string, Set<Bell>>();
  let client: pg.Client | null = null;
  let backendPid: number | null = null;
  let reconnects = 0;
  let stopped = false;
  let reconnecting: Promise<void> | null = null;
  let cancelDelay: (() => void) | null = null;
  let healthTimer: NodeJS.Timeout | null = null;

  function watch<B extends Bell>(topic: string, make: (onClose: (bell: Bell) => void) => B): B {
    const bell = make((closed) => {
      const set = topics.get(topic);
      set?.delete(closed);
      if (set?.size === 0) topics.delete(topic);
    });
    let set = topics.get(topic);
    if (!set) topics.set(topic, (set = new Set()));
    set.add(bell);
    return bell;
  }

  /** Rings a topic's bells for a change of `jobId` (JobsBells keep the id; plain bells only ring). */
  function ring(topic: string, jobId: string): void {
    const set = topics.get(topic);
    if (set) for (const bell of set) bell.ring(jobId);
  }

  function resync(): void {
    for (const set of topics.values()) for (const bell of set) bell.ring();
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'skills-fleet-events',
      keepAlive: true,
      query_timeout: 10_000,
      connectionTimeoutMillis: 10_000,
    });
    // Without a listener an 'error' event would crash the process.
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, null));
    next.on('notification', (message) => {
      if (message.channel !== channel) return;
      const payload = parseNotification(message.payload);
      if (!payload) {
        logger.warn({ payload: message.payload?.slice(0, 200) }, 'ignoring a malformed job-events notification');
        return;
      }
      ring(jobTopic(payload.jobId), payload.jobId);
      ring(userTopic(payload.userId), payload.jobId);
      ring(ALL_TOPIC, payload.jobId);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      const { rows } = await next.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (stopped) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      backendPid = rows[0]?.pid ?? null;
    } catch (error) {
      next.removeAllListeners('end');
      next.on('error', () => undefined);
      await next.end().catch(() => undefined);
      throw error;
    }
  }

  function lost(which: pg.Client, error: Error | null): void {
    if (which !== client || stopped) return;
    client = null;
    backendPid = null;
    which.removeAllListeners('notification');
    which.on('error', () => undefined);
    void which.end().catch(() => undefined);
    outage.failed('job-events hub', error ?? new Error('the job-events LISTEN connection ended'));
    logger.debug({ error: error?.message }, 'job-events LISTEN connection lost; reconnecting');
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (reconnecting || stopped) return;
    reconnecting = (async () => {
      for (let attempt = 0; !stopped; attempt++) {
        const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
        await delay(base * (0.8 + Math.random() * 0.4));
        if (stopped) return;
        try {
          await options.beforeReconnect?.(attempt);
          if (stopped) return;
          await connect();
          if (stopped) return;
          reconnects++;
          outage.succeeded('job-events hub');
          logger.debug(
            { attempt: attempt + 1, backendPid },
            'job-events LISTEN connection restored; resyncing subscriptions',
          );
          resync();
          return;
        } catch (error) {
          outage.failed('job-events hub', error);
          logger.debug(
            { error: error instanceof Error ? error.message : String(error), attempt: attempt + 1 },
            'job-events reconnect failed',
          );
        }
      }
    })().finally(() => {
      reconnecting = null;
    });
  }

  function delay(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        cancelDelay = null;
        resolve();
      }
      cancelDelay = done;
    });
  }

  async function healthCheck(): Promise<void> {
    const current = client;
    if (!current || stopped) return;
    try {
      await current.query('SELECT 1');
    } catch (error) {
      lost(current, error instanceof Error ? error : new Error(String(error)));
    }
  }

  await connect();
  if (healthCheckMs > 0 && Number.isFinite(healthCheckMs)) {
    healthTimer = setInterval(() => void healthCheck(), healthCheckMs);
    healthTimer.unref();
  }
  logger.debug({ channel, backendPid }, 'job-events hub listening');

  return {
    watchJob: (jobId) => watch(jobTopic(jobId), (onClose) => new Bell(onClose)),
    watchUser: (userId) => watch(userTopic(userId), (onClose) => new Bell(onClose)),
    watchUserJobs: (userId) => watch(userTopic(userId), (onClose) => new JobsBell(onClose)),
    watchAllJobs: () => watch(ALL_TOPIC, (onClose) => new JobsBell(onClose)),
    status: () => ({
      connected: client !== null,
      backendPid,
      reconnects,
      watchers: [...topics.values()].reduce((sum, set) => sum + set.size, 0),
    }),
    resyncs: () => reconnects,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (healthTimer) clearInterval(healthTimer);
      cancelDelay?.();
      const current = client;
      client = null;
      backendPid = null;
      if (current) {
        current.removeAllListeners('end');
        current.removeAllListeners('notification');
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
      // A reconnect attempt in flight sees `stopped` and closes what it opened; wait for it, but not forever (a
      // beforeReconnect hook may be holding it).
      if (reconnecting)
        await Promise.race([
          reconnecting.catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
        ]);
    },
  };
}
