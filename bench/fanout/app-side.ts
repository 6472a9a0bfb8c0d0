// The app side of the fanout benchmark: the API (no in-process worker) with N graphql-ws subscribers in a client
// process; the runner writes PROGRESS events the way a worker does.
import type { OpenArgs, OpenResult, SubscriptionSpec } from '../load/ws-clients';
import { now } from '../lib/clock';
import { CONNECTION_PARAMS, JOB_EVENTS_WITH_DATA } from '../lib/graphql';
import { type JournalWriter } from '../lib/journal';
import { startLoad } from '../lib/load-process';
import { startApiWithoutWorker } from '../lib/api';
import { Scope, startAll } from '../lib/scope';
import { Checks } from '../lib/types';
import { PARALLEL_OPEN, type SideResult, emitAndCollect, measureSide, warmUp } from './measure';

export async function appSide(options: {
  dbUrl: string;
  journal: JournalWriter;
  jobs: string[];
  size: number;
  rounds: number;
  eventsPerRound: number;
  checks: Checks;
  nodeArgs: string[];
  log: (message: string) => void;
  /** Runs against the fresh API before anything is measured (creates the jobs the first time). */
  prepare: (apiUrl: string) => Promise<void>;
}): Promise<SideResult> {
  const scope = new Scope();
  try {
    const { journal, jobs, size, checks } = options;
    const [api, clients] = await startAll([
      startApiWithoutWorker(scope, options.dbUrl, options.nodeArgs),
      scope.started(startLoad('ws-clients', { nodeArgs: ['--max-old-space-size=4096'] }), 'ws clients'),
    ]);
    await options.prepare(api.url!);
    const wsUrl = `${api.url!.replace(/^http/, 'ws')}/graphql`;
    const subscriptionsFor = async (count: number): Promise<SubscriptionSpec[]> => {
      const after = new Map<string, number>();
      for (const jobId of jobs) after.set(jobId, await journal.lastSequence(jobId));
      return Array.from({ length: count }, (_, i) => {
        const jobId = jobs[i % jobs.length]!;
        return { query: JOB_EVENTS_WITH_DATA, variables: { jobId, after: after.get(jobId)! } };
      });
    };
    const emit = async (round: number) => {
      const delays: Record<string, number> = {};
      await Promise.all(
        jobs.map(async (jobId) => {
          const sentAt = now();
          await journal.appendProgress(jobId, { sentAt, round });
          delays[String(sentAt)] = now() - sentAt;
        }),
      );
      return delays;
    };
    const open = async (count: number) => {
      const args: OpenArgs = {
        url: wsUrl,
        mode: 'graphql',
        subscriptions: await subscriptionsFor(count),
        connectionParams: CONNECTION_PARAMS,
        parallel: PARALLEL_OPEN,
      };
      return clients.call<OpenResult>('open', args);
    };

    const { warm, received, rssBefore } = await warmUp({ clients, size, open, emit, rssKb: () => api.rssKb() });
    checks.check(`app ${size}: warm-up delivered`, received === warm, `${received}/${warm}`);

    const opened = await open(size);
    checks.check(
      `app ${size}: all subscriptions opened`,
      opened.opened === size && opened.failed === 0,
      `${opened.opened} opened, ${opened.failed} failed${opened.firstError ? ` (${opened.firstError})` : ''} in ${(opened.ms / 1000).toFixed(1)} s`,
    );
    options.log(`app ${size}: ${opened.opened} subscriptions open in ${(opened.ms / 1000).toFixed(1)} s`);
    // The first event proves every subscription is live (its stream has read the table and waits on the doorbell).
    const first = await emitAndCollect(clients, emit, 1, size, 180_000);
    const diagnose = () => {
      const status = api.exitStatus();
      return status === null
        ? `API running (RSS ${api.rssKb()} KB)`
        : `the API exited (${status}): ${api.output().slice(-1500)}`;
    };
    if (
      !checks.check(
        `app ${size}: first event reached every subscriber`,
        first.received === size,
        `${first.received}/${size} in ${(first.waitedMs / 1000).toFixed(1)} s${first.received === size ? '' : `; ${diagnose()}`}`,
      )
    ) {
      throw new Error(
        `app ${size}: the first event did not reach every subscriber (${first.received}/${size}); ${diagnose()}`,
      );
    }
    return await measureSide({
      ...options,
      clients,
      emit,
      label: `app ${size}`,
      diagnose,
      rssKb: () => api.rssKb(),
      rssBefore,
      opened,
    });
  } finally {
    await scope.close(options.log);
  }
}
