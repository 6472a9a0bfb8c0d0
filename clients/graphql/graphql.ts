/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp with time zone, e.g. "2026-11-24T07:39:16.000Z". */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  /** A UUID in its canonical textual form. */
  UUID: { input: string; output: string; }
};

/** The job to cancel. */
export type CancelJobInput = {
  /** The global id or the job UUID. */
  jobId: Scalars['ID']['input'];
  /** Why; recorded on the job (at most 1000 characters). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** The cancelled job, or why it could not be cancelled. */
export type CancelJobPayload = CancelJobSuccess | InvalidStateError | NotFoundError;

/** The job is cancelled. */
export type CancelJobSuccess = {
  __typename?: 'CancelJobSuccess';
  /** The cancelled job. */
  job: Job;
};

/** How much a failed validator check matters: CRITICAL fails the report, WARNING lowers the score, INFO is advice. */
export type CheckSeverity =
  | 'CRITICAL'
  | 'INFO'
  | 'WARNING';

/** What skill to create, and how. */
export type CreateSkillJobInput = {
  /** Which steps pause for a person. */
  hitl?: InputMaybe<HitlPolicyInput>;
  /** The same key from the same user returns the same job (1..255 characters). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** What the skill should teach: 3 words or more, at most 4000 characters. */
  taskDescription: Scalars['String']['input'];
};

/** The job, or why the input was refused. */
export type CreateSkillJobPayload = CreateSkillJobSuccess | ValidationError;

/** The job was created (or, for a repeated idempotency key, found). */
export type CreateSkillJobSuccess = {
  __typename?: 'CreateSkillJobSuccess';
  /** The job. */
  job: Job;
};

/** What DEEP_UNDERSTANDING learned from the clarifying rounds. */
export type DeepUnderstandingState = {
  __typename?: 'DeepUnderstandingState';
  /** Every answer given, with its round. */
  answers: Scalars['JSON']['output'];
  /** Whether the understanding was confirmed. */
  complete: Scalars['Boolean']['output'];
  /** Every question asked, with its round. */
  questionsAsked: Scalars['JSON']['output'];
  /** 0..1; another round is asked below 0.8 (at most 3 rounds). */
  readinessScore: Scalars['Float']['output'];
  /** Research notes (none with the offline author). */
  researchPerformed: Scalars['JSON']['output'];
  /** The synthesis shown in the CONFIRM prompt. */
  understandingSummary?: Maybe<Scalars['String']['output']>;
  /** What success looks like. */
  userGoals: Array<Scalars['String']['output']>;
  /** The problem the skill must solve. */
  userProblem?: Maybe<Scalars['String']['output']>;
};

/** A request that could not be honoured; `code` is stable for programs, `message` is for people. */
export type Error = {
  /** Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE. */
  code: Scalars['String']['output'];
  /** What went wrong, in plain words. */
  message: Scalars['String']['output'];
};

/** PROCEED approves (or submits answers), REVISE asks for another version with feedback, CANCEL cancels the job. */
export type HitlAction =
  | 'CANCEL'
  | 'PROCEED'
  | 'REVISE';

/** The answer to one question of a QuestionsPrompt. */
export type HitlAnswerInput = {
  /** Chosen HitlOption ids (SINGLE: one, MULTI: one or more). */
  optionIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** HitlQuestion.id. */
  questionId: Scalars['String']['input'];
  /** Free text (TEXT, "yes"/"no" for BOOLEAN, or "other" when allowed). */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** A prompt put to the owner of a job (human-in-the-loop). */
export type HitlInteraction = Node & {
  __typename?: 'HitlInteraction';
  /** When the prompt was raised. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque global id; node(id:) and respondToHitl accept it. */
  id: Scalars['ID']['output'];
  /** The numeric id; respondToHitl accepts it or the global id. */
  interactionId: Scalars['Int']['output'];
  /** What kind of prompt it is. */
  interactionType: HitlType;
  /** The job that asked. */
  job: Job;
  /** Typed view of promptData. */
  prompt: HitlPrompt;
  /** The prompt as stored. */
  promptData: Scalars['JSON']['output'];
  /** When it was answered. */
  respondedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The accepted response, or the default applied at timeout. */
  responseData?: Maybe<Scalars['JSON']['output']>;
  /** The how-many-th prompt of this type on the job (1-based). */
  roundNumber: Scalars['Int']['output'];
  /** PENDING until answered, timed out or cancelled. */
  status: HitlStatus;
  /** When it times out if unanswered. */
  timeoutAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A choice of a SINGLE, MULTI or BOOLEAN question. */
export type HitlOption = {
  __typename?: 'HitlOption';
  /** More detail, if any. */
  description?: Maybe<Scalars['String']['output']>;
  /** Refer to it in HitlAnswerInput.optionIds. */
  id: Scalars['String']['output'];
  /** What to show. */
  label: Scalars['String']['output'];
};

/** Which steps pause the job for a person, and how long a prompt waits. */
export type HitlPolicyInput = {
  /** Ask clarifying questions (default true). */
  clarify?: InputMaybe<Scalars['Boolean']['input']>;
  /** Confirm the understanding before writing (default true). */
  confirm?: InputMaybe<Scalars['Boolean']['input']>;
  /** Review the SKILL.md draft (default true). */
  preview?: InputMaybe<Scalars['Boolean']['input']>;
  /** Review each TDD step (default false). */
  tdd?: InputMaybe<Scalars['Boolean']['input']>;
  /** How long a prompt waits before it times out, 1..2592000 (default from the server configuration). */
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** Review the validation report (default false). */
  validate?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The typed view of a prompt. */
export type HitlPrompt = QuestionsPrompt | ReviewPrompt;

/** One question of a QuestionsPrompt. */
export type HitlQuestion = {
  __typename?: 'HitlQuestion';
  /** Whether free text is accepted besides the options. */
  allowsOther: Scalars['Boolean']['output'];
  /** Stable within the interaction; answers refer to it. */
  id: Scalars['String']['output'];
  /** The choices; empty for TEXT. */
  options: Array<HitlOption>;
  /** How to answer it. */
  questionType: HitlQuestionType;
  /** Whether the question must be answered. */
  required: Scalars['Boolean']['output'];
  /** The question. */
  text: Scalars['String']['output'];
};

/** TEXT: free text; SINGLE: one option; MULTI: one or more options; BOOLEAN: yes or no. */
export type HitlQuestionType =
  | 'BOOLEAN'
  | 'MULTI'
  | 'SINGLE'
  | 'TEXT';

/** PENDING until answered (RESPONDED), timed out (TIMEOUT) or cancelled with its job (CANCELLED). */
export type HitlStatus =
  | 'CANCELLED'
  | 'PENDING'
  | 'RESPONDED'
  | 'TIMEOUT';

/** What a prompt asks: CLARIFY and DEEP_UNDERSTANDING ask questions; the others ask for a review. */
export type HitlType =
  | 'CLARIFY'
  | 'CONFIRM'
  | 'DEEP_UNDERSTANDING'
  | 'PREVIEW'
  | 'TDD_GREEN'
  | 'TDD_RED'
  | 'TDD_REFACTOR'
  | 'VALIDATE';

/** The object is not in a state that allows the request (code INVALID_STATE), e.g. cancelling a finished job. */
export type InvalidStateError = Error & {
  __typename?: 'InvalidStateError';
  /** Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE. */
  code: Scalars['String']['output'];
  /** The status that made the request invalid. */
  currentStatus?: Maybe<Scalars['String']['output']>;
  /** What went wrong, in plain words. */
  message: Scalars['String']['output'];
};

/** A skill-creation job. */
export type Job = Node & {
  __typename?: 'Job';
  /** When it ended (completed, failed, cancelled or left for review). */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the job was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Null before the first phase starts. */
  currentPhase?: Maybe<WorkflowPhase>;
  /** What DEEP_UNDERSTANDING learned. */
  deepUnderstanding?: Maybe<DeepUnderstandingState>;
  /** The current SKILL.md draft. */
  draftContent?: Maybe<Scalars['String']['output']>;
  /** Where the draft lives: _drafts/<job uuid>/<taxonomy path>. */
  draftPath?: Maybe<Scalars['String']['output']>;
  /** Why the job failed; human-readable, never a stack trace. */
  error?: Maybe<Scalars['String']['output']>;
  /** The job's event log, ascending by sequence. */
  events: Array<JobEvent>;
  /** The taxonomy path of the promoted skill. */
  finalPath?: Maybe<Scalars['String']['output']>;
  /** Every prompt, oldest first. */
  hitlInteractions: Array<HitlInteraction>;
  /** Which prompts pause this job, and their timeout. */
  hitlPolicy: Scalars['JSON']['output'];
  /** Opaque global id; node(id:), job(id:) and the mutations accept it. */
  id: Scalars['ID']['output'];
  /** The job UUID. */
  jobId: Scalars['UUID']['output'];
  /** "skill_creation". */
  jobType: Scalars['String']['output'];
  /** Totals of the job's model calls (zero with the offline author). */
  llmUsage: LlmUsage;
  /** The prompt waiting for the user, if any. */
  pendingInteraction?: Maybe<HitlInteraction>;
  /** What the job is doing or waiting for. */
  progressMessage?: Maybe<Scalars['String']['output']>;
  /** 0..100; never decreases while the job runs; 100 only when COMPLETED. */
  progressPercent: Scalars['Int']['output'];
  /** Whether the draft became an active skill. */
  promoted: Scalars['Boolean']['output'];
  /** The outcome (the promoted skill) when COMPLETED. */
  result?: Maybe<Scalars['JSON']['output']>;
  /** The skill promoted from this job, if any (null once another job published a newer version of it). */
  skill?: Maybe<Skill>;
  /** The skill name TASK_REFINEMENT proposed. */
  skillName?: Maybe<Scalars['String']['output']>;
  /** When a worker first ran it. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where the job is in its life. */
  status: JobStatus;
  /** The task as submitted. */
  taskDescription: Scalars['String']['output'];
  /** The task restated by TASK_REFINEMENT. */
  taskDescriptionRefined?: Maybe<Scalars['String']['output']>;
  /** Where the skill will live in the taxonomy. */
  taxonomyPath?: Maybe<Scalars['String']['output']>;
  /** The TDD loop evidence. */
  tddWorkflow?: Maybe<TddWorkflowState>;
  /** Last change. */
  updatedAt: Scalars['DateTime']['output'];
  /** The owner. */
  userId: Scalars['String']['output'];
  /** The last validation verdict. */
  validationPassed?: Maybe<Scalars['Boolean']['output']>;
  /** The last validation score, 0..1. */
  validationScore?: Maybe<Scalars['Float']['output']>;
};


/** A skill-creation job. */
export type JobEventsArgs = {
  afterSequence?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of jobs. */
export type JobConnection = {
  __typename?: 'JobConnection';
  /** The items of this page. */
  edges: Array<JobEdge>;
  /** Whether there is more, and the cursors. */
  pageInfo: PageInfo;
  /** How many jobs match the filter, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A job in a page. */
export type JobEdge = {
  __typename?: 'JobEdge';
  /** Pass as `after` (or `before`) to page from this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Job;
};

/** One entry of a job's append-only event log. */
export type JobEvent = {
  __typename?: 'JobEvent';
  /** When it was written. */
  createdAt: Scalars['DateTime']['output'];
  /** Details (ids, scores, ...). */
  data?: Maybe<Scalars['JSON']['output']>;
  /** The job. */
  job: Job;
  /** A human-readable line. */
  message?: Maybe<Scalars['String']['output']>;
  /** The phase the event concerns. */
  phase?: Maybe<WorkflowPhase>;
  /** Progress after the event. */
  progressPercent: Scalars['Int']['output'];
  /** Per job: 1, 2, 3, ... with no gaps. */
  sequence: Scalars['Int']['output'];
  /** The job status after the event. */
  status: JobStatus;
  /** What happened. */
  type: JobEventType;
};

/** What a job event records. */
export type JobEventType =
  | 'CREATED'
  | 'HITL_REQUESTED'
  | 'HITL_RESPONDED'
  | 'HITL_TIMED_OUT'
  | 'PHASE_COMPLETED'
  | 'PHASE_STARTED'
  | 'PROGRESS'
  | 'PROMOTED'
  | 'SCENARIO_RUN'
  | 'SKILL_DRAFTED'
  | 'STATUS_CHANGED'
  | 'VALIDATED';

/** Narrow the job list. */
export type JobFilter = {
  /** Created at or after. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Created before. */
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these phases. */
  phase?: InputMaybe<Array<WorkflowPhase>>;
  /** Jobs whose task or skill name contains this text (case-insensitive; at most 200 characters; control characters other than tab and line breaks, and unpaired surrogates, are refused with a ValidationError). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<JobStatus>>;
  /** Admins only; others always see only their own jobs. */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** Where a job is in its life: PENDING -> RUNNING -> (PENDING_HITL <-> RUNNING)* -> COMPLETED | PENDING_REVIEW | FAILED | CANCELLED. */
export type JobStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PENDING'
  | 'PENDING_HITL'
  | 'PENDING_REVIEW'
  | 'RUNNING';

/** How many jobs are in one status, and how long they took. */
export type JobStatusStat = {
  __typename?: 'JobStatusStat';
  /** Average of completedAt - createdAt over the jobs that have completedAt; null when none has. */
  avgDurationSeconds?: Maybe<Scalars['Float']['output']>;
  /** Jobs in this status (that the viewer may see). */
  count: Scalars['Int']['output'];
  /** The status. */
  status: JobStatus;
};

/** What a job's model calls (author, agent under test, judge) cost, from each response's usage. */
export type LlmUsage = {
  __typename?: 'LlmUsage';
  /** Requests sent to a model. */
  calls: Scalars['Int']['output'];
  /** Completion tokens, summed. */
  completionTokens: Scalars['Int']['output'];
  /** Prompt tokens, summed. */
  promptTokens: Scalars['Int']['output'];
};

/** Create jobs, answer their prompts, cancel, retry and promote. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Cancel a job that has not finished: its pending prompt is cancelled and queued work dropped. */
  cancelJob: CancelJobPayload;
  /** Queue a skill-creation job. With an idempotency key, repeating the request returns the same job. */
  createSkillJob: CreateSkillJobPayload;
  /** Publish the draft of a PENDING_REVIEW job (force: true if it fails validation), or a COMPLETED job again (overwrite: true). */
  promoteSkill: PromoteSkillPayload;
  /** Answer the pending prompt of one of your jobs; the job resumes. */
  respondToHitl: RespondToHitlPayload;
  /** Run a FAILED or CANCELLED job again from the phase where it stopped. */
  retryJob: RetryJobPayload;
};


/** Create jobs, answer their prompts, cancel, retry and promote. */
export type MutationCancelJobArgs = {
  input: CancelJobInput;
};


/** Create jobs, answer their prompts, cancel, retry and promote. */
export type MutationCreateSkillJobArgs = {
  input: CreateSkillJobInput;
};


/** Create jobs, answer their prompts, cancel, retry and promote. */
export type MutationPromoteSkillArgs = {
  input: PromoteSkillInput;
};


/** Create jobs, answer their prompts, cancel, retry and promote. */
export type MutationRespondToHitlArgs = {
  input: RespondToHitlInput;
};


/** Create jobs, answer their prompts, cancel, retry and promote. */
export type MutationRetryJobArgs = {
  input: RetryJobInput;
};

/** An object with an opaque global id; node(id:) loads any of them. */
export type Node = {
  /** Opaque global id. */
  id: Scalars['ID']['output'];
};

/** No such object (code NOT_FOUND); also for objects that exist but belong to another user. */
export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  /** Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE. */
  code: Scalars['String']['output'];
  /** What went wrong, in plain words. */
  message: Scalars['String']['output'];
};

/** Where a page sits in its list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last item of the page; pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether there are items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether there are items before this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the first item of the page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** The job whose draft to publish. */
export type PromoteSkillInput = {
  /** Publish a draft that fails validation. */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  /** The global id or the job UUID. */
  jobId: Scalars['ID']['input'];
  /** Publish over an existing skill of the same name (as its next version). */
  overwrite?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The published skill, or why the draft could not be published. */
export type PromoteSkillPayload = InvalidStateError | NotFoundError | PromoteSkillSuccess | ValidationError;

/** The draft is the active skill of its name. */
export type PromoteSkillSuccess = {
  __typename?: 'PromoteSkillSuccess';
  /** The job, COMPLETED. */
  job: Job;
  /** The published skill. */
  skill: Skill;
};

/** Read the jobs, prompts and skills you may see. */
export type Query = {
  __typename?: 'Query';
  /** A job by its global id or its UUID; null when it does not exist or is not yours. */
  job?: Maybe<Job>;
  /** Count and average duration per status, over the jobs the viewer may see; every status, zeros included. */
  jobStats: Array<JobStatusStat>;
  /** Every job status, in the order of a job's life as JobStatus describes it. */
  jobStatuses: Array<JobStatus>;
  /** Your jobs (all jobs for admins), newest first. */
  jobs: JobConnection;
  /** Any object by its opaque global id; null when it does not exist or is not yours. */
  node?: Maybe<Node>;
  /** The viewer's own jobs waiting for their input (PENDING_HITL), oldest first. */
  pendingHitlJobs: Array<Job>;
  /** A skill by its name; null when there is none. */
  skill?: Maybe<Skill>;
  /** Published skills, newest first (publishedAt, then id); visible to every authenticated user. */
  skills: SkillConnection;
  /** RUNNING jobs (that the viewer may see) with no progress for `olderThanMinutes`, oldest first. */
  stuckJobs: Array<Job>;
  /** Runs the rule-based validator on a SKILL.md (at most 200000 characters); writes nothing. */
  validateSkill: SkillValidationReport;
  /** Who you are authenticated as. */
  viewer: Viewer;
  /** Every phase of skill creation, in the order a job goes through them. */
  workflowPhases: Array<WorkflowPhase>;
};


/** Read the jobs, prompts and skills you may see. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/** Read the jobs, prompts and skills you may see. */
export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Read the jobs, prompts and skills you may see. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Read the jobs, prompts and skills you may see. */
export type QuerySkillArgs = {
  name: Scalars['String']['input'];
};


/** Read the jobs, prompts and skills you may see. */
export type QuerySkillsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SkillFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Read the jobs, prompts and skills you may see. */
export type QueryStuckJobsArgs = {
  olderThanMinutes?: InputMaybe<Scalars['Int']['input']>;
};


/** Read the jobs, prompts and skills you may see. */
export type QueryValidateSkillArgs = {
  content: Scalars['String']['input'];
};

/** CLARIFY and DEEP_UNDERSTANDING: questions to answer with respondToHitl(answers). */
export type QuestionsPrompt = {
  __typename?: 'QuestionsPrompt';
  /** The questions, in order. */
  questions: Array<HitlQuestion>;
  /** Why these questions are asked. */
  rationale?: Maybe<Scalars['String']['output']>;
};

/** The answer to a pending prompt. */
export type RespondToHitlInput = {
  /** Review prompts: PROCEED (default) | REVISE (needs feedback) | CANCEL. */
  action?: InputMaybe<HitlAction>;
  /** Question prompts: one per required question. */
  answers?: InputMaybe<Array<HitlAnswerInput>>;
  /** What to change (required with REVISE); at most 4000 characters. */
  feedback?: InputMaybe<Scalars['String']['input']>;
  /** The global id or the numeric interactionId. */
  interactionId: Scalars['ID']['input'];
};

/** The accepted answer, or why it was refused. */
export type RespondToHitlPayload = InvalidStateError | NotFoundError | RespondToHitlSuccess | ValidationError;

/** The answer was accepted; the job resumes (or is cancelled, for CANCEL). */
export type RespondToHitlSuccess = {
  __typename?: 'RespondToHitlSuccess';
  /** The prompt, now RESPONDED. */
  interaction: HitlInteraction;
  /** The job after the answer. */
  job: Job;
};

/** The FAILED or CANCELLED job to run again from the phase where it stopped. */
export type RetryJobInput = {
  /** The global id or the job UUID. */
  jobId: Scalars['ID']['input'];
};

/** The job queued again, or why it could not be retried. */
export type RetryJobPayload = InvalidStateError | NotFoundError | RetryJobSuccess;

/** The job is queued again. */
export type RetryJobSuccess = {
  __typename?: 'RetryJobSuccess';
  /** The job, PENDING again. */
  job: Job;
};

/** CONFIRM, PREVIEW, VALIDATE and TDD_*: something to review, then an action. */
export type ReviewPrompt = {
  __typename?: 'ReviewPrompt';
  /** The actions respondToHitl accepts. */
  allowedActions: Array<HitlAction>;
  /** The material itself, e.g. the SKILL.md draft for PREVIEW. */
  content?: Maybe<Scalars['String']['output']>;
  /** What happens when nobody answers before timeoutAt; null means the job fails. */
  defaultAction?: Maybe<HitlAction>;
  /** Points worth a look. */
  highlights: Array<Scalars['String']['output']>;
  /** What the user is asked to approve, in plain text or markdown. */
  summary: Scalars['String']['output'];
  /** What is being reviewed. */
  title: Scalars['String']['output'];
};

/** One answer of the agent under test to one pressure scenario, and the judge's verdict on it. */
export type ScenarioRun = {
  __typename?: 'ScenarioRun';
  /** The agent's answer verbatim, truncated at 8 KB with a marker. */
  answer: Scalars['String']['output'];
  /** When the run was stored. */
  createdAt: Scalars['DateTime']['output'];
  /** Whether the run is of a scenario of the job's current set; false for the runs of a scenario rewritten or replaced since (a REVISE of the RED review), which are kept. */
  current: Scalars['Boolean']['output'];
  /** 0 = baseline (without the skill); 1.. = with-skill rounds. */
  iteration: Scalars['Int']['output'];
  /** The judge's one-sentence reason. */
  judgeReason: Scalars['String']['output'];
  /** For a violation: the excuse the agent gave, quoted from its answer. */
  rationalization?: Maybe<Scalars['String']['output']>;
  /** Which of the LLM_SCENARIO_SAMPLES runs, from 1. */
  sample: Scalars['Int']['output'];
  /** The scenario (its id within the scenario set). */
  scenarioId: Scalars['String']['output'];
  /** The scenario title. */
  scenarioTitle: Scalars['String']['output'];
  /** The judge's verdict. */
  verdict: ScenarioVerdict;
  /** Whether the skill's SKILL.md was in the agent's system context. */
  withSkill: Scalars['Boolean']['output'];
};

/** The judge's verdict on one answer of the agent under test: VIOLATED (it cut the corner), COMPLIED, UNCLEAR. */
export type ScenarioVerdict =
  | 'COMPLIED'
  | 'UNCLEAR'
  | 'VIOLATED';

/** A published skill: a SKILL.md that agents load. Every authenticated user may read skills. */
export type Skill = Node & {
  __typename?: 'Skill';
  /** The SKILL.md text, frontmatter included. */
  content: Scalars['String']['output'];
  /** When the skill was first published. */
  createdAt: Scalars['DateTime']['output'];
  /** When to use it (the frontmatter description). */
  description: Scalars['String']['output'];
  /** Opaque global id; node(id:) accepts it. */
  id: Scalars['ID']['output'];
  /** The job that produced the current version; null when it is gone or is not yours. */
  job?: Maybe<Job>;
  /** Kebab-case, 1..64 characters; unique. */
  name: Scalars['String']['output'];
  /** When the current version was published. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** ACTIVE once promoted. */
  status: SkillStatus;
  /** Where it lives, e.g. "development/practices/postgres-migrations". */
  taxonomyPath: Scalars['String']['output'];
  /** Last change. */
  updatedAt: Scalars['DateTime']['output'];
  /** The validation score of the published draft, 0..1. */
  validationScore?: Maybe<Scalars['Float']['output']>;
  /** Semantic version; a re-promotion publishes the next minor version. */
  version: Scalars['String']['output'];
};

/** One check of the validator. */
export type SkillCheck = {
  __typename?: 'SkillCheck';
  /** Why it failed, or why it was skipped. */
  message?: Maybe<Scalars['String']['output']>;
  /** Stable check name, e.g. "name_format". */
  name: Scalars['String']['output'];
  /** Whether the check passed (skipped checks pass, with a "skipped:" message). */
  passed: Scalars['Boolean']['output'];
  /** How much a failure matters. */
  severity: CheckSeverity;
};

/** A page of skills. */
export type SkillConnection = {
  __typename?: 'SkillConnection';
  /** The skills of this page, newest first. */
  edges: Array<SkillEdge>;
  /** Whether there is more, and the cursors. */
  pageInfo: PageInfo;
  /** How many skills match the filter, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A skill in a page. */
export type SkillEdge = {
  __typename?: 'SkillEdge';
  /** Pass as `after` to get the skills after this one. */
  cursor: Scalars['String']['output'];
  /** The skill. */
  node: Skill;
};

/** Narrow the skill list. */
export type SkillFilter = {
  /** Full-text search over name, description and content (English stemming; "phrases", -exclusions and OR work). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<SkillStatus>>;
};

/** A skill is ACTIVE once promoted. */
export type SkillStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DEPRECATED'
  | 'DRAFT';

/** What the rule-based validator thinks of a SKILL.md. */
export type SkillValidationReport = {
  __typename?: 'SkillValidationReport';
  /** Every check, in a stable order. */
  checks: Array<SkillCheck>;
  /** Messages of failed CRITICAL checks. */
  errors: Array<Scalars['String']['output']>;
  /** No errors and score >= 0.75. */
  passed: Scalars['Boolean']['output'];
  /** 0..1: the weighted share of passed checks. */
  score: Scalars['Float']['output'];
  /** Messages of failed WARNING checks. */
  warnings: Array<Scalars['String']['output']>;
};

/** Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Prompts waiting for you: first those already PENDING, then each new one. With jobId only that job (completes once it is COMPLETED, FAILED or CANCELLED); without, all of your own jobs. Never another user's prompt. After the server lost and regained its database, every prompt still PENDING is sent again (one may have been lost meanwhile): keep the first copy of each interactionId. */
  hitlPromptPending: HitlInteraction;
  /** The job's events after `afterSequence` (default 0: all of them), then new ones as they are committed: ascending, no gaps, no duplicates, also across a reconnect with the last sequence seen or an API restart. Completes after the event that leaves the job COMPLETED, FAILED or CANCELLED (not PENDING_REVIEW: a person may still promote it). */
  jobEvents: JobEvent;
  /** The job now, then after every committed change of its status, phase or progress (changes that land together are seen once, as the newer state). Completes after the job is COMPLETED, FAILED or CANCELLED. */
  jobUpdated: Job;
  /** Your jobs (every job for admins) that match the filter, each time one is created or its status, phase or progress changes, as it is then (changes that land together are seen together, as the newer state). Starts with what changes after it opens, or with the `replaySeconds` before, and runs until you leave. Never another user's job. */
  jobsChanged: Job;
};


/** Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint. */
export type SubscriptionHitlPromptPendingArgs = {
  jobId?: InputMaybe<Scalars['ID']['input']>;
};


/** Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint. */
export type SubscriptionJobEventsArgs = {
  afterSequence?: InputMaybe<Scalars['Int']['input']>;
  jobId: Scalars['ID']['input'];
};


/** Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint. */
export type SubscriptionJobUpdatedArgs = {
  jobId: Scalars['ID']['input'];
};


/** Live updates over graphql-ws (WebSocket) or Server-Sent Events, on the same /graphql endpoint. */
export type SubscriptionJobsChangedArgs = {
  filter?: InputMaybe<JobFilter>;
  replaySeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** The TDD loop step. */
export type TddPhase =
  | 'GREEN'
  | 'RED'
  | 'REFACTOR';

/** Evidence of the RED / GREEN / REFACTOR loop. */
export type TddWorkflowState = {
  __typename?: 'TddWorkflowState';
  /** The model the scenarios ran against; null when nothing was run. */
  agentUnderTest?: Maybe<Scalars['String']['output']>;
  /** RED ran the pressure scenarios against the agent without the skill (false when no model is configured). */
  baselineTestsRun: Scalars['Boolean']['output'];
  /** 0..1 over the baseline runs; null when not run. */
  baselineViolationRate?: Maybe<Scalars['Float']['output']>;
  /** Per-step checklist. */
  checklistState: Scalars['JSON']['output'];
  /** 0..1 over the latest with-skill round; null when not run. */
  complianceRate?: Maybe<Scalars['Float']['output']>;
  /** The scenarios were run against the agent with the skill (false when no model is configured). */
  complianceTestsRun: Scalars['Boolean']['output'];
  /** With-skill rounds run. */
  iterations: Scalars['Int']['output'];
  /** Why the scenarios were not run (e.g. "no model configured"). */
  notRunReason?: Maybe<Scalars['String']['output']>;
  /** The last TDD step run. */
  phase?: Maybe<TddPhase>;
  /** Excuses an agent uses to skip the skill. */
  rationalizationsIdentified: Array<Scalars['String']['output']>;
  /** Every stored scenario run, oldest first. */
  scenarioRuns: Array<ScenarioRun>;
};

/** The input breaks a rule (code VALIDATION_FAILED); nothing was written. */
export type ValidationError = Error & {
  __typename?: 'ValidationError';
  /** Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE. */
  code: Scalars['String']['output'];
  /** The input path that broke the rule, e.g. "taskDescription" or "answers.0.text". */
  field?: Maybe<Scalars['String']['output']>;
  /** What went wrong, in plain words. */
  message: Scalars['String']['output'];
};

/** The authenticated user of this request. */
export type Viewer = {
  __typename?: 'Viewer';
  /** Admins see and act on every job. */
  isAdmin: Scalars['Boolean']['output'];
  /** The user id (the token subject). */
  userId: Scalars['String']['output'];
};

/** The phases of skill creation, in order. */
export type WorkflowPhase =
  | 'DEEP_UNDERSTANDING'
  | 'PROMOTION'
  | 'TASK_REFINEMENT'
  | 'TDD_GREEN'
  | 'TDD_RED'
  | 'TDD_REFACTOR'
  | 'VALIDATION';

export type JobStateQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobStateQuery = { __typename?: 'Query', job?: { __typename?: 'Job', id: string, jobId: string, status: JobStatus, currentPhase?: WorkflowPhase | null, progressPercent: number, progressMessage?: string | null, error?: string | null, skillName?: string | null, finalPath?: string | null, pendingInteraction?: { __typename?: 'HitlInteraction', id: string, interactionId: number, interactionType: HitlType, roundNumber: number, status: HitlStatus, timeoutAt?: string | null, job: { __typename?: 'Job', id: string, jobId: string, taskDescription: string }, prompt: { __typename: 'QuestionsPrompt', rationale?: string | null, questions: Array<{ __typename?: 'HitlQuestion', id: string, text: string, questionType: HitlQuestionType, required: boolean, allowsOther: boolean, options: Array<{ __typename?: 'HitlOption', id: string, label: string, description?: string | null }> }> } | { __typename: 'ReviewPrompt', title: string, summary: string, content?: string | null, highlights: Array<string>, allowedActions: Array<HitlAction>, defaultAction?: HitlAction | null } } | null } | null };

export type JobDetailsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobDetailsQuery = { __typename?: 'Query', job?: { __typename?: 'Job', id: string, jobId: string, status: JobStatus, currentPhase?: WorkflowPhase | null, progressPercent: number, progressMessage?: string | null, error?: string | null, taskDescription: string, taskDescriptionRefined?: string | null, skillName?: string | null, taxonomyPath?: string | null, finalPath?: string | null, promoted: boolean, createdAt: string, startedAt?: string | null, completedAt?: string | null, validationPassed?: boolean | null, validationScore?: number | null, draftContent?: string | null, hitlInteractions: Array<{ __typename?: 'HitlInteraction', interactionId: number, interactionType: HitlType, roundNumber: number, status: HitlStatus, createdAt: string, respondedAt?: string | null, responseData?: unknown | null }>, tddWorkflow?: { __typename?: 'TddWorkflowState', phase?: TddPhase | null, baselineTestsRun: boolean, complianceTestsRun: boolean, rationalizationsIdentified: Array<string> } | null } | null };

export type ValidateSkillQueryVariables = Exact<{
  content: Scalars['String']['input'];
}>;


export type ValidateSkillQuery = { __typename?: 'Query', validateSkill: { __typename?: 'SkillValidationReport', passed: boolean, score: number, errors: Array<string>, warnings: Array<string> } };

export type JobsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
}>;


export type JobsQuery = { __typename?: 'Query', jobs: { __typename?: 'JobConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'JobEdge', node: { __typename?: 'Job', id: string, jobId: string, status: JobStatus, currentPhase?: WorkflowPhase | null, progressPercent: number, skillName?: string | null, taskDescription: string, createdAt: string } }> } };

export type PendingPromptsQueryVariables = Exact<{ [key: string]: never; }>;


export type PendingPromptsQuery = { __typename?: 'Query', pendingHitlJobs: Array<{ __typename?: 'Job', jobId: string, pendingInteraction?: { __typename?: 'HitlInteraction', id: string, interactionId: number, interactionType: HitlType, roundNumber: number, status: HitlStatus, timeoutAt?: string | null, job: { __typename?: 'Job', id: string, jobId: string, taskDescription: string }, prompt: { __typename: 'QuestionsPrompt', rationale?: string | null, questions: Array<{ __typename?: 'HitlQuestion', id: string, text: string, questionType: HitlQuestionType, required: boolean, allowsOther: boolean, options: Array<{ __typename?: 'HitlOption', id: string, label: string, description?: string | null }> }> } | { __typename: 'ReviewPrompt', title: string, summary: string, content?: string | null, highlights: Array<string>, allowedActions: Array<HitlAction>, defaultAction?: HitlAction | null } } | null }> };

export type JobEventsSubscriptionVariables = Exact<{
  jobId: Scalars['ID']['input'];
  afterSequence: Scalars['Int']['input'];
}>;


export type JobEventsSubscription = { __typename?: 'Subscription', jobEvents: { __typename?: 'JobEvent', data?: unknown | null, sequence: number, type: JobEventType, status: JobStatus, phase?: WorkflowPhase | null, progressPercent: number, message?: string | null, createdAt: string } };

export type JobEventLogQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobEventLogQuery = { __typename?: 'Query', job?: { __typename?: 'Job', events: Array<{ __typename?: 'JobEvent', data?: unknown | null, sequence: number, type: JobEventType, status: JobStatus, phase?: WorkflowPhase | null, progressPercent: number, message?: string | null, createdAt: string }> } | null };

export type SkillsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  filter?: InputMaybe<SkillFilter>;
}>;


export type SkillsQuery = { __typename?: 'Query', skills: { __typename?: 'SkillConnection', totalCount: number, edges: Array<{ __typename?: 'SkillEdge', node: { __typename?: 'Skill', name: string, version: string, taxonomyPath: string, description: string, validationScore?: number | null, publishedAt?: string | null } }> } };

export type SkillQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type SkillQuery = { __typename?: 'Query', skill?: { __typename?: 'Skill', name: string, version: string, taxonomyPath: string, content: string } | null };

export type CreateSkillJobMutationVariables = Exact<{
  input: CreateSkillJobInput;
}>;


export type CreateSkillJobMutation = { __typename?: 'Mutation', createSkillJob: { __typename: 'CreateSkillJobSuccess', job: { __typename?: 'Job', id: string, jobId: string, status: JobStatus } } | { __typename: 'ValidationError', message: string, field?: string | null } };

export type RespondToHitlMutationVariables = Exact<{
  input: RespondToHitlInput;
}>;


export type RespondToHitlMutation = { __typename?: 'Mutation', respondToHitl: { __typename: 'InvalidStateError', message: string } | { __typename: 'NotFoundError', message: string } | { __typename: 'RespondToHitlSuccess', job: { __typename?: 'Job', jobId: string, status: JobStatus } } | { __typename: 'ValidationError', message: string, field?: string | null } };

export type CancelJobMutationVariables = Exact<{
  input: CancelJobInput;
}>;


export type CancelJobMutation = { __typename?: 'Mutation', cancelJob: { __typename: 'CancelJobSuccess', job: { __typename?: 'Job', jobId: string, status: JobStatus } } | { __typename: 'InvalidStateError', currentStatus?: string | null, message: string } | { __typename: 'NotFoundError', message: string } };

export type RetryJobMutationVariables = Exact<{
  input: RetryJobInput;
}>;


export type RetryJobMutation = { __typename?: 'Mutation', retryJob: { __typename: 'InvalidStateError', currentStatus?: string | null, message: string } | { __typename: 'NotFoundError', message: string } | { __typename: 'RetryJobSuccess', job: { __typename?: 'Job', jobId: string, status: JobStatus } } };

export type PromoteSkillMutationVariables = Exact<{
  input: PromoteSkillInput;
}>;


export type PromoteSkillMutation = { __typename?: 'Mutation', promoteSkill: { __typename: 'InvalidStateError', currentStatus?: string | null, message: string } | { __typename: 'NotFoundError', message: string } | { __typename: 'PromoteSkillSuccess', job: { __typename?: 'Job', jobId: string, status: JobStatus }, skill: { __typename?: 'Skill', name: string, version: string, taxonomyPath: string } } | { __typename: 'ValidationError', field?: string | null, message: string } };

export type PromptFieldsFragment = { __typename?: 'HitlInteraction', id: string, interactionId: number, interactionType: HitlType, roundNumber: number, status: HitlStatus, timeoutAt?: string | null, job: { __typename?: 'Job', id: string, jobId: string, taskDescription: string }, prompt: { __typename: 'QuestionsPrompt', rationale?: string | null, questions: Array<{ __typename?: 'HitlQuestion', id: string, text: string, questionType: HitlQuestionType, required: boolean, allowsOther: boolean, options: Array<{ __typename?: 'HitlOption', id: string, label: string, description?: string | null }> }> } | { __typename: 'ReviewPrompt', title: string, summary: string, content?: string | null, highlights: Array<string>, allowedActions: Array<HitlAction>, defaultAction?: HitlAction | null } };

export type JobRowFieldsFragment = { __typename?: 'Job', id: string, jobId: string, status: JobStatus, currentPhase?: WorkflowPhase | null, progressPercent: number, skillName?: string | null, taskDescription: string, createdAt: string };

export type JobEventFieldsFragment = { __typename?: 'JobEvent', sequence: number, type: JobEventType, status: JobStatus, phase?: WorkflowPhase | null, progressPercent: number, message?: string | null, createdAt: string };

export type SkillRowFieldsFragment = { __typename?: 'Skill', name: string, version: string, taxonomyPath: string, description: string, validationScore?: number | null, publishedAt?: string | null };

export type ValidationReportFieldsFragment = { __typename?: 'SkillValidationReport', passed: boolean, score: number, errors: Array<string>, warnings: Array<string> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PromptFieldsFragmentDoc = new TypedDocumentString(`
    fragment PromptFields on HitlInteraction {
  id
  interactionId
  interactionType
  roundNumber
  status
  timeoutAt
  job {
    id
    jobId
    taskDescription
  }
  prompt {
    __typename
    ... on QuestionsPrompt {
      rationale
      questions {
        id
        text
        questionType
        required
        allowsOther
        options {
          id
          label
          description
        }
      }
    }
    ... on ReviewPrompt {
      title
      summary
      content
      highlights
      allowedActions
      defaultAction
    }
  }
}
    `, {"fragmentName":"PromptFields"}) as unknown as TypedDocumentString<PromptFieldsFragment, unknown>;
export const JobRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment JobRowFields on Job {
  id
  jobId
  status
  currentPhase
  progressPercent
  skillName
  taskDescription
  createdAt
}
    `, {"fragmentName":"JobRowFields"}) as unknown as TypedDocumentString<JobRowFieldsFragment, unknown>;
export const JobEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment JobEventFields on JobEvent {
  sequence
  type
  status
  phase
  progressPercent
  message
  createdAt
}
    `, {"fragmentName":"JobEventFields"}) as unknown as TypedDocumentString<JobEventFieldsFragment, unknown>;
export const SkillRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment SkillRowFields on Skill {
  name
  version
  taxonomyPath
  description
  validationScore
  publishedAt
}
    `, {"fragmentName":"SkillRowFields"}) as unknown as TypedDocumentString<SkillRowFieldsFragment, unknown>;
export const ValidationReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment ValidationReportFields on SkillValidationReport {
  passed
  score
  errors
  warnings
}
    `, {"fragmentName":"ValidationReportFields"}) as unknown as TypedDocumentString<ValidationReportFieldsFragment, unknown>;
export const JobStateDocument = new TypedDocumentString(`
    query JobState($id: ID!) {
  job(id: $id) {
    id
    jobId
    status
    currentPhase
    progressPercent
    progressMessage
    error
    skillName
    finalPath
    pendingInteraction {
      ...PromptFields
    }
  }
}
    fragment PromptFields on HitlInteraction {
  id
  interactionId
  interactionType
  roundNumber
  status
  timeoutAt
  job {
    id
    jobId
    taskDescription
  }
  prompt {
    __typename
    ... on QuestionsPrompt {
      rationale
      questions {
        id
        text
        questionType
        required
        allowsOther
        options {
          id
          label
          description
        }
      }
    }
    ... on ReviewPrompt {
      title
      summary
      content
      highlights
      allowedActions
      defaultAction
    }
  }
}`) as unknown as TypedDocumentString<JobStateQuery, JobStateQueryVariables>;
export const JobDetailsDocument = new TypedDocumentString(`
    query JobDetails($id: ID!) {
  job(id: $id) {
    id
    jobId
    status
    currentPhase
    progressPercent
    progressMessage
    error
    taskDescription
    taskDescriptionRefined
    skillName
    taxonomyPath
    finalPath
    promoted
    createdAt
    startedAt
    completedAt
    validationPassed
    validationScore
    draftContent
    hitlInteractions {
      interactionId
      interactionType
      roundNumber
      status
      createdAt
      respondedAt
      responseData
    }
    tddWorkflow {
      phase
      baselineTestsRun
      complianceTestsRun
      rationalizationsIdentified
    }
  }
}
    `) as unknown as TypedDocumentString<JobDetailsQuery, JobDetailsQueryVariables>;
export const ValidateSkillDocument = new TypedDocumentString(`
    query ValidateSkill($content: String!) {
  validateSkill(content: $content) {
    ...ValidationReportFields
  }
}
    fragment ValidationReportFields on SkillValidationReport {
  passed
  score
  errors
  warnings
}`) as unknown as TypedDocumentString<ValidateSkillQuery, ValidateSkillQueryVariables>;
export const JobsDocument = new TypedDocumentString(`
    query Jobs($first: Int!, $after: String, $filter: JobFilter) {
  jobs(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...JobRowFields
      }
    }
  }
}
    fragment JobRowFields on Job {
  id
  jobId
  status
  currentPhase
  progressPercent
  skillName
  taskDescription
  createdAt
}`) as unknown as TypedDocumentString<JobsQuery, JobsQueryVariables>;
export const PendingPromptsDocument = new TypedDocumentString(`
    query PendingPrompts {
  pendingHitlJobs {
    jobId
    pendingInteraction {
      ...PromptFields
    }
  }
}
    fragment PromptFields on HitlInteraction {
  id
  interactionId
  interactionType
  roundNumber
  status
  timeoutAt
  job {
    id
    jobId
    taskDescription
  }
  prompt {
    __typename
    ... on QuestionsPrompt {
      rationale
      questions {
        id
        text
        questionType
        required
        allowsOther
        options {
          id
          label
          description
        }
      }
    }
    ... on ReviewPrompt {
      title
      summary
      content
      highlights
      allowedActions
      defaultAction
    }
  }
}`) as unknown as TypedDocumentString<PendingPromptsQuery, PendingPromptsQueryVariables>;
export const JobEventsDocument = new TypedDocumentString(`
    subscription JobEvents($jobId: ID!, $afterSequence: Int!) {
  jobEvents(jobId: $jobId, afterSequence: $afterSequence) {
    ...JobEventFields
    data
  }
}
    fragment JobEventFields on JobEvent {
  sequence
  type
  status
  phase
  progressPercent
  message
  createdAt
}`) as unknown as TypedDocumentString<JobEventsSubscription, JobEventsSubscriptionVariables>;
export const JobEventLogDocument = new TypedDocumentString(`
    query JobEventLog($id: ID!) {
  job(id: $id) {
    events {
      ...JobEventFields
      data
    }
  }
}
    fragment JobEventFields on JobEvent {
  sequence
  type
  status
  phase
  progressPercent
  message
  createdAt
}`) as unknown as TypedDocumentString<JobEventLogQuery, JobEventLogQueryVariables>;
export const SkillsDocument = new TypedDocumentString(`
    query Skills($first: Int!, $filter: SkillFilter) {
  skills(first: $first, filter: $filter) {
    totalCount
    edges {
      node {
        ...SkillRowFields
      }
    }
  }
}
    fragment SkillRowFields on Skill {
  name
  version
  taxonomyPath
  description
  validationScore
  publishedAt
}`) as unknown as TypedDocumentString<SkillsQuery, SkillsQueryVariables>;
export const SkillDocument = new TypedDocumentString(`
    query Skill($name: String!) {
  skill(name: $name) {
    name
    version
    taxonomyPath
    content
  }
}
    `) as unknown as TypedDocumentString<SkillQuery, SkillQueryVariables>;
export const CreateSkillJobDocument = new TypedDocumentString(`
    mutation CreateSkillJob($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) {
    __typename
    ... on CreateSkillJobSuccess {
      job {
        id
        jobId
        status
      }
    }
    ... on ValidationError {
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateSkillJobMutation, CreateSkillJobMutationVariables>;
export const RespondToHitlDocument = new TypedDocumentString(`
    mutation RespondToHitl($input: RespondToHitlInput!) {
  respondToHitl(input: $input) {
    __typename
    ... on RespondToHitlSuccess {
      job {
        jobId
        status
      }
    }
    ... on ValidationError {
      message
      field
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RespondToHitlMutation, RespondToHitlMutationVariables>;
export const CancelJobDocument = new TypedDocumentString(`
    mutation CancelJob($input: CancelJobInput!) {
  cancelJob(input: $input) {
    __typename
    ... on CancelJobSuccess {
      job {
        jobId
        status
      }
    }
    ... on InvalidStateError {
      currentStatus
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CancelJobMutation, CancelJobMutationVariables>;
export const RetryJobDocument = new TypedDocumentString(`
    mutation RetryJob($input: RetryJobInput!) {
  retryJob(input: $input) {
    __typename
    ... on RetryJobSuccess {
      job {
        jobId
        status
      }
    }
    ... on InvalidStateError {
      currentStatus
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RetryJobMutation, RetryJobMutationVariables>;
export const PromoteSkillDocument = new TypedDocumentString(`
    mutation PromoteSkill($input: PromoteSkillInput!) {
  promoteSkill(input: $input) {
    __typename
    ... on PromoteSkillSuccess {
      job {
        jobId
        status
      }
      skill {
        name
        version
        taxonomyPath
      }
    }
    ... on ValidationError {
      field
    }
    ... on InvalidStateError {
      currentStatus
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<PromoteSkillMutation, PromoteSkillMutationVariables>;