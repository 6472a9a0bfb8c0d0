// Load process for the pickup benchmark: one client that both sends `createSkillJob` over HTTP and holds a
// graphql-ws connection, so the latency (first STATUS_CHANGED -> RUNNING event received, minus the moment the
// mutation was sent) is measured on one clock. Samples run one at a time: after its RUNNING event a job is followed
// until it comes to rest (waiting for a person, or finished), so no job's work overlaps the next sample.
import WebSocket from 'ws';
import { now } from '../lib/clock';
import { CONNECTION_PARAMS, CREATE_SKILL_JOB, JOB_EVENTS, USER_HEADERS } from '../lib/graphql';
import { serve } from '../lib/ipc';

export interface PickupArgs {
  url: string;
  samples: number;
  hitl: Record<string, boolean>;
  timeoutMs: number;
}

export interface PickupResult {
  latencies: number[];
  /** Time to the mutation's response, for comparison. */
  createLatencies: number[];
  /**
   * The parts of a latency, split at the RUNNING event's createdAt (the worker's start statement; same host clock,
   * millisecond precision): from sending the mutation to it, and from it to the event's arrival.
   */
  startLatencies: number[];
  deliveryLatencies: number[];
  /** Samples where RUNNING was not the first status after PENDING, or did not come. */
  failures: string[];
  /** Events delivered out of sequence (gaps or repeats). */
  sequenceErrors: number;
}

const RESTING = new Set(['PENDING_HITL', 'PENDING_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED']);

interface JobEvent {
  sequence: number;
  type: string;
  status: string;
  createdAt: string;
}

type Listener = (message: {
  id?: string;
  type: string;
  payload?: { data?: { jobEvents?: JobEvent }; errors?: unknown };
}) => void;

async function connect(url: string): Promise<{ socket: WebSocket; listeners: Map<string, Listener> }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
    perMessageDeflate: false,
  });
  const listeners = new Map<string, Listener>();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: CONNECTION_PARAMS })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Parameters<Listener>[0];
      if (message.type === 'connection_ack') resolve();
      else if (message.id) listeners.get(message.id)?.(message);
    });
  });
  return { socket, listeners };
}

async function run(args: PickupArgs): Promise<PickupResult> {
  const { socket, listeners } = await connect(args.url);
  const result: PickupResult = {
    latencies: [],
    createLatencies: [],
    startLatencies: [],
    deliveryLatencies: [],
    failures: [],
    sequenceErrors: 0,
  };
  const body = (i: number) =>
    JSON.stringify({
      query: CREATE_SKILL_JOB,
      variables: {
        input: { taskDescription: `a skill for writing safe postgres migrations, pickup sample ${i}`, hitl: args.hitl },
      },
    });
  try {
    for (let i = 0; i < args.samples; i++) {
      const payload = body(i);
      const t0 = now();
      const response = await fetch(`${args.url}/graphql`, { method: 'POST', headers: USER_HEADERS, body: payload });
      const answer = (await response.json()) as {
        data?: { createSkillJob?: { job?: { jobId: string } } };
        errors?: unknown;
      };
      const created = now();
      const jobId = answer.data?.createSkillJob?.job?.jobId;
      if (!jobId) {
        result.failures.push(`sample ${i}: createSkillJob answered ${JSON.stringify(answer).slice(0, 300)}`);
        continue;
      }
      result.createLatencies.push(created - t0);
      const outcome = await new Promise<{ runningAt: number | null; startedAt: number; error?: string }>((resolve) => {
        let runningAt: number | null = null;
        let startedAt = Number.NaN;
        let last = 0;
        const timer = setTimeout(() => finish(`no resting state within ${args.timeoutMs} ms`), args.timeoutMs);
        const finish = (error?: string) => {
          clearTimeout(timer);
          listeners.delete(jobId);
          resolve({ runningAt, startedAt, ...(error ? { error } : {}) });
        };
        listeners.set(jobId, (message) => {
          if (message.type === 'next') {
            const event = message.payload?.data?.jobEvents;
            if (!event) return finish(`error: ${JSON.stringify(message.payload).slice(0, 300)}`);
            if (event.sequence !== last + 1) result.sequenceErrors++;
            last = event.sequence;
            if (runningAt === null && event.type === 'STATUS_CHANGED' && event.status === 'RUNNING') {
              runningAt = now();
              startedAt = Date.parse(event.createdAt);
            }
            if (RESTING.has(event.status)) {
              if (runningAt === null) return finish(`came to rest (${event.status}) without RUNNING`);
              socket.send(JSON.stringify({ id: jobId, type: 'complete' }));
              return finish();
            }
          } else if (message.type === 'error') finish(`error: ${JSON.stringify(message.payload).slice(0, 300)}`);
          else if (message.type === 'complete') finish(runningAt === null ? 'completed without RUNNING' : undefined);
        });
        socket.send(
          JSON.stringify({
            id: jobId,
            type: 'subscribe',
            payload: { query: JOB_EVENTS, variables: { jobId, after: 0 } },
          }),
        );
      });
      if (outcome.error) result.failures.push(`sample ${i}: ${outcome.error}`);
      if (outcome.runningAt !== null) {
        result.latencies.push(Math.round((outcome.runningAt - t0) * 1000) / 1000);
        if (Number.isFinite(outcome.startedAt)) {
          result.startLatencies.push(outcome.startedAt - t0);
          result.deliveryLatencies.push(outcome.runningAt - outcome.startedAt);
        } else result.failures.push(`sample ${i}: the RUNNING event's createdAt is not a time`);
      }
    }
  } finally {
    socket.close();
  }
  return result;
}

serve({ run: (args) => run(args as PickupArgs) });
