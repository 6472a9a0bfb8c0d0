import type { Plugin } from 'graphql-yoga';

/**
 * A subscription over HTTP whose Accept header allows no streaming format: yoga answers 406 but never ends the
 * stream, which would keep its doorbell and suspended generator open. End it here. yoga's own result processors run
 * before this plugin, so `resultProcessor` tells whether one was found.
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
