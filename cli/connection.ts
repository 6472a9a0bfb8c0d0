// How the CLI reaches the service: the URL and credentials from flags or the environment, and typed GraphQL
// requests over HTTP. Transport and authentication problems become exit code 6, GraphQL errors exit code 2.
import type { TypedDocumentString } from '../clients/graphql/graphql';
import { CliError, EXIT } from './exit-codes';

export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

export interface ConnectionOptions {
  url?: string;
  token?: string;
  user?: string;
}

export interface Connection {
  url: string;
  /** The same URL as ws:// or wss://, for graphql-ws. */
  wsUrl: string;
  headers: Record<string, string>;
  /** What graphql-ws sends in connection_init: the same credentials as the HTTP headers. */
  connectionParams: Record<string, string>;
}

export function connectionFrom(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): Connection {
  const raw = options.url ?? env.SKILLS_FLEET_URL ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--url: "${raw}" is not a URL`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`--url: "${raw}" must start with http:// or https://`, EXIT.usage);
  const token = options.token ?? env.SKILLS_FLEET_TOKEN;
  const headers: Record<string, string> = {};
  const connectionParams: Record<string, string> = {};
  if (token) headers.authorization = connectionParams.authorization = `Bearer ${token}`;
  if (options.user) headers['x-user-id'] = connectionParams['x-user-id'] = options.user;
  return { url: url.toString(), wsUrl: url.toString().replace(/^http/, 'ws'), headers, connectionParams };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function request<TResult, TVariables>(
  connection: Connection,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(connection.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...connection.headers },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (error) {
    throw unreachable(connection.url, error);
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new CliError(
      `${connection.url} did not answer as a GraphQL server (HTTP ${response.status})`,
      EXIT.unreachable,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new CliError(
      `the server refused the credentials: ${firstError(body) ?? `HTTP ${response.status}`}`,
      EXIT.unreachable,
    );
  const message = firstError(body);
  if (message) throw new CliError(`the server refused the request: ${message}`, EXIT.usage);
  if (!body.data) throw new CliError(`the server answered HTTP ${response.status} without data`, EXIT.unreachable);
  return body.data;
}

function firstError(body: GraphQLResponse<unknown>): string | undefined {
  const error = body.errors?.[0];
  if (!error) return undefined;
  const code = typeof error.extensions?.code === 'string' ? ` (${error.extensions.code})` : '';
  return `${error.message}${code}`;
}

/** A transport failure as one line: the system error code (ECONNREFUSED, ENOTFOUND, ...) rather than "fetch failed". */
export function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot reach the server at ${url}: ${reason}`, EXIT.unreachable);
}
