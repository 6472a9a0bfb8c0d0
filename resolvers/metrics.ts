// What the workflow reports to the process's metrics. main.ts hands in the Prometheus side (schema/metrics.ts);
// resolvers/ only sees this interface, and tests that do not look at metrics get the no-op.
import type { LlmCallRecord } from './llm-usage/sink';

export interface Metrics {
  /** A phase ran (outcome: what its commit did, or `failed` / `superseded`). */
  phaseFinished(phase: string, outcome: string, seconds: number): void;
  /** A prompt stopped waiting: answered, timed out or cancelled. */
  promptFinished(type: string, outcome: 'responded' | 'timed_out' | 'cancelled', seconds: number): void;
  /** A request to a model finished (its tokens and latency). */
  llmCall?(call: LlmCallRecord): void;
}

export const NO_METRICS: Metrics = { phaseFinished() {}, promptFinished() {} };

/** Seconds from a prompt's creation until now. */
export function waitedSeconds(createdAt: Date): number {
  return Math.max(0, (Date.now() - createdAt.getTime()) / 1000);
}
