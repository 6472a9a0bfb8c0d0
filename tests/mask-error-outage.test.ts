// Requests while the database is unreachable: each fails masked, as INTERNAL_SERVER_ERROR with its request id, and
// leaves one log line without a stack trace (an outage fails every request the same way; the outage itself is logged
// by the parts that reconnect). A real Prisma client against a port where no PostgreSQL listens.
import net from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePool, makePrismaClient, type PrismaClient } from '../prisma/database';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const WARN = 40;
const JOBS = `query Jobs { jobs(first: 1) { totalCount } }`;

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('masked errors while the database is unreachable', () => {
  let db: TestDatabase;
  let gone: { pool: ReturnType<typeof makePool>; prisma: PrismaClient };
  let app: App;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    url.port = String(await closedPort());
    const pool = makePool(url.toString(), 2, 'tests-unreachable');
    gone = { pool, prisma: makePrismaClient(pool) };
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    app = makeTestApp({ ...makeTestServices(db), prisma: gone.prisma, logger });
  });

  afterAll(async () => {
    await gone?.prisma.$disconnect().catch(() => undefined);
    await gone?.pool.end().catch(() => undefined);
    await db?.drop();
  });

  it('logs one line per failed request, without a stack trace', async () => {
    for (const requestId of ['outage-1', 'outage-2']) {
      const result = await gql(app, JOBS, undefined, { user: 'alice', headers: { 'x-request-id': requestId } });
      expect(result.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(result.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const failures = lines.filter((l) => l.msg === 'request failed: database unreachable');
    expect(failures.map((l) => l.requestId)).toEqual(['outage-1', 'outage-2']);
    for (const line of failures) {
      expect(line.level).toBe(WARN);
      expect(String(line.error)).toMatch(/can't reach database server|ECONNREFUSED|connect/i);
    }
    // Besides those: each request's operation line, and nothing else (no 'unexpected error' with its stack).
    expect(lines.filter((l) => !failures.includes(l)).map((l) => l.msg)).toEqual(['operation', 'operation']);
    expect(JSON.stringify(lines)).not.toMatch(/"stack"|\\n\s+at /);
  });
});
