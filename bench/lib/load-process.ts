// A load generator of a benchmark (`node --import tsx bench/load/<name>.ts`) in its own process, driven over IPC:
// load always comes from a process other than the one measured. The service itself is started with
// harness/service-process.ts, the launcher the tests use too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { collectOutput, exitOf, REPO_ROOT, rssKb } from '../../harness/service-process';
import type { IpcRequest, IpcResponse } from './ipc';

export interface LoadProcess {
  pid: number;
  /** Runs a command in the load process and resolves with its result. */
  call<T>(command: string, args?: unknown): Promise<T>;
  rssKb(): number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `bench/load/<script>.ts` in its own process and waits until it serves commands. */
export async function startLoad(
  script: string,
  options: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<LoadProcess> {
  const file = path.join(REPO_ROOT, 'bench', 'load', `${script}.ts`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = collectOutput(child);
  const exited = exitOf(child);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  child.on('message', (message: IpcResponse | { ready: true }) => {
    if ('ready' in message) {
      ready();
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${script}: ${message.error}`));
  });
  void exited.then((code) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`${script} exited (${code}):\n${output().slice(-3000)}`));
    pending.clear();
  });
  await Promise.race([
    readyPromise,
    exited.then((code) =>
      Promise.reject(new Error(`${script} exited (${code}) before it was ready:\n${output().slice(-3000)}`)),
    ),
  ]);
  return {
    pid: child.pid!,
    call<T>(command: string, args?: unknown): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const request: IpcRequest = { id, command, args: args ?? null };
        child.send(request, (error) => {
          if (error) {
            pending.delete(id);
            reject(error);
          }
        });
      });
    },
    rssKb: () => rssKb(child.pid!),
    output,
    async stop() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
