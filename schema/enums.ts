// The contract's enums. Values come from the state machine and the Prisma schema, so the three cannot diverge.
import { HITL_ACTIONS, HITL_TYPES, JOB_STATUSES, PHASES } from '../resolvers/workflow/machine';
import { builder } from './builder';

export const JobStatusEnum = builder.enumType('JobStatus', {
  description:
    'Where a job is in its life: PENDING -> RUNNING -> (PENDING_HITL <-> RUNNING)* -> COMPLETED | PENDING_REVIEW | FAILED | CANCELLED.',
  values: JOB_STATUSES,
});
export const WorkflowPhaseEnum = builder.enumType('WorkflowPhase', {
  description: 'The phases of skill creation, in order.',
  values: PHASES,
});
export const HitlTypeEnum = builder.enumType('HitlType', {
  description: 'What a prompt asks: CLARIFY and DEEP_UNDERSTANDING ask questions; the others ask for a review.',
  values: HITL_TYPES,
});
export const HitlStatusEnum = builder.enumType('HitlStatus', {
  description: 'PENDING until answered (RESPONDED), timed out (TIMEOUT) or cancelled with its job (CANCELLED).',
  values: ['PENDING', 'RESPONDED', 'TIMEOUT', 'CANCELLED'] as const,
});
export const HitlActionEnum = builder.enumType('HitlAction', {
  description:
    'PROCEED approves (or submits answers), REVISE asks for another version with feedback, CANCEL cancels the job.',
  values: HITL_ACTIONS,
});
export const TddPhaseEnum = builder.enumType('TddPhase', {
  description: 'The TDD loop step.',
  values: ['RED', 'GREEN', 'REFACTOR'] as const,
});
export const SkillStatusEnum = builder.enumType('SkillStatus', {
  description: 'A skill is ACTIVE once promoted.',
  values: ['DRAFT', 'ACTIVE', 'DEPRECATED', 'ARCHIVED'] as const,
});
export const JobEventTypeEnum = builder.enumType('JobEventType', {
  description: 'What a job event records.',
  values: [
    'CREATED',
    'STATUS_CHANGED',
    'PHASE_STARTED',
    'PHASE_COMPLETED',
    'PROGRESS',
    'HITL_REQUESTED',
    'HITL_RESPONDED',
    'HITL_TIMED_OUT',
    'SKILL_DRAFTED',
    'VALIDATED',
    'PROMOTED',
    'SCENARIO_RUN',
  ] as const,
});
export const ScenarioVerdictEnum = builder.enumType('ScenarioVerdict', {
  description:
    "The judge's verdict on one answer of the agent under test: VIOLATED (it cut the corner), COMPLIED, UNCLEAR.",
  values: ['VIOLATED', 'COMPLIED', 'UNCLEAR'] as const,
});
export const HitlQuestionTypeEnum = builder.enumType('HitlQuestionType', {
  description: 'TEXT: free text; SINGLE: one option; MULTI: one or more options; BOOLEAN: yes or no.',
  values: ['TEXT', 'SINGLE', 'MULTI', 'BOOLEAN'] as const,
});
export const CheckSeverityEnum = builder.enumType('CheckSeverity', {
  description:
    'How much a failed validator check matters: CRITICAL fails the report, WARNING lowers the score, INFO is advice.',
  values: ['CRITICAL', 'WARNING', 'INFO'] as const,
});

// The enums' values in their order of meaning (the SDL lists them alphabetically): clients that draw a job's path
// (a phase stepper, a status filter) read it here instead of keeping a copy of the state machine.
builder.queryFields((t) => ({
  workflowPhases: t.field({
    type: [WorkflowPhaseEnum],
    description: 'Every phase of skill creation, in the order a job goes through them.',
    resolve: () => [...PHASES],
  }),
  jobStatuses: t.field({
    type: [JobStatusEnum],
    description: "Every job status, in the order of a job's life as JobStatus describes it.",
    resolve: () => [...JOB_STATUSES],
  }),
}));
