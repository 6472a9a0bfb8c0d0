import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checksum, migrate, MigrationError, readMigrations } from '../prisma/migrator';
import { createEmptyDatabase } from './helpers/database';
import { queryOnce } from '../harness/pg-connections';
import { stopWhenTestEnds } from './helpers/cleanup';

async function emptyDatabase() {
  const db = await createEmptyDatabase('migrator');
  stopWhenTestEnds(db.drop);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return queryOnce<T>(url, sql, params);
}

describe('migrator', () => {
  it('applies every migration to an empty database, then is a no-op the second time', async () => {
    const db = await emptyDatabase();
    const all = readMigrations().map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);

    const first = await migrate(db.url);
    expect(first.applied).toEqual(all);
    expect(first.alreadyApplied).toEqual([]);

    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(all);

    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      db.url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    for (const [i, row] of rows.entries()) {
      // Prisma's rule: the checksum is the SHA-256 of migration.sql, hex.
      expect(row.checksum).toBe(readMigrations()[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    // graphile-worker installed its own schema too.
    const schemas = await query<{ nspname: string }>(
      db.url,
      "SELECT nspname FROM pg_namespace WHERE nspname = 'graphile_worker'",
    );
    expect(schemas).toHaveLength(1);
  });

  it('two migrators started at once: one applies, the other waits and finds nothing to do, both succeed', async () => {
    const db = await emptyDatabase();
    const results = await Promise.all([migrate(db.url), migrate(db.url)]);
    const all = readMigrations().map((m) => m.name);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    expect(appliedCounts).toEqual([0, all.length]);
    const rows = await query<{ n: string }>(db.url, 'SELECT count(*)::text AS n FROM _prisma_migrations');
    expect(rows[0]!.n).toBe(String(all.length));
  });

  it('refuses to run when an applied migration file was changed', async () => {
    const db = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.mkdirSync(path.join(dir, '20260101000000_first'));
    fs.writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE t1 (id int);');
    await migrate(db.url, { dir, workerSchema: false });

    fs.writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE t1 (id bigint);');
    await expect(migrate(db.url, { dir, workerSchema: false })).rejects.toThrow(/changed after it was applied/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs each migration in a transaction: a failing one leaves nothing behind and is not recorded', async () => {
    const db = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.mkdirSync(path.join(dir, '20260101000000_ok'));
    fs.writeFileSync(path.join(dir, '20260101000000_ok', 'migration.sql'), 'CREATE TABLE ok_table (id int);');
    fs.mkdirSync(path.join(dir, '20260102000000_broken'));
    fs.writeFileSync(
      path.join(dir, '20260102000000_broken', 'migration.sql'),
      'CREATE TABLE half (id int);\nSELECT no_such_function();',
    );

    const error = await migrate(db.url, { dir, workerSchema: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/20260102000000_broken failed/);
    const tables = await query<{ tablename: string }>(
      db.url,
      "SELECT tablename FROM pg_tables WHERE tablename IN ('ok_table', 'half')",
    );
    expect(tables.map((t) => t.tablename)).toEqual(['ok_table']);
    const recorded = await query<{ migration_name: string }>(db.url, 'SELECT migration_name FROM _prisma_migrations');
    expect(recorded.map((r) => r.migration_name)).toEqual(['20260101000000_ok']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('computes the checksum Prisma computes (sha256 hex of the file)', () => {
    expect(checksum('SELECT 1;')).toBe('17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a');
  });
});
