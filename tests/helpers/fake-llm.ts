// A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol: scripted answers (one per request, in
// order) for the LlmAuthor unit tests, or a handler that answers every request for whole-workflow tests. Every
// completion carries a `usage` that depends on the request and the answer (so totals prove what was summed), and
// the provider keeps what it served.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type Step =
  | { content: string; finishReason?: string; usage?: Usage }
  | { status: number; body?: string; headers?: Record<string, string> }
  | { delayMs: number; then: Step };

export interface ChatBody {
  model: string;
  temperature: number;
  messages: { role: string; content: string }[];
  /** Absent for plain conversations (the agent under test). */
  response_format?: { type: string };
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
  /** The usage of every completion served (200 with a chat completion), in order. */
  served: Usage[];
  /** The answers to the next requests, in order (replaces what was scripted before). */
  script(...steps: Step[]): void;
  /** Answers every request once the script is used up; without one such a request gets a 500. */
  handle(handler: Handler | null): void;
  /** Forgets the script, the handler and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Roughly a token per 4 characters, like real tokenizers on English text. */
export function usageFor(requestChars: number, content: string): Usage {
  const prompt = Math.ceil(requestChars / 4);
  const completion = Math.ceil(content.length / 4) + 1;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function completion(
  content: string,
  finishReason = 'stop',
  usage: Usage = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    usage,
  };
}

const NOTHING_LEFT: Step = { status: 500, body: '{"error":"test provider: no scripted response left"}' };

export async function startFakeLlm(): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const served: Usage[] = [];
  let steps: Step[] = [];
  let handler: Handler | null = null;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const respond = (res: ServerResponse, step: Step, requestChars: number): void => {
    if (res.destroyed) return;
    if ('delayMs' in step) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond(res, step.then, requestChars);
      }, step.delayMs);
      timers.add(timer);
    } else if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body ?? '');
    } else {
      const usage = step.usage ?? usageFor(requestChars, step.content);
      served.push(usage);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(step.content, step.finishReason, usage)));
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
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(raw) as ChatBody,
      };
      requests.push(request);
      void answer(request).then((step) => respond(res, step, raw.length));
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
    served,
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
      served.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
