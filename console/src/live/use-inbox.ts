// Every prompt waiting for the signed-in user, live: hitlPromptPending (those already pending, then each new one),
// and for each a jobUpdated subscription that drops it once its job no longer waits on it (answered here, in
// another tab, timed out or cancelled). Runs for the whole app: the header and the page title show the count.
import { useEffect, useState } from 'preact/hooks';
import { JobRowUpdatedSubscription, PromptPendingSubscription } from '../api/operations';
import type { Live } from '../api/live';
import type { ConsolePromptFragment } from '../graphql/graphql';

export function useInbox(live: Live): ConsolePromptFragment[] {
  const [prompts, setPrompts] = useState<ConsolePromptFragment[]>([]);
  useEffect(() => {
    const watching = new Map<string, () => void>();
    const drop = (id: string) => {
      watching.get(id)?.();
      watching.delete(id);
      setPrompts((all) => all.filter((p) => p.id !== id));
    };
    const stop = live.subscribe(
      PromptPendingSubscription,
      {},
      {
        next: ({ hitlPromptPending: prompt }) => {
          if (watching.has(prompt.id)) return;
          setPrompts((all) => [...all.filter((p) => p.id !== prompt.id), prompt]);
          watching.set(
            prompt.id,
            live.subscribe(
              JobRowUpdatedSubscription,
              { jobId: prompt.job.id },
              {
                next: ({ jobUpdated: job }) => {
                  if (job.pendingInteraction?.id !== prompt.id) drop(prompt.id);
                },
                complete: () => drop(prompt.id),
              },
            ),
          );
        },
      },
    );
    return () => {
      stop();
      watching.forEach((unsubscribe) => unsubscribe());
      setPrompts([]);
    };
  }, [live]);
  return prompts;
}
