// The contract's mutations. Each parses its ids, calls its use case, and returns either the success object or the
// typed error the use case threw (one of the payload union's members, `errors.types`: schema/errors.ts). Ids that do
// not parse, belong to another type or to another user are NOT_FOUND; nothing else about them is revealed.
import type { HitlInteraction, Job, Skill } from '../prisma/database';
import { InvalidStateError, NotFoundError, ValidationError } from '../resolvers/errors';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { retryJob } from '../resolvers/jobs/retry-job';
import { promoteSkill } from '../resolvers/skills/promote-skill';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../resolvers/workflow/machine';
import { builder } from './builder';
import { HitlActionEnum } from './enums';
import { HitlInteractionRef } from './hitl';
import { parseInteractionId, parseJobId } from './ids';
import { selectedJob } from './job';
import { SkillRef } from './skill';

builder.mutationType({ description: 'Create jobs, answer their prompts, cancel, retry and promote.' });

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const HitlPolicyInput = builder.inputType('HitlPolicyInput', {
  description: 'Which steps pause the job for a person, and how long a prompt waits.',
  fields: (t) => ({
    clarify: t.boolean({ required: false, description: 'Ask clarifying questions (default true).' }),
    confirm: t.boolean({ required: false, description: 'Confirm the understanding before writing (default true).' }),
    preview: t.boolean({ required: false, description: 'Review the SKILL.md draft (default true).' }),
    validate: t.boolean({ required: false, description: 'Review the validation report (default false).' }),
    tdd: t.boolean({ required: false, description: 'Review each TDD step (default false).' }),
    timeoutSeconds: t.int({
      required: false,
      description: `How long a prompt waits before it times out, ${MIN_TIMEOUT_SECONDS}..${MAX_TIMEOUT_SECONDS} (default from the server configuration).`,
    }),
  }),
});

const CreateSkillJobInput = builder.inputType('CreateSkillJobInput', {
  description: 'What skill to create, and how.',
  fields: (t) => ({
    taskDescription: t.string({
      required: true,
      description: 'What the skill should teach: 3 words or more, at most 4000 characters.',
    }),
    hitl: t.field({ type: HitlPolicyInput, required: false, description: 'Which steps pause for a person.' }),
    idempotencyKey: t.string({
      required: false,
      description: 'The same key from the same user returns the same job (1..255 characters).',
    }),
  }),
});

const HitlAnswerInput = builder.inputType('HitlAnswerInput', {
  description: 'The answer to one question of a QuestionsPrompt.',
  fields: (t) => ({
    questionId: t.string({ required: true, description: 'HitlQuestion.id.' }),
    text: t.string({
      required: false,
      description: 'Free text (TEXT, "yes"/"no" for BOOLEAN, or "other" when allowed).',
    }),
    optionIds: t.stringList({
      required: false,
      description: 'Chosen HitlOption ids (SINGLE: one, MULTI: one or more).',
    }),
  }),
});

const RespondToHitlInput = builder.inputType('RespondToHitlInput', {
  description: 'The answer to a pending prompt.',
  fields: (t) => ({
    interactionId: t.id({ required: true, description: 'The global id or the numeric interactionId.' }),
    action: t.field({
      type: HitlActionEnum,
      required: false,
      description: 'Review prompts: PROCEED (default) | REVISE (needs feedback) | CANCEL.',
    }),
    answers: t.field({
      type: [HitlAnswerInput],
      required: false,
      description: 'Question prompts: one per required question.',
    }),
    feedback: t.string({
      required: false,
      description: 'What to change (required with REVISE); at most 4000 characters.',
    }),
  }),
});

const CancelJobInput = builder.inputType('CancelJobInput', {
  description: 'The job to cancel.',
  fields: (t) => ({
    jobId: t.id({ required: true, description: 'The global id or the job UUID.' }),
    reason: t.string({ required: false, description: 'Why; recorded on the job (at most 1000 characters).' }),
  }),
});

const RetryJobInput = builder.inputType('RetryJobInput', {
  description: 'The FAILED or CANCELLED job to run again from the phase where it stopped.',
  fields: (t) => ({
    jobId: t.id({ required: true, description: 'The global id or the job UUID.' }),
  }),
});

const PromoteSkillInput = builder.inputType('PromoteSkillInput', {
  description: 'The job whose draft to publish.',
  fields: (t) => ({
    jobId: t.id({ required: true, description: 'The global id or the job UUID.' }),
    force: t.boolean({ required: false, description: 'Publish a draft that fails validation.' }),
    overwrite: t.boolean({
      required: false,
      description: 'Publish over an existing skill of the same name (as its next version).',
    }),
  }),
});

// ---------------------------------------------------------------------------------------------------------------
// Payloads

const CreateSkillJobSuccess = builder.objectRef<{ job: Job }>('CreateSkillJobSuccess').implement({
  description: 'The job was created (or, for a repeated idempotency key, found).',
  fields: (t) => ({
    job: t.prismaField({
      type: 'Job',
      description: 'The job.',
      resolve: (query, r, _args, ctx) => selectedJob(ctx, query, r.job),
    }),
  }),
});

