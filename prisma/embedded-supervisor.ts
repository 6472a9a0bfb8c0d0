// The process that started the embedded PostgreSQL keeps it running: when the postmaster dies (the OOM killer, a
// crash), it is started again on the same port and data folder, and PostgreSQL's crash recovery replays its log.
// The pools and the event listener reconnect on their own. After `maxAttempts` failed starts in a row the owner is
// told to give up, so that a process supervisor can act. Each attempt's failure is only counted, never logged: the
// caller reports the loss once and the return once.
import { ServerStopping, type EmbeddedPostgres } from './embedded-postgres';

export interface SupervisionOptions {
  /** Failed starts in a row before giving up. */
  maxAttempts?: number;
  /** Delay before attempt n (1-based); defaults to 200 ms doubling up to 5 s. */
  delayMs?: (attempt: number) => number;
  /** The server exited on its own; a restart begins. */
  onLost(how: string): void;
  /** It accepts connections again. */
  onBack(outcome: { seconds: number; attempts: number }): void;
  /** Every attempt failed; `message` is one line for the operator. */
  onGiveUp(message: string): void;
}

export const DEFAULT_RESTART_ATTEMPTS = 5;

const defaultDelay = (attempt: number) => Math.min(5_000, 200 * 2 ** (attempt - 1));

/** First line of an error, bounded (PostgreSQL's start-up output can be long). */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim());
  // waitUntilReady puts the server's own output after a colon; its FATAL line says why.
  const fatal = lines.find((line) => /FATAL|PANIC/.test(line));
  return (fatal ?? lines[0] ?? 'unknown error').slice(0, 300);
}

export function superviseEmbeddedPostgres(server: EmbeddedPostgres, options: SupervisionOptions): void {
  if (!server.owned) return;
  const maxAttempts = options.maxAttempts ?? DEFAULT_RESTART_ATTEMPTS;
  const delayMs = options.delayMs ?? defaultDelay;
  let restarting = false;
  server.onUnexpectedExit((how) => {
    if (restarting) return;
    restarting = true;
    const lostAt = Date.now();
    options.onLost(how);
    void (async () => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, delayMs(attempt)));
        try {
          await server.restart();
          restarting = false;
          options.onBack({ seconds: (Date.now() - lostAt) / 1000, attempts: attempt });
          return;
        } catch (error) {
          lastError = error;
          if (error instanceof ServerStopping) return;
        }
      }
      const seconds = ((Date.now() - lostAt) / 1000).toFixed(1);
      options.onGiveUp(
        `the embedded PostgreSQL exited (${how}) and ${maxAttempts} restarts in a row failed over ${seconds} s; ` +
          `last: ${firstLine(lastError)}`,
      );
    })();
  });
}
