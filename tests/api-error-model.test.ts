// One error model. A domain error that a mutation's payload union carries is that union's error object; any other
// reaches the client as a GraphQL error of one shape, whether a query, a mutation or a subscription (over WebSocket
// and SSE) raised it: its message, its path, and `extensions` with the stable code plus `field` (VALIDATION_FAILED)
// or `currentStatus` (INVALID_STATE). No query or subscription throws INVALID_STATE today, so its GraphQL form is
// pinned by the error-masking tests without a database.
import { Kind, locatedError, type FieldNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthenticator } from '../resolvers/auth';
import { InvalidStateError, NotFoundError, ValidationError } from '../resolvers/errors';
import { startEventHub, type EventHub } from '../resolvers/events/hub';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { silentLogger } from '../resolvers/logger';
import type { Services } from '../resolvers/services';
import { makeApp, type App } from '../schema/app';
import { makeErrorMasking } from '../schema/mask-error';
import { listen, type HttpServer } from '../schema/server';
import { domainErrorExtensions, toGraphQLError } from '../schema/to-graphql-error';
import { makeSseClient, makeWsClient, record, type SubscriptionClient } from './helpers/clients';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, insertJob } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

const FIELD_NODE: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'cancelJob' } };

describe('toGraphQLError', () => {
  it('gives the code, and field for VALIDATION_FAILED or currentStatus for INVALID_STATE, null included', () => {
    expect(domainErrorExtensions(new ValidationError('must not be empty', 'taskDescription'))).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'taskDescription',
    });
    expect(domainErrorExtensions(new ValidationError('bad input'))).toEqual({ code: 'VALIDATION_FAILED', field: null });
    expect(domainErrorExtensions(new InvalidStateError('a COMPLETED job cannot be cancelled', 'COMPLETED'))).toEqual({
      code: 'INVALID_STATE',
      currentStatus: 'COMPLETED',
    });
    expect(domainErrorExtensions(new NotFoundError('job not found'))).toEqual({ code: 'NOT_FOUND' });
  });

  it('keeps the message, and the nodes and path of the error graphql-js reported', () => {
    const domain = new InvalidStateError('a COMPLETED job cannot be cancelled', 'COMPLETED');
    const error = toGraphQLError(domain, locatedError(domain, [FIELD_NODE], ['cancelJob']));
    expect(error.toJSON()).toEqual({
      message: 'a COMPLETED job cannot be cancelled',
      path: ['cancelJob'],
      extensions: { code: 'INVALID_STATE', currentStatus: 'COMPLETED' },
    });
    expect(error.nodes).toEqual([FIELD_NODE]);
    expect(error.originalError).toBeUndefined(); // nothing of the thrown error but what the contract shows
  });
});

