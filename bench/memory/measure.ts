// One measurement of the memory benchmark: start a configuration, let it run one job (or answer a few requests, for
// the bare yoga baseline), leave it idle for a while, then read its memory from /proc (and, for the API, V8's own
// figures from its /metrics). Optionally a heap snapshot afterwards (BENCH_HEAP_SNAPSHOTS=1), once RSS is read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';
import {
  collectOutput,
  exitOf,
  READY_API,
  REPO_ROOT,
  serviceEnv,
  startService,
  type ServiceProcess,
} from '../../harness/service-process';
import { sleep, waitFor } from '../lib/clock';
import { createJob, TYPENAME_QUERY, USER_HEADERS } from '../lib/graphql';
import { adminQuery } from '../lib/postgres';
import { Scope } from '../lib/scope';
import { processEnvironment, processMemory, processTree, type ProcessMemory } from './proc';

export type Entry = 'dist' | 'tsx';

/** V8's figures of the API process, from prom-client's default metrics. */
export interface V8Memory {
  heapTotalKb: number;
  heapUsedKb: number;
  externalKb: number;
}

export interface Reading {
  memory: ProcessMemory;
  v8: V8Memory | null;
  /** Where the heap snapshot went, when one was asked for. */
  snapshot?: string;
}

export const PROFILE_DIR = path.join(REPO_ROOT, 'bench', 'profiles');
const SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS === '1';
const snapshotArgs = () => (SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${PROFILE_DIR}`] : []);

let jobsCreated = 0;
/** Letters only (the offline author names the skill from the task's words; a name already published is a review). */
function uniqueWord(): string {
  let n = Date.now() * 100 + jobsCreated++;
  let word = '';
  for (; n > 0; n = Math.floor(n / 26)) word += String.fromCharCode(97 + (n % 26));
  return word;
}

async function oneJob(apiUrl: string, databaseUrl: string): Promise<void> {
  const jobId = await createJob(apiUrl, `write release notes for the ${uniqueWord()} service`, ALL_PROMPTS_OFF);
  await waitFor(
    `job ${jobId} to complete`,
    async () => {
      const [row] = await adminQuery<{ status: string; message: string | null }>(
        databaseUrl,
        'SELECT status::text, coalesce(error, progress_message) AS message FROM jobs WHERE job_id = $1',
        [jobId],
      );
      if (row && row.status !== 'RUNNING' && row.status !== 'PENDING' && row.status !== 'COMPLETED')
        throw new Error(`job ${jobId} ended ${row.status}: ${row.message}`);
      return row?.status === 'COMPLETED' ? true : undefined;
    },
    120_000,
    100,
  );
}

function metricKb(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function v8Memory(apiUrl: string): Promise<V8Memory> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  return {
    heapTotalKb: metricKb(text, 'nodejs_heap_size_total_bytes'),
    heapUsedKb: metricKb(text, 'nodejs_heap_size_used_bytes'),
    externalKb: metricKb(text, 'nodejs_external_memory_bytes'),
  };
}

/** Asks the API for a heap snapshot and waits until it is written (the API answers again once it is). */
async function heapSnapshot(api: ServiceProcess, label: string): Promise<string> {
  const before = new Set(fs.existsSync(PROFILE_DIR) ? fs.readdirSync(PROFILE_DIR) : []);
  api.child.kill('SIGUSR2');
  const file = await waitFor(
    'the heap snapshot',
    async () => fs.readdirSync(PROFILE_DIR).find((f) => f.endsWith('.heapsnapshot') && !before.has(f)),
    60_000,
    200,
  );
  // The API answers again once the (synchronous) write is done.
  await waitFor(
    'the API to answer after the snapshot',
    () =>
      fetch(`${api.url}/health`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      ),
    60_000,
    200,
  );
  const named = path.join(PROFILE_DIR, `memory-${label}-${file}`);
  fs.renameSync(path.join(PROFILE_DIR, file), named);
  return path.relative(REPO_ROOT, named);
}

function read(pid: number, what: string): ProcessMemory {
  const memory = processMemory(pid);
  if (!memory) throw new Error(`${what} (pid ${pid}) is gone`);
  return memory;
}

/** `npm start`'s API (with its in-process worker), idle after one job. */
export async function measureApi(
  entry: Entry,
  databaseUrl: string,
  idleMs: number,
  extra: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<Reading> {
  const scope = new Scope();
  try {
    const api = await scope.started(
      startService(
        'api',
        { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...extra.env },
        { entry, nodeArgs: [...snapshotArgs(), ...(extra.nodeArgs ?? [])] },
      ),
      `api (${entry})`,
    );
    await oneJob(api.url!, databaseUrl);
    await sleep(idleMs);
    const memory = read(api.pid, 'the API');
    const v8 = await v8Memory(api.url!);
    return { memory, v8, snapshot: SNAPSHOTS ? await heapSnapshot(api, `api-${entry}`) : undefined };
  } finally {
    await scope.close();
  }
}

/** `npm run worker`, idle after one job (created through an API without a worker). */
export async function measureWorker(
  entry: Entry,
  databaseUrl: string,
  idleMs: number,
  extra: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<Reading> {
  const scope = new Scope();
  try {
    const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const api = await scope.started(startService('api', { ...env, RUN_WORKER: 'false' }, { entry: 'dist' }), 'api');
    const worker = await scope.started(
      startService('worker', { ...env, LOG_LEVEL: 'info', ...extra.env }, { entry, nodeArgs: extra.nodeArgs }),
      `worker (${entry})`,
    );
    await oneJob(api.url!, databaseUrl);
    await sleep(idleMs);
    return { memory: read(worker.pid, 'the worker'), v8: null };
  } finally {
    await scope.close();
  }
}

/** Spawns `command` and waits for a line matching `ready` (its first group: a URL). */
async function spawnUntilReady(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const exited = exitOf(child);
  const url = await waitFor(
    `${command} ${args.join(' ')} to be ready`,
    async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${command} ${args.join(' ')} exited before it was ready:\n${output().slice(-2000)}`);
      return ready.exec(output())?.[1];
    },
    90_000,
    50,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, url, output, exited };
}

