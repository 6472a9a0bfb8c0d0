// Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL in DATA_DIR. Also the pools and
// the Prisma client every other part of the service shares.
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/client';
import { isConnectionError } from './connection-errors';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export { PrismaClient };
export { Prisma } from './generated/client';
export type * from './generated/client';

/** The client a Prisma interactive transaction hands its callback; what writes done "in the caller's transaction" take. */
export type Tx = Prisma.TransactionClient;

export interface DatabaseLocation {
  url: string;
  /** Set when this process started an embedded PostgreSQL; stop it last, after every pool is closed. */
  embedded?: EmbeddedPostgres;
}

export const APP_DATABASE = 'skills_fleet';

export async function locateDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  embeddedPort?: number;
  log?: (message: string) => void;
}): Promise<DatabaseLocation> {
  if (options.databaseUrl) return { url: options.databaseUrl };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, 'postgres'),
    port: options.embeddedPort,
    log: options.log,
  });
  try {
    const admin = new pg.Client({ connectionString: embedded.adminUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE]);
      if (!rowCount) await admin.query(`CREATE DATABASE "${APP_DATABASE}"`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.urlFor(APP_DATABASE), embedded };
}

export function makePool(url: string, max: number, applicationName: string): pg.Pool {
  // Idle connections are kept for a minute (pg's default is 10 s): opening one costs a SCRAM handshake, ~3 ms of CPU,
  // which otherwise lands on the first requests after every quiet spell (the fanout profile showed it in each delivery).
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 60_000,
  });
  // An idle client losing its connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Names for Prisma's statements, so each pooled connection parses and plans a statement once and then only binds
 * and executes it. One map per process: a name always stands for the same SQL, whichever client sends it. Past
 * `limit` distinct statements (lists of varying length make new ones) the rest go unnamed, as before.
 */
const statementNames = new Map<string, string>();
export function preparedStatementName({ sql }: { sql: string }, limit = 1000): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= limit) return '';
    name = `prisma_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** The pool behind each client makePrismaClient built, for the reads that go to `pg` directly (resolvers/lean). */
const poolsOfClients = new WeakMap<PrismaClient, pg.Pool>();

export function makePrismaClient(pool: pg.Pool): PrismaClient {
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: (query) => preparedStatementName(query) }),
    // A phase commits its output, the transition, the events and the next task together; give it room under load.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
  poolsOfClients.set(client, pool);
  return client;
}

/**
 * The `pg` pool a client made by makePrismaClient sends its statements through; undefined for any other client
 * (callers then read through Prisma). The same connections, so a lean read and a Prisma one see the same database.
 */
export function poolOf(client: PrismaClient): pg.Pool | undefined {
  return poolsOfClients.get(client);
}

/**
 * One statement on a pooled connection, as `pool.query` runs it, except when the statement itself fails (a constraint,
 * a bad value, a cancelled statement: a database error that isConnectionError does not call a lost connection):
 * the connection then goes back to the pool. `pool.query` closes the connection of every failed statement, and the
 * next statement pays for a new one (a SCRAM handshake, ~3 ms of CPU). Anything else (a lost socket, a terminated
 * backend) still drops the connection.
 */
export async function pooledQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  statement: pg.QueryConfig,
): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  let result: pg.QueryResult<R>;
  try {
    result = await client.query<R>(statement);
  } catch (error) {
    client.release(statementFailedAlone(error) ? undefined : (error as Error));
    throw error;
  }
  client.release();
  return result;
}

function statementFailedAlone(error: unknown): boolean {
  return error instanceof pg.DatabaseError && !isConnectionError(error);
}

/**
 * A raw statement's rows: through the client's `pg` pool (poolOf) when there is one, as a prepared statement, else
 * (another client, or a transaction's client, whose statements must stay on its connection) through `$queryRaw`.
 * `pg` costs ~157 us of CPU per statement where `$queryRaw` costs ~403 us (BENCHMARKS.md); for the columns our
 * tables have (no bigint, numeric or enum arrays outside job_events and the metrics' tables) both return the same
 * values: Dates, numbers, strings, string arrays, parsed JSON.
 */
export async function rawRows<T>(db: PrismaClient | Tx, statement: Prisma.Sql): Promise<T[]> {
  const pool = poolsOfClients.get(db as PrismaClient);
  if (!pool) return (db as PrismaClient).$queryRaw<T[]>(statement);
  const text = statement.text;
  const { rows } = await pooledQuery(pool, {
    name: preparedStatementName({ sql: text }),
    text,
    values: statement.values,
  });
  return rows as T[];
}
