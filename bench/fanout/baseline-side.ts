// The baseline side of the fanout benchmark: the same number of plain `ws` sockets connected to a bare `ws` server
// process, which sends every socket the same serialized `next` message per round.
import type { OpenArgs, OpenResult } from '../load/ws-clients';
import { now } from '../lib/clock';
import { startLoad } from '../lib/load-process';
import { Scope, startAll } from '../lib/scope';
import { Checks } from '../lib/types';
import { PARALLEL_OPEN, type SideResult, emitAndCollect, measureSide, warmUp } from './measure';

export async function baselineSide(options: {
  size: number;
  rounds: number;
  eventsPerRound: number;
  checks: Checks;
  log: (message: string) => void;
}): Promise<SideResult> {
  const scope = new Scope();
  try {
    const { size, checks } = options;
    const [server, clients] = await startAll([
      scope.started(startLoad('ws-server'), 'ws server'),
      scope.started(startLoad('ws-clients', { nodeArgs: ['--max-old-space-size=4096'] }), 'ws clients'),
    ]);
    const { port } = await server.call<{ port: number }>('start');
    const url = `ws://127.0.0.1:${port}/graphql`;
    // The payload graphql-ws sends for one jobEvents event, with the same fields.
    const emit = async (round: number) => {
      const message = JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: {
            jobEvents: { sequence: round + 2, type: 'PROGRESS', status: 'RUNNING', data: { sentAt: now(), round } },
          },
        },
      });
      await server.call('broadcast', { message });
      return undefined;
    };
    const open = (count: number) =>
      clients.call<OpenResult>('open', {
        url,
        mode: 'plain',
        count,
        parallel: PARALLEL_OPEN,
      } satisfies OpenArgs);

    const { rssBefore } = await warmUp({ clients, size, open, emit, rssKb: () => server.rssKb() });
    const opened = await open(size);
    checks.check(
      `baseline ${size}: all sockets opened`,
      opened.opened === size && opened.failed === 0,
      `${opened.opened} opened, ${opened.failed} failed${opened.firstError ? ` (${opened.firstError})` : ''}`,
    );
    const first = await emitAndCollect(clients, emit, 1, size, 60_000);
    if (
      !checks.check(
        `baseline ${size}: first message reached every socket`,
        first.received === size,
        `${first.received}/${size}`,
      )
    ) {
      throw new Error(`baseline ${size}: the first message did not reach every socket (${first.received}/${size})`);
    }
    return await measureSide({
      ...options,
      clients,
      emit,
      label: `baseline ${size}`,
      diagnose: () => `bare server ${server.rssKb()} KB`,
      rssKb: () => server.rssKb(),
      rssBefore,
      opened,
    });
  } finally {
    await scope.close(options.log);
  }
}
