// What the use cases and the workflow need from the outside world, handed in by the process entry (main.ts) or a
// test: the database, the author, the settings, the task queue made from them, a logger.
import type { PrismaClient } from '../prisma/database';
import type { AgentTester } from './agent-tests/tester';
import type { SkillAuthor } from './author/types';
import type { EventHub } from './events/hub';
import type { UsageSink } from './llm-usage/sink';
import type { Logger } from './logger';
import { NO_METRICS, type Metrics } from './metrics';
import { makeQueue, type Queue } from './queue/queue';

export interface WorkflowSettings {
  /** Default prompt timeout when the job's policy sets none. */
  hitlTimeoutSeconds: number;
  /** graphile-worker attempts of one phase before the job is FAILED. */
  phaseMaxAttempts: number;
  /**
   * A task that has run a job's phases this long hands the next phase to a new task, at the back of the queue: jobs
   * waiting for a worker slot get their turn between phases (a full queue is worked round-robin, not one slot's job
   * to its end while the rest wait), and no slot idles at the end of a batch while the last long jobs finish alone.
   * Phases without model calls take milliseconds, so such a job still runs in one task. Default 1000 ms.
   */
  taskSliceMs?: number;
  /** When set, promoted skills are also written to <skillsDir>/<taxonomy path>/SKILL.md. */
  skillsDir?: string;
  /** Events of jobs finished more than this many days ago are purged (all but the last); unset: kept forever. */
  eventRetentionDays?: number;
}

export interface Services {
  prisma: PrismaClient;
  author: SkillAuthor;
  /** Where the model calls are accounted (llm-usage/ledger.ts): a phase's commit waits until its calls are written. */
  usage?: UsageSink;
  /** Runs the pressure scenarios against the agent under test; absent without a model: nothing is run. */
  agentTester?: AgentTester | null;
  settings: WorkflowSettings;
  /** Every add and remove of a graphile-worker task, with the attempts from `settings`. */
  queue: Queue;
  logger: Logger;
  /** Where the workflow reports phase durations and prompt waits (the no-op unless main.ts hands one in). */
  metrics: Metrics;
  /** The job-events LISTEN hub that subscriptions wait on. Only API processes have one (main.ts starts it). */
  events?: EventHub;
}

/** Services with their queue made from the settings (so the two cannot disagree). */
export function makeServices(parts: Omit<Services, 'queue' | 'metrics'> & { metrics?: Metrics }): Services {
  return { ...parts, metrics: parts.metrics ?? NO_METRICS, queue: makeQueue(parts.settings) };
}
