// The live event timeline of a job.
import type { Timeline } from '../live/use-job-events';
import { humanize } from '../lib/format';

export function TimelineView(props: { timeline: Timeline }) {
  const { events, complete, error } = props.timeline;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ol class="timeline" data-testid="timeline" aria-label="Events" tabIndex={0}>
        {events.map((event) => (
          <li key={event.sequence} data-sequence={event.sequence}>
            <span class="seq">#{event.sequence}</span>
            <span class="event-body">
              <span class="event-type">{humanize(event.type)}</span>
              {event.phase && <span class="muted"> · {humanize(event.phase)}</span>}
              {event.message && <span class="event-message"> — {event.message}</span>}
            </span>
            <time dateTime={event.createdAt} class="muted">
              {new Date(event.createdAt).toLocaleTimeString()}
            </time>
          </li>
        ))}
      </ol>
      <p class="muted" data-testid="timeline-state">
        {complete ? 'The job has finished: this is the whole log.' : 'Live: new events appear as they happen.'}
      </p>
    </section>
  );
}
