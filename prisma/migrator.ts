// Applies prisma/migrations/*/migration.sql without the Prisma CLI (its schema engine is a binary download that
// fails offline). Bookkeeping is Prisma's own `_prisma_migrations` table with Prisma's checksum rule (SHA-256 of
// the file, hex), so `prisma migrate deploy` on a machine that has the engine sees the same migrations as applied.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';

// Through the repository root: this module runs from prisma/ (tsx) and bundled into dist/main.js (build.mjs), both
// one level below it.
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'migrations');

/** Any constant works; it only has to be the same for every process that migrates this database. */
const MIGRATION_LOCK_KEY = 72_707_369_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksum(sql) };
    });
}

const CREATE_BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies pending migrations in name order, each in its own transaction, under a session advisory lock so that
 * concurrent starts serialise (the second waits, then finds nothing to do). Refuses to continue when an applied
 * migration's file changed, or when an earlier attempt failed half-way.
 */
export async function migrate(
  connectionString: string,
  options: { dir?: string; log?: (message: string) => void; workerSchema?: boolean } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(options.dir);
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_BOOKKEEPING);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      );
      const applied = new Map(rows.map((row) => [row.migration_name, row]));
      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(
            `migration ${row.migration_name} was started but never finished; fix the database by hand and mark it ` +
              'rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = ...)',
          );
        }
      }
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row) {
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(
              `migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
                `database, ${migration.checksum.slice(0, 12)}… on disk); add a new migration instead of editing an applied one`,
            );
          }
          result.alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        log(`applied migration ${migration.name}`);
        result.applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
  if (options.workerSchema !== false) {
    // graphile-worker installs and upgrades its own schema (it takes its own lock).
    await runWorkerMigrations({ connectionString, logger: silentWorkerLogger() });
  }
  return result;
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [
      id,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
  }
}

/** Pending migrations and changed files, without applying anything (used by /ready). */
export async function migrationStatus(
  query: (sql: string) => Promise<{ rows: Array<{ migration_name: string; checksum: string }> }>,
  dir?: string,
): Promise<{ pending: string[]; changed: string[] }> {
  const migrations = readMigrations(dir);
  let rows: Array<{ migration_name: string; checksum: string }> = [];
  try {
    rows = (
      await query(
        'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
      )
    ).rows;
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error; // undefined_table: nothing applied yet
  }
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  return {
    pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name),
    changed: migrations.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum).map((m) => m.name),
  };
}

function silentWorkerLogger(): WorkerLogger {
  return new WorkerLogger(() => () => undefined);
}
