// The yoga app (no listen): the schema, the per-request context (who is asking), error masking, GraphiQL and the
// plugins below. The server entry (schema/server.ts) puts it on a port.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator } from '../resolvers/auth';
import type { Services } from '../resolvers/services';
import type { GraphQLContext } from './builder';
import { EXAMPLE_OPERATIONS } from './graphiql-examples';
import { LIMITS } from './limits';
import { makeErrorMasking } from './mask-error';
import type { MetricsRegistry } from './metrics';
import { useClientErrorStatus } from './plugins/use-client-error-status';
import { useConsole } from './plugins/use-console';
import { useCsrfPrevention } from './plugins/use-csrf-prevention';
import { useEndUnservedStreams } from './plugins/use-end-unserved-streams';
import { useHealthEndpoints } from './plugins/use-health-endpoints';
import { useHiddenSuggestions } from './plugins/use-hidden-suggestions';
import { useMetrics } from './plugins/use-metrics';
import { useNoIntrospection } from './plugins/use-no-introspection';
import { makeOperationLog } from './plugins/use-operation-log';
import { useRequestIdOnErrors } from './plugins/use-request-id-on-errors';
import { useRequestBodyLimit } from './plugins/use-request-body-limit';
import { useRequestLimits } from './plugins/use-request-limits';
import { useTracing } from './plugins/use-tracing';
import { useSharedEventResults } from './plugins/use-shared-event-results';
import { useUrlLengthLimit } from './plugins/use-url-length-limit';
import { schema } from './index';

export interface AppOptions {
  services: Services;
  authenticator: Authenticator;
  graphiql: boolean;
  introspection: boolean;
  /** The process's registry: serves GET /metrics and records the GraphQL metrics. Unset: no /metrics. */
  metrics?: MetricsRegistry;
  /** A span per GraphQL operation (when the process started tracing: resolvers/telemetry/sdk.ts). */
  tracing?: boolean;
  /** The built web console (console/dist) served at `/`; default the checkout's. */
  consoleDirectory?: string;
}

const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'console', 'dist');

export type App = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

export function makeApp(options: AppOptions): App {
  const { services } = options;
  const masking = makeErrorMasking(services.logger);
  const operationLog = makeOperationLog(services.logger);
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Our own /health answers JSON; move yoga's built-in (empty) one out of the way.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    batching: false,
    // Counted by useRequestBodyLimit instead (see there).
    maxRequestBodySize: false,
    graphiql: options.graphiql
      ? { title: 'Skills Fleet', defaultQuery: EXAMPLE_OPERATIONS, subscriptionsProtocol: 'WS' }
      : false,
    // GraphiQL's assets bundled in the page: the default page loads them from a CDN, which an offline laptop lacks.
    // Imported on the first GraphiQL page, not at start: the bundle is a ~10 MB string (~70 MB of RSS once loaded).
    renderGraphiQL: async (graphiqlOptions) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
    logging: {
      debug: (...args) => services.logger.debug({ args }, 'yoga'),
      info: (...args) => services.logger.info({ args }, 'yoga'),
      warn: (...args) => services.logger.warn({ args }, 'yoga'),
      error: (...args) => {
        // Logged already: a masked error with its request id; a user's error in its operation's line, at info.
        if (args.length === 1 && (masking.hasLogged(args[0]) || masking.isUserError(args[0]))) return;
        services.logger.error({ args }, 'yoga');
      },
    },
    maskedErrors: { maskError: masking.maskError },
    context: async ({ request }): Promise<GraphQLContext> => {
      const viewer = await options.authenticator.authenticate({
        authorization: request.headers.get('authorization'),
        userIdHeader: request.headers.get('x-user-id'),
      });
      return { services, viewer, requestId: operationLog.requestIdOf(request) };
    },
    plugins: [
      // Health endpoints first: /health and /ready answer whatever the URL's length.
      useHealthEndpoints(services),
      useConsole({ directory: options.consoleDirectory ?? CONSOLE_DIST }),
      ...(options.metrics ? useMetrics(options.metrics) : []),
      ...(options.tracing ? [useTracing()] : []),
      operationLog.plugin,
      useUrlLengthLimit(),
      useCsrfPrevention(),
      // Before useHiddenSuggestions, which hides the suggestions that armor's blockFieldSuggestion leaves.
      useRequestLimits({ introspection: options.introspection }),
      ...(options.introspection ? [] : [useNoIntrospection(), useHiddenSuggestions()]),
      useClientErrorStatus(),
      useEndUnservedStreams(),
      // yoga runs its error masking after every plugin here, so the request id is recorded before maskError looks.
      useRequestIdOnErrors(masking.requestIdOfError),
      useSharedEventResults(),
      // Last: after yoga's request parsers (and any a plugin above adds), like yoga's own limit.
      useRequestBodyLimit(LIMITS.maxRequestBodyBytes),
    ],
  });
}
