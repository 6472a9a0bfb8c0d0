// The exit codes of every command: scripts branch on them, `--help` and README document them.
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  cancelled: 3,
  waitingForPerson: 4,
  pendingReview: 5,
  unreachable: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `
Exit codes:
  0  completed (or promoted, or the command did what it was asked)
  1  the job failed
  2  usage or input error (including a typed error of the server)
  3  the job was cancelled
  4  a prompt waits for a person (non-interactive, or interrupted with Ctrl-C while asking)
  5  the job is PENDING_REVIEW (a person must promote it)
  6  cannot reach or authenticate to the server
  130  Ctrl-C while watching (the job goes on)`;

/** An error meant for the person running the command: one readable line and an exit code, never a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** A typed error of the server (`ValidationError`, `NotFoundError`, `InvalidStateError`) as one line. */
export function typedErrorLine(error: { __typename?: string; message: string; field?: string | null }): string {
  const field = error.field ? ` (field ${error.field})` : '';
  return `${error.__typename ?? 'Error'}: ${error.message}${field}`;
}
