// One process-wide account of the database being unreachable. Every part that talks to PostgreSQL on its own (the
// event hub, the worker's heartbeat and runner, the embedded-server supervisor) reports here, so a lost database is
// logged once when it goes and once when it is back (how long, how many attempts), never once per retry, and never
// with a stack trace: the parts log their own retries at debug.
import type { Logger } from './logger';

export interface DatabaseOutage {
  /**
   * A connection failed. The first failure of an outage is logged (warn, one line); later ones at debug. `certain`:
   * the database is known to be gone (its server exited), never a straggler.
   */
  failed(source: string, error: unknown, options?: { certain?: boolean }): void;
  /** Something reached the database. Ends an outage (info, one line); `attempts` overrides the count of failures. */
  succeeded(source: string, details?: { attempts?: number }): void;
  /** True between a failure and the next success. */
  readonly down: boolean;
}

/** The first line of an error's message: what the outage line says about the cause. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 300) || 'unknown error';
}

/**
 * After an outage ends, failures this soon are stragglers (a connection attempt started while the server was away),
 * not a new outage.
 */
const STRAGGLER_MS = 3_000;

export function makeDatabaseOutage(logger: Logger, now: () => number = Date.now): DatabaseOutage {
  let since: number | null = null;
  let failures = 0;
  let backAt = -Infinity;
  return {
    get down() {
      return since !== null;
    },
    failed(source, error, options = {}) {
      if (since !== null) {
        failures++;
        logger.debug({ source, error: describe(error) }, 'database still unreachable');
        return;
      }
      if (!options.certain && now() - backAt < STRAGGLER_MS) {
        logger.debug({ source, error: describe(error) }, 'a connection failed just after the database came back');
        return;
      }
      since = now();
      failures = 1;
      logger.warn({ source, error: describe(error) }, 'database connection lost; reconnecting');
    },
    succeeded(source, details = {}) {
      if (since === null) return;
      const seconds = Math.round((now() - since) / 100) / 10;
      const attempts = details.attempts ?? failures;
      since = null;
      failures = 0;
      backAt = now();
      logger.info({ source, downSeconds: seconds, attempts }, `database connection back after ${seconds} s`);
    },
  };
}
