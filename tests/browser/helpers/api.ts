// Setting the scene over plain GraphQL (what another client would do), so a test drives the console only where it
// is what the test is about.
import { expect } from 'vitest';

export async function graphqlAs<T>(
  url: string,
  userId: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': userId },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

export async function createJobAs(
  url: string,
  userId: string,
  taskDescription: string,
  hitl: Record<string, boolean> = {},
): Promise<string> {
  const data = await graphqlAs<{ createSkillJob: { job?: { jobId: string }; message?: string } }>(
    url,
    userId,
    `mutation ($input: CreateSkillJobInput!) { createSkillJob(input: $input) {
      ... on CreateSkillJobSuccess { job { jobId } } ... on ValidationError { message } } }`,
    { input: { taskDescription, hitl } },
  );
  expect(data.createSkillJob.message).toBeUndefined();
  return data.createSkillJob.job!.jobId;
}
