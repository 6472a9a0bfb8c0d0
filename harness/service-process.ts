// The service run as a user runs it (`node --import tsx main.ts`, the API or `worker`), as a child process of a test
// or a benchmark; also main.ts's one-shot commands (migrate, doctor). Tests and benchmarks share this one launcher.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const READY_API = /Skills Fleet is ready: GraphiQL at (http:\/\/[^\s/]+)\/graphql/;
const READY_WORKER = /"msg":"worker running"/;
/** The tail of a child's output that is kept (a soak run logs for minutes). */
const OUTPUT_KEPT = 1024 * 1024;

export type ServiceEnv = Record<string, string | undefined>;

export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Base URL (http://127.0.0.1:PORT) once the API printed its ready line; undefined for workers. */
  url?: string;
  output(): string;
  rssKb(): number;
  /** null while running, else the exit code or signal. */
  exitStatus(): number | string | null;
  /** Sends `signal` (SIGTERM: the service shuts down in order), SIGKILL after the timeout; resolves with the exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
}

export interface ServiceOptions {
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** What node runs: the sources through tsx (default, as `npm start` did), or build.mjs's dist/main.js. */
  entry?: 'tsx' | 'dist';
}

/** Resident set size of a process in KB (Linux /proc); NaN when unknown. */
export function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the exit code (or signal) of `child`, also when it has already exited. */
export function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode ?? 'unknown');
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

/** Collects stdout and stderr, keeping the last OUTPUT_KEPT characters. */
export function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_KEPT * 2) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return () => output;
}

/**
 * Environment of a service process: dev-mode auth, the offline author and no SKILLS_DIR unless `extra` sets them
 * (a developer's shell must not change what a test or a benchmark runs), JSON logs, a free port.
 */
export function serviceEnv(extra: ServiceEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(AUTH|LLM|METRICS)_/.test(key) || key === 'SKILLS_DIR' || key === 'NODE_OPTIONS') delete env[key];
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

export async function startService(
  mode: 'api' | 'worker',
  env: ServiceEnv,
  { nodeArgs = [], timeoutMs = 60_000, entry = 'tsx' }: ServiceOptions = {},
): Promise<ServiceProcess> {
  const main = entry === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'main.ts'];
  const args = [...nodeArgs, ...main, ...(mode === 'worker' ? ['worker'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: serviceEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = exitOf(child);
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${mode} did not start within ${timeoutMs} ms:\n${output().slice(-3000)}`))),
      timeoutMs,
    );
    const onData = () => {
      const api = READY_API.exec(output());
      if (mode === 'api' && api) finish(() => resolve(api[1]));
      else if (mode === 'worker' && READY_WORKER.test(output())) finish(() => resolve(undefined));
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
      finish(() => reject(new Error(`${mode} exited (${code}) before it was ready:\n${output().slice(-3000)}`))),
    );
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  let exitStatus: number | string | null = null;
  void exited.then((code) => (exitStatus = code));
  return {
    child,
    pid: child.pid!,
    url,
    output,
    rssKb: () => rssKb(child.pid!),
    exitStatus: () => exitStatus,
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

/** Runs a one-shot command of main.ts (migrate, doctor) to completion. */
export async function runCommand(
  command: string,
  env: ServiceEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts', command], {
    cwd: REPO_ROOT,
    env: { ...serviceEnv(env), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output: output() };
}
