// What a phase decides, as plain data: the workflow's commit (../commit.ts) turns it into writes under the guard.
// A phase reads a snapshot and may call the author; it never writes, with one narrow exception: a finished scenario
// run is stored at once through `tools.recordRun` (under the same guard, see ../run-recorder.ts), so a crash in
// the middle of a round loses only the runs in flight.
import type { Prisma, TddPhase } from '../../../prisma/database';
import type { AgentTester } from '../../agent-tests/tester';
import type { RecordRun } from '../../agent-tests/types';
import type { SkillAuthor } from '../../author/types';
import type { Prompt } from '../../hitl/prompts';
import type { EventSpec, JobPatch } from '../../jobs/journal';
import type { JobSnapshot } from '../context';
import type { HitlType, Phase } from '../machine';

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
  agentUnderTest?: string | null;
  notRunReason?: string | null;
  baselineViolationRate?: number | null;
  complianceRate?: number | null;
  iterations?: number;
  scenarioSet?: number;
  draftRound?: number;
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
 * next: on to the following phase. back: return to an earlier phase (machine.ts canGoBack: VALIDATION to
 * TDD_REFACTOR). repeat: run this phase again. pause: ask a person (`prompt`), then wait. promote: publish the draft
 * and complete the job. review: stop in PENDING_REVIEW for a person.
 */
export type PhaseResult =
  | ({ kind: 'next' } & Output)
  | ({ kind: 'back'; phase: Phase; message: string } & Output)
  | ({ kind: 'repeat'; message: string } & Output)
  | ({ kind: 'pause'; type: HitlType; prompt: Prompt; message: string } & Output)
  | ({ kind: 'promote'; message: string } & Output)
  | ({ kind: 'review'; message: string } & Output);

/** What a phase may use besides the author. */
export interface PhaseTools {
  /** The agent under test and its judge; null without a model: scenarios are written, none is run. */
  tester: AgentTester | null;
  recordRun: RecordRun;
}

export const NO_TOOLS: PhaseTools = {
  tester: null,
  recordRun: () => Promise.reject(new Error('no scenario can be recorded without an agent under test')),
};

export type PhaseRun = (author: SkillAuthor, snapshot: JobSnapshot, tools?: PhaseTools) => Promise<PhaseResult>;
