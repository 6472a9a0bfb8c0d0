// The yoga app (no listen): the schema, the per-request context (who is asking), health endpoints, error masking,
// GraphiQL. The server entry (schema/server.ts) puts it on a port.
import { randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { PothosError, PothosValidationError } from '@pothos/core';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError, type ExecutionResult, type ValidationRule } from 'graphql';
import { migrationStatus } from '../prisma/migrator';
import { AuthenticationError, type Authenticator } from '../resolvers/auth';
import { DomainError, InvalidStateError, ValidationError } from '../resolvers/errors';
import type { Services } from '../resolvers/services';
import type { GraphQLContext } from './builder';
import { useSharedEventResults } from './shared-event-results';
import { schema } from './index';

export interface AppOptions {
  services: Services;
  authenticator: Authenticator;
  graphiql: boolean;
  introspection: boolean;
}

export type App = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

export const EXAMPLE_OPERATIONS = `# Skills Fleet: create a job, watch it, answer its prompts.

mutation Create {
  createSkillJob(input: { taskDescription: "a skill that teaches an agent to write safe Postgres migrations" }) {
    __typename
    ... on CreateSkillJobSuccess { job { id jobId status } }
    ... on ValidationError { message field }
  }
}

query Jobs {
  jobs(first: 10) {
    totalCount
    edges { node { id jobId status currentPhase progressPercent progressMessage pendingInteraction { id interactionId interactionType } } }
  }
}

# Paste the job's id (from Create) here and run it: the events so far, then live ones until the job ends.
subscription Watch {
  jobEvents(jobId: "JOB_ID") { sequence type status phase progressPercent message }
}

# The prompts waiting for you, with what they ask.
query Pending {
  pendingHitlJobs {
    id
    pendingInteraction {
      id interactionType timeoutAt
      prompt {
        __typename
        ... on QuestionsPrompt { rationale questions { id text questionType required allowsOther options { id label } } }
        ... on ReviewPrompt { title summary content highlights allowedActions }
      }
    }
  }
}

# Answer a question prompt (CLARIFY, DEEP_UNDERSTANDING): one answer per required question.
mutation Answer {
  respondToHitl(input: {
    interactionId: "INTERACTION_ID"
    answers: [{ questionId: "problem", text: "Agents write migrations that lock large tables during deploys." }]
  }) {
    __typename
    ... on RespondToHitlSuccess { job { id status progressMessage } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}

# Approve a review prompt (CONFIRM, PREVIEW, ...); REVISE needs feedback, CANCEL cancels the job.
mutation Approve {
  respondToHitl(input: { interactionId: "INTERACTION_ID", action: PROCEED }) {
    __typename
    ... on RespondToHitlSuccess { interaction { status } job { id status } }
    ... on Error { code message }
  }
}

query Skills {
  skills(first: 10, filter: { search: "postgres migrations" }) {
    totalCount
    edges { node { name version taxonomyPath description } }
  }
}
`;

/**
 * Request limits. A jobs page of 50 with nested prompts, events and state (the richest query the UI sends) costs
 * about 27,000 and is 8 deep; see tests/api-limits.test.ts, which checks that it passes and that abusive requests do
 * not.
 */
export const LIMITS = {
  /** Bytes of a request body; a 200,000-character validateSkill document still fits. */
  maxRequestBodyBytes: 512 * 1024,
  /** Characters of a GET URL (query string included). */
  maxUrlLength: 16 * 1024,
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 20,
  maxTokens: 4_000,
  maxCost: 50_000,
} as const;

/** A request carrying one of these was preflighted by a browser (or comes from a non-browser client). */
export const CSRF_HEADERS = [
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'graphql-preflight',
  'authorization',
  'x-user-id',
] as const;
/** Content types a browser sends cross-origin without a preflight. */
const SIMPLE_CONTENT_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

