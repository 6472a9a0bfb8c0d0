// Jobs: a page of the viewer's jobs (all jobs for admins), live through jobsChanged (new jobs appear where they
// belong, rows change in place: console/src/live/use-live-jobs.ts), with a status filter, search by task text and
// pagination both ways.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LiveJobsQuery } from '../api/operations';
import { useSession } from '../api/session';
import { ProgressBar, StatusBadge } from '../components/progress';
import type { ConsoleLiveJobsQuery, JobFilter, JobStatus } from '../graphql/graphql';
import { age, humanize } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { useLiveJobs, type LiveJob } from '../live/use-live-jobs';

const PAGE_SIZES = ['20', '50', '100'];

export function JobsPage() {
  const { request, workflow } = useSession();
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const text = search.get('q') ?? '';
  const after = search.get('after') ?? undefined;
  const before = after ? undefined : (search.get('before') ?? undefined);
  const size = PAGE_SIZES.includes(search.get('size') ?? '') ? search.get('size')! : PAGE_SIZES[0]!;
  const [page, setPage] = useState<ConsoleLiveJobsQuery['jobs']>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState(text);
  const filter: JobFilter = {
    ...(status ? { status: [status as JobStatus] } : {}),
    ...(text ? { search: text } : {}),
  };
  const pageKey = JSON.stringify([status, text, after, before, size]);
  const queriedAt = useRef(performance.now());

  useEffect(() => {
    let current = true;
    setError(undefined);
    const range = before ? { last: Number(size), before } : { first: Number(size), after };
    queriedAt.current = performance.now();
    request(LiveJobsQuery, { ...range, filter }).then(
      (data) => current && setPage(data.jobs),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, pageKey]);
  const firstPage = !after && (!before || page?.pageInfo.hasPreviousPage === false);
  const { rows, added } = useLiveJobs(page, filter, pageKey, firstPage, queriedAt);

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
    // A new filter or page size starts from page one; a page move sets one cursor and drops the other.
    if (!('after' in changes)) params.delete('after');
    if (!('before' in changes)) params.delete('before');
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
            {workflow.statuses.map((s) => (
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
            {page.totalCount + added} {page.totalCount + added === 1 ? 'job' : 'jobs'}
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
              {rows.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {!firstPage && (
              <button type="button" onClick={() => go({})}>
                First page
              </button>
            )}
            {!firstPage && page.pageInfo.startCursor && (
              <button type="button" onClick={() => go({ before: page.pageInfo.startCursor ?? undefined })}>
                Previous page
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

function JobRow({ job }: { job: LiveJob }) {
  const { viewer } = useSession();
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
