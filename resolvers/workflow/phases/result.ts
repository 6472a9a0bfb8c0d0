// What a phase decides, as plain data: the workflow's commit (../commit.ts) turns it into writes under the guard.
// A phase reads a snapshot and may call the author; it never writes.
import type { Prisma, TddPhase } from '../../../prisma/database';
import type { SkillAuthor } from '../../author/types';
import type { Prompt } from '../../hitl/prompts';
import type { EventSpec, JobPatch } from '../../jobs/journal';
import type { JobSnapshot } from '../context';
import type { HitlType } from '../machine';

/** Columns of deep_understanding_states, upserted for the job. */
export interface UnderstandingState {
  questionsAsked?: Prisma.InputJsonValue;
  answers?: Prisma.InputJsonValue;
  userProblem?: string;
  userGoals?: string[];
  understandingSummary?: string;
  readinessScore?: number;
  rounds?: number;
  complete?: boolean;
}

/** Columns of tdd_workflow_states, upserted for the job. */
export interface TddState {
  phase?: TddPhase;
  baselineTestsRun?: boolean;
  complianceTestsRun?: boolean;
  rationalizationsIdentified?: string[];
  scenarios?: Prisma.InputJsonValue;
  checklistState?: Prisma.InputJsonValue;
}

/** A validation_reports row, inserted for the job. */
export interface ValidationReportRow {
  attempt: number;
  passed: boolean;
  score: number;
  errors: string[];
  warnings: string[];
  checks: Prisma.InputJsonValue;
}

export interface StateWrites {
  deepUnderstanding?: UnderstandingState;
  tdd?: TddState;
  validationReport?: ValidationReportRow;
}

interface Output {
  /** The job's progress message (and the message of the events the commit adds). */
  message?: string;
  /** Job columns written with the transition. */
  patch?: JobPatch;
  /** Events before the ones the commit adds for the transition. */
  events?: EventSpec[];
  state?: StateWrites;
}

/**
 * next: on to the following phase. repeat: run this phase again. pause: ask a person (`prompt`), then wait.
 * promote: publish the draft and complete the job. review: stop in PENDING_REVIEW for a person.
 */
export type PhaseResult =
  | ({ kind: 'next' } & Output)
  | ({ kind: 'repeat'; message: string } & Output)
  | ({ kind: 'pause'; type: HitlType; prompt: Prompt; message: string } & Output)
  | ({ kind: 'promote'; message: string } & Output)
  | ({ kind: 'review'; message: string } & Output);

export type PhaseRun = (author: SkillAuthor, snapshot: JobSnapshot) => Promise<PhaseResult>;
