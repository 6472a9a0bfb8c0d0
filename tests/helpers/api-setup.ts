// The setup of the API suites (yoga's fetch, no port): a cloned database, the app over it, and a client per user
// (alice, bob, and admin, an admin); and the good skill of the fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { Services } from '../../resolvers/services';
import type { App } from '../../schema/app';
import { createTestDatabase, type TestDatabase } from './database';
import { clientFor, makeTestApp, type Client } from './graphql';
import { makeTestServices } from './services';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'skills');
export const goodSkill = fs.readFileSync(path.join(FIXTURES, 'good-postgres-migrations.md'), 'utf8');

export let db: TestDatabase;
export let services: Services;
export let app: App;
export let alice: Client;
export let bob: Client;
export let admin: Client;

/** Opens the database and the app before the calling file's tests (the `let` bindings above are live); drops it after. */
export function useApi(): void {
  beforeAll(async () => {
    db = await createTestDatabase();
    services = makeTestServices(db);
    app = makeTestApp(services);
    alice = clientFor(app, 'alice');
    bob = clientFor(app, 'bob');
    admin = clientFor(app, 'admin');
  });

  afterAll(async () => {
    await db?.drop();
  });
}
