// The mutations of the contract as the API suites send them, with every payload member they check, and how a
// payload is read and a NOT_FOUND recognised.
import { expect } from 'vitest';
import { type Client } from './graphql';

const ERROR = `... on Error { message code }`;
const VALIDATION = `... on ValidationError { field }`;
const INVALID_STATE = `... on InvalidStateError { currentStatus }`;

export interface Payload {
  __typename: string;
  message?: string;
  code?: string;
  field?: string | null;
  currentStatus?: string | null;
  job?: { id: string; jobId: string; status: string; userId: string };
  interaction?: { id: string; interactionId: number; status: string; responseData: unknown };
  skill?: { id: string; name: string; status: string; version: string };
}

export const CREATE = `mutation($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) { __typename ... on CreateSkillJobSuccess { job { id jobId status userId taskDescription hitlPolicy events { type } } } ${ERROR} ${VALIDATION} }
}`;
export const RESPOND = `mutation($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on RespondToHitlSuccess { interaction { id interactionId status responseData } job { id jobId status userId } } ${ERROR} ${VALIDATION} ${INVALID_STATE} }
}`;
export const CANCEL = `mutation($input: CancelJobInput!) { cancelJob(input: $input) { __typename ... on CancelJobSuccess { job { id jobId status userId } } ${ERROR} ${INVALID_STATE} } }`;
export const RETRY = `mutation($input: RetryJobInput!) { retryJob(input: $input) { __typename ... on RetryJobSuccess { job { id jobId status userId } } ${ERROR} ${INVALID_STATE} } }`;
export const PROMOTE = `mutation($input: PromoteSkillInput!) {
  promoteSkill(input: $input) { __typename ... on PromoteSkillSuccess { job { id jobId status userId skill { name } } skill { id name status version } } ${ERROR} ${VALIDATION} ${INVALID_STATE} }
}`;

export async function mutate(client: Client, mutation: string, input: Record<string, unknown>): Promise<Payload> {
  const response = await client.gql<Record<string, Payload>>(mutation, { input });
  expect(response.status, response.text).toBe(200);
  expect(response.body.errors, response.text).toBeUndefined();
  const payload = Object.values(response.body.data ?? {})[0];
  if (!payload) throw new Error(`no payload: ${response.text}`);
  return payload;
}

export function expectNotFound(payload: Payload) {
  expect(payload).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  expect(payload.message).toMatch(/not found/);
}
