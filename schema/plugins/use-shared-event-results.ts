// One execution per event for every subscriber that asked the same thing. A ring of a job's doorbell wakes all of
// its subscribers, and they get the same event rows (resolvers/events/streams.ts shares the read); graphql-js would
// still execute the subscription's selection once per subscriber and event. Subscribers with the same document,
// operation, variables and viewer get the same result, so it is computed once and handed to all of them: at 10,000
// subscribers this is most of the CPU of a delivery. Results are keyed by the event object (a WeakMap), so they are
// dropped with it.
import type { Plugin } from '@envelop/core';
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GraphQLContext } from '../builder';

export function useSharedEventResults(): Plugin<GraphQLContext> {
  const documentIds = new WeakMap<DocumentNode, number>();
  let documents = 0;
  const results = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();

  const keyOf = (args: ExecutionArgs): string | null => {
    const viewer = (args.contextValue as Partial<GraphQLContext> | undefined)?.viewer;
    if (!viewer) return null;
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) documentIds.set(args.document, (documentId = ++documents));
    return `${documentId}\u0000${args.operationName ?? ''}\u0000${viewer.isAdmin ? 'admin' : 'user'}:${viewer.userId}\u0000${JSON.stringify(args.variableValues ?? null)}`;
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source; // errors of the subscribe step
        const key = keyOf(args);
        // What graphql-js does per event (execute with the event as root value), memoized per event object.
        return mapAsyncIterable(source, (payload: unknown) => {
          if (key === null || payload === null || typeof payload !== 'object')
            return execute({ ...args, rootValue: payload });
          let byKey = results.get(payload);
          if (!byKey) results.set(payload, (byKey = new Map()));
          let result = byKey.get(key);
          if (!result) {
            const executed = execute({ ...args, rootValue: payload });
            byKey.set(key, (result = executed));
            // Once settled, the result itself: the subscribers after the first take it without a promise.
            if (executed instanceof Promise)
              void executed.then(
                (settled) => byKey.set(key, settled),
                () => undefined,
              );
          }
          return result;
        });
      });
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Maps an async iterable; return() and throw() reach the source (so a client that leaves closes the stream). Plain
 * promise chains, not async functions: this layer is resumed once per event and subscriber, and a shared result
 * already computed is handed on without waiting a turn for it.
 */
function mapAsyncIterable<T, U>(source: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  return {
    next() {
      return iterator.next().then((step): IteratorResult<U> | Promise<IteratorResult<U>> => {
        if (step.done) return done;
        const value = map(step.value);
        return value instanceof Promise
          ? value.then((mapped) => ({ done: false, value: mapped }))
          : { done: false, value };
      });
    },
    async return() {
      if (iterator.return) await iterator.return();
      return done;
    },
    async throw(error?: unknown) {
      if (iterator.throw) await iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
