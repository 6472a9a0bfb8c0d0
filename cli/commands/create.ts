// `skills-fleet create "<task>"`: queues a job with its HITL policy from the flags; prints the job id, or with
// --watch follows it like `watch`.
import type { HitlPolicyInput } from '../../clients/graphql/graphql';
import { request, type Connection } from '../connection';
import { CliError, EXIT, typedErrorLine, type ExitCode } from '../exit-codes';
import { CreateSkillJobMutation } from '../operations';
import type { Output } from '../output';
import type { AnswerSources } from '../prompts/respond';
import { watchJob } from '../watch/watch';

export const POLICY_FLAGS = ['clarify', 'confirm', 'preview', 'tdd', 'validate'] as const;

export interface CreateFlags {
  /** false for --no-prompts. */
  prompts?: boolean;
  clarify?: boolean;
  confirm?: boolean;
  preview?: boolean;
  tdd?: boolean;
  validate?: boolean;
  timeoutSeconds?: number;
}

/** --no-prompts turns every pause off; a flag of its own (--preview, --no-clarify, ...) still wins over it. */
export function policyFromFlags(flags: CreateFlags): HitlPolicyInput | undefined {
  const policy: HitlPolicyInput = {};
  for (const field of POLICY_FLAGS) {
    const value = flags[field] ?? (flags.prompts === false ? false : undefined);
    if (value !== undefined) policy[field] = value;
  }
  if (flags.timeoutSeconds !== undefined) policy.timeoutSeconds = flags.timeoutSeconds;
  return Object.keys(policy).length > 0 ? policy : undefined;
}

export async function createJob(
  connection: Connection,
  out: Output,
  task: string,
  flags: CreateFlags & { idempotencyKey?: string; watch?: boolean },
  sources: AnswerSources,
): Promise<ExitCode> {
  const { createSkillJob: result } = await request(connection, CreateSkillJobMutation, {
    input: { taskDescription: task, hitl: policyFromFlags(flags), idempotencyKey: flags.idempotencyKey },
  });
  if (result.__typename !== 'CreateSkillJobSuccess') throw new CliError(typedErrorLine(result), EXIT.usage);
  const { job } = result;
  if (flags.watch) {
    out.note(`Created job ${job.jobId}`);
    return watchJob(connection, out, job.jobId, sources);
  }
  out.text(job.jobId);
  out.json({ job });
  out.jsonl(job);
  return EXIT.ok;
}
