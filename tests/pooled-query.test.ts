// pooledQuery (prisma/database.ts): a statement's own error gives its connection back to the pool; a lost or
// terminated connection is still dropped. Checked by the backend pid the next statement runs on.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePool, pooledQuery } from '../prisma/database';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import type pg from 'pg';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = makePool(db.url, 1, 'pooled-query-test');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function backendPid(): Promise<number> {
  const { rows } = await pooledQuery<{ pid: number }>(pool, { text: 'SELECT pg_backend_pid() AS pid' });
  return rows[0]!.pid;
}

it('keeps the connection of a statement that failed on its own: a division by zero, a bad uuid, a cancelled one', async () => {
  const pid = await backendPid();
  await expect(pooledQuery(pool, { text: 'SELECT 1 / 0' })).rejects.toMatchObject({ code: '22012' });
  await expect(pooledQuery(pool, { text: 'SELECT $1::uuid', values: ['not-a-uuid'] })).rejects.toMatchObject({
    code: '22P02',
  });
  await expect(
    pooledQuery(pool, { text: "SET LOCAL statement_timeout = '10ms'; SELECT pg_sleep(1)" }),
  ).rejects.toMatchObject({ code: '57014' });
  expect(await backendPid()).toBe(pid);
  expect(pool.totalCount).toBe(1);
});

it('drops a connection its backend lost, and the next statement runs on a new one', async () => {
  const pid = await backendPid();
  await expect(pooledQuery(pool, { text: 'SELECT pg_terminate_backend(pg_backend_pid())' })).rejects.toMatchObject({
    code: '57P01',
  });
  const next = await backendPid();
  expect(next).not.toBe(pid);
});
