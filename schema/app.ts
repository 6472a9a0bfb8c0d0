// The yoga app (no listen): the schema, the per-request context (who is asking), health endpoints, error masking,
// GraphiQL. The server entry (schema/server.ts) puts it on a port.
import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { migrationStatus } from '../prisma/migrator';
import { AuthenticationError, type Authenticator } from '../resolvers/auth';
import type { Services } from '../resolvers/services';
import type { GraphQLContext } from './builder';
import { schema } from './index';

export interface AppOptions {
  services: Services;
  authenticator: Authenticator;
  graphiql: boolean;
  introspection: boolean;
}

export type App = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

const EXAMPLE_OPERATIONS = `# Skills Fleet: create a job, watch it, answer its prompts.

mutation Create {
  createSkillJob(input: { taskDescription: "a skill that teaches an agent to write safe Postgres migrations" }) {
    __typename
    ... on CreateSkillJobSuccess { job { id jobId status } }
    ... on ValidationError { message field }
  }
}

query Jobs {
  jobs(first: 10) {
    totalCount
    edges { node { id jobId status currentPhase progressPercent progressMessage pendingInteraction { id interactionId interactionType } } }
  }
}
`;

export function makeApp(options: AppOptions): App {
  const { services } = options;
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Our own /health answers JSON; move yoga's built-in (empty) one out of the way.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    batching: false,
    graphiql: options.graphiql ? { title: 'Skills Fleet', defaultQuery: EXAMPLE_OPERATIONS, subscriptionsProtocol: 'WS' } : false,
    logging: {
      debug: (...args) => services.logger.debug({ args }, 'yoga'),
      info: (...args) => services.logger.info({ args }, 'yoga'),
      warn: (...args) => services.logger.warn({ args }, 'yoga'),
      error: (...args) => services.logger.error({ args }, 'yoga'),
    },
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof AuthenticationError) {
          return new GraphQLError(original.message, { extensions: { code: original.code, http: { status: 401 } } });
        }
        if (error instanceof GraphQLError && !original) return error; // validation and parse errors are safe
        services.logger.error({ err: original ?? error }, 'unexpected error');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: async ({ request }): Promise<GraphQLContext> => {
      const viewer = await options.authenticator.authenticate({
        authorization: request.headers.get('authorization'),
        userIdHeader: request.headers.get('x-user-id'),
      });
      return { services, viewer, requestId: request.headers.get('x-request-id') ?? randomUUID() };
    },
    plugins: [
      {
        async onRequest({ url, endResponse, fetchAPI }) {
          if (url.pathname === '/health') {
            endResponse(Response.json({ status: 'ok' }));
          } else if (url.pathname === '/ready') {
            const ready = await readiness(services);
            endResponse(new fetchAPI.Response(JSON.stringify(ready), { status: ready.status === 'ready' ? 200 : 503, headers: { 'content-type': 'application/json' } }));
          }
        },
      },
    ],
  });
}

export async function readiness(services: Services): Promise<{ status: 'ready' | 'unavailable'; database: string; migrations: string }> {
  try {
    const status = await migrationStatus((sql) => services.prisma.$queryRawUnsafe(sql).then((rows) => ({ rows: rows as Array<{ migration_name: string; checksum: string }> })));
    const pending = status.pending.length + status.changed.length;
    return { status: pending === 0 ? 'ready' : 'unavailable', database: 'reachable', migrations: pending === 0 ? 'applied' : `${pending} pending or changed` };
  } catch {
    return { status: 'unavailable', database: 'unreachable', migrations: 'unknown' };
  }
}
