// The fanout baseline's server: a bare `ws` server, no GraphQL, no database, that sends one prepared message to every
// connected socket when the runner says so. It runs in its own process, like the API it stands in for.
import { WebSocketServer, WebSocket } from 'ws';
import { serve } from '../lib/ipc';

let server: WebSocketServer | null = null;

async function start(): Promise<{ port: number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/graphql', maxPayload: 100 * 1024 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  server = wss;
  const address = wss.address();
  return { port: typeof address === 'object' && address ? address.port : 0 };
}

/** Sends `message` (already serialised, as graphql-ws would send a `next`) to every open socket. */
function broadcast(args: { message: string }): { sent: number } {
  if (!server) throw new Error('not started');
  let sent = 0;
  for (const socket of server.clients) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(args.message);
      sent++;
    }
  }
  return { sent };
}

serve({
  start: () => start(),
  broadcast: (args) => broadcast(args as { message: string }),
  clients: () => ({ count: server?.clients.size ?? 0 }),
});
