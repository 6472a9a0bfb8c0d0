// Tests of the CLI run it as a user does: `node cli/bin.mjs ...` as a child process (plain pipes, or a real
// pseudo-terminal through util-linux `script`), against the real service (main.ts as a child, with its worker)
// on a cloned test database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectionFrom, request } from '../../cli/connection';
import { JobDetailsQuery, JobEventsQuery } from '../../cli/operations';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { REPO_ROOT, startService, type ServiceProcess } from '../../harness/service-process';

export const BIN = path.join(REPO_ROOT, 'cli', 'bin.mjs');

export interface CliServer {
  db: TestDatabase;
  api: ServiceProcess;
  /** The GraphQL endpoint, as SKILLS_FLEET_URL takes it. */
  url: string;
  close(): Promise<void>;
}

export async function startCliServer(env: Record<string, string> = {}): Promise<CliServer> {
  const db = await createTestDatabase();
  const api = await startService('api', { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...env });
  return {
    db,
    api,
    url: `${api.url}/graphql`,
    async close() {
      await api.stop('SIGTERM');
      await db.drop();
    },
  };
}

/**
 * A job as the CLI reads it, through the CLI's own typed documents (cli/operations.ts) and request function, with
 * the same credentials as the runs under test (by default none: the dev server's default user): its details and
 * event log.
 */
export async function readJob(server: CliServer, jobId: string, user?: string) {
  const connection = connectionFrom({ url: server.url, user }, {});
  const [{ job }, log] = await Promise.all([
    request(connection, JobDetailsQuery, { id: jobId }),
    request(connection, JobEventsQuery, { id: jobId }),
  ]);
  if (!job || !log.job) throw new Error(`no job ${jobId}`);
  return { ...job, events: log.job.events };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches; rejects after `timeoutMs` or when the process exits first. */
  waitForStdout(pattern: RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<void>;
  /** Resolves with the run once the process exits; kills it and rejects after `timeoutMs`. */
  finished(timeoutMs?: number): Promise<CliRun>;
}

/** Starts the CLI with stdin closed and stdout/stderr piped (not a terminal). */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SKILLS_FLEET_URL: undefined, SKILLS_FLEET_TOKEN: undefined, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child);
}

function track(child: ChildProcess): CliProcess {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  // Waiters check once per burst of output, not once per chunk (a terminal redraw arrives in many chunks).
  let scheduled = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const listener of [...listeners]) listener();
    });
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const matches = typeof pattern === 'function' ? pattern : (text: string) => pattern.test(text);
        const check = () => {
          if (matches(stdout)) done(resolve);
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} on stdout within ${timeoutMs} ms:\n${stdout}\n${stderr}`))),
          timeoutMs,
        );
        const done = (fn: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        listeners.add(check);
        void exited.then(() => done(() => reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`))));
        check();
      });
    },
    async finished(timeoutMs = 60_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL')
        throw new Error(`CLI still running after ${timeoutMs} ms:\n${stdout}\n${stderr}`);
      return { code, stdout, stderr };
    },
  };
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000) {
  return spawnCli(args, env).finished(timeoutMs);
}

/**
 * The CLI in a real pseudo-terminal: util-linux `script` runs it on a pty and relays our stdin to it, so keys
 * written here reach @inquirer as typed keys. Only the output since the last `send` is matched.
 */
export function spawnCliInPty(args: string[], env: Record<string, string | undefined> = {}) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SKILLS_FLEET_TOKEN: undefined, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '160', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const cli = track(child);
  let mark = 0;
  return {
    ...cli,
    /** Resolves once the output written since the last `send` matches. */
    async expect(pattern: RegExp, timeoutMs = 30_000) {
      const from = mark;
      // The last 64 KB hold any screen: matching only those keeps a long typed answer from costing O(n²).
      const recent = (text: string) => text.slice(Math.max(from, text.length - 65_536));
      await cli
        .waitForStdout((text) => pattern.test(plain(recent(text))), timeoutMs)
        .catch(() => {
          throw new Error(`no ${pattern} on the terminal; since the last key:\n${plain(cli.stdout().slice(from))}`);
        });
    },
    send(keys: string) {
      mark = cli.stdout().length;
      child.stdin!.write(keys);
    },
  };
}

export const KEY = { enter: '\r', down: '\x1b[B', space: ' ', ctrlC: '\x03', ctrlU: '\x15', ctrlY: '\x19' };

/** Terminal output without escape sequences, for error messages. */
export function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

export function writeJsonFile(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-cli-'));
  const file = path.join(dir, 'answers.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** A TCP relay in front of the API that a test can cut (every open connection dropped) to break a WebSocket. */
export async function startRelay(targetUrl: string) {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cuts: () => cuts,
    /** Drops every connection open now; new ones are relayed again at once. */
    cut() {
      cuts++;
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
