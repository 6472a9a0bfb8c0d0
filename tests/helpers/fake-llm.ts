// A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol: scripted answers (one per request, in
// order) for the LlmAuthor unit tests, or a handler that answers every request for whole-workflow tests.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Step =
  | { content: string; finishReason?: string }
  | { status: number; body?: string; headers?: Record<string, string> }
  | { delayMs: number; then: Step };

export interface ChatBody {
  model: string;
  temperature: number;
  messages: { role: string; content: string }[];
  response_format: { type: string };
}

export interface RecordedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: ChatBody;
}

/** Answers a request no scripted step is left for. */
export type Handler = (request: RecordedRequest) => Step | Promise<Step>;

export interface FakeProvider {
  url: string;
  requests: RecordedRequest[];
  /** The answers to the next requests, in order (replaces what was scripted before). */
  script(...steps: Step[]): void;
  /** Answers every request once the script is used up; without one such a request gets a 500. */
  handle(handler: Handler | null): void;
  /** Forgets the script, the handler and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export function completion(content: string, finishReason = 'stop') {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  };
}

const NOTHING_LEFT: Step = { status: 500, body: '{"error":"test provider: no scripted response left"}' };

export async function startFakeLlm(): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  let steps: Step[] = [];
  let handler: Handler | null = null;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const respond = (res: ServerResponse, step: Step): void => {
    if (res.destroyed) return;
    if ('delayMs' in step) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond(res, step.then);
      }, step.delayMs);
      timers.add(timer);
    } else if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body ?? '');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(step.content, step.finishReason)));
    }
  };

  const answer = async (request: RecordedRequest): Promise<Step> => {
    const scripted = steps.shift();
    if (scripted) return scripted;
    if (!handler) return NOTHING_LEFT;
    try {
      return await handler(request);
    } catch (error) {
      return {
        status: 500,
        body: JSON.stringify({
          error: `test provider handler failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      };
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody,
      };
      requests.push(request);
      void answer(request).then((step) => respond(res, step));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => {
      steps = next;
    },
    handle: (next) => {
      handler = next;
    },
    reset: () => {
      steps = [];
      handler = null;
      requests.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
