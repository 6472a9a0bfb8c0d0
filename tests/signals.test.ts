// Stops under a process manager: `npm start` / `npm run worker` spawned as a supervisor spawns them, signalled on
// npm's PID, on the whole process group (a Ctrl-C) or on the service itself. Every process of the tree must be gone,
// with no PostgreSQL left on the data folder, and the folder must start cleanly again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { collectOutput, exitOf, isProcessAlive, REPO_ROOT } from '../harness/service-process';

const READY = { api: /Skills Fleet is ready/, worker: /"msg":"worker running"/ };
const STOP_WITHIN_MS = 15_000;

interface NpmRun {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
}

const runs: NpmRun[] = [];
const folders: string[] = [];
const spawnedPids = new Set<number>();

afterEach(() => {
  // A failed test must not leave its processes to the next one.
  for (const pid of spawnedPids) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  spawnedPids.clear();
  runs.splice(0);
});
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-signals-'));
  fs.chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Every descendant of `root` now (children, their children, ...), from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentPid(Number(entry));
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** The service's own process: npm's descendant running dist/main.js (what `npm start` runs, build.mjs's output). */
function servicePid(npmPid: number): number {
  const pid = descendants(npmPid).find((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes('dist/main.js');
    } catch {
      return false;
    }
  });
  if (pid === undefined) throw new Error('no dist/main.js process under npm');
  return pid;
}

/** Processes of `pids` still running (a zombie has exited; only its entry waits to be reaped), with their commands. */
function stillRunning(pids: number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return [];
      return [`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120)}`];
    } catch {
      return [];
    }
  });
}

function postmasterAlive(dir: string): boolean {
  const file = path.join(dir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(file)) return false;
  const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  return isProcessAlive(pid);
}

/** Spawns `npm <script>` as a supervisor would, and resolves once the service printed its ready line. */
async function npmRun(script: 'start' | 'worker', dir: string, { group = false } = {}): Promise<NpmRun> {
  const args = script === 'start' ? ['start'] : ['run', 'worker'];
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json' };
  for (const key of ['DATABASE_URL', 'NODE_OPTIONS', 'SKILLS_DIR']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('AUTH_') || key.startsWith('LLM_')) delete env[key];
  // `group`: npm leads its own process group, so the test can signal it as a terminal does on Ctrl-C.
  const npm = spawn('npm', args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  spawnedPids.add(npm.pid!);
  const output = collectOutput(npm);
  const exited = exitOf(npm);
  const run = { npm, output, exited };
  runs.push(run);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 90 s:\n${output().slice(-3000)}`)), 90_000);
    const check = () => {
      if (!READY[script === 'start' ? 'api' : 'worker'].test(output())) return;
      clearTimeout(timer);
      resolve();
    };
    npm.stdout!.on('data', check);
    npm.stderr!.on('data', check);
    void exited.then((code) => reject(new Error(`npm exited (${code}) before ready:\n${output().slice(-3000)}`)));
  });
  for (const pid of descendants(npm.pid!)) spawnedPids.add(pid);
  return run;
}

async function exitWithin(run: NpmRun, ms: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  const result = await Promise.race([run.exited, timeout]);
  clearTimeout(timer);
  return result;
}

/** Signals, then asserts: npm exits 0 in time, no process of its tree is left, no PostgreSQL on the folder. */
async function expectCleanStop(run: NpmRun, dir: string, send: (tree: number[]) => void): Promise<void> {
  const tree = descendants(run.npm.pid!);
  expect(tree.length).toBeGreaterThan(1); // the service and its PostgreSQL at least
  send(tree);
  expect(await exitWithin(run, STOP_WITHIN_MS), run.output().slice(-3000)).toBe(0);
  expect(stillRunning(tree)).toEqual([]);
  expect(postmasterAlive(dir)).toBe(false);
  expect(fs.existsSync(path.join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
  expect(run.output()).toContain('"msg":"stopped"');
  expect(run.output()).not.toContain('second signal');
}

async function expectCleanRestart(dir: string): Promise<void> {
  const again = await npmRun('start', dir);
  expect(again.output()).not.toContain('left running on');
  await expectCleanStop(again, dir, () => again.npm.kill('SIGTERM'));
}

describe('stopping under a process manager', { timeout: 240_000 }, () => {
  it('SIGTERM to the PID of `npm start` stops the whole tree in order; the folder starts cleanly again', async () => {
    const dir = dataDir();
    const run = await npmRun('start', dir);
    await expectCleanStop(run, dir, () => run.npm.kill('SIGTERM'));
    await expectCleanRestart(dir);
  });

  it('SIGINT to the PID of `npm start` stops the whole tree in order; the folder starts cleanly again', async () => {
    const dir = dataDir();
    const run = await npmRun('start', dir);
    await expectCleanStop(run, dir, () => run.npm.kill('SIGINT'));
    await expectCleanRestart(dir);
  });

  it('one Ctrl-C (SIGINT to the whole process group: npm and the service at once) is one orderly stop', async () => {
    const dir = dataDir();
    const run = await npmRun('start', dir, { group: true });
    // The service gets SIGINT from the group and again from npm; the kernel may merge the two into one, so only
    // the outcome is pinned: one orderly stop, no forced exit.
    await expectCleanStop(run, dir, () => process.kill(-run.npm.pid!, 'SIGINT'));
  });

  it('two signals 30 ms apart to the service itself are one orderly stop, not a forced exit', async () => {
    const dir = dataDir();
    const run = await npmRun('start', dir);
    const service = servicePid(run.npm.pid!);
    await expectCleanStop(run, dir, () => {
      process.kill(service, 'SIGTERM');
      setTimeout(() => process.kill(service, 'SIGTERM'), 30);
    });
    expect(run.output()).toContain('signal repeated: already shutting down');
  });

  it('SIGTERM to the PID of `npm run worker` stops the worker and its PostgreSQL', async () => {
    const dir = dataDir();
    const run = await npmRun('worker', dir);
    await expectCleanStop(run, dir, () => run.npm.kill('SIGTERM'));
  });

  it('a service whose npm was killed outright shuts itself down in order, leaving no PostgreSQL', async () => {
    const dir = dataDir();
    const run = await npmRun('start', dir);
    const service = servicePid(run.npm.pid!);
    const tree = descendants(run.npm.pid!);
    run.npm.kill('SIGKILL');
    await run.exited;
    const deadline = Date.now() + STOP_WITHIN_MS;
    while (Date.now() < deadline && stillRunning(tree).length > 0) await new Promise((r) => setTimeout(r, 100));
    expect(stillRunning([service])).toEqual([]);
    expect(stillRunning(tree)).toEqual([]);
    expect(postmasterAlive(dir)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
