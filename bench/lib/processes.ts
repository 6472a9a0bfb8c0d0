// Child processes of a benchmark: the service itself (`node --import tsx main.ts`, the API or a worker) and the load
// generators (`node --import tsx bench/load/<name>.ts`), which talk to the runner over IPC. Load always comes from
// a process other than the one measured.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpcRequest, IpcResponse } from './ipc';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const READY_API = /Skills Fleet is ready: GraphiQL at (http:\/\/[^\s/]+)\/graphql/;
const READY_WORKER = /"msg":"worker running"/;
const OUTPUT_KEPT = 64 * 1024;

/** Resident set size of a process in KB (Linux /proc); NaN when unknown. */
export function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function exitPromise(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode ?? 'unknown');
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export interface Service {
  pid: number;
  /** http://127.0.0.1:PORT for the API; undefined for a worker. */
  url?: string;
  output(): string;
  rssKb(): number;
  /** null while running, else the exit code or signal. */
  exitStatus(): number | string | null;
  /** SIGTERM (the service shuts down in order; a --cpu-prof profile is written), SIGKILL after the timeout. */
  stop(timeoutMs?: number): Promise<number | string>;
}

export interface ServiceOptions {
  /** Extra environment (DATABASE_URL, RUN_WORKER, WORKER_CONCURRENCY, ...). */
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/** Environment of a service process: dev-mode auth (no AUTH_*), the offline author, JSON logs. */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('AUTH_') || key.startsWith('LLM_') || key === 'SKILLS_DIR' || key === 'NODE_OPTIONS')
      delete env[key];
  }
  return {
    ...env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export async function startService(mode: 'api' | 'worker', options: ServiceOptions): Promise<Service> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'main.ts', ...(mode === 'worker' ? ['worker'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: serviceEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_KEPT * 2) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = exitPromise(child);
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${mode} did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`))),
      timeoutMs,
    );
    const onData = () => {
      const api = READY_API.exec(output);
      if (mode === 'api' && api) finish(() => resolve(api[1]));
      else if (mode === 'worker' && READY_WORKER.test(output)) finish(() => resolve(undefined));
    };
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      settle();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      finish(() => reject(new Error(`${mode} exited (${code}) before it was ready:\n${output.slice(-3000)}`))),
    );
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  let exitStatus: number | string | null = null;
  void exited.then((code) => (exitStatus = code));
  return {
    pid: child.pid!,
    url,
    output: () => output,
    exitStatus: () => exitStatus,
    rssKb: () => rssKb(child.pid!),
    stop: (stopTimeoutMs = 30_000) => stopChild(child, exited, stopTimeoutMs),
  };
}

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
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_KEPT * 2) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = exitPromise(child);
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
      waiter.reject(new Error(`${script} exited (${code}):\n${output.slice(-3000)}`));
    pending.clear();
  });
  await Promise.race([
    readyPromise,
    exited.then((code) =>
      Promise.reject(new Error(`${script} exited (${code}) before it was ready:\n${output.slice(-3000)}`)),
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
    output: () => output,
    async stop() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
