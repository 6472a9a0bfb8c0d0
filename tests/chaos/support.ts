// Shared parts of the chaos suites: unique tasks, an in-process API for scripted clients, a scripted person who
// answers every prompt, subscribers that reconnect with their last sequence and check what they got, LISTEN-driven
// waits for many jobs, table fingerprints (to prove a refused request changed nothing), memory samples of child
// processes, and the invariant checker as the last word of every suite.
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { expect } from 'vitest';
import type { HitlInteraction, Job, PrismaClient } from '../../prisma/database';
import { makeAuthenticator } from '../../resolvers/auth';
import { startEventHub, type EventHub } from '../../resolvers/events/hub';
import { checkInvariants } from '../../resolvers/invariants';
import { silentLogger } from '../../resolvers/logger';
import type { Services } from '../../resolvers/services';
import { JOB_EVENTS_CHANNEL } from '../../resolvers/events/channel';
import { makeApp, type App } from '../../schema/app';
import { listen, type HttpServer } from '../../schema/server';
import { makeSseClient, makeWsClient, type SubscriptionClient } from '../helpers/clients';
import { goodAnswers } from '../helpers/hitl';
import { report, type Rng } from './config';

export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

// ---------------------------------------------------------------------------------------------------------------
// Tasks whose skill names differ (a second skill of the same name stops in PENDING_REVIEW, which is not terminal).

const VERBS = [
  'reviewing',
  'writing',
  'debugging',
  'tuning',
  'documenting',
  'testing',
  'migrating',
  'profiling',
  'securing',
  'refactoring',
];
const ADJECTIVES = [
  'legacy',
  'distributed',
  'small',
  'large',
  'shared',
  'internal',
  'public',
  'nested',
  'async',
  'critical',
];
const NOUNS = [
  'postgres indexes',
  'react forms',
  'kafka consumers',
  'terraform modules',
  'graphql resolvers',
  'python packages',
  'docker images',
  'nginx configs',
  'redis caches',
  'rust crates',
  'bash scripts',
  'helm charts',
];

/** 1200 tasks with distinct offline skill names, in a seeded order. */
export function taskSource(rng: Rng): () => string {
  const all = VERBS.flatMap((v) => ADJECTIVES.flatMap((a) => NOUNS.map((n) => `a skill for ${v} ${a} ${n} safely`)));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  let next = 0;
  return () => {
    const task = all[next++];
    if (!task) throw new Error('out of distinct tasks');
    return task;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// GraphQL over HTTP against a listening server.

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  text: string;
}

export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  user: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': user },
    body: JSON.stringify({ query, variables }),
    signal: signal ?? AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: HttpResult<T>['body'];
  try {
    body = JSON.parse(text) as HttpResult<T>['body'];
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body, text };
}

export const CREATE = `mutation($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) { __typename ... on CreateSkillJobSuccess { job { jobId status } } ... on Error { code message } }
}`;
export const RESPOND = `mutation($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on RespondToHitlSuccess { job { jobId status } } ... on Error { code message } }
}`;
export const CANCEL = `mutation($input: CancelJobInput!) {
  cancelJob(input: $input) { __typename ... on CancelJobSuccess { job { jobId status } } ... on Error { code message } }
}`;

/** Creates a job over HTTP; returns its id. */
export async function createJob(url: string, user: string, input: Record<string, unknown>): Promise<string> {
  const result = await post<{ createSkillJob: { __typename: string; job?: { jobId: string } } }>(
    url,
    CREATE,
    { input },
    user,
  );
  const jobId = result.body.data?.createSkillJob.job?.jobId;
  if (!jobId) throw new Error(`createSkillJob failed (${result.status}): ${result.text.slice(0, 500)}`);
  return jobId;
}

/** Looks up a free TCP port on 127.0.0.1 (for a server that must come back on the same address). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A TCP proxy in front of PostgreSQL whose link can be cut: `cut()` drops every open connection and refuses new
 * ones until `restore()`. Processes that connect through it lose the database while the server itself keeps running
 * (for the test, which reads and writes through its own direct connection).
 */
