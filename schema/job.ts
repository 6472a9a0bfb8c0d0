// Job and what hangs off it (state of the deep-understanding and TDD phases, its event log), and the root fields
// that read jobs.
import type { Job } from '../prisma/database';
import { countJobList, jobListWhere, type JobListFilter } from '../resolvers/jobs/find';
import {
  jobStats,
  MAX_STUCK_MINUTES,
  pendingHitlJobs,
  stuckJobs,
  type JobRowQuery,
  type JobStatusStat,
} from '../resolvers/jobs/monitoring';
import { NotFoundError, ValidationError } from '../resolvers/errors';
import { findJobPage } from '../resolvers/lean/job-page';
import { visibleJobs } from '../resolvers/viewer';
import { builder, type GraphQLContext } from './builder';
import { sumUsage, type LlmUsage } from '../resolvers/llm-usage/totals';
import { isCurrentRun, scenariosOfState } from '../resolvers/workflow/tdd-state';
import { JobEventTypeEnum, JobStatusEnum, ScenarioVerdictEnum, TddPhaseEnum, WorkflowPhaseEnum } from './enums';
import { HitlInteractionRef } from './hitl';
import { NO_SUCH_UUID, parseJobId, parseUuidKey } from './ids';
import { DATE_TIME_RANGE } from './scalars';

export { parseJobId } from './ids';

builder.prismaObject('DeepUnderstandingState', {
  description: 'What DEEP_UNDERSTANDING learned from the clarifying rounds.',
  fields: (t) => ({
    questionsAsked: t.field({
      type: 'JSON',
      description: 'Every question asked, with its round.',
      resolve: (s) => s.questionsAsked,
    }),
    answers: t.field({ type: 'JSON', description: 'Every answer given, with its round.', resolve: (s) => s.answers }),
    researchPerformed: t.field({
      type: 'JSON',
      description: 'Research notes (none with the offline author).',
      resolve: (s) => s.researchPerformed,
    }),
    understandingSummary: t.exposeString('understandingSummary', {
      nullable: true,
      description: 'The synthesis shown in the CONFIRM prompt.',
    }),
    userProblem: t.exposeString('userProblem', { nullable: true, description: 'The problem the skill must solve.' }),
    userGoals: t.exposeStringList('userGoals', { description: 'What success looks like.' }),
    readinessScore: t.exposeFloat('readinessScore', {
      description: '0..1; another round is asked below 0.8 (at most 3 rounds).',
    }),
    complete: t.exposeBoolean('complete', { description: 'Whether the understanding was confirmed.' }),
  }),
});

