// Jobs: a page of the viewer's jobs (all jobs for admins), each row live through its own jobUpdated subscription
// (one WebSocket carries them all), with a status filter, search by task text and pagination.
import { useEffect, useState } from 'preact/hooks';
import { JobRowUpdatedSubscription, JobsQuery } from '../api/operations';
import { useSession } from '../api/session';
import { ProgressBar, StatusBadge } from '../components/progress';
import type { ConsoleJobRowFragment, ConsoleJobsQuery, JobStatus } from '../graphql/graphql';
import { age, humanize, STATUSES } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useSubscription } from '../live/use-subscription';

const PAGE_SIZES = ['20', '50', '100'];
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function JobsPage() {
  const { request } = useSession();
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const text = search.get('q') ?? '';
  const after = search.get('after') ?? undefined;
  const size = PAGE_SIZES.includes(search.get('size') ?? '') ? search.get('size')! : PAGE_SIZES[0]!;
  const [page, setPage] = useState<ConsoleJobsQuery['jobs']>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState(text);

  useEffect(() => {
    let current = true;
    setError(undefined);
    const filter = { ...(status ? { status: [status as JobStatus] } : {}), ...(text ? { search: text } : {}) };
    request(JobsQuery, { first: Number(size), after, filter }).then(
      (data) => current && setPage(data.jobs),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, status, text, after, size]);

  const go = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(text ? { q: text } : {}),
      ...(size !== PAGE_SIZES[0] ? { size } : {}),
    });
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    if (!('after' in changes)) params.delete('after');
    navigate(`/jobs${params.size ? `?${params}` : ''}`);
  };

  return (
    <main id="main">
      <div class="toolbar">
        <h1>Jobs</h1>
        <Link href="/new" class="button primary">
          New job
        </Link>
      </div>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: query.trim() || undefined });
        }}
      >
        <label>
          Status
          <select value={status} onChange={(e) => go({ status: e.currentTarget.value || undefined })}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search task text
          <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
        <label>
          Per page
          <select value={size} onChange={(e) => go({ size: e.currentTarget.value })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {page && (
        <>
          <p class="muted" data-testid="jobs-count">
            {page.totalCount} {page.totalCount === 1 ? 'job' : 'jobs'}
          </p>
          <table class="jobs" data-testid="jobs-table">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Status</th>
                <th scope="col">Phase</th>
                <th scope="col">Progress</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.edges.map(({ node }) => (
                <JobRow key={node.id} job={node} />
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {after && (
              <button type="button" onClick={() => go({ after: undefined })}>
                First page
              </button>
            )}
            {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
              <button type="button" onClick={() => go({ after: page.pageInfo.endCursor ?? undefined })}>
                Next page
              </button>
            )}
          </nav>
        </>
      )}
    </main>
  );
}

function shorten(text: string): string {
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

function JobRow(props: { job: ConsoleJobRowFragment }) {
  const { viewer } = useSession();
  const live = useSubscription(
    JobRowUpdatedSubscription,
    { jobId: props.job.id },
    props.job.id,
    !TERMINAL.has(props.job.status),
  );
  const job = live.data?.jobUpdated ?? props.job;
  const waiting = job.status === 'PENDING_HITL' && job.pendingInteraction && job.userId === viewer.userId;
  return (
    <tr data-job={job.jobId}>
      <td>
        <Link href={`/jobs/${job.jobId}`}>{shorten(job.taskDescription)}</Link>
        {waiting && <span class="waiting">waiting for you</span>}
        <div class="muted small">
          {job.skillName ? `${job.skillName} · ` : ''}
          {job.progressMessage}
        </div>
      </td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td>{job.currentPhase ? humanize(job.currentPhase) : '—'}</td>
      <td>
        <ProgressBar percent={job.progressPercent} label={`Progress of ${job.skillName ?? 'the job'}`} />
      </td>
      <td>
        <time dateTime={job.createdAt}>{age(job.createdAt)}</time>
      </td>
    </tr>
  );
}