export function makeApp(options: AppOptions): App {
  const { services } = options;
  // Execution errors and the request they came from, for maskError's log line.
  const requestIdOfError = new WeakMap<object, string>();
  // What maskError logged; yoga logs every masked error again, without the request id.
  const loggedByMaskError = new WeakSet<object>();
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Our own /health answers JSON; move yoga's built-in (empty) one out of the way.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    batching: false,
    maxRequestBodySize: LIMITS.maxRequestBodyBytes,
    graphiql: options.graphiql
      ? { title: 'Skills Fleet', defaultQuery: EXAMPLE_OPERATIONS, subscriptionsProtocol: 'WS' }
      : false,
    // GraphiQL's assets bundled in the page: the default page loads them from a CDN, which an offline laptop lacks.
    renderGraphiQL,
    logging: {
      debug: (...args) => services.logger.debug({ args }, 'yoga'),
      info: (...args) => services.logger.info({ args }, 'yoga'),
      warn: (...args) => services.logger.warn({ args }, 'yoga'),
      error: (...args) => {
        if (args.length === 1 && args[0] instanceof Object && loggedByMaskError.has(args[0])) return;
        services.logger.error({ args }, 'yoga');
      },
    },
    maskedErrors: {
      maskError(error, message): Error {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof AuthenticationError) {
          return new GraphQLError(original.message, { extensions: { code: original.code, http: { status: 401 } } });
        }
        if (error instanceof GraphQLError && !original) return error; // validation and parse errors are safe
        // Pothos refusing an argument (a malformed global id, a page size above the maximum), or node(id:) given the
        // global id of a type that is not a node.
        if (original instanceof PothosValidationError || (original instanceof PothosError && isNodeField(error))) {
          return new GraphQLError(original.message.slice(0, 300), {
            nodes: nodesOf(error),
            path: pathOf(error),
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        if (original instanceof GraphQLError && !original.originalError) return error as GraphQLError; // a deliberate GraphQL error from a resolver
        // A domain error outside a mutation payload (a query argument out of range, say): its message is for users.
        if (original instanceof DomainError) return domainGraphQLError(original, error);
        if (error instanceof Object) loggedByMaskError.add(error);
        services.logger.error(
          {
            err: original ?? error,
            requestId: (error instanceof Object && requestIdOfError.get(error)) || null,
            path: pathOf(error),
          },
          'unexpected error',
        );
        return new GraphQLError(message, {
          nodes: nodesOf(error),
          path: pathOf(error),
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      },
    },
    context: async ({ request }): Promise<GraphQLContext> => {
      const viewer = await options.authenticator.authenticate({
        authorization: request.headers.get('authorization'),
        userIdHeader: request.headers.get('x-user-id'),
      });
      return { services, viewer, requestId: request.headers.get('x-request-id')?.slice(0, 128) || randomUUID() };
    },
    plugins: [
      {
        async onRequest({ url, endResponse, fetchAPI }) {
          if (url.pathname === '/health') {
            endResponse(Response.json({ status: 'ok' }));
          } else if (url.pathname === '/ready') {
            const ready = await readiness(services);
            endResponse(
              new fetchAPI.Response(JSON.stringify(ready), {
                status: ready.status === 'ready' ? 200 : 503,
                headers: { 'content-type': 'application/json' },
              }),
            );
          } else if (url.href.length > LIMITS.maxUrlLength) {
            endResponse(
              errorResponse(
                fetchAPI,
                414,
                'URI_TOO_LONG',
                `The URL is longer than ${LIMITS.maxUrlLength} characters; send the query with POST.`,
              ),
            );
          }
        },
      },
      useCsrfPrevention(),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, exposeLimits: true, ...reportInsteadOfThrow },
        maxAliases: { n: LIMITS.maxAliases, allowList: [], exposeLimits: true, ...reportInsteadOfThrow },
        maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true, ...reportInsteadOfThrow },
        costLimit: { maxCost: LIMITS.maxCost, flattenFragments: true, exposeLimits: true, ...reportInsteadOfThrow },
        maxTokens: { n: LIMITS.maxTokens, exposeLimits: true },
        // Suggestions ("Did you mean ...?") reveal the schema; without introspection they must not.
        blockFieldSuggestion: { enabled: !options.introspection },
      }),
      ...(options.introspection ? [] : [useValidationRule(noIntrospection), useHiddenSuggestions()]),
      useClientErrorStatus(),
      useEndUnservedStreams(),
      useRequestIdOnErrors(requestIdOfError),
      useSharedEventResults(),
    ],
  });
}

