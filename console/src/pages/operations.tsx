// Operations (admins): job counts per status, stuck jobs and every pending prompt. These are aggregates no
// subscription carries, so the page re-reads them when jobsChanged (every job, for an admin) says a job was created
// or moved, at most once a second however busy the fleet is. A job that becomes stuck does so by NOT moving: that
// shows at the next re-read (any change anywhere) or with Refresh.
import { useEffect, useState } from 'preact/hooks';
import { AnyJobChangedSubscription, OperationsQuery } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleOperationsQuery } from '../graphql/graphql';
import { age, humanize } from '../lib/format';
import { Link } from '../lib/router';

/** The shortest time between two re-reads pushed by changes. */
const REREAD_MS = 1000;

/** A counter that moves after a job changes: at once after a quiet second, else a second after the last move. */
function useChangeCount(enabled: boolean): number {
  const { live } = useSession();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = live.subscribe(
      AnyJobChangedSubscription,
      {},
      {
        next: () => {
          if (timer) return; // a re-read is already due: it will see this change too
          timer = setTimeout(
            () => {
              timer = undefined;
              last = Date.now();
              setCount((n) => n + 1);
            },
            Math.max(0, last + REREAD_MS - Date.now()),
          );
        },
      },
    );
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [live, enabled]);
  return count;
}

export function OperationsPage() {
  const { request, viewer } = useSession();
  const [data, setData] = useState<ConsoleOperationsQuery>();
  const [readAt, setReadAt] = useState<Date>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const changes = useChangeCount(viewer.isAdmin);
  useEffect(() => {
    if (!viewer.isAdmin) return;
    let current = true;
    const started = new Date();
    request(OperationsQuery, {}).then(
      (d) => {
        if (!current) return;
        setData(d);
        setReadAt(started);
        setError(undefined);
      },
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, viewer.isAdmin, tick, changes]);
  if (!viewer.isAdmin)
    return (
      <main id="main">
        <h1>Operations</h1>
        <p>Only admins see the operations page.</p>
      </main>
    );
  return (
    <main id="main">
      <div class="toolbar">
        <h1>Operations</h1>
        {readAt && (
          <p class="muted" data-testid="operations-read-at">
            Live: read again on every job change; as of{' '}
            <time dateTime={readAt.toISOString()}>{readAt.toLocaleTimeString()}</time>
          </p>
        )}
        <button type="button" onClick={() => setTick(tick + 1)}>
          Refresh
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {data && (
        <>
          <section aria-labelledby="stats-heading">
            <h2 id="stats-heading">Jobs by status</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Jobs</th>
                  <th scope="col">Average duration</th>
                </tr>
              </thead>
              <tbody>
                {data.jobStats.map((s) => (
                  <tr key={s.status}>
                    <td>{humanize(s.status)}</td>
                    <td>{s.count}</td>
                    <td>{s.avgDurationSeconds == null ? '—' : `${s.avgDurationSeconds.toFixed(1)} s`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="stuck-heading">
            <h2 id="stuck-heading">Stuck jobs (no progress for 15 minutes)</h2>
            {data.stuckJobs.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul>
                {data.stuckJobs.map((job) => (
                  <li key={job.id}>
                    <Link href={`/jobs/${job.jobId}`}>{job.skillName ?? job.taskDescription.slice(0, 80)}</Link> (
                    {job.userId}, {humanize(job.currentPhase ?? 'PENDING')})
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="prompts-heading">
            <h2 id="prompts-heading">Pending prompts ({data.jobs.totalCount})</h2>
            {data.jobs.edges.length === 0 && <p>None.</p>}
            <ul>
              {data.jobs.edges.map(({ node }) => (
                <li key={node.id}>
                  <Link href={`/jobs/${node.jobId}`}>{node.skillName ?? node.taskDescription.slice(0, 80)}</Link>:{' '}
                  {node.pendingInteraction ? humanize(node.pendingInteraction.interactionType) : '—'} for {node.userId},
                  asked {node.pendingInteraction ? age(node.pendingInteraction.createdAt) : '—'}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}
