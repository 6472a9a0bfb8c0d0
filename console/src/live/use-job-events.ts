// A job's event timeline, live: jobEvents from the last sequence seen. On a dropped connection graphql-ws
// re-subscribes with the same payload object, whose afterSequence is a getter: the server replays exactly what the
// timeline lacks. An event at or below the last sequence (it cannot come, but a timeline must never show one twice)
// is dropped; a gap would be a server bug and is shown as such, not papered over.
import { useEffect, useState } from 'preact/hooks';
import { JobEventsSubscription } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleJobEventsSubscription } from '../graphql/graphql';

export type TimelineEvent = ConsoleJobEventsSubscription['jobEvents'];

export interface Timeline {
  events: TimelineEvent[];
  /** The server ended the stream: the job finished (COMPLETED, FAILED, CANCELLED). */
  complete: boolean;
  error?: string;
}

/** `generation` restarts the stream (from the start) after it ended, e.g. when a finished job is retried. */
export function useJobEvents(jobId: string, generation = 0): Timeline {
  const { live } = useSession();
  const [timeline, setTimeline] = useState<Timeline>({ events: [], complete: false });
  useEffect(() => {
    let last = 0;
    const events: TimelineEvent[] = [];
    setTimeline({ events: [], complete: false });
    const variables = {
      jobId,
      get afterSequence() {
        return last;
      },
    };
    return live.subscribe(JobEventsSubscription, variables, {
      next: ({ jobEvents: event }) => {
        if (event.sequence <= last) return;
        const gap = event.sequence !== last + 1 ? `events ${last + 1}..${event.sequence - 1} are missing` : undefined;
        last = event.sequence;
        events.push(event);
        setTimeline({ events: [...events], complete: false, error: gap });
      },
      error: (message) => setTimeline((t) => ({ ...t, error: message })),
      complete: () => setTimeline((t) => ({ ...t, complete: true })),
    });
  }, [jobId, live, generation]);
  return timeline;
}
