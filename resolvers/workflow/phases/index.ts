// The seven phases, one file each; runPhase picks the one the job is in.
import type { SkillAuthor } from '../../author/types';
import type { JobSnapshot } from '../context';
import type { Phase } from '../machine';
import { deepUnderstanding } from './deep-understanding';
import { promotion } from './promotion';
import type { PhaseResult, PhaseRun, PhaseTools } from './result';
import { taskRefinement } from './task-refinement';
import { tddGreen } from './tdd-green';
import { tddRed } from './tdd-red';
import { tddRefactor } from './tdd-refactor';
import { validation } from './validation';

export type { PhaseResult, PhaseTools } from './result';

const PHASE_RUNS: Readonly<Record<Phase, PhaseRun>> = {
  TASK_REFINEMENT: taskRefinement,
  DEEP_UNDERSTANDING: deepUnderstanding,
  TDD_RED: tddRed,
  TDD_GREEN: tddGreen,
  TDD_REFACTOR: tddRefactor,
  VALIDATION: validation,
  PROMOTION: promotion,
};

export function runPhase(
  author: SkillAuthor,
  snapshot: JobSnapshot,
  phase: Phase,
  tools?: PhaseTools,
): Promise<PhaseResult> {
  return PHASE_RUNS[phase](author, snapshot, tools);
}
