import type { Plugin } from 'graphql-yoga';

/**
 * A subscription sent over HTTP without text/event-stream (or multipart/mixed, or anything matching them) in its
 * Accept header: yoga runs it, finds no way to stream the result, answers 406 and drops the stream without ending
 * it, so its doorbell and its suspended generator stayed open for good, a leak any client could repeat at will.
 * End it here. Plugins run in order and yoga's own result processors come first, so `resultProcessor` tells
 * whether one was found.
 */
export function useEndUnservedStreams(): Plugin {
  return {
    onResultProcess({ result, resultProcessor }) {
      if (resultProcessor || Array.isArray(result) || !(Symbol.asyncIterator in result)) return;
      const stream = result as AsyncIterableIterator<unknown>;
      void Promise.resolve(stream.return?.()).catch(() => undefined);
    },
  };
}
