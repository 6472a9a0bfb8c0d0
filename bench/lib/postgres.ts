// The PostgreSQL server the benchmarks use: DATABASE_URL's server when set, otherwise an embedded one in a
// temporary folder (removed afterwards). Each benchmark gets its own freshly migrated database on it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { queryOnce } from '../../harness/pg-connections';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../prisma/embedded-postgres';
import { migrate } from '../../prisma/migrator';
import type { Database } from './types';

export interface BenchPostgres {
  adminUrl: string;
  /** e.g. "18.1" */
  version: string;
  /** "embedded (default settings)" or "DATABASE_URL" */
  source: string;
  createDatabase(label: string): Promise<Database>;
  stop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  return queryOnce<T>(url, sql, values);
}

export interface StatementStat {
  calls: number;
  totalMs: number;
  meanMs: number;
  /** Time spent planning it (0 unless the server tracks planning: `statements` in startBenchPostgres does). */
  planMs: number;
  rows: number;
  query: string;
  /** Sent by a client, not run inside another statement (a foreign-key check, a trigger's statement). */
  topLevel: boolean;
}

/**
 * The statements a database ran, most total execution time first (needs the server started with
 * pg_stat_statements, see `statements` in startBenchPostgres).
 */
export function topStatements(serverUrl: string, database: string, limit = 15): Promise<StatementStat[]> {
  return readStatements(serverUrl, database, limit, 's.total_exec_time');
}

/** The statements a database ran, most calls first (pg_stat_statements): what runs per job, not what costs most. */
export function statementsByCalls(serverUrl: string, database: string, limit = 30): Promise<StatementStat[]> {
  return readStatements(serverUrl, database, limit, 's.calls');
}

async function readStatements(
  serverUrl: string,
  database: string,
  limit: number,
  orderBy: 's.calls' | 's.total_exec_time',
): Promise<StatementStat[]> {
  const rows = await adminQuery<{
    calls: string;
    total: number;
    plan: number;
    mean: number;
    rows: string;
    query: string;
    toplevel: boolean;
  }>(
    serverUrl,
    `SELECT s.calls, s.total_exec_time AS total, s.total_plan_time AS plan, s.mean_exec_time AS mean, s.rows, s.query,
            s.toplevel
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 ORDER BY ${orderBy} DESC LIMIT $2`,
    [database, limit],
  );
  return rows.map((row) => ({
    calls: Number(row.calls),
    totalMs: row.total,
    meanMs: row.mean,
    planMs: row.plan,
    rows: Number(row.rows),
    query: row.query.replace(/\s+/g, ' '),
    topLevel: row.toplevel,
  }));
}

export async function startBenchPostgres(
  log: (message: string) => void,
  options: { statements?: boolean } = {},
): Promise<BenchPostgres> {
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  let source = 'DATABASE_URL';
  if (!adminUrl) {
    // A folder the postgres system user can traverse when we run as root.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-bench-'));
    fs.chmodSync(dataDir, 0o755);
    // PostgreSQL's default durability settings (fsync, synchronous_commit): the figures are what a real
    // deployment would see on this disk, for the app and the baselines alike.
    const settings: Record<string, string> = { max_connections: '400' };
    if (options.statements)
      Object.assign(settings, {
        shared_preload_libraries: 'pg_stat_statements',
        'pg_stat_statements.track': 'all',
        // Planning time too: a prepared statement that keeps choosing a custom plan is planned on every call.
        'pg_stat_statements.track_planning': 'on',
      });
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), settings, log });
    adminUrl = embedded.adminUrl;
    source = 'embedded (PostgreSQL defaults, max_connections=400)';
    if (options.statements) {
      await adminQuery(adminUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      source += ' with pg_stat_statements';
    }
  }
  const [row] = await adminQuery<{ server_version: string }>(adminUrl, 'SHOW server_version');
  const created: string[] = [];
  const server = adminUrl;
  // Migrated once; every benchmark database is a copy of it (CREATE DATABASE ... TEMPLATE), which is much faster
  // than migrating each one.
  let template: Promise<string> | undefined;
  const makeTemplate = async () => {
    const name = `bench_template_${randomBytes(4).toString('hex')}`;
    await adminQuery(server, `CREATE DATABASE "${name}"`);
    created.push(name);
    await migrate(databaseUrl(server, name));
    return name;
  };
  return {
    adminUrl,
    version: row?.server_version ?? 'unknown',
    source,
    async createDatabase(label) {
      const name = `bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
      template ??= makeTemplate();
      await adminQuery(server, `CREATE DATABASE "${name}" TEMPLATE "${await template}"`);
      created.push(name);
      const url = databaseUrl(server, name);
      return {
        name,
        url,
        drop: async () => {
          await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          const index = created.indexOf(name);
          if (index >= 0) created.splice(index, 1);
        },
      };
    },
    async stop() {
      if (embedded) {
        await embedded.stop();
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      } else {
        for (const name of [...created])
          await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      }
    },
  };
}