/** Armor rules report into the validation result (every violation, one response) instead of throwing. */
const reportInsteadOfThrow = {
  propagateOnRejection: false,
  onReject: [
    (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => context?.reportError(error),
  ],
};

function nodesOf(error: unknown): GraphQLError['nodes'] {
  return error instanceof GraphQLError ? error.nodes : undefined;
}

function pathOf(error: unknown): GraphQLError['path'] {
  return error instanceof GraphQLError ? error.path : undefined;
}

function isNodeField(error: unknown): boolean {
  const path = pathOf(error);
  return path?.length === 1 && path[0] === 'node';
}

function domainGraphQLError(domain: DomainError, error: unknown): GraphQLError {
  return new GraphQLError(domain.message, {
    nodes: nodesOf(error),
    path: pathOf(error),
    extensions: {
      code: domain.code,
      ...(domain instanceof ValidationError ? { field: domain.field } : {}),
      ...(domain instanceof InvalidStateError ? { currentStatus: domain.currentStatus } : {}),
    },
  });
}

function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * CSRF prevention (what @graphql-yoga/plugin-csrf-prevention does): a browser sends GET requests and POSTs with a
 * "simple" content type cross-origin without a CORS preflight, so those must carry a header that only a preflighted
 * (or non-browser) request can set. JSON POSTs are always preflighted. GraphiQL's page itself (a GET for text/html)
 * is not a GraphQL request and is not affected.
 */
function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const simple = request.method === 'GET' || (request.method === 'POST' && SIMPLE_CONTENT_TYPES.has(contentType));
      if (simple && !CSRF_HEADERS.some((header) => request.headers.has(header))) {
        throw createGraphQLError(
          `Send the request as POST with content-type application/json, or add one of the headers ${CSRF_HEADERS.slice(0, 2).join(', ')} (CSRF prevention).`,
          { extensions: { code: 'CSRF_PREVENTED', http: { status: 403 } } },
        );
      }
    },
  };
}

/** Introspection off: a validation error for __schema and __type (__typename stays allowed). */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError('Introspection is disabled on this server.', {
          nodes: [node],
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Introspection off: no "Did you mean ...?" may describe the schema. graphql-armor hides the suggestions of fields,
 * arguments and types in validation errors, but not those of enum values ('Did you mean the enum value "PENDING"?',
 * also a validation error) nor the input fields named in the errors of variables, which execution reports
 * ('Field "taskDescriptio" is not defined by type "CreateSkillJobInput". Did you mean "taskDescription"?').
 * Over HTTP and WebSocket alike (both run the envelop hooks).
 */
function useHiddenSuggestions(): Plugin {
  // New error objects, never the originals: validation results are cached and shared.
  const suggests = (error: unknown): error is GraphQLError =>
    error instanceof GraphQLError && error.message.includes('Did you mean');
  const hide = <E>(error: E): E | GraphQLError =>
    suggests(error)
      ? new GraphQLError(`${error.message.replace(SUGGESTION, '')} [Suggestion hidden]`, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        })
      : error;
  const hideIn = (result: ExecutionResult, setResult: (result: ExecutionResult) => void) => {
    if (result.errors?.some(suggests)) setResult({ ...result, errors: result.errors.map(hide) });
  };
  const onDone = ({
    result,
    setResult,
  }: {
    result: ExecutionResult | AsyncIterable<ExecutionResult>;
    setResult: (result: ExecutionResult) => void;
  }) => {
    if (Symbol.asyncIterator in result) {
      return {
        onNext: ({
          result: next,
          setResult: setNext,
        }: {
          result: ExecutionResult;
          setResult: (result: ExecutionResult) => void;
        }) => hideIn(next, setNext),
      };
    }
    hideIn(result, setResult);
    return undefined;
  };
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.some(suggests)) setResult(result.map(hide));
      },
    onExecute: () => ({ onExecuteDone: onDone }),
    onSubscribe: () => ({ onSubscribeResult: onDone }),
  };
}

