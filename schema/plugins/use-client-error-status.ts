import type { Plugin } from 'graphql-yoga';

type HttpExtension = { spec?: boolean; status?: number; headers?: Record<string, string> };

/**
 * The client asked for the legacy media type alone (`Accept: application/json`, not also
 * `application/graphql-response+json`). A missing Accept or one that takes any type is not it: since the spec's
 * watershed (2025-01-01) a server treats those as `application/graphql-response+json`.
 */
function acceptsOnlyJson(request: Request): boolean {
  const types = (request.headers.get('accept') ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') && !types.includes('application/graphql-response+json');
}

/**
 * GraphQL-over-HTTP statuses of a request error: a document that does not parse or validate (limits, unknown fields,
 * introspection when off) or variables that cannot be coerced. A client that accepts only `application/json` gets a
 * 200 (the spec's rule for that media type, which yoga applies to errors marked `spec`); every other client a 400.
 * Variables that cannot be coerced come with no code: they get BAD_USER_INPUT. A 413 also closes the connection.
 */
export function useClientErrorStatus(): Plugin {
  return {
    onResultProcess({ request, result }) {
      if (Symbol.asyncIterator in result) return;
      const legacyJson = acceptsOnlyJson(request);
      for (const single of Array.isArray(result) ? result : [result]) {
        // No `data`: the request failed before execution.
        const beforeExecution = !('data' in single);
        for (const error of single.errors ?? []) {
          const extensions = error.extensions as { code?: string; http?: HttpExtension } | undefined;
          const http = extensions?.http;
          // A 400 before execution: the document's or the variables' (the executor marks those 400, with no code).
          if (extensions && http && beforeExecution && http.status === 400) {
            extensions.code ??= 'BAD_USER_INPUT';
            http.spec = legacyJson;
          } else if (http?.spec && !legacyJson) {
            http.spec = false;
          }
          // The rest of an oversized body was not read: the connection cannot carry another request.
          if (http?.status === 413) http.headers = { ...http.headers, connection: 'close' };
        }
      }
    },
  };
}
