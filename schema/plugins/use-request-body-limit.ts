// The request body limit (LIMITS.maxRequestBodyBytes), with yoga's own answers (413 REQUEST_ENTITY_TOO_LARGE, 400
// for an invalid Content-Length). yoga's maxRequestBodySize counts every body through a TransformStream pipeline,
// which cost ~9 % of the API's CPU on the query benchmark (the pipe, and the AbortError its end constructs). A body with
// a valid Content-Length needs no counting: the header is checked against the limit, and Node's HTTP parser ends the
// body at that length. Only a body without one (chunked) is counted as it is read. Registered after yoga's request
// parsers, like yoga's own, so it wraps whichever parser was chosen.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

function tooLarge() {
  return createGraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });
}

const CONTENT_LENGTH = /^\d+$/;

/** `request` with its body counted as it is read: past `limit` bytes the read fails with 413. */
function countedBody(
  request: Request,
  limit: number,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  const body = request.body!;
  // A native stream needs the native TransformStream (yoga's workaround, graphql-yoga#4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    // @ts-expect-error: a streamed request body needs duplex, which the DOM types lack
    duplex: 'half',
  });
}

export function useRequestBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared))
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        if (Number(declared) > limit) throw tooLarge();
        return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(countedBody(req, limit, fetchAPI)));
    },
  };
}
