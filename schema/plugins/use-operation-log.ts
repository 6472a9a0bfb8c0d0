// One `info` line per GraphQL operation (request id, operation name and type, user, duration, outcome) and the
// request id in the `x-request-id` response header. A subscription logs its start, and its end (completed, left by
// the client, or failed) with the number of events it delivered and its outcome. Work per operation only: nothing
// runs per field.
import { randomUUID } from 'node:crypto';
import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../../resolvers/errors';
import type { Logger } from '../../resolvers/logger';
import type { GraphQLContext } from '../builder';

export interface OperationLog {
  plugin: Plugin<GraphQLContext>;
  /** The request's id: the client's `x-request-id` (first 128 characters) or a new one, the same for the request. */
  requestIdOf(request: Request): string;
}

/**
 * What a log line says of the result: ok, the typed error's code, or `masked` for an unexpected error. It reads a
 * result before or after masking (WebSocket operations are logged before it, HTTP ones after).
 */
export function outcomeOf(result: ExecutionResult): string {
  const error = result.errors?.[0];
  if (!error) return 'ok';
  if (error.originalError instanceof DomainError) return error.originalError.code;
  const code = error.extensions?.code;
  if (typeof code === 'string') return code === 'INTERNAL_SERVER_ERROR' ? 'masked' : code;
  return error.originalError ? 'masked' : 'error';
}

/** What a stream threw, as outcomeOf reads it (a plain Error is what the client gets masked). */
function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError('subscription stream failed', {
    originalError: error instanceof Error ? error : new Error(String(error)),
  });
}

/** The outcome of a stream that threw `error`. */
export function failureOutcome(error: unknown): string {
  return outcomeOf({ errors: [asGraphQLError(error)] });
}

function describe(args: ExecutionArgs): { operationName: string | null; operationType: string } {
  const operation = getOperationAST(args.document, args.operationName);
  return { operationName: operation?.name?.value ?? null, operationType: operation?.operation ?? 'unknown' };
}

const since = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export interface SubscriptionLog {
  /** An event reached the subscriber. */
  delivered(): void;
  /** The stream ended (`ok`: completed or left by the client, else the error's outcome); logged once. */
  ended(outcome: string): void;
  /** The setup refused it (one result, not a stream): logged instead of an end. */
  refused(result: ExecutionResult): void;
}

/**
 * Logs a subscription's start now and returns what logs its end. The plugin uses it per subscription it executes;
 * the WebSocket transport uses it for a subscriber that joined another's execution loop (schema/ws-fanout.ts).
 */
export function startSubscriptionLog(logger: Logger, args: ExecutionArgs): SubscriptionLog {
  const context = args.contextValue as GraphQLContext;
  const start = performance.now();
  const fields = { requestId: context.requestId, ...describe(args), user: context.viewer.userId };
  logger.info(fields, 'subscription started');
  let events = 0;
  let ended = false;
  // Once: a stream that fails is not ended (envelop calls no onEnd then), but a client may still close it.
  return {
    delivered() {
      events++;
    },
    ended(outcome) {
      if (ended) return;
      ended = true;
      logger.info({ ...fields, durationMs: since(start), events, outcome }, 'subscription ended');
    },
    refused(result) {
      ended = true;
      logger.info({ ...fields, durationMs: since(start), outcome: outcomeOf(result) }, 'subscription refused');
    },
  };
}

export function makeOperationLog(logger: Logger): OperationLog {
  const requestIds = new WeakMap<Request, string>();
  // What each HTTP request's operation was (logged when its response is built), and which were subscriptions.
  const operations = new WeakMap<Request, Record<string, unknown>>();
  const subscriptions = new WeakSet<Request>();
  const startedAt = new WeakMap<Request, number>();
  const requestIdOf = (request: Request) => {
    let id = requestIds.get(request);
    if (id === undefined) {
      id = request.headers.get('x-request-id')?.slice(0, 128) || randomUUID();
      requestIds.set(request, id);
    }
    return id;
  };
  const plugin: Plugin<GraphQLContext> = {
    onRequest({ request }) {
      startedAt.set(request, performance.now());
    },
    onExecute({ args }) {
      const context = args.contextValue as GraphQLContext & { request?: Request };
      const fields = { requestId: context.requestId, ...describe(args), user: context.viewer.userId };
      // Over HTTP the line is written once the response is built (errors masked); over WebSocket here.
      if (context.request) {
        operations.set(context.request, fields);
        return undefined;
      }
      const start = performance.now();
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return undefined;
          logger.info({ ...fields, durationMs: since(start), outcome: outcomeOf(result) }, 'operation');
          return undefined;
        },
      };
    },
    onSubscribe({ args }) {
      const context = args.contextValue as GraphQLContext & { request?: Request };
      if (context.request) subscriptions.add(context.request);
      const log = startSubscriptionLog(logger, args);
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) {
            log.refused(result);
            return undefined;
          }
          return {
            onNext() {
              log.delivered();
            },
            onEnd() {
              log.ended('ok');
            },
          };
        },
        onSubscribeError({ error }) {
          log.ended(failureOutcome(error));
        },
      };
    },
    onResultProcess({ request, result }) {
      if (subscriptions.has(request) || Array.isArray(result) || Symbol.asyncIterator in result) return;
      // No operation recorded: the document failed before execution (parse, validation, limits).
      const fields = operations.get(request) ?? {
        requestId: requestIdOf(request),
        operationName: null,
        operationType: null,
        user: null,
      };
      const start = startedAt.get(request) ?? performance.now();
      logger.info({ ...fields, durationMs: since(start), outcome: outcomeOf(result) }, 'operation');
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
  return { plugin, requestIdOf };
}
