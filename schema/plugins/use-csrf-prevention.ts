// CSRF prevention (what @graphql-yoga/plugin-csrf-prevention does): a browser sends GET requests and POSTs with a
// "simple" content type cross-origin without a CORS preflight, so those must carry a header that only a preflighted
// (or non-browser) request can set. JSON POSTs are always preflighted. GraphiQL's page itself (a GET for text/html)
// is not a GraphQL request and is not affected.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

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

export function useCsrfPrevention(): Plugin {
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
