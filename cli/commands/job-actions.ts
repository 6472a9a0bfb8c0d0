// `cancel`, `retry` and `promote`: one mutation each, the typed error as one line (exit 2) when refused.
import { request, type Connection } from '../connection';
import { CliError, EXIT, typedErrorLine, type ExitCode } from '../exit-codes';
import { CancelJobMutation, PromoteSkillMutation, RetryJobMutation } from '../operations';
import type { Output } from '../output';

interface Refusal {
  __typename: string;
  message: string;
  field?: string | null;
  currentStatus?: string | null;
}

function refused(result: Refusal): never {
  const status = result.currentStatus ? ` (job is ${result.currentStatus})` : '';
  throw new CliError(typedErrorLine(result) + status, EXIT.usage);
}

function report(out: Output, line: string, document: object): ExitCode {
  out.text(line);
  out.json(document);
  out.jsonl(document);
  return EXIT.ok;
}

export async function cancelJob(connection: Connection, out: Output, jobId: string, reason?: string) {
  const { cancelJob: result } = await request(connection, CancelJobMutation, { input: { jobId, reason } });
  if (result.__typename !== 'CancelJobSuccess') refused(result);
  return report(out, `Cancelled job ${result.job.jobId}.`, { job: result.job });
}

export async function retryJob(connection: Connection, out: Output, jobId: string) {
  const { retryJob: result } = await request(connection, RetryJobMutation, { input: { jobId } });
  if (result.__typename !== 'RetryJobSuccess') refused(result);
  return report(out, `Job ${result.job.jobId} is queued again (${result.job.status}).`, { job: result.job });
}

export async function promoteJob(
  connection: Connection,
  out: Output,
  jobId: string,
  flags: { overwrite?: boolean; force?: boolean },
) {
  const { promoteSkill: result } = await request(connection, PromoteSkillMutation, {
    input: { jobId, overwrite: flags.overwrite, force: flags.force },
  });
  if (result.__typename !== 'PromoteSkillSuccess') refused(result);
  const { skill, job } = result;
  return report(out, `Published skill "${skill.name}" ${skill.version} at ${skill.taxonomyPath}.`, { job, skill });
}
