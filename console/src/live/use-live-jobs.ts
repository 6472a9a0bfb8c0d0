// The jobs page's rows, live, from jobsChanged (one subscription or two over the one WebSocket, however many rows):
// - with the page's filter, for jobs the page does not show yet: a new job, or one that now matches, takes its
//   place in the list (newest first) when it belongs to the page shown: on page one anything newer than its last
//   row, on a later page only what falls between its first and last rows;
// - without a filter, for the rows shown, so a row that stops matching the filter (a RUNNING job that completes
//   under "Running") still shows its new state. When the page has no filter, one subscription does both.
// Of two deliveries of a job the newer (updatedAt) wins, whichever stream it came by. Both streams begin with a
// replay of the seconds since the page's query was sent (plus a margin), recomputed at every (re)subscribe: a change
// that landed between the query and the subscription's start, or while the connection was down, is not lost.
import { useEffect, useRef, useState } from 'preact/hooks';
import { JobsChangedSubscription } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleLiveJobRowFragment, ConsoleLiveJobsQuery, JobFilter } from '../graphql/graphql';

export type LiveJob = ConsoleLiveJobRowFragment;
/** Seconds added to the replay: the query's own time in flight, and clocks of the writing processes. */
const REPLAY_MARGIN_SECONDS = 5;
const MAX_REPLAY_SECONDS = 3600;
type Page = ConsoleLiveJobsQuery['jobs'];

/** > 0 when `a` comes before `b` in the list (newer: createdAt, then jobId, descending as the API orders it). */
function newerFirst(a: LiveJob, b: LiveJob): number {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? 1 : -1;
  return a.jobId === b.jobId ? 0 : a.jobId > b.jobId ? 1 : -1;
}

function latestOf(a: LiveJob, b: LiveJob | undefined): LiveJob {
  return b && b.updatedAt > a.updatedAt ? b : a;
}

function belongs(job: LiveJob, shown: LiveJob[], page: Page, firstPage: boolean): boolean {
  const first = shown[0];
  const last = shown.at(-1);
  const notAboveFirst = firstPage || !first || newerFirst(job, first) < 0;
  const notBelowLast = !page.pageInfo.hasNextPage || !last || newerFirst(job, last) > 0;
  return notAboveFirst && notBelowLast;
}

export interface LiveJobs {
  rows: LiveJob[];
  /** Rows shown that the page's query did not return (arrived live). */
  added: number;
}

/**
 * `key` names the page (filter and cursor): a new key starts over. `firstPage`: nothing comes before this page, so
 * new jobs go on top. `queriedAt`: performance.now() when the page's query was sent.
 */
export function useLiveJobs(
  page: Page | undefined,
  filter: JobFilter,
  key: string,
  firstPage: boolean,
  queriedAt: { readonly current: number },
): LiveJobs {
  const { live } = useSession();
  const [latest, setLatest] = useState<ReadonlyMap<string, LiveJob>>(new Map());
  const [arrivals, setArrivals] = useState<readonly LiveJob[]>([]);
  const shownIds = useRef(new Set<string>());

  useEffect(() => {
    setLatest(new Map());
    setArrivals([]);
    const remember = (job: LiveJob) =>
      setLatest((all) => {
        if (all.get(job.id) && latestOf(all.get(job.id)!, job) !== job) return all;
        return new Map(all).set(job.id, job);
      });
    const filtered = Object.values(filter).some((value) => value !== undefined);
    const variables = (f: JobFilter) => ({
      filter: f,
      get replaySeconds() {
        const since = Math.ceil((performance.now() - queriedAt.current) / 1000);
        return Math.min(MAX_REPLAY_SECONDS, since + REPLAY_MARGIN_SECONDS);
      },
    });
    const stops = [
      live.subscribe(JobsChangedSubscription, variables(filter), {
        next: ({ jobsChanged: job }) => {
          remember(job);
          if (!shownIds.current.has(job.id))
            setArrivals((all) => (all.some((j) => j.id === job.id) ? all : [...all, job]));
        },
      }),
    ];
    if (filtered)
      stops.push(
        live.subscribe(JobsChangedSubscription, variables({}), {
          next: ({ jobsChanged: job }) => {
            if (shownIds.current.has(job.id)) remember(job);
          },
        }),
      );
    return () => stops.forEach((stop) => stop());
    // `key` stands for the filter: a new object each render must not restart the subscriptions.
  }, [live, key]);

  if (!page) return { rows: [], added: 0 };
  const queried = page.edges.map(({ node }) => node);
  const queriedIds = new Set(queried.map((job) => job.id));
  const extra = arrivals.filter((job) => !queriedIds.has(job.id) && belongs(job, queried, page, firstPage));
  const rows = [...queried, ...extra].map((job) => latestOf(job, latest.get(job.id))).sort((a, b) => newerFirst(b, a));
  shownIds.current = new Set(rows.map((job) => job.id));
  return { rows, added: extra.length };
}
