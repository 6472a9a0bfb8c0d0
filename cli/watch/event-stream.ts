// A job's events over graphql-ws (jobEvents), resumed after a dropped connection from the last sequence seen, so
// the caller sees every event exactly once and in order. Gives up (exit 6) after `maxOutageMs` without a connection.
import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';
import type { JobEventsSubscription as JobEventsResult } from '../../clients/graphql/graphql';
import { CliError, EXIT } from '../exit-codes';
import type { Connection } from '../connection';
import { JobEventsSubscription } from '../operations';

export type JobEvent = JobEventsResult['jobEvents'];

export interface EventStreamOptions {
  afterSequence?: number;
  /** How long to keep trying to reconnect before giving up. */
  maxOutageMs?: number;
  /** Called when a connection dropped and the stream reconnects (for a note to the person). */
  onReconnect?: (afterSequence: number, reason: string) => void;
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000];

export async function* jobEvents(
  connection: Connection,
  jobId: string,
  { afterSequence = 0, maxOutageMs = 60_000, onReconnect }: EventStreamOptions = {},
): AsyncGenerator<JobEvent> {
  let last = afterSequence;
  let failures = 0;
  let outageSince: number | null = null;
  for (;;) {
    const client = makeClient(connection);
    try {
      const results = client.iterate({
        query: JobEventsSubscription.toString(),
        variables: { jobId, afterSequence: last },
      });
      for await (const result of results) {
        if (result.errors?.length) throw new CliError(`jobEvents: ${result.errors[0]?.message}`, EXIT.usage);
        const event = (result.data as { jobEvents?: JobEvent } | null | undefined)?.jobEvents;
        if (!event) continue;
        failures = 0;
        outageSince = null;
        // The server promises no duplicates; the check keeps that promise visible across our own reconnects.
        if (event.sequence <= last) continue;
        last = event.sequence;
        yield event;
      }
      return;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const fatal = fatalError(error, connection);
      if (fatal) throw fatal;
      outageSince ??= Date.now();
      if (Date.now() - outageSince > maxOutageMs)
        throw new CliError(`lost the connection to ${connection.wsUrl}: ${describe(error)}`, EXIT.unreachable);
      onReconnect?.(last, describe(error));
      await delay(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)] ?? 2000);
    } finally {
      await client.dispose();
    }
  }
}

function makeClient(connection: Connection): Client {
  return createClient({
    url: connection.wsUrl,
    // Node 20 has no WebSocket global; the ws package is what the service itself uses.
    webSocketImpl: WebSocket,
    connectionParams: connection.connectionParams,
    // Reconnecting is ours: graphql-ws would resubscribe with the first afterSequence and replay events.
    retryAttempts: 0,
    lazy: true,
  });
}

/** Errors that reconnecting cannot fix: refused credentials and GraphQL errors (e.g. no such job). */
function fatalError(error: unknown, connection: Connection): CliError | null {
  if (Array.isArray(error)) {
    const first = error[0] as { message?: string } | undefined;
    return new CliError(`jobEvents: ${first?.message ?? 'refused'}`, EXIT.usage);
  }
  const code = closeCode(error);
  if (code === 4403 || code === 4401)
    return new CliError(`the server refused the credentials on ${connection.wsUrl} (close ${code})`, EXIT.unreachable);
  if (code !== null && code >= 4000 && code !== 4499)
    return new CliError(`the server closed the subscription: ${describe(error)}`, EXIT.unreachable);
  return null;
}

function closeCode(error: unknown): number | null {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') return error.code;
  return null;
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as { code?: string }).code ?? error.message;
  const code = closeCode(error);
  if (code !== null) {
    const reason = (error as { reason?: string }).reason;
    return `close ${code}${reason ? ` ${reason}` : ''}`;
  }
  return String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