export interface CuttableLink {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableLink(databaseUrl: string): Promise<CuttableLink> {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let open = true;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (!open) return void client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    close() {
      open = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An API in the test process (no worker): the scripted clients talk to it when the API is not what is under test.

export interface InProcessApi {
  url: string;
  app: App;
  hub: EventHub;
  http: HttpServer;
  close(): Promise<void>;
}

export async function startInProcessApi(
  databaseUrl: string,
  services: Services,
  { introspection = true } = {},
): Promise<InProcessApi> {
  const hub = await startEventHub({
    connectionString: databaseUrl,
    logger: silentLogger,
    backoff: { initialMs: 50, maxMs: 1_000 },
  });
  const app = makeApp({
    services: { ...services, events: hub },
    authenticator: makeAuthenticator({}),
    graphiql: false,
    introspection,
  });
  const http = await listen(app, 0, '127.0.0.1', { connectionInitTimeoutMs: 2_000 });
  return {
    url: http.url,
    app,
    hub,
    http,
    async close() {
      await http.close(1_000);
      await hub.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A scripted person: follows hitlPromptPending (all of their jobs) over graphql-ws and answers each prompt over
// HTTP like a diligent person would. Survives the API going away (resubscribes, retries the answer).

const PROMPTS = `subscription { hitlPromptPending { interactionId interactionType promptData job { jobId } } }`;

export interface Answerer {
  answered: number;
  /** Answers refused for a reason other than "already answered / job cancelled meanwhile". */
  failures: string[];
  resubscriptions: number;
  stop(): Promise<void>;
}

export function startScriptedAnswerer(getUrl: () => string, user: string, { retryForMs = 120_000 } = {}): Answerer {
  const state: Answerer = { answered: 0, failures: [], resubscriptions: 0, stop: async () => undefined };
  const handled = new Set<number>();
  let stopped = false;
  let client: SubscriptionClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const pending = new Set<Promise<void>>();

  const answer = async (item: { interactionId: number; promptData: unknown }) => {
    const input = goodAnswers({ interactionId: item.interactionId, promptData: item.promptData } as HitlInteraction);
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const result = await post<{ respondToHitl: { __typename: string; code?: string; message?: string } }>(
          getUrl(),
          RESPOND,
          { input: { ...input, interactionId: String(input.interactionId) } },
          user,
        );
        const payload = result.body.data?.respondToHitl;
        if (payload?.__typename === 'RespondToHitlSuccess') {
          state.answered++;
          return;
        }
        if (payload?.code === 'INVALID_STATE') return; // answered already (a retry whose first try went through), or cancelled
        if (payload) {
          state.failures.push(`interaction ${item.interactionId}: ${payload.__typename} ${payload.message}`);
          return;
        }
        throw new Error(`HTTP ${result.status}: ${result.text.slice(0, 300)}`);
      } catch (error) {
        // The API or the database is away: try again, bounded.
        if (Date.now() > deadline) {
          state.failures.push(
            `interaction ${item.interactionId}: gave up: ${error instanceof Error ? error.message : String(error)}`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
      }
    }
  };

  const subscribe = () => {
    if (stopped) return;
    const current = makeWsClient(getUrl(), { 'x-user-id': user });
    client = current;
    current.subscribe(
      { query: PROMPTS },
      {
        next(result) {
          const item = result.data?.hitlPromptPending as { interactionId: number; promptData: unknown } | undefined;
          if (!item || handled.has(item.interactionId)) return;
          handled.add(item.interactionId);
          const work = answer(item).finally(() => pending.delete(work));
          pending.add(work);
        },
        error() {
          resubscribeSoon(current);
        },
        complete() {
          resubscribeSoon(current);
        },
      },
    );
  };
  const resubscribeSoon = (from: SubscriptionClient) => {
    if (stopped || client !== from) return;
    void from.close().catch(() => undefined);
    state.resubscriptions++;
    retryTimer = setTimeout(subscribe, 250);
  };
  subscribe();

  state.stop = async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    await client?.close().catch(() => undefined);
    await Promise.allSettled([...pending]);
  };
  return state;
}

// ---------------------------------------------------------------------------------------------------------------
// A subscriber of one job's events that reconnects with the last sequence it saw, and checks every delivery.

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

// ---------------------------------------------------------------------------------------------------------------
// Waiting for many jobs: checks on every job-events notification (LISTEN), and on a safety tick that also carries
// the wait through a database restart (the listener is re-opened when it drops). Bounded.

export async function waitForJobs(
  databaseUrl: string,
  prisma: PrismaClient,
  jobIds: readonly string[],
  predicate: (job: Job) => boolean,
  { timeoutMs, description }: { timeoutMs: number; description: string },
): Promise<Job[]> {
  let listener: pg.Client | null = null;
  const openListener = async (onNotify: () => void) => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {
      if (listener === client) listener = null;
    });
    client.on('notification', onNotify);
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
      listener = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  };
  try {
    return await new Promise<Job[]>((resolve, reject) => {
      let last: Job[] = [];
      let checking = false;
      let again = false;
      const check = async () => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            try {
              last = await prisma.job.findMany({ where: { jobId: { in: [...jobIds] } } });
            } catch {
              continue; // the database is away: the tick tries again
            }
            if (last.length === jobIds.length && last.every(predicate)) return finish(() => resolve(last));
          } while (again);
        } finally {
          checking = false;
        }
      };
      const timer = setTimeout(() => {
        const waiting = last
          .filter((j) => !predicate(j))
          .map((j) => `${j.jobId} ${j.status} at ${j.currentPhase}: ${j.progressMessage} ${j.error ?? ''}`);
        finish(() =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${description}; ${waiting.length} jobs not there:\n${waiting.slice(0, 10).join('\n')}`,
            ),
          ),
        );
      }, timeoutMs);
      const tick = setInterval(() => {
        if (!listener) void openListener(() => void check());
        void check();
      }, 1_000);
      let finished = false;
      const finish = (fn: () => void) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(tick);
        fn();
      };
      void openListener(() => void check()).then(check);
    });
  } finally {
    const current = listener as pg.Client | null;
    listener = null;
    await current?.end().catch(() => undefined);
  }
}

/** Re-checks a condition on a short interval until it holds (bounded); for state no notification announces. */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  description: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet (e.g. the database is restarting)
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Every job-events notification, with the time it arrived: when a job moved again after a crash.

export interface Notification {
  jobId: string;
  sequence: number;
  at: number;
}

export async function recordNotifications(
  databaseUrl: string,
): Promise<{ notes: Notification[]; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  const notes: Notification[] = [];
  client.on('notification', (message) => {
    try {
      const payload = JSON.parse(message.payload ?? '{}') as { jobId?: string; sequence?: number };
      if (payload.jobId && typeof payload.sequence === 'number')
        notes.push({ jobId: payload.jobId, sequence: payload.sequence, at: Date.now() });
    } catch {
      // not ours
    }
  });
  await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
  return { notes, close: () => client.end().catch(() => undefined) };
}

// ---------------------------------------------------------------------------------------------------------------
// Fingerprints: row counts and an md5 of every row of the tables a request could write, to prove it wrote nothing.

const FINGERPRINTED: Array<[table: string, order: string]> = [
  ['jobs', 'job_id'],
  ['hitl_interactions', 'interaction_id'],
  ['job_events', 'event_id'],
  ['skills', 'skill_id'],
  ['deep_understanding_state', 'state_id'],
  ['tdd_workflow_state', 'state_id'],
  ['validation_reports', 'report_id'],
  ['graphile_worker._private_jobs', 'id'],
];

export async function fingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  const columns = FINGERPRINTED.map(
    ([table, order]) =>
      `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.${order})), '-') FROM ${table} t) AS "${table}"`,
  );
  const [row] = await prisma.$queryRawUnsafe<Array<Record<string, string>>>(`SELECT ${columns.join(', ')}`);
  return row!;
}

// ---------------------------------------------------------------------------------------------------------------
// Memory of child processes (resident set size, from /proc), sampled on an interval.

export interface MemorySample {
  atMs: number;
  process: string;
  rssMb: number;
}

export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

export function sampleMemory(
  processes: () => Record<string, number | undefined>,
  everyMs: number,
): { samples: MemorySample[]; stop(): void; sample(): void } {
  const started = Date.now();
  const samples: MemorySample[] = [];
  const sample = () => {
    for (const [name, pid] of Object.entries(processes())) {
      const rss = pid ? rssMb(pid) : null;
      if (rss !== null) samples.push({ atMs: Date.now() - started, process: name, rssMb: rss });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { samples, sample, stop: () => clearInterval(timer) };
}

/** "api: 182 -> 190 -> 188 MB" per process, for the report. */
export function memoryCurve(samples: MemorySample[]): Record<string, Array<[seconds: number, mb: number]>> {
  const curve: Record<string, Array<[number, number]>> = {};
  for (const s of samples) (curve[s.process] ??= []).push([Math.round(s.atMs / 1000), s.rssMb]);
  return curve;
}

// ---------------------------------------------------------------------------------------------------------------
// The last word of every suite.

export async function expectInvariantsHold(prisma: PrismaClient, suite: string): Promise<void> {
  const violations = await checkInvariants(prisma);
  report(suite, `invariant checker: ${violations.length} violation(s)`);
  expect(violations).toEqual([]);
}

/** Percentiles of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics: a failing suite also shows the queue and the tail of every child's output.

export async function diagnosed<T>(
  body: () => Promise<T>,
  context: {
    prisma?: () => PrismaClient | undefined;
    children?: () => Array<{ name: string; output(): string; pid?: number }>;
  },
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const parts: string[] = [];
    const prisma = context.prisma?.();
    if (prisma) {
      const tasks = await prisma
        .$queryRawUnsafe<Array<Record<string, unknown>>>(
          `SELECT j.id, t.identifier, j.key, j.attempts, j.max_attempts, j.locked_by, j.locked_at, j.run_at, left(j.last_error, 200) AS last_error
           FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.id`,
        )
        .catch((e: unknown) => [{ error: String(e) }]);
      const beats = await prisma
        .$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM worker_heartbeats`)
        .catch((e: unknown) => [{ error: String(e) }]);
      parts.push(
        `queue: ${JSON.stringify(tasks, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`,
        `heartbeats: ${JSON.stringify(beats)}`,
      );
    }
    for (const child of context.children?.() ?? [])
      parts.push(`--- ${child.name} (pid ${child.pid}):\n${child.output().slice(-4000)}`);
    if (error instanceof Error) error.message += `\n${parts.join('\n')}`;
    throw error;
  }
}
