import type { Plugin } from 'graphql-yoga';

/**
 * A document that does not parse or validate (limits, unknown fields, introspection when off) is a 400 whatever the
 * client accepts; for `Accept: application/json` yoga would follow the GraphQL-over-HTTP spec's legacy rule and
 * answer 200. A 413 also closes the connection.
 */
export function useClientErrorStatus(): Plugin {
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
