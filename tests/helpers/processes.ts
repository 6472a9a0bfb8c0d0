// Runs the real service entry (main.ts) as a child process, the way a user runs `npm start` / `npm run worker`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  /** Base URL (http://127.0.0.1:PORT) once the API printed its ready line; undefined for workers. */
  url?: string;
  output(): string;
  /** Sends a signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
}

const READY_API = /Skills Fleet is ready: GraphiQL at (http:\/\/[^\s/]+)\/graphql/;
const READY_WORKER = /"msg":"worker running"/;

export async function startService(
  mode: 'api' | 'worker',
  env: Record<string, string | undefined>,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const args = ['--import', 'tsx', 'main.ts', ...(mode === 'worker' ? ['worker'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${mode} did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`)),
      timeoutMs,
    );
    const onData = () => {
      const api = READY_API.exec(output);
      if (mode === 'api' && api) done(() => resolve(api[1]));
      if (mode === 'worker' && READY_WORKER.test(output)) done(() => resolve(undefined));
    };
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      fn();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      done(() => reject(new Error(`${mode} exited (${code}) before it was ready:\n${output.slice(-3000)}`))),
    );
  });

  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function graphql<T = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a one-shot command of main.ts (migrate, doctor) to completion. */
export async function runCommand(
  command: string,
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts', command], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}
