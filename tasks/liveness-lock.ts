// A worker process's proof of life that PostgreSQL itself keeps: a session-level advisory lock held on a connection
// of its own. PostgreSQL frees the lock the instant that connection dies (SIGKILL, OOM kill, a crashed host's TCP
// reset), so the sweep (resolvers/queue/worker-tables.ts) sees a dead worker within a second instead of waiting for
// its heartbeat to go stale. Every connection of the worker's pool also carries the process's `tag` as its
// application_name: a lock that is free while one of them is still connected means only the lock's connection was
// lost (the process lives), and the sweep leaves such a worker to the heartbeat rule.
import { randomBytes, randomInt } from 'node:crypto';
import type pg from 'pg';

export interface HeldLock {
  /** The advisory lock key (a positive bigint, as text). */
  key: string;
  /** When it was taken, in the server's clock (compared with the server's last restart by the sweep). */
  lockedAt: Date;
}

export interface LivenessLock {
  /** The application_name of every connection of the pool from now on. */
  readonly tag: string;
  /** The lock held right now; null while its connection is lost and not yet replaced. */
  held(): HeldLock | null;
  /**
   * Checks the lock's connection (a dead TCP peer never sends an error) and, when it was lost, takes a lock again on
   * a new connection. Rejects when PostgreSQL cannot be reached.
   */
  ensure(): Promise<HeldLock>;
  /** Releases the lock and its connection. */
  release(): Promise<void>;
}

/** Keys below 2^53: exact in JavaScript numbers and in the sweep's (classid << 32 | objid) arithmetic. */
const randomKey = () => String(randomInt(1, 2 ** 48) * 32 + randomInt(0, 32));

/** Tags the pool's new connections and takes the lock (on a connection checked out of the pool for good). */
export async function takeLivenessLock(pool: pg.Pool): Promise<LivenessLock> {
  const tag = `skills-fleet-worker ${randomBytes(8).toString('hex')}`;
  // Before graphile-worker opens its connections: pg-pool hands its options to every new client, so each carries the
  // tag from its start-up packet on (connections already open keep their name; main.ts's pool has none yet).
  pool.options.application_name = tag;

  let client: pg.PoolClient | null = null;
  let current: HeldLock | null = null;
  let taking: Promise<HeldLock> | null = null;
  let released = false;

  const lose = (which: pg.PoolClient, error?: Error) => {
    if (which !== client) return;
    client = null;
    current = null;
    which.release(error ?? new Error('liveness lock connection lost'));
  };

  const take = async (): Promise<HeldLock> => {
    const next = await pool.connect();
    next.on('error', (error) => lose(next, error));
    client = next;
    try {
      // pg_try_advisory_lock: another process holding the same random key (vanishingly rare) means pick another.
      for (;;) {
        const key = randomKey();
        const { rows } = await next.query<{ ok: boolean; at: Date }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS ok, now() AS at',
          [key],
        );
        if (rows[0]?.ok) {
          if (released) throw new Error('the liveness lock was released');
          current = { key, lockedAt: rows[0].at };
          return current;
        }
      }
    } catch (error) {
      lose(next, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };

  const lock: LivenessLock = {
    tag,
    held: () => current,
    async ensure() {
      if (released) throw new Error('the liveness lock was released');
      const live = client;
      const held = current;
      if (live && held) {
        try {
          await live.query('SELECT 1');
        } catch (error) {
          lose(live, error instanceof Error ? error : new Error(String(error)));
        }
        // The connection's 'error' event may have lost it while the check ran (the server died just after
        // answering): then it is taken again, not reported as held (it was `null` here once, under a dying server).
        if (client === live && current === held) return held;
      }
      taking ??= take().finally(() => (taking = null));
      return taking;
    },
    async release() {
      released = true;
      await taking?.catch(() => undefined);
      const live = client;
      client = null;
      current = null;
      if (!live) return;
      // Ending the session frees the lock; the connection is not handed back to the pool with it.
      live.release(true);
    },
  };
  await lock.ensure();
  return lock;
}
