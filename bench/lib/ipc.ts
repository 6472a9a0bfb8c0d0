// Request/response over the IPC channel between the runner and a load process: the runner calls a command, the
// child answers with its result (or an error). The child exits when the runner disconnects.

export interface IpcRequest {
  id: number;
  command: string;
  args: unknown;
}

export type IpcResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Handlers = Record<string, (args: unknown) => unknown>;

/** In a load process: answer the runner's commands. Announces readiness with `{ ready: true }`. */
export function serve(handlers: Handlers): void {
  if (!process.send) throw new Error('a load process must be started with an IPC channel (bench/lib/load-process.ts)');
  process.on('message', (message: IpcRequest) => {
    void (async () => {
      let response: IpcResponse;
      try {
        const handler = handlers[message.command];
        if (!handler) throw new Error(`unknown command ${message.command}`);
        response = { id: message.id, ok: true, result: (await handler(message.args)) ?? null };
      } catch (error) {
        response = {
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
      }
      process.send!(response);
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
