// A span per GraphQL operation, after OpenTelemetry's GraphQL conventions (`graphql.operation.name`,
// `graphql.operation.type`; named "mutation createSkillJob"), continuing a client's `traceparent` header when it
// sends one. The resolvers run inside it, so what they enqueue (createSkillJob's first task) carries its context.
// Not recorded: `graphql.document` and the variables, which hold what users typed (a task, an answer). Added to the
// app only when tracing is on (schema/app.ts); per operation, nothing per field.
import { SpanKind, context, propagation } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { markFailedAs, startSpan, type StartedSpan } from '../../resolvers/telemetry/spans';
import type { GraphQLContext } from '../builder';
import { outcomeOf } from './use-operation-log';

function startOperationSpan(
  document: DocumentNode,
  operationName: string | null | undefined,
  contextValue: unknown,
): StartedSpan {
  const operation = getOperationAST(document, operationName);
  const type = operation?.operation ?? 'unknown';
  const name = operation?.name?.value;
  const request = (contextValue as { request?: Request }).request;
  // A client's own trace (its traceparent header) is the parent; else a new trace starts here.
  const headers = request ? Object.fromEntries(request.headers) : {};
  const parent = propagation.extract(context.active(), headers);
  return startSpan(name ? `${type} ${name}` : type, {
    kind: SpanKind.SERVER,
    parent,
    attributes: {
      'graphql.operation.type': type,
      ...(name ? { 'graphql.operation.name': name } : {}),
      'skills_fleet.request_id': (contextValue as Partial<GraphQLContext>).requestId ?? '',
    },
  });
}

/** Ends the operation's span with its outcome: ok, a user's typed error (its code), or a masked (server) error. */
function endWith(span: StartedSpan, result: ExecutionResult): void {
  const outcome = outcomeOf(result);
  span.span.setAttribute('skills_fleet.outcome', outcome);
  if (outcome === 'masked' || outcome === 'error') markFailedAs(span.span, errorKindOf(result));
  span.end();
}

function errorKindOf(result: ExecutionResult): string {
  const original = result.errors?.[0]?.originalError;
  return original ? original.name : 'GraphQLError';
}

export function useTracing(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const span = startOperationSpan(args.document, args.operationName, args.contextValue);
      setExecuteFn((execArgs) => span.run(async () => executeFn(execArgs)));
      return {
        onExecuteDone({ result }) {
          // A deferred or streamed result: the span covers the operation until its first payload.
          if (Symbol.asyncIterator in result) span.end();
          else endWith(span, result);
        },
      };
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      // The span covers setting the subscription up (replay included), not its whole life, which may last hours.
      const span = startOperationSpan(args.document, args.operationName, args.contextValue);
      setSubscribeFn((subscribeArgs) => span.run(async () => subscribeFn(subscribeArgs)));
      return {
        onSubscribeResult({ result }) {
          if (Symbol.asyncIterator in result) span.end();
          else endWith(span, result);
        },
        onSubscribeError({ error }) {
          span.end(error);
        },
      };
    },
  };
}