const ScenarioRunRef = builder.prismaObject('ScenarioRun', {
  description: "One answer of the agent under test to one pressure scenario, and the judge's verdict on it.",
  fields: (t) => ({
    scenarioId: t.exposeString('scenarioId', { description: 'The scenario (its id within the scenario set).' }),
    scenarioTitle: t.exposeString('scenarioTitle', { description: 'The scenario title.' }),
    withSkill: t.exposeBoolean('withSkill', {
      description: "Whether the skill's SKILL.md was in the agent's system context.",
    }),
    iteration: t.exposeInt('iteration', { description: '0 = baseline (without the skill); 1.. = with-skill rounds.' }),
    sample: t.exposeInt('sample', { description: 'Which of the LLM_SCENARIO_SAMPLES runs, from 1.' }),
    answer: t.exposeString('answer', { description: "The agent's answer verbatim, truncated at 8 KB with a marker." }),
    verdict: t.field({ type: ScenarioVerdictEnum, description: "The judge's verdict.", resolve: (r) => r.verdict }),
    rationalization: t.exposeString('rationalization', {
      nullable: true,
      description: 'For a violation: the excuse the agent gave, quoted from its answer.',
    }),
    judgeReason: t.exposeString('judgeReason', { description: "The judge's one-sentence reason." }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the run was stored.' }),
    current: t.boolean({
      description:
        "Whether the run is of a scenario of the job's current set; false for the runs of a scenario rewritten or replaced since (a REVISE of the RED review), which are kept.",
      // Set by TddWorkflowState.scenarioRuns (the one way to a run), which has the current set at hand.
      resolve: (run) => {
        const { current } = run as typeof run & { current?: boolean };
        if (current === undefined) throw new Error('ScenarioRun.current is known only through TddWorkflowState');
        return current;
      },
    }),
  }),
});

const LlmUsageRef = builder.objectRef<LlmUsage>('LlmUsage').implement({
  description: "What a job's model calls (author, agent under test, judge) cost, from each response's usage.",
  fields: (t) => ({
    calls: t.exposeInt('calls', { description: 'Requests sent to a model.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens, summed.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Completion tokens, summed.' }),
  }),
});

builder.prismaObject('TddWorkflowState', {
  description: 'Evidence of the RED / GREEN / REFACTOR loop.',
  fields: (t) => ({
    phase: t.field({
      type: TddPhaseEnum,
      nullable: true,
      description: 'The last TDD step run.',
      resolve: (s) => s.phase,
    }),
    baselineTestsRun: t.exposeBoolean('baselineTestsRun', {
      description:
        'RED ran the pressure scenarios against the agent without the skill (false when no model is configured).',
    }),
    complianceTestsRun: t.exposeBoolean('complianceTestsRun', {
      description: 'The scenarios were run against the agent with the skill (false when no model is configured).',
    }),
    agentUnderTest: t.exposeString('agentUnderTest', {
      nullable: true,
      description: 'The model the scenarios ran against; null when nothing was run.',
    }),
    notRunReason: t.exposeString('notRunReason', {
      nullable: true,
      description: 'Why the scenarios were not run (e.g. "no model configured").',
    }),
    scenarioRuns: t.field({
      type: [ScenarioRunRef],
      description: 'Every stored scenario run, oldest first.',
      // The runs hang off the job, not this row: loaded through it with the parent's query, in one statement for a
      // whole page of jobs.
      select: (_args, _ctx, nestedSelection) => ({
        job: { select: { scenarioRuns: nestedSelection({ orderBy: { runId: 'asc' } }) } },
      }),
      resolve: (s) => {
        const scenarios = scenariosOfState(s);
        return s.job.scenarioRuns.map((run) => Object.assign(run, { current: isCurrentRun(run, scenarios) }));
      },
    }),
    baselineViolationRate: t.exposeFloat('baselineViolationRate', {
      nullable: true,
      description: '0..1 over the baseline runs; null when not run.',
    }),
    complianceRate: t.exposeFloat('complianceRate', {
      nullable: true,
      description: '0..1 over the latest with-skill round; null when not run.',
    }),
    iterations: t.exposeInt('iterations', { description: 'With-skill rounds run.' }),
    rationalizationsIdentified: t.exposeStringList('rationalizationsIdentified', {
      description: 'Excuses an agent uses to skip the skill.',
    }),
    checklistState: t.field({ type: 'JSON', description: 'Per-step checklist.', resolve: (s) => s.checklistState }),
  }),
});

builder.prismaObject('JobEvent', {
  description: "One entry of a job's append-only event log.",
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Per job: 1, 2, 3, ... with no gaps.' }),
    type: t.field({ type: JobEventTypeEnum, description: 'What happened.', resolve: (e) => e.eventType }),
    status: t.field({ type: JobStatusEnum, description: 'The job status after the event.', resolve: (e) => e.status }),
    phase: t.field({
      type: WorkflowPhaseEnum,
      nullable: true,
      description: 'The phase the event concerns.',
      resolve: (e) => e.phase,
    }),
    progressPercent: t.exposeInt('progressPercent', { description: 'Progress after the event.' }),
    message: t.exposeString('message', { nullable: true, description: 'A human-readable line.' }),
    data: t.field({ type: 'JSON', nullable: true, description: 'Details (ids, scores, ...).', resolve: (e) => e.data }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written.' }),
    job: t.relation('job', { description: 'The job.' }),
  }),
});

