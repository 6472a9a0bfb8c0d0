// The one graphql-ws connection of the console. It reconnects for ever (with graphql-ws's backoff) while anything
// is subscribed; `variables` is stringified again on every (re)subscribe, so a subscription whose variables are
// getters (jobEvents' afterSequence) resumes from where it got to instead of from where it began.
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../graphql/graphql';
import { credentials, type Identity } from './identity';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface Live {
  subscribe<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    sink: { next(data: TResult): void; error?(message: string): void; complete?(): void },
  ): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  dispose(): void;
}

export function makeLive(identity: Identity, onSignInRequired: () => void): Live {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
  const listeners = new Set<(state: ConnectionState) => void>();
  let everConnected = false;
  const emit = (state: ConnectionState) => listeners.forEach((listener) => listener(state));
  const client: Client = createClient({
    url,
    lazy: true,
    connectionParams: () => credentials(identity),
    retryAttempts: Number.POSITIVE_INFINITY,
    // graphql-ws doubles its wait without bound (a minute after six tries): a restarted API is back within seconds.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 4000) + Math.random() * 500)),
    // Every close is retried (a restarting API closes with 1001 or 1006), except a refusal of the credentials.
    shouldRetry: (closeEvent) => (closeEvent as CloseEvent | undefined)?.code !== 4403,
    on: {
      connecting: () => emit(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        emit('connected');
      },
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === 4403) onSignInRequired();
      },
    },
  });
  return {
    subscribe(document, variables, sink) {
      return client.subscribe<never>(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            const error = (result as { errors?: Array<{ message: string }> }).errors?.[0];
            if (error) sink.error?.(error.message);
            else if (result.data) sink.next(result.data);
          },
          error: (error) => {
            const message = Array.isArray(error)
              ? String((error[0] as { message?: string } | undefined)?.message ?? 'subscription failed')
              : 'The live connection failed.';
            sink.error?.(message);
          },
          complete: () => sink.complete?.(),
        },
      );
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => void client.dispose(),
  };
}
