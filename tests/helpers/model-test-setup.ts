// The setup of a test file that runs jobs against the fake model: its own database and one fake chat-completions
// server for the whole file, both stopped after it. `take` receives them once started (the file keeps its own names).
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database';
import { startFakeLlm, type FakeProvider } from './fake-llm';

export function useDatabaseAndFakeLlm(take: (db: TestDatabase, fake: FakeProvider) => void): void {
  let db: TestDatabase | undefined;
  let fake: FakeProvider | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeLlm();
    take(db, fake);
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });
}
