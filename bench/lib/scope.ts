// Resources a benchmark opened (processes, databases, pools), closed in reverse order however it ends.
export class Scope {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];

  /** Registers `close` and returns `value`, so `const api = scope.use(await startService(...), (s) => s.stop())`. */
  use<T>(value: T, close: (value: T) => Promise<unknown>, name = 'resource'): T {
    this.steps.push({ name, run: () => close(value) });
    return value;
  }

  /** Awaits a process that is starting and registers its stop(): `await scope.started(startLoad(...), 'clients')`. */
  async started<T extends { stop(): Promise<unknown> }>(starting: Promise<T>, name: string): Promise<T> {
    const value = await starting;
    return this.use(value, () => value.stop(), name);
  }

  get size(): number {
    return this.steps.length;
  }

  defer(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  async close(log: (message: string) => void = () => undefined): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        log(`closing ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/**
 * Promise.all that waits for every promise before failing, so that what did start is registered in its scope (and
 * closed) even when something else failed to start.
 */
export async function startAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
