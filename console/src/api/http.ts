// Queries and mutations: JSON POST to /graphql with the identity's headers. A 401 (or UNAUTHENTICATED) raises
// SignInRequired, which the app turns into the sign-in screen; other GraphQL errors raise ApiError with the
// server's (already masked) message.
import type { TypedDocumentString } from '../graphql/graphql';
import { credentials, type Identity } from './identity';

export class SignInRequired extends Error {
  override name = 'SignInRequired';
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export type Request = <TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
) => Promise<TResult>;

export function makeRequest(identity: Identity, onSignInRequired: () => void): Request {
  return async (document, variables) => {
    let response: Response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...credentials(identity) },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
    } catch {
      throw new ApiError('The server cannot be reached.');
    }
    const body = (await response.json().catch(() => ({}))) as GraphQLResponse<never>;
    const unauthenticated = body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (response.status === 401 || unauthenticated) {
      onSignInRequired();
      throw new SignInRequired(body.errors?.[0]?.message ?? 'Sign in first.');
    }
    const error = body.errors?.[0];
    if (error) throw new ApiError(error.message, error.extensions?.code);
    if (!body.data) throw new ApiError(`The server answered ${response.status}.`);
    return body.data;
  };
}
