// Which errors mean "the database connection is gone" rather than "this statement is wrong": the pool keeps a
// connection after a statement's own error (database.ts pooledQuery), and the outage account, group commit, the
// worker and error masking tell a lost database from a bad request by it.

/** A PostgreSQL error class or a socket error code that means "the connection is gone", not "the query is wrong". */
// P1001 / P1017: Prisma's "can't reach" / "server closed the connection" (its driver adapter's DatabaseNotReachable).
const CONNECTION_CODES = new Set([
  'P1001',
  'P1017',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection error/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /can't reach database server/i,
  /server closed the connection/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** Whether `error` says the database connection is lost (08xxx, 57P0x, a refused or reset socket, ...). */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^(08|57P0)/.test(code))) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}
