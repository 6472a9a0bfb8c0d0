// Once per `npm test` run: a real PostgreSQL (embedded, or DATABASE_URL's server) and a template database with
// every migration applied. Each test file clones the template (tests/helpers/database.ts), so files never share
// rows and the migrations run once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../prisma/embedded-postgres';
import { migrate } from '../../prisma/migrator';
import { queryOnce } from '../../harness/pg-connections';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the maintenance database on the test server. */
    adminUrl: string;
    /** Name of the migrated template database. */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.SKIP_DB_SETUP === '1') {
    project.provide('adminUrl', '');
    project.provide('templateDatabase', '');
    return async () => undefined;
  }
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    // A fresh cluster per run in a folder the postgres system user can reach (root's home may not be).
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-test-'));
    fs.chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      // Durability is not what the tests measure; these make a 2-core machine several times faster.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '500' },
    });
    adminUrl = embedded.adminUrl;
  }
  const templateDatabase = `skills_fleet_template_${process.pid}`;
  await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${templateDatabase}"`);
  await queryOnce(adminUrl, `CREATE DATABASE "${templateDatabase}"`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  await migrate(templateUrl.toString());

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    } else {
      await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    }
  };
}
