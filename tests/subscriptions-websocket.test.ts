// Subscriptions end to end: the WebSocket transport (connection_init timeout, errors of one operation, oversized
// frames, JWT auth) and shutdown of WebSocket and SSE clients.
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAuthenticator } from '../resolvers/auth';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { makeApp } from '../schema/app';
import { listen, type HttpServer } from '../schema/server';
import { closeOf, makeSseClient, makeWsClient, nextMessage, openRawSocket, record } from './helpers/clients';
import {
  JWT_SECRET,
  type JobItem,
  PROMPTS,
  TASK,
  UPDATES,
  alice,
  app,
  clients,
  http,
  hub,
  servers,
  services,
  waitUntil,
  useSubscriptionServer,
} from './helpers/subscription-server';

useSubscriptionServer();

describe('WebSocket transport', () => {
  it('closes a socket that sends no connection_init within the timeout (4408)', async () => {
    const socket = await openRawSocket(http.url);
    const closed = await closeOf(socket, 5_000);
    expect(closed.code).toBe(4408);
  });

  it('reports a syntax error or an unknown field as an error of that operation; the socket stays usable', async () => {
    const socket = await openRawSocket(http.url);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
    expect((await nextMessage(socket)).type).toBe('connection_ack');
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { jobEvents(' } }));
    expect(await nextMessage(socket)).toMatchObject({
      id: '1',
      type: 'error',
      payload: [{ message: expect.stringContaining('Syntax Error') }],
    });
    socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: 'subscription { noSuchField }' } }));
    expect(await nextMessage(socket)).toMatchObject({ id: '2', type: 'error' });
    socket.send(JSON.stringify({ id: '3', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect(await nextMessage(socket)).toMatchObject({
      id: '3',
      type: 'next',
      payload: { data: { __typename: 'Query' } },
    });
    socket.close();
  });

  it('closes a socket that sends a message above maxPayload (1009), without an "internal error" on stderr', async () => {
    const printed: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      const socket = await openRawSocket(http.url);
      socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
      expect((await nextMessage(socket)).type).toBe('connection_ack');
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `# ${'x'.repeat(200 * 1024)}\nsubscription { hitlPromptPending { id } }` },
        }),
      );
      expect((await closeOf(socket)).code).toBe(1009);
    } finally {
      console.error = consoleError;
    }
    expect(printed.map((args) => String(args[0]))).toEqual([]);
  });

  describe('with JWT auth', () => {
    let jwtServer: HttpServer;
    const token = async (sub: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(JWT_SECRET));

    beforeAll(async () => {
      const jwtApp = makeApp({
        services,
        authenticator: makeAuthenticator({ jwtSecret: JWT_SECRET }),
        graphiql: false,
        introspection: true,
      });
      jwtServer = await listen(jwtApp, 0, '127.0.0.1');
      servers.push(jwtServer);
    });

    it('rejects a connection without a token, or with a bad one, with 4403 before any operation', async () => {
      for (const payload of [{}, { authorization: 'Bearer not-a-jwt' }, { 'x-user-id': 'alice' }]) {
        const socket = await openRawSocket(jwtServer.url);
        socket.send(JSON.stringify({ type: 'connection_init', payload }));
        const closed = await closeOf(socket);
        expect(closed.code).toBe(4403);
      }
    });

    it('accepts a valid bearer token in connectionParams and scopes the subscription to its subject', async () => {
      const job = await createSkillJob(services, alice, { taskDescription: TASK });
      await cancelJob(services, alice, { jobId: job.jobId });
      const asAlice = makeWsClient(jwtServer.url, { authorization: `Bearer ${await token('alice')}` });
      const asBob = makeWsClient(jwtServer.url, { authorization: `Bearer ${await token('bob')}` });
      clients.push(asAlice, asBob);
      const mine = record<JobItem>(asAlice, 'jobUpdated', UPDATES, { jobId: job.jobId });
      const theirs = record<JobItem>(asBob, 'jobUpdated', UPDATES, { jobId: job.jobId });
      await mine.waitForCompletion(10_000);
      await theirs.waitForCompletion(10_000);
      expect(mine.items.map((j) => j.status)).toEqual(['CANCELLED']);
      expect(theirs.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  it('listen() on a port already in use rejects with EADDRINUSE (the WebSocket server does not throw it)', async () => {
    await expect(listen(app, Number(new URL(http.url).port), '127.0.0.1')).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('shutdown closes WebSocket clients with 1001 and ends SSE streams before the HTTP server closes', async () => {
    const server = await listen(app, 0, '127.0.0.1');
    const watchersBefore = hub.status().watchers;
    const socket = await openRawSocket(server.url);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
    expect((await nextMessage(socket)).type).toBe('connection_ack');
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { hitlPromptPending { id } }' } }),
    );
    const sseClient = makeSseClient(server.url, { 'x-user-id': 'nobody' });
    clients.push(sseClient);
    const sseRecording = record(sseClient, 'hitlPromptPending', PROMPTS, {});
    // Both subscriptions are live on the server: their doorbells are open.
    await waitUntil(
      () => hub.status().watchers === watchersBefore + 2 && sseRecording.state() === 'open',
      'two live subscriptions',
    );

    const closed = closeOf(socket);
    const started = Date.now();
    await server.close(10_000);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s grace: nothing was left hanging
    expect((await closed).code).toBe(1001);
    await expect(sseRecording.waitFor(() => false, 'the end of the SSE stream', 5_000)).rejects.toThrow(
      /subscription (failed|completed)/,
    );
    // Their server-side streams ended and closed their doorbells.
    await waitUntil(() => hub.status().watchers === watchersBefore, 'the doorbells to close');
  });
});
