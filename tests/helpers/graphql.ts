// GraphQL over HTTP for tests: the real yoga app through its fetch handler (no port needed), as a given user.
import type { HitlInteraction, Job, Prisma, PrismaClient } from '../../prisma/database';
import { makeAuthenticator, type Authenticator } from '../../resolvers/auth';
import type { Services } from '../../resolvers/services';
import { makeApp, type App } from '../../schema/app';

export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown> & { code?: string };
}

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: GraphQLErrorBody[] };
  text: string;
}

export interface RequestOptions {
  /** Dev-mode user (x-user-id); "admin" is an admin. Omit for no header. */
  user?: string;
  headers?: Record<string, string>;
}

export function makeTestApp(
  services: Services,
  options: { authenticator?: Authenticator; introspection?: boolean } = {},
): App {
  return makeApp({
    services,
    authenticator: options.authenticator ?? makeAuthenticator({}),
    graphiql: true,
    introspection: options.introspection ?? true,
  });
}

export async function fetchJson<T>(app: App, request: Request): Promise<GraphQLResponse<T>> {
  const response = await app.fetch(request);
  const text = await response.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    throw new Error(`not a JSON response (${response.status}): ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** POST application/json to /graphql. */
export function gql<T = Record<string, unknown>>(
  app: App,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  return fetchJson<T>(
    app,
    new Request('http://test.local/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.user ? { 'x-user-id': options.user } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

/** The data of a request that must succeed without errors. */
export async function data<T = Record<string, unknown>>(
  app: App,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<T> {
  const response = await gql<T>(app, query, variables, options);
  if (response.status !== 200 || response.body.errors?.length || !response.body.data) {
    throw new Error(`GraphQL request failed (${response.status}): ${response.text.slice(0, 1000)}`);
  }
  return response.body.data;
}

/** A client bound to one app and user. */
export function clientFor(app: App, user: string) {
  return {
    gql: <T = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      headers?: Record<string, string>,
    ) => gql<T>(app, query, variables, { user, headers }),
    data: <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
      data<T>(app, query, variables, { user }),
  };
}

export type Client = ReturnType<typeof clientFor>;

// ---------------------------------------------------------------------------------------------------------------
// Rows in a given state, written directly (the workflow tests cover how jobs get there).

export const QUESTIONS_PROMPT = {
  kind: 'questions',
  rationale: 'To write the right skill.',
  questions: [
    {
      id: 'problem',
      text: 'What problem should the skill solve?',
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    },
    {
      id: 'level',
      text: 'How experienced is the audience?',
      questionType: 'SINGLE',
      options: [
        { id: 'basic', label: 'Basic' },
        { id: 'advanced', label: 'Advanced', description: 'Knows the tools' },
      ],
      allowsOther: false,
      required: false,
    },
  ],
} as const;

export const REVIEW_PROMPT = {
  kind: 'review',
  title: 'Confirm the understanding',
  summary: 'The skill teaches safe migrations.',
  content: null,
  highlights: ['no long locks'],
  allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
  defaultAction: null,
} as const;

export async function insertJob(
  prisma: PrismaClient,
  data: Omit<Prisma.JobUncheckedCreateInput, 'taskDescription'> & { taskDescription?: string },
): Promise<Job> {
  return prisma.job.create({
    data: { taskDescription: 'a skill that teaches an agent to write safe Postgres migrations', ...data },
  });
}

/** A job waiting at a prompt, as the workflow leaves it. */
export async function insertPausedJob(
  prisma: PrismaClient,
  userId: string,
  prompt: 'questions' | 'review' = 'questions',
): Promise<{ job: Job; interaction: HitlInteraction }> {
  const job = await insertJob(prisma, {
    userId,
    status: 'PENDING_HITL',
    currentPhase: 'TASK_REFINEMENT',
    progressPercent: 5,
    progressMessage: 'Waiting for answers',
  });
  const interaction = await prisma.hitlInteraction.create({
    data: {
      jobId: job.jobId,
      interactionType: prompt === 'questions' ? 'CLARIFY' : 'CONFIRM',
      promptData: (prompt === 'questions' ? QUESTIONS_PROMPT : REVIEW_PROMPT) as unknown as Prisma.InputJsonValue,
      timeoutAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { job, interaction };
}

export interface RowCounts {
  jobs: number;
  events: number;
  interactions: number;
  skills: number;
  tasks: number;
}

export async function rowCounts(prisma: PrismaClient): Promise<RowCounts> {
  const [row] = await prisma.$queryRaw<RowCounts[]>`
    SELECT (SELECT count(*)::int FROM jobs) AS jobs,
           (SELECT count(*)::int FROM job_events) AS events,
           (SELECT count(*)::int FROM hitl_interactions) AS interactions,
           (SELECT count(*)::int FROM skills) AS skills,
           (SELECT count(*)::int FROM graphile_worker._private_jobs) AS tasks`;
  return row!;
}
