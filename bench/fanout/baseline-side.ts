// The baseline side of the fanout benchmark: the same number of plain `ws` sockets connected to a bare `ws` server
// process, which sends every socket the same serialized `next` message per round.
import type { OpenArgs } from '../load/ws-clients';
import { now, sleep } from '../lib/clock';
import { startLoad } from '../lib/load-process';
import { Scope, startAll } from '../lib/scope';
import { Checks } from '../lib/types';
import { PARALLEL_OPEN, type Problems, type SideResult, checkProblems, measure } from './measure';

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
      startLoad('ws-server').then((l) => scope.use(l, () => l.stop(), 'ws server')),
      startLoad('ws-clients', { nodeArgs: ['--max-old-space-size=4096'] }).then((l) =>
        scope.use(l, () => l.stop(), 'ws clients'),
      ),
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
      clients.call<{ opened: number; failed: number; firstError: string | null; ms: number }>('open', {
        url,
        mode: 'plain',
        count,
        parallel: PARALLEL_OPEN,
      } satisfies OpenArgs);

    const warm = Math.min(20, size);
    await open(warm);
    await emit(0);
    await clients.call('collect', { round: 0, expected: warm, timeoutMs: 30_000 });
    await clients.call('close');
    await sleep(1_000);
    const rssBefore = server.rssKb();
    const opened = await open(size);
    checks.check(
      `baseline ${size}: all sockets opened`,
      opened.opened === size && opened.failed === 0,
      `${opened.opened} opened, ${opened.failed} failed${opened.firstError ? ` (${opened.firstError})` : ''}`,
    );
    await emit(1);
    const first = await clients.call<{ received: number }>('collect', { round: 1, expected: size, timeoutMs: 60_000 });
    if (
      !checks.check(
        `baseline ${size}: first message reached every socket`,
        first.received === size,
        `${first.received}/${size}`,
      )
    ) {
      throw new Error(`baseline ${size}: the first message did not reach every socket (${first.received}/${size})`);
    }
    await sleep(2_000);
    const rssAfter = server.rssKb();
    const measured = await measure({
      clients,
      expected: size,
      rounds: options.rounds,
      eventsPerRound: options.eventsPerRound,
      firstRound: 2,
      emit,
      checks,
      label: `baseline ${size}`,
      log: options.log,
      diagnose: () => `bare server ${server.rssKb()} KB`,
    });
    checkProblems(checks, `baseline ${size}`, await clients.call<Problems>('problems'), size);
    return {
      p50: measured.p50,
      p99: measured.p99,
      rssPerSubscriberKb: (rssAfter - rssBefore) / size,
      openMs: opened.ms,
      writeMs: [],
    };
  } finally {
    await scope.close(options.log);
  }
}
