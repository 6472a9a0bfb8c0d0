// What a test starts (workers, servers, connections, databases) is stopped when the test ends, pass or fail: a
// worker left running would take the next test's jobs. Stops run last-registered first (vitest's onTestFinished).
import { onTestFinished } from 'vitest';

/** Runs `stop` when the current test ends; a stop that fails (the thing died with the test) is ignored. */
export function stopWhenTestEnds(stop: () => unknown): void {
  onTestFinished(async () => {
    await Promise.resolve()
      .then(stop)
      .catch(() => undefined);
  });
}
