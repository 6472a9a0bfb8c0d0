// Each test file gets its own database, cloned from the migrated template that the global setup built.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { makePool, makePrismaClient, type PrismaClient } from '../../prisma/database';
import { connectClient, queryOnce } from '../../harness/pg-connections';
import { stopWhenTestEnds } from './cleanup';

export interface TestDatabase {
  name: string;
  url: string;
  adminUrl: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new empty database on the test server (no migrations), for migrator tests. */
export async function createEmptyDatabase(
  prefix = 'empty',
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  if (!adminUrl || !template) throw new Error('no test database: run without SKIP_DB_SETUP=1');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = databaseUrl(adminUrl, name);
  const pool = makePool(url, 10, 'tests');
  const prisma = makePrismaClient(pool);
  return {
    name,
    url,
    adminUrl,
    pool,
    prisma,
    async drop() {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  await queryOnce(adminUrl, sql);
}

/**
 * Locks a job's row in a transaction on a connection of its own, so that a worker's phase blocks on it (to kill the
 * worker there) until the test rolls it back. The connection is closed when the test ends.
 */
export async function lockJobRow(url: string, jobId: string): Promise<pg.Client> {
  const client = await connectClient(url);
  stopWhenTestEnds(() => client.end());
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM jobs WHERE job_id = $1 FOR UPDATE', [jobId]);
  return client;
}