export const JobRef = builder.prismaNode('Job', {
  description: 'A skill-creation job.',
  id: { field: 'jobId', description: 'Opaque global id; node(id:), job(id:) and the mutations accept it.' },
  // node(id:) and the loads Pothos makes on its own see only the viewer's jobs (all jobs for admins); another
  // user's job is null, as if it did not exist.
  nullable: true,
  findUnique: (id, ctx) => ({ jobId: parseUuidKey(id) ?? NO_SUCH_UUID, ...visibleJobs(ctx.viewer) }),
  // Select mode: a read loads only the columns the GraphQL selection asks for (a list of ids and statuses does not
  // read draft_content or result). Fields that return a Job from a row already in hand use selectedJob below. The
  // owner always: the node loader matches rows to findUnique's where, which names it.
  select: { jobId: true, userId: true },
  fields: (t) => ({
    jobId: t.expose('jobId', { type: 'UUID', description: 'The job UUID.' }),
    status: t.expose('status', { type: JobStatusEnum, description: 'Where the job is in its life.' }),
    jobType: t.exposeString('jobType', { description: '"skill_creation".' }),
    userId: t.exposeString('userId', { description: 'The owner.' }),
    taskDescription: t.exposeString('taskDescription', { description: 'The task as submitted.' }),
    taskDescriptionRefined: t.exposeString('taskDescriptionRefined', {
      nullable: true,
      description: 'The task restated by TASK_REFINEMENT.',
    }),
    currentPhase: t.expose('currentPhase', {
      type: WorkflowPhaseEnum,
      nullable: true,
      description: 'Null before the first phase starts.',
    }),
    progressPercent: t.exposeInt('progressPercent', {
      description: '0..100; never decreases while the job runs; 100 only when COMPLETED.',
    }),
    progressMessage: t.exposeString('progressMessage', {
      nullable: true,
      description: 'What the job is doing or waiting for.',
    }),
    result: t.expose('result', {
      type: 'JSON',
      nullable: true,
      description: 'The outcome (the promoted skill) when COMPLETED.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why the job failed; human-readable, never a stack trace.',
    }),
    draftPath: t.exposeString('draftPath', {
      nullable: true,
      description: 'Where the draft lives: _drafts/<job uuid>/<taxonomy path>.',
    }),
    finalPath: t.exposeString('finalPath', { nullable: true, description: 'The taxonomy path of the promoted skill.' }),
    promoted: t.exposeBoolean('promoted', { description: 'Whether the draft became an active skill.' }),
    validationPassed: t.exposeBoolean('validationPassed', {
      nullable: true,
      description: 'The last validation verdict.',
    }),
    validationScore: t.exposeFloat('validationScore', {
      nullable: true,
      description: 'The last validation score, 0..1.',
    }),
    skillName: t.exposeString('skillName', { nullable: true, description: 'The skill name TASK_REFINEMENT proposed.' }),
    taxonomyPath: t.exposeString('taxonomyPath', {
      nullable: true,
      description: 'Where the skill will live in the taxonomy.',
    }),
    draftContent: t.exposeString('draftContent', { nullable: true, description: 'The current SKILL.md draft.' }),
    hitlPolicy: t.expose('hitlPolicy', {
      type: 'JSON',
      description: 'Which prompts pause this job, and their timeout.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the job was created.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When a worker first ran it.' }),
    completedAt: t.expose('completedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it ended (completed, failed, cancelled or left for review).',
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last change.' }),
    pendingInteraction: t.field({
      type: HitlInteractionRef,
      nullable: true,
      description: 'The prompt waiting for the user, if any.',
      select: { hitlInteractions: { where: { status: 'PENDING' }, take: 1 } },
      resolve: (job) => job.hitlInteractions[0] ?? null,
    }),
    hitlInteractions: t.relation('hitlInteractions', {
      description: 'Every prompt, oldest first.',
      query: { orderBy: { interactionId: 'asc' } },
    }),
    deepUnderstanding: t.relation('deepUnderstanding', {
      nullable: true,
      description: 'What DEEP_UNDERSTANDING learned.',
    }),
    tddWorkflow: t.relation('tddWorkflow', { nullable: true, description: 'The TDD loop evidence.' }),
    llmUsage: t.field({
      type: LlmUsageRef,
      description: "Totals of the job's model calls (zero with the offline author).",
      // The calls' token counts, loaded with the page's query (one statement for every job of it), summed here.
      select: { llmCalls: { select: { promptTokens: true, completionTokens: true } } },
      resolve: (job) => sumUsage(job.llmCalls),
    }),
    events: t.relation('events', {
      description: "The job's event log, ascending by sequence.",
      args: { afterSequence: t.arg.int({ required: false, description: 'Only events after this sequence.' }) },
      query: (args) => ({ where: { sequence: { gt: args.afterSequence ?? 0 } }, orderBy: { sequence: 'asc' } }),
    }),
  }),
});

export const JobFilter = builder.inputType('JobFilter', {
  description: 'Narrow the job list.',
  fields: (t) => ({
    status: t.field({ type: [JobStatusEnum], required: false, description: 'Any of these statuses.' }),
    phase: t.field({ type: [WorkflowPhaseEnum], required: false, description: 'Any of these phases.' }),
    userId: t.string({ required: false, description: 'Admins only; others always see only their own jobs.' }),
    createdAfter: t.field({ type: 'DateTime', required: false, description: 'Created at or after.' }),
    createdBefore: t.field({ type: 'DateTime', required: false, description: 'Created before.' }),
    search: t.string({
      required: false,
      description:
        'Jobs whose task or skill name contains this text (case-insensitive; at most 200 characters; control characters other than tab and line breaks, and unpaired surrogates, are refused with a ValidationError).',
    }),
  }),
});

builder.queryFields((t) => ({
  job: t.prismaField({
    type: 'Job',
    nullable: true,
    description: 'A job by its global id or its UUID; null when it does not exist or is not yours.',
    args: { id: t.arg.id({ required: true, description: 'Global id or job UUID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const jobId = parseJobId(String(args.id));
      if (!jobId) return null;
      // One hand-written statement for the job page (its columns, pending prompt, events); Prisma for the rest.
      return findJobPage(ctx.services, ctx.viewer, jobId, query);
    },
  }),
  jobs: t.prismaConnection(
    {
      type: 'Job',
      cursor: 'createdAt_jobId',
      defaultSize: 20,
      maxSize: 100,
      description: 'Your jobs (all jobs for admins), newest first.',
      args: { filter: t.arg({ type: JobFilter, required: false, description: 'Narrow the list.' }) },
      // Called only when the selection has totalCount (the connection field below), and cheap (countJobList).
      totalCount: (_parent, args, ctx) => countJobList(ctx.services, ctx.viewer, args.filter as JobListFilter),
      resolve: (query, _root, args, ctx) => {
        checkJobCursor(query, args.before ? 'before' : 'after');
        return ctx.services.prisma.job.findMany({
          ...query,
          where: jobListWhere(ctx.viewer, args.filter as JobListFilter),
          orderBy: [{ createdAt: 'desc' }, { jobId: 'desc' }],
        });
      },
    },
    {
      name: 'JobConnection',
      description: 'A page of jobs.',
      // The prisma plugin's own totalCount field, given a description.
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many jobs match the filter, over all pages.',
          extensions: { pothosPrismaTotalCount: true },
          resolve: (connection) => (connection as { totalCount?: () => Promise<number> | number }).totalCount?.() ?? 0,
        }),
      }),
    },
    { name: 'JobEdge', description: 'A job in a page.' },
  ),
}));

