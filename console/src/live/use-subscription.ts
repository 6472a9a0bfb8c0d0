// The latest value of a subscription (jobUpdated, ...) while the component is mounted; `key` restarts it.
import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../api/session';
import type { TypedDocumentString } from '../graphql/graphql';

export function useSubscription<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  key: string,
  enabled = true,
): { data?: TResult; error?: string; complete: boolean } {
  const { live } = useSession();
  const [state, setState] = useState<{ data?: TResult; error?: string; complete: boolean }>({ complete: false });
  useEffect(() => {
    if (!enabled) return;
    setState({ complete: false });
    return live.subscribe(document, variables, {
      next: (data) => setState({ data, complete: false }),
      error: (error) => setState((s) => ({ ...s, error })),
      complete: () => setState((s) => ({ ...s, complete: true })),
    });
    // `key` stands for the variables: a new object each render must not restart the subscription.
  }, [live, key, enabled]);
  return state;
}