describe('error masking', () => {
  it('reports a domain error a resolver threw with toGraphQLError, currentStatus included, and does not log it', () => {
    const masking = makeErrorMasking(silentLogger);
    const domain = new InvalidStateError('a COMPLETED job cannot be cancelled', 'COMPLETED');
    const reported = locatedError(domain, [FIELD_NODE], ['cancelJob']);
    const masked = masking.maskError(reported, 'Unexpected error.');
    expect(masked).toEqual(toGraphQLError(domain, reported));
    expect((masked as ReturnType<typeof toGraphQLError>).toJSON()).toMatchObject({
      extensions: { code: 'INVALID_STATE', currentStatus: 'COMPLETED' },
    });
    expect(masking.hasLogged(reported)).toBe(false);
  });

  it('masks anything else as unexpected and remembers that it logged it', () => {
    const masking = makeErrorMasking(silentLogger);
    const reported = locatedError(new Error('connection terminated'), [FIELD_NODE], ['cancelJob']);
    const masked = masking.maskError(reported, 'Unexpected error.');
    expect(masked.message).toBe('Unexpected error.');
    expect((masked as ReturnType<typeof toGraphQLError>).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(masking.hasLogged(reported)).toBe(true);
  });
});

describe('over the API', () => {
  let db: TestDatabase;
  let services: Services;
  let hub: EventHub;
  let app: App;
  let http: HttpServer;
  const clients: SubscriptionClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    hub = await startEventHub({ connectionString: db.url, logger: silentLogger });
    services = { ...makeTestServices(db), events: hub };
    app = makeApp({ services, authenticator: makeAuthenticator({}), graphiql: false, introspection: true });
    http = await listen(app, 0, '127.0.0.1');
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await http?.close(1_000);
    await hub?.stop();
    await db?.drop();
  });

  const transports = (userId: string): Array<[string, SubscriptionClient]> => {
    const pair: Array<[string, SubscriptionClient]> = [
      ['WebSocket', makeWsClient(http.url, { 'x-user-id': userId })],
      ['SSE', makeSseClient(http.url, { 'x-user-id': userId })],
    ];
    clients.push(...pair.map(([, client]) => client));
    return pair;
  };

  /** The errors of a subscription that fails at its setup: one result, no items, then completion. */
  async function subscriptionErrors(client: SubscriptionClient, field: string, query: string, variables: object) {
    const rec = record(client, field, query, variables as Record<string, unknown>);
    await rec.waitForCompletion(10_000);
    expect(rec.items).toEqual([]);
    expect(rec.results).toHaveLength(1);
    return rec.results[0]?.errors;
  }

  const located = (field: string, message: string, extensions: Record<string, unknown>) => ({
    message,
    locations: [expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) })],
    path: [field],
    extensions,
  });

  it('VALIDATION_FAILED has the same shape from a query, a mutation whose union lacks it and a subscription', async () => {
    const query = await gql(app, `{ stuckJobs(olderThanMinutes: 0) { jobId } }`, {}, { user: 'alice' });
    expect(query.body.errors).toEqual([
      located('stuckJobs', expect.stringMatching(/between 1 and/), {
        code: 'VALIDATION_FAILED',
        field: 'olderThanMinutes',
      }),
    ]);

    const job = await insertJob(db.prisma, { userId: 'alice' });
    const mutation = await gql(
      app,
      `mutation($id: ID!, $reason: String) { cancelJob(input: { jobId: $id, reason: $reason }) { __typename } }`,
      { id: job.jobId, reason: 'x'.repeat(1001) },
      { user: 'alice' },
    );
    expect(mutation.body.errors).toEqual([
      located('cancelJob', 'must be at most 1000 characters', { code: 'VALIDATION_FAILED', field: 'reason' }),
    ]);

    for (const [transport, client] of transports('alice')) {
      const errors = await subscriptionErrors(
        client,
        'jobEvents',
        `subscription($id: ID!) { jobEvents(jobId: $id, afterSequence: -1) { sequence } }`,
        { id: job.jobId },
      );
      expect(errors, transport).toEqual([
        located('jobEvents', 'afterSequence must be a whole number, 0 or more', {
          code: 'VALIDATION_FAILED',
          field: 'afterSequence',
        }),
      ]);
    }
  });

  it('NOT_FOUND of a subscription on a job that does not exist or is not yours: only the code, on every field', async () => {
    const theirs = await insertJob(db.prisma, { userId: 'alice' });
    const subscriptions = [
      ['jobEvents', `subscription($id: ID!) { jobEvents(jobId: $id) { sequence } }`],
      ['jobUpdated', `subscription($id: ID!) { jobUpdated(jobId: $id) { jobId } }`],
      ['hitlPromptPending', `subscription($id: ID) { hitlPromptPending(jobId: $id) { interactionId } }`],
    ] as const;
    for (const [transport, client] of transports('bob')) {
      for (const [field, query] of subscriptions) {
        for (const id of [theirs.jobId, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
          const errors = await subscriptionErrors(client, field, query, { id });
          expect(errors, `${transport} ${field}(${id})`).toEqual([
            located(field, 'job not found', { code: 'NOT_FOUND' }),
          ]);
        }
      }
    }
  });

  it('a finished job is no error: jobUpdated delivers it once and completes', async () => {
    const finished = await insertJob(db.prisma, { userId: 'alice', status: 'CANCELLED' });
    for (const [transport, client] of transports('alice')) {
      const rec = record<{ jobId: string; status: string }>(
        client,
        'jobUpdated',
        `subscription($id: ID!) { jobUpdated(jobId: $id) { jobId status } }`,
        { id: finished.jobId },
      );
      await rec.waitForCompletion(10_000);
      expect(
        rec.results.flatMap((result) => result.errors ?? []),
        transport,
      ).toEqual([]);
      expect(rec.items, transport).toEqual([{ jobId: finished.jobId, status: 'CANCELLED' }]);
    }
  });

  it("a mutation's error object carries what the GraphQL error of the same domain error does", async () => {
    const finished = await insertJob(db.prisma, { userId: 'alice', status: 'CANCELLED' });
    const thrown = await cancelJob(services, { userId: 'alice', isAdmin: false }, { jobId: finished.jobId }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(InvalidStateError);
    const { message, extensions } = toGraphQLError(thrown as InvalidStateError).toJSON();

    const response = await gql<{ cancelJob: Record<string, unknown> }>(
      app,
      `mutation($id: ID!) {
        cancelJob(input: { jobId: $id }) { __typename ... on Error { code message } ... on InvalidStateError { currentStatus } }
      }`,
      { id: finished.jobId },
      { user: 'alice' },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.cancelJob).toEqual({ __typename: 'InvalidStateError', message, ...extensions });
    expect(extensions).toEqual({ code: 'INVALID_STATE', currentStatus: 'CANCELLED' });
  });
});
