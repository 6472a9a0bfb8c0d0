// Error masking: what a client sees of an error that no payload union carries. Safe errors keep their message and
// get a stable `extensions.code`; anything else is logged with its request id and reported as "Unexpected error."
// A lost database (an outage: every request fails the same way) is one line per request without a stack trace; the
// outage itself is logged by the parts that reconnect (resolvers/database-outage.ts).
import { PothosError, PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { AuthenticationError } from '../resolvers/auth';
import { isConnectionError } from '../prisma/connection-errors';
import { DomainError } from '../resolvers/errors';
import type { Logger } from '../resolvers/logger';
import { toGraphQLError } from './to-graphql-error';

export interface ErrorMasking {
  /** yoga's `maskedErrors.maskError`. */
  maskError(error: unknown, message: string): Error;
  /** Whether maskError logged this error: yoga logs every masked error again, without the request id. */
  hasLogged(error: unknown): boolean;
  /** Whether this is a user's error (a DomainError): its code is for the client, not for an operator. */
  isUserError(error: unknown): boolean;
  /** The request each execution error came from, for the log line (filled by useRequestIdOnErrors). */
  requestIdOfError: WeakMap<object, string>;
}

export function makeErrorMasking(logger: Logger): ErrorMasking {
  const requestIdOfError = new WeakMap<object, string>();
  const logged = new WeakSet<object>();
  return {
    requestIdOfError,
    hasLogged: (error) => error instanceof Object && logged.has(error),
    isUserError: (error) =>
      error instanceof DomainError || (error instanceof GraphQLError && error.originalError instanceof DomainError),
    maskError(error, message) {
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
      // A domain error that no payload union carries: its message is for users.
      if (original instanceof DomainError)
        return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
      if (error instanceof Object) logged.add(error);
      const where = {
        requestId: (error instanceof Object && requestIdOfError.get(error)) || null,
        path: pathOf(error),
      };
      const cause = original ?? error;
      if (isConnectionError(cause) || isConnectionError((cause as { cause?: unknown } | null)?.cause)) {
        logger.warn({ ...where, error: connectionLine(cause) }, 'request failed: database unreachable');
      } else {
        logger.error({ ...where, err: cause }, 'unexpected error');
      }
      return new GraphQLError(message, {
        nodes: nodesOf(error),
        path: pathOf(error),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    },
  };
}

/** The line of an error's message that says the connection is lost (Prisma's run over several lines), bounded. */
function connectionLine(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim());
  const line = lines.find((l) => isConnectionError({ message: l })) ?? lines.find((l) => l !== '');
  return line?.slice(0, 300) ?? 'unknown error';
}

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
