// GraphQL over HTTP against a listening server (a child process or an in-process API), as a dev-mode user.
export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  text: string;
}

export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  user: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': user },
    body: JSON.stringify({ query, variables }),
    signal: signal ?? AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: HttpResult<T>['body'];
  try {
    body = JSON.parse(text) as HttpResult<T>['body'];
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body, text };
}

export const CREATE = `mutation($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) { __typename ... on CreateSkillJobSuccess { job { jobId status } } ... on Error { code message } }
}`;
export const RESPOND = `mutation($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on RespondToHitlSuccess { job { jobId status } } ... on Error { code message } }
}`;
export const CANCEL = `mutation($input: CancelJobInput!) {
  cancelJob(input: $input) { __typename ... on CancelJobSuccess { job { jobId status } } ... on Error { code message } }
}`;

/** Creates a job over HTTP; returns its id. */
export async function createJob(url: string, user: string, input: Record<string, unknown>): Promise<string> {
  const result = await post<{ createSkillJob: { __typename: string; job?: { jobId: string } } }>(
    url,
    CREATE,
    { input },
    user,
  );
  const jobId = result.body.data?.createSkillJob.job?.jobId;
  if (!jobId) throw new Error(`createSkillJob failed (${result.status}): ${result.text.slice(0, 500)}`);
  return jobId;
}