/** The baseline: a bare yoga server with the same schema, no database, after answering a few requests. */
export async function measureBareYoga(idleMs: number): Promise<Reading> {
  const { child, url, exited } = await spawnUntilReady(
    process.execPath,
    [path.join('bench', 'memory', 'bare-yoga.mjs')],
    serviceEnv({}),
    /bare yoga ready at (\S+)/,
  );
  try {
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: USER_HEADERS,
        body: JSON.stringify({ query: TYPENAME_QUERY }),
      });
      if (!response.ok) throw new Error(`bare yoga answered HTTP ${response.status}`);
      await response.text();
    }
    await sleep(idleMs);
    return { memory: read(child.pid!, 'bare yoga'), v8: null };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * `npm start` itself, as the quick start runs it: every process in its tree once the API is idle after one job
 * (npm, then the service; `exec` in the script replaces the shell). Stopped with SIGTERM to npm, which forwards it.
 */
export async function measureNpmStart(
  databaseUrl: string,
  idleMs: number,
): Promise<{ tree: ProcessMemory[]; serviceEnv: Record<string, string> | null }> {
  const { child, url, exited } = await spawnUntilReady(
    'npm',
    ['start'],
    serviceEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }),
    READY_API,
  );
  let tree: ProcessMemory[] = [];
  try {
    await oneJob(url, databaseUrl);
    await sleep(idleMs);
    tree = processTree(child.pid!);
    const service = tree.find((p) => p.command.includes('dist/main.js'));
    return { tree, serviceEnv: service ? processEnvironment(service.pid) : null };
  } finally {
    child.kill('SIGTERM');
    await exited;
    // The service leaves with npm (it forwards the signal; the service also watches its parent); bounded.
    for (const p of tree.slice(1)) {
      await waitFor(`pid ${p.pid} to exit`, async () => (processMemory(p.pid) ? undefined : true), 30_000).catch(() =>
        process.kill(p.pid, 'SIGKILL'),
      );
    }
  }
}