/**
 * A cursor this list issued holds [createdAt, jobId]. One made up by a client decodes (the plugin checks only its
 * framing) into values of any type, which failed the query in Prisma or PostgreSQL: an unexpected error. Refused
 * here as VALIDATION_FAILED, as skills(after:) refuses a cursor that is not its own.
 */
function checkJobCursor(query: { cursor?: unknown }, field: string): void {
  if (query.cursor === undefined) return;
  const key = (query.cursor as { createdAt_jobId?: { createdAt?: unknown; jobId?: unknown } } | null)?.createdAt_jobId;
  const at = key?.createdAt instanceof Date ? key.createdAt.getTime() : Number.NaN;
  const valid =
    at >= DATE_TIME_RANGE[0] &&
    at <= DATE_TIME_RANGE[1] &&
    typeof key?.jobId === 'string' &&
    parseUuidKey(key.jobId) !== null;
  if (!valid) throw new ValidationError('is not a cursor of this list', field);
}

const JobStatusStatRef = builder.objectRef<JobStatusStat>('JobStatusStat').implement({
  description: 'How many jobs are in one status, and how long they took.',
  fields: (t) => ({
    status: t.field({ type: JobStatusEnum, description: 'The status.', resolve: (s) => s.status }),
    count: t.exposeInt('count', { description: 'Jobs in this status (that the viewer may see).' }),
    avgDurationSeconds: t.exposeFloat('avgDurationSeconds', {
      nullable: true,
      description: 'Average of completedAt - createdAt over the jobs that have completedAt; null when none has.',
    }),
  }),
});

/**
 * A job a use case already read (a mutation's result, a subscription's change) as a field of the selection: returned
 * as it is when the selection asks only for its columns (the row has them all), re-read with the selection's
 * relations otherwise, in one statement.
 */
export async function selectedJob(ctx: GraphQLContext, query: JobRowQuery, job: Job): Promise<Job> {
  const relations = query.include !== undefined || Object.values(query.select ?? {}).some((value) => value !== true);
  if (!relations) return job;
  const row = await ctx.services.prisma.job.findUnique({ ...(query as object), where: { jobId: job.jobId } });
  if (!row) throw new NotFoundError('job not found');
  return row as Job;
}

builder.queryFields((t) => ({
  pendingHitlJobs: t.prismaField({
    type: ['Job'],
    description: "The viewer's own jobs waiting for their input (PENDING_HITL), oldest first.",
    resolve: (query, _root, _args, ctx) => pendingHitlJobs(ctx.services, ctx.viewer, query as JobRowQuery),
  }),
  jobStats: t.field({
    type: [JobStatusStatRef],
    description:
      'Count and average duration per status, over the jobs the viewer may see; every status, zeros included.',
    resolve: (_root, _args, ctx) => jobStats(ctx.services, ctx.viewer),
  }),
  stuckJobs: t.prismaField({
    type: ['Job'],
    description: 'RUNNING jobs (that the viewer may see) with no progress for `olderThanMinutes`, oldest first.',
    args: {
      olderThanMinutes: t.arg.int({
        required: false,
        defaultValue: 60,
        description: `Minutes without a change; 1..${MAX_STUCK_MINUTES}.`,
      }),
    },
    resolve: (query, _root, args, ctx) =>
      stuckJobs(ctx.services, ctx.viewer, args.olderThanMinutes ?? 60, query as JobRowQuery),
  }),
}));