const RespondToHitlSuccess = builder
  .objectRef<{ interaction: HitlInteraction; job: Job }>('RespondToHitlSuccess')
  .implement({
    description: 'The answer was accepted; the job resumes (or is cancelled, for CANCEL).',
    fields: (t) => ({
      interaction: t.field({
        type: HitlInteractionRef,
        description: 'The prompt, now RESPONDED.',
        resolve: (r) => r.interaction,
      }),
      job: t.prismaField({
        type: 'Job',
        description: 'The job after the answer.',
        resolve: (query, r, _args, ctx) => selectedJob(ctx, query, r.job),
      }),
    }),
  });

const CancelJobSuccess = builder.objectRef<{ job: Job }>('CancelJobSuccess').implement({
  description: 'The job is cancelled.',
  fields: (t) => ({
    job: t.prismaField({
      type: 'Job',
      description: 'The cancelled job.',
      resolve: (query, r, _args, ctx) => selectedJob(ctx, query, r.job),
    }),
  }),
});

const RetryJobSuccess = builder.objectRef<{ job: Job }>('RetryJobSuccess').implement({
  description: 'The job is queued again.',
  fields: (t) => ({
    job: t.prismaField({
      type: 'Job',
      description: 'The job, PENDING again.',
      resolve: (query, r, _args, ctx) => selectedJob(ctx, query, r.job),
    }),
  }),
});

const PromoteSkillSuccess = builder.objectRef<{ job: Job; skill: Skill }>('PromoteSkillSuccess').implement({
  description: 'The draft is the active skill of its name.',
  fields: (t) => ({
    job: t.prismaField({
      type: 'Job',
      description: 'The job, COMPLETED.',
      resolve: (query, r, _args, ctx) => selectedJob(ctx, query, r.job),
    }),
    skill: t.field({ type: SkillRef, description: 'The published skill.', resolve: (r) => r.skill }),
  }),
});

// ---------------------------------------------------------------------------------------------------------------
// Mutations: each lists the domain errors its payload union carries; any other error is a GraphQL error.

const jobNotFound = () => new NotFoundError('job not found');

builder.mutationFields((t) => ({
  createSkillJob: t.field({
    type: CreateSkillJobSuccess,
    errors: {
      types: [ValidationError],
      union: { name: 'CreateSkillJobPayload', description: 'The job, or why the input was refused.' },
    },
    description: 'Queue a skill-creation job. With an idempotency key, repeating the request returns the same job.',
    args: { input: t.arg({ type: CreateSkillJobInput, required: true, description: 'What to create.' }) },
    resolve: async (_root, { input }, ctx) => ({ job: await createSkillJob(ctx.services, ctx.viewer, input) }),
  }),
  respondToHitl: t.field({
    type: RespondToHitlSuccess,
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      union: { name: 'RespondToHitlPayload', description: 'The accepted answer, or why it was refused.' },
    },
    description: 'Answer the pending prompt of one of your jobs; the job resumes.',
    args: { input: t.arg({ type: RespondToHitlInput, required: true, description: 'The answer.' }) },
    resolve: (_root, { input }, ctx) => {
      const interactionId = parseInteractionId(String(input.interactionId));
      if (interactionId === null) throw new NotFoundError('interaction not found');
      return respondToHitl(ctx.services, ctx.viewer, {
        interactionId,
        action: input.action ?? null,
        answers: input.answers ?? null,
        feedback: input.feedback ?? null,
      });
    },
  }),
  cancelJob: t.field({
    type: CancelJobSuccess,
    errors: {
      types: [NotFoundError, InvalidStateError],
      union: { name: 'CancelJobPayload', description: 'The cancelled job, or why it could not be cancelled.' },
    },
    description: 'Cancel a job that has not finished: its pending prompt is cancelled and queued work dropped.',
    args: { input: t.arg({ type: CancelJobInput, required: true, description: 'The job and why.' }) },
    resolve: async (_root, { input }, ctx) => {
      const jobId = parseJobId(String(input.jobId));
      if (jobId === null) throw jobNotFound();
      return { job: await cancelJob(ctx.services, ctx.viewer, { jobId, reason: input.reason ?? null }) };
    },
  }),
  retryJob: t.field({
    type: RetryJobSuccess,
    errors: {
      types: [NotFoundError, InvalidStateError],
      union: { name: 'RetryJobPayload', description: 'The job queued again, or why it could not be retried.' },
    },
    description: 'Run a FAILED or CANCELLED job again from the phase where it stopped.',
    args: { input: t.arg({ type: RetryJobInput, required: true, description: 'The job.' }) },
    resolve: async (_root, { input }, ctx) => {
      const jobId = parseJobId(String(input.jobId));
      if (jobId === null) throw jobNotFound();
      return { job: await retryJob(ctx.services, ctx.viewer, { jobId }) };
    },
  }),
  promoteSkill: t.field({
    type: PromoteSkillSuccess,
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      union: {
        name: 'PromoteSkillPayload',
        description: 'The published skill, or why the draft could not be published.',
      },
    },
    description:
      'Publish the draft of a PENDING_REVIEW job (force: true if it fails validation), or a COMPLETED job again (overwrite: true).',
    args: { input: t.arg({ type: PromoteSkillInput, required: true, description: 'The job and how.' }) },
    resolve: (_root, { input }, ctx) => {
      const jobId = parseJobId(String(input.jobId));
      if (jobId === null) throw jobNotFound();
      return promoteSkill(ctx.services, ctx.viewer, {
        jobId,
        force: input.force ?? null,
        overwrite: input.overwrite ?? null,
      });
    },
  }),
}));