function useValidationRule(rule: ValidationRule): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

/**
 * A document that does not parse or validate (limits, unknown fields, introspection when off) is a 400 whatever the
 * client accepts; for `Accept: application/json` yoga would follow the GraphQL-over-HTTP spec's legacy rule and
 * answer 200. A 413 also closes the connection.
 */
function useClientErrorStatus(): Plugin {
  return {
    onResultProcess({ result }) {
      if (Symbol.asyncIterator in result) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        for (const error of single.errors ?? []) {
          const http = (
            error.extensions as
              { http?: { spec?: boolean; status?: number; headers?: Record<string, string> } } | undefined
          )?.http;
          if (http?.spec && (http.status ?? 0) >= 400) http.spec = false;
          // The rest of an oversized body was not read: the connection cannot carry another request.
          if (http?.status === 413) http.headers = { ...http.headers, connection: 'close' };
        }
      }
    },
  };
}

/**
 * A subscription sent over HTTP without text/event-stream (or multipart/mixed, or anything matching them) in its
 * Accept header: yoga runs it, finds no way to stream the result, answers 406 and drops the stream without ending
 * it, so its doorbell and its suspended generator stayed open for good, a leak any client could repeat at will.
 * End it here. Plugins run in order and yoga's own result processors come first, so `resultProcessor` tells
 * whether one was found.
 */
function useEndUnservedStreams(): Plugin {
  return {
    onResultProcess({ result, resultProcessor }) {
      if (resultProcessor || Array.isArray(result) || !(Symbol.asyncIterator in result)) return;
      const stream = result as AsyncIterableIterator<unknown>;
      void Promise.resolve(stream.return?.()).catch(() => undefined);
    },
  };
}

/** Remembers which request an unexpected error came from, for maskError's log line. */
function useRequestIdOnErrors(requestIdOfError: WeakMap<object, string>): Plugin<GraphQLContext> {
  const remember = (result: ExecutionResult, requestId: string) => {
    for (const error of result.errors ?? []) requestIdOfError.set(error, requestId);
  };
  return {
    onExecute({ args }) {
      const requestId = (args.contextValue as GraphQLContext).requestId;
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) {
            return { onNext: ({ result: next }) => remember(next, requestId) };
          }
          remember(result, requestId);
          return undefined;
        },
      };
    },
    onSubscribe({ args }) {
      const requestId = (args.contextValue as GraphQLContext).requestId;
      return {
        onSubscribeResult() {
          return { onNext: ({ result }) => remember(result, requestId) };
        },
      };
    },
  };
}

export async function readiness(
  services: Services,
): Promise<{ status: 'ready' | 'unavailable'; database: string; migrations: string }> {
  try {
    const status = await migrationStatus((sql) =>
      services.prisma
        .$queryRawUnsafe(sql)
        .then((rows) => ({ rows: rows as Array<{ migration_name: string; checksum: string }> })),
    );
    const pending = status.pending.length + status.changed.length;
    return {
      status: pending === 0 ? 'ready' : 'unavailable',
      database: 'reachable',
      migrations: pending === 0 ? 'applied' : `${pending} pending or changed`,
    };
  } catch {
    return { status: 'unavailable', database: 'unreachable', migrations: 'unknown' };
  }
}
