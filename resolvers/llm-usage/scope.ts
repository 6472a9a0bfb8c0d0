// Which phase a model call belongs to: the workflow runs each phase inside this scope (advance.ts), so the author's
// calls and the scenario runs are accounted to it without every call site passing the phase along.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Phase } from '../workflow/machine';

const current = new AsyncLocalStorage<{ phase: Phase }>();

export function inPhase<T>(phase: Phase, run: () => Promise<T>): Promise<T> {
  return current.run({ phase }, run);
}

export function currentPhase(): Phase | null {
  return current.getStore()?.phase ?? null;
}
