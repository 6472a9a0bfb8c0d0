// Hostile WebSocket clients against a listening API, while the prober of hostile-battery.ts watches its health: each
// protocol violation is closed with its close code (and only that socket), floods of pings and subscriptions are
// survived, and closing frees every doorbell.
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { closeOf, nextMessage, openRawSocket, wsUrl } from '../helpers/clients';
import { waitUntil } from './waits';
import { api, hostile, watchersBefore, expectBatteryLeftNothingBehind, useHostileBattery } from './hostile-battery';

useHostileBattery();

describe('WebSocket protocol violations', () => {
  const init = JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'mallory' } });

  async function violation(
    label: string,
    expectedCode: number,
    act: (socket: WebSocket) => Promise<void> | void,
  ): Promise<void> {
    await hostile(`ws: ${label}`, async () => {
      const socket = await openRawSocket(api.url);
      const closed = closeOf(socket, 10_000);
      await act(socket);
      expect((await closed).code, label).toBe(expectedCode);
    });
  }

  async function acked(socket: WebSocket): Promise<void> {
    socket.send(init);
    expect((await nextMessage(socket)).type).toBe('connection_ack');
  }

  it('each is closed with its close code, and only that socket', async () => {
    await violation('no connection_init', 4408, () => undefined);
    await violation('a second connection_init', 4429, async (socket) => {
      await acked(socket);
      socket.send(init);
    });
    await violation('subscribe before the ack', 4401, (socket) =>
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } })),
    );
    await violation('two subscriptions with one id', 4409, async (socket) => {
      await acked(socket);
      const subscribe = JSON.stringify({
        id: 'same',
        type: 'subscribe',
        payload: { query: 'subscription { hitlPromptPending { id } }' },
      });
      socket.send(subscribe);
      socket.send(subscribe);
    });
    for (const [label, frame] of [
      ['text that is not JSON', 'not json at all'],
      ['an empty object', '{}'],
      ['a JSON array', '[1,2,3]'],
      ['JSON null', 'null'],
      ['a connection_init whose payload is a string', '{"type":"connection_init","payload":"x"}'],
    ] as const) {
      await violation(label, 4400, (socket) => socket.send(frame));
    }
    await violation('a binary frame', 4400, (socket) => socket.send(Buffer.from([0xff, 0x00, 0x12])));
    await violation('an unknown message type', 4400, async (socket) => {
      await acked(socket);
      socket.send('{"type":"what"}');
    });
    await violation('a subscribe without a payload', 4400, async (socket) => {
      await acked(socket);
      socket.send('{"type":"subscribe","id":"1"}');
    });
    await violation('a frame above the size limit', 1009, async (socket) => {
      await acked(socket);
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `# ${'x'.repeat(200 * 1024)}\n{ __typename }` },
        }),
      );
    });
    await hostile('ws: a subprotocol the server does not speak', async () => {
      for (const protocol of ['graphql-ws', 'foo']) {
        const refused = await new Promise<string>((resolve) => {
          const socket = new WebSocket(wsUrl(api.url), protocol);
          socket.once('error', (error) => resolve(error.message));
          socket.once('close', (code) => resolve(`closed ${code}`));
          socket.once('open', () => socket.once('close', (code) => resolve(`closed ${code}`)));
        });
        expect(refused, protocol).toMatch(/no subprotocol|closed (4406|1002)/);
      }
    });
  });

  it('floods on one connection: pings, 200 subscriptions to unknown jobs, 200 live ones; closing frees every doorbell', async () => {
    await hostile('ws: 1000 pings', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      let pongs = 0;
      socket.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'pong') pongs++;
      });
      for (let i = 0; i < 1000; i++) socket.send('{"type":"ping"}');
      await waitUntil(() => pongs === 1000, '1000 pongs', 20_000, 20);
      socket.close();
    });
    await hostile('ws: 200 subscriptions to jobs that do not exist', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      let errors = 0;
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          payload?: Array<{ extensions?: { code?: string } }>;
        };
        if (message.type === 'error' || (message.type === 'next' && message.payload)) errors++;
      });
      for (let i = 0; i < 200; i++) {
        socket.send(
          JSON.stringify({
            id: `s${i}`,
            type: 'subscribe',
            payload: {
              query: 'subscription($id: ID!) { jobEvents(jobId: $id) { sequence } }',
              variables: { id: crypto.randomUUID() },
            },
          }),
        );
      }
      await waitUntil(() => errors >= 200, '200 NOT_FOUND answers', 30_000, 20);
      socket.close();
    });
    await hostile('ws: 200 live subscriptions, then the socket goes away', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      // Each its own operation: the same one 200 times would share one execution loop, and so one doorbell.
      for (let i = 0; i < 200; i++)
        socket.send(
          JSON.stringify({
            id: `p${i}`,
            type: 'subscribe',
            payload: { query: `subscription P${i} { hitlPromptPending { id } }` },
          }),
        );
      await waitUntil(() => api.hub.status().watchers >= watchersBefore + 200, '200 doorbells', 30_000, 20);
      socket.terminate(); // no complete messages: the server must notice on its own
    });
    await waitUntil(() => api.hub.status().watchers === watchersBefore, 'every doorbell to close', 30_000, 20);
  });
});

describe('after the battery', () => {
  it('the prober never failed, nothing is left open, nothing changed, the invariants hold', () =>
    expectBatteryLeftNothingBehind());
});
