// PostgreSQL connections that tests and benchmarks open beside the service's own pools. A connection whose database
// is dropped or restarted emits 'error' (57P01) even when idle; without a listener that is an uncaught exception,
// which fails the whole run. Every pool and client outside the service is made here, so none lacks one.
import pg from 'pg';

/** A pg.Client with its error listener; the caller connects and ends it. */
export function makeClient(config: string | pg.ClientConfig): pg.Client {
  const client = new pg.Client(typeof config === 'string' ? { connectionString: config } : config);
  client.on('error', () => undefined);
  return client;
}

/** A connected pg.Client with its error listener. */
export async function connectClient(config: string | pg.ClientConfig): Promise<pg.Client> {
  const client = makeClient(config);
  await client.connect();
  return client;
}

/** One statement on a connection of its own, for setup and admin work. */
export async function queryOnce<T extends pg.QueryResultRow = pg.QueryResultRow>(
  config: string | pg.ClientConfig,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = await connectClient(config);
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A pg.Pool exactly as configured (prisma/database's makePool adds the service's timeouts), with error listeners on
 * the pool and on each of its clients: an idle client losing its connection is replaced, not thrown.
 */
export function makePlainPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
