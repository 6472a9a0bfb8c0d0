// Load process: many WebSocket clients in one process. In `graphql` mode each socket speaks graphql-transport-ws
// (connection_init, then one `subscribe`) directly over `ws`, which costs far less per socket than a full client
// library; in `plain` mode the sockets just receive what a bare ws server sends. Either way every received message
// is expected to carry `{ data: { jobEvents: { data: { sentAt, round } } } }` in its payload, and the receive time
// minus `sentAt` is the delivery latency.
import WebSocket from 'ws';
import { now, sleep } from '../lib/clock';
import { serve } from '../lib/ipc';

export interface SubscriptionSpec {
  query: string;
  variables: Record<string, unknown>;
}

export interface OpenArgs {
  /** ws://host:port/path */
  url: string;
  mode: 'graphql' | 'plain';
  /** graphql mode: one subscription per socket (its length is the socket count). */
  subscriptions?: SubscriptionSpec[];
  /** plain mode: how many sockets. */
  count?: number;
  connectionParams?: Record<string, unknown>;
  /** Sockets being opened at once. */
  parallel: number;
}

interface Client {
  socket: WebSocket;
  lastRound: number;
  /** Set once the server acknowledged connection_init (graphql) or the socket opened (plain). */
  ready: boolean;
}

const clients: Client[] = [];
/** round -> the deliveries seen for it: the sender's mark and the latency from it (ms) */
const deliveries = new Map<number, Array<{ sentAt: number; latency: number }>>();
const problems = {
  duplicates: 0,
  outOfOrder: 0,
  errors: 0,
  completes: 0,
  closed: 0,
  unparsable: 0,
  sample: [] as string[],
};

function note(kind: keyof Omit<typeof problems, 'sample'>, detail: string): void {
  problems[kind]++;
  if (problems.sample.length < 5) problems.sample.push(`${kind}: ${detail.slice(0, 300)}`);
}

function onMessage(client: Client, raw: WebSocket.RawData): void {
  const at = now();
  let message: {
    type?: string;
    payload?: { data?: { jobEvents?: { data?: { sentAt?: number; round?: number } | null } } };
  };
  try {
    message = JSON.parse(raw.toString()) as typeof message;
  } catch {
    note('unparsable', raw.toString());
    return;
  }
  if (message.type === 'connection_ack' || message.type === 'pong' || message.type === 'ping') return;
  if (message.type === 'error') {
    note('errors', JSON.stringify(message));
    return;
  }
  if (message.type === 'complete') {
    note('completes', JSON.stringify(message));
    return;
  }
  const mark = message.payload?.data?.jobEvents?.data;
  if (!mark || typeof mark.sentAt !== 'number' || typeof mark.round !== 'number') {
    // graphql errors arrive as `next` with errors; anything else without our mark is unexpected too
    note('errors', JSON.stringify(message));
    return;
  }
  if (mark.round === client.lastRound) note('duplicates', `round ${mark.round}`);
  else if (mark.round < client.lastRound) note('outOfOrder', `round ${mark.round} after ${client.lastRound}`);
  client.lastRound = Math.max(client.lastRound, mark.round);
  let list = deliveries.get(mark.round);
  if (!list) deliveries.set(mark.round, (list = []));
  list.push({ sentAt: mark.sentAt, latency: at - mark.sentAt });
}

function openOne(args: OpenArgs, subscription: SubscriptionSpec | undefined): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(args.url, args.mode === 'graphql' ? 'graphql-transport-ws' : undefined, {
      perMessageDeflate: false,
    });
    const client: Client = { socket, lastRound: -1, ready: false };
    const timer = setTimeout(() => fail(new Error('socket did not become ready within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    socket.once('error', fail);
    socket.once('open', () => {
      if (args.mode === 'plain') {
        ready();
        return;
      }
      socket.send(JSON.stringify({ type: 'connection_init', payload: args.connectionParams ?? {} }));
    });
    const ready = () => {
      clearTimeout(timer);
      client.ready = true;
      socket.off('error', fail);
      socket.on('error', (error) => note('errors', String(error)));
      socket.on('close', (code, reason) => {
        if (client.ready) note('closed', `${code} ${reason.toString()}`);
      });
      socket.on('message', (raw) => onMessage(client, raw));
      resolve(client);
    };
    if (args.mode === 'graphql') {
      socket.once('message', (raw) => {
        const message = JSON.parse(raw.toString()) as { type?: string };
        if (message.type !== 'connection_ack') {
          fail(new Error(`expected connection_ack, got ${raw.toString().slice(0, 200)}`));
          return;
        }
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscription }));
        ready();
      });
    }
  });
}

export interface OpenResult {
  opened: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

async function open(args: OpenArgs): Promise<OpenResult> {
  const started = now();
  const count = args.mode === 'graphql' ? (args.subscriptions?.length ?? 0) : (args.count ?? 0);
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      try {
        clients.push(await openOne(args, args.subscriptions?.[index]));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, args.parallel) }, worker));
  return { opened: clients.length, failed, firstError, ms: now() - started };
}

export interface CollectArgs {
  round: number;
  expected: number;
  timeoutMs: number;
  /**
   * Per sender mark (String(sentAt)): how long after its mark the event became visible (its transaction committed).
   * Given, the latencies returned run from the commit instead of from the mark.
   */
  commitDelays?: Record<string, number>;
}

export interface CollectResult {
  received: number;
  /** From the commit when commitDelays were given, else from the sender's mark. */
  latencies: number[];
  waitedMs: number;
}

/** Waits until `expected` deliveries of `round` arrived (or the timeout), then hands them over. */
async function collect(args: CollectArgs): Promise<CollectResult> {
  const started = now();
  while ((deliveries.get(args.round)?.length ?? 0) < args.expected && now() - started < args.timeoutMs) {
    // Nothing more can arrive once every socket is closed (the server went away).
    if (!clients.some((client) => client.socket.readyState === WebSocket.OPEN)) break;
    await sleep(5);
  }
  // A little longer, to see duplicates that would follow.
  await sleep(20);
  const list = deliveries.get(args.round) ?? [];
  deliveries.delete(args.round);
  const latencies = list.map(({ sentAt, latency }) => {
    const delay = args.commitDelays?.[String(sentAt)];
    if (args.commitDelays && delay === undefined) note('errors', `no commit time for mark ${sentAt}`);
    return Math.round((latency - (delay ?? 0)) * 100) / 100;
  });
  return { received: list.length, latencies, waitedMs: now() - started };
}

async function closeAll(): Promise<{ closed: number }> {
  const count = clients.length;
  for (const client of clients) client.ready = false;
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            client.socket.terminate();
            resolve();
          }, 5_000);
          client.socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          client.socket.close(1000);
        }),
    ),
  );
  clients.length = 0;
  return { closed: count };
}

serve({
  open: (args) => open(args as OpenArgs),
  collect: (args) => collect(args as CollectArgs),
  problems: () => ({ ...problems, open: clients.filter((c) => c.socket.readyState === WebSocket.OPEN).length }),
  close: () => closeAll(),
});
