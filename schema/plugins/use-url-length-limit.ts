// A GET URL longer than LIMITS.maxUrlLength is refused with 414 before it is parsed.
import type { Plugin } from 'graphql-yoga';
import { LIMITS } from '../limits';

export function useUrlLengthLimit(): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.href.length <= LIMITS.maxUrlLength) return;
      const message = `The URL is longer than ${LIMITS.maxUrlLength} characters; send the query with POST.`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'URI_TOO_LONG' } }] }), {
          status: 414,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
