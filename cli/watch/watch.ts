// `skills-fleet watch <job>`: follows a job's events to its end, asking its prompts on the way. Ends at COMPLETED
// (0), FAILED (1), CANCELLED (3) and PENDING_REVIEW (5, with what to do next); a prompt nobody here can answer
// ends it with 4 and the command that answers it.
import type { JobStateQuery } from '../../clients/graphql/graphql';
import { request, type Connection } from '../connection';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { JobStateQuery as JobState } from '../operations';
import type { Output } from '../output';
import { answerPrompt, type AnswerSources } from '../prompts/respond';
import { makeDisplay, type Display } from './display';
import { jobEvents, type JobEvent } from './event-stream';

type JobView = NonNullable<JobStateQuery['job']>;

export async function loadJob(connection: Connection, id: string): Promise<JobView> {
  const { job } = await request(connection, JobState, { id });
  if (!job) throw new CliError(`no job ${id} (or it is not yours)`, EXIT.usage);
  return job;
}

export async function watchJob(
  connection: Connection,
  out: Output,
  id: string,
  sources: AnswerSources,
): Promise<ExitCode> {
  const job = await loadJob(connection, id);
  const display = makeDisplay(out);
  const seen: JobEvent[] = [];
  // Ctrl-C between prompts (a prompt being asked takes Ctrl-C as a key): watching stops, the job does not.
  const onInterrupt = () => {
    display.close();
    process.stderr.write(
      `Stopped watching; job ${job.jobId} goes on. Follow it again with: skills-fleet watch ${job.jobId}\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const stream = jobEvents(connection, job.jobId, {
      onReconnect: (after, reason) => display.note(`connection lost (${reason}); resuming after event #${after}`),
    });
    for await (const event of stream) {
      seen.push(event);
      display.event(event);
      if (event.type === 'HITL_REQUESTED') {
        const outcome = await promptOf(connection, out, display, job.jobId, event, sources);
        if (outcome === 'needs-person' || outcome === 'interrupted') return finish(EXIT.waitingForPerson);
      }
      if (event.status === 'PENDING_REVIEW') {
        // Only an end if it still is (a replay may show an old review that a promotion has since resolved).
        const now = await loadJob(connection, job.jobId);
        if (now.status === 'PENDING_REVIEW') {
          display.note(`Job ${job.jobId} is waiting for review: ${now.progressMessage ?? 'a person must decide'}`);
          display.note(`Publish it with: skills-fleet promote ${job.jobId}${overwriteHint(now.progressMessage)}`);
          return finish(EXIT.pendingReview);
        }
      }
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    display.close();
  }
  const final = await loadJob(connection, job.jobId);
  if (final.status === 'FAILED') display.note(`Job ${job.jobId} failed: ${final.error ?? 'no reason recorded'}`);
  else if (final.status === 'CANCELLED') display.note(`Job ${job.jobId} was cancelled.`);
  else if (final.status === 'COMPLETED')
    display.note(`Job ${job.jobId} completed: skill "${final.skillName}" at ${final.finalPath ?? '-'}`);
  return finish(exitCodeOf(final.status));

  function finish(code: ExitCode): ExitCode {
    out.json({ jobId: job.jobId, exitCode: code, events: seen });
    return code;
  }
}

export function exitCodeOf(status: string): ExitCode {
  switch (status) {
    case 'COMPLETED':
      return EXIT.ok;
    case 'FAILED':
      return EXIT.failed;
    case 'CANCELLED':
      return EXIT.cancelled;
    case 'PENDING_REVIEW':
      return EXIT.pendingReview;
    case 'PENDING_HITL':
      return EXIT.waitingForPerson;
    default:
      throw new CliError(`the event stream ended while the job is ${status}`, EXIT.unreachable);
  }
}

function overwriteHint(message: string | null | undefined): string {
  return message?.includes('overwrite') ? ' --overwrite' : ' (add --force to publish a draft that fails validation)';
}

/** Asks the prompt an event announced, if it is still the pending one (a replayed old prompt is skipped). */
async function promptOf(
  connection: Connection,
  out: Output,
  display: Display,
  jobId: string,
  event: JobEvent,
  sources: AnswerSources,
) {
  const interactionId = (event.data as { interactionId?: number } | null)?.interactionId;
  const pending = (await loadJob(connection, jobId)).pendingInteraction;
  if (!pending || pending.interactionId !== interactionId || pending.status !== 'PENDING') return 'answered' as const;
  display.pause();
  return answerPrompt(connection, out, pending, sources);
}
