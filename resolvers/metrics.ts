// What the workflow reports to the process's metrics. main.ts hands in the Prometheus side (schema/metrics.ts);
// resolvers/ only sees this interface, and tests that do not look at metrics get the no-op.
import type { LlmCallRecord } from './llm-usage/sink';

export interface Metrics {
  /** A phase ran (outcome: what its commit did, or `failed` / `superseded`). */
  phaseFinished(phase: string, outcome: string, seconds: number): void;
  /** A prompt stopped waiting: answered, timed out or cancelled. */
  promptFinished(type: string, outcome: 'responded' | 'timed_out' | 'cancelled', seconds: number): void;
  /** A worker of this process started a task `pickupSeconds` after it was due (graphile-worker's run_at). */
  taskStarted(task: string, pickupSeconds: number): void;
  /** That task returned or threw. */
  taskEnded(task: string): void;
  /** A subscription stream of this process opened (kind: which stream, see SUBSCRIPTION_KINDS). */
  subscriptionOpened(kind: SubscriptionKind): void;
  subscriptionClosed(kind: SubscriptionKind): void;
  /** A live item of a `kind` stream reached its subscriber `seconds` after its row was written (events/measure.ts). */
  eventDelivered(kind: SubscriptionKind, seconds: number): void;
  /** This process's sweep took `jobs` skill jobs over from a dead worker. */
  workersRecovered(jobs: number): void;
  /** A request to a model finished (its tokens and latency). */
  llmCall?(call: LlmCallRecord): void;
}

export const NO_METRICS: Metrics = {
  phaseFinished() {},
  promptFinished() {},
  taskStarted() {},
  taskEnded() {},
  subscriptionOpened() {},
  subscriptionClosed() {},
  eventDelivered() {},
  workersRecovered() {},
};

/** The subscription streams, named as their GraphQL fields (the `kind` label). */
export const SUBSCRIPTION_KINDS = ['jobEvents', 'jobUpdated', 'hitlPromptPending', 'jobsChanged'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** Seconds from a prompt's creation until now. */
export function waitedSeconds(createdAt: Date): number {
  return Math.max(0, (Date.now() - createdAt.getTime()) / 1000);
}
