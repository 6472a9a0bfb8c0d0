// The GraphQL operations the benchmarks send, and a small HTTP client for setting things up.

/** Dev-mode auth: this header picks the user (no AUTH_* in the benchmark's environment). */
export const BENCH_USER = 'bench';
export const USER_HEADERS = { 'content-type': 'application/json', 'x-user-id': BENCH_USER } as const;
/** graphql-ws connection_init payload: what schema/server.ts turns into the same header. */
export const CONNECTION_PARAMS = { 'x-user-id': BENCH_USER } as const;

export const CREATE_SKILL_JOB = `mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { __typename ... on CreateSkillJobSuccess { job { jobId } } } }`;

/** jobEvents as pickup follows a job; createdAt splits a latency at the worker's start statement. */
export const JOB_EVENTS = `subscription($jobId: ID!, $after: Int) { jobEvents(jobId: $jobId, afterSequence: $after) { sequence type status createdAt } }`;

/** jobEvents with `data`, where the fanout benchmark's emitter puts its send time. */
export const JOB_EVENTS_WITH_DATA = `subscription($jobId: ID!, $after: Int) { jobEvents(jobId: $jobId, afterSequence: $after) { sequence type status data } }`;

/** The job page's query: the job, its pending prompt (with what it asks) and its last 10 events. */
export const JOB_QUERY = `query($id: ID!, $after: Int) {
  job(id: $id) {
    id jobId status currentPhase progressPercent progressMessage createdAt updatedAt
    pendingInteraction {
      id interactionId interactionType status timeoutAt
      prompt {
        __typename
        ... on QuestionsPrompt { rationale questions { id text questionType required allowsOther options { id label } } }
        ... on ReviewPrompt { title summary content highlights allowedActions }
      }
    }
    events(afterSequence: $after) { sequence type status phase progressPercent message createdAt }
  }
}`;

export const TYPENAME_QUERY = `{ __typename }`;

export function createJobBody(taskDescription: string, hitl: Record<string, boolean> = {}): string {
  return JSON.stringify({ query: CREATE_SKILL_JOB, variables: { input: { taskDescription, hitl } } });
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: USER_HEADERS,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(
      `GraphQL request failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 500)}`,
    );
  }
  return body.data;
}

export async function createJob(
  url: string,
  taskDescription: string,
  hitl: Record<string, boolean> = {},
): Promise<string> {
  const data = await graphql<{ createSkillJob: { __typename: string; job?: { jobId: string } } }>(
    url,
    CREATE_SKILL_JOB,
    {
      input: { taskDescription, hitl },
    },
  );
  if (!data.createSkillJob.job) throw new Error(`createSkillJob answered ${data.createSkillJob.__typename}`);
  return data.createSkillJob.job.jobId;
}
