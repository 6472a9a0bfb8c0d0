// What the use cases and the workflow need from the outside world, handed in by the process entry (main.ts) or a
// test: the database, the author, the settings, a logger.
import type { PrismaClient } from '../prisma/database';
import type { SkillAuthor } from './author/types';
import type { EventHub } from './events/hub';
import type { Logger } from './logger';

export interface WorkflowSettings {
  /** Default prompt timeout when the job's policy sets none. */
  hitlTimeoutSeconds: number;
  /** graphile-worker attempts of one phase before the job is FAILED. */
  phaseMaxAttempts: number;
  /** When set, promoted skills are also written to <skillsDir>/<taxonomy path>/SKILL.md. */
  skillsDir?: string;
}

export interface Services {
  prisma: PrismaClient;
  author: SkillAuthor;
  settings: WorkflowSettings;
  logger: Logger;
  /** The job-events LISTEN hub that subscriptions wait on. Only API processes have one (main.ts starts it). */
  events?: EventHub;
}
