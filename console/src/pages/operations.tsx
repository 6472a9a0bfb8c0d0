// Operations (admins): job counts per status, stuck jobs and every pending prompt, as of the page load (Refresh
// reads again: these are aggregates the API offers no subscription for).
import { useEffect, useState } from 'preact/hooks';
import { OperationsQuery } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleOperationsQuery } from '../graphql/graphql';
import { age, humanize } from '../lib/format';
import { Link } from '../lib/router';

export function OperationsPage() {
  const { request, viewer } = useSession();
  const [data, setData] = useState<ConsoleOperationsQuery>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!viewer.isAdmin) return;
    let current = true;
    request(OperationsQuery, {}).then(
      (d) => current && setData(d),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, viewer.isAdmin, tick]);
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
