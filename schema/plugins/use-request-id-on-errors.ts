import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../builder';

/** Remembers which request an unexpected error came from, for maskError's log line. */
export function useRequestIdOnErrors(requestIdOfError: WeakMap<object, string>): Plugin<GraphQLContext> {
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
