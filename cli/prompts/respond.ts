// Answering one pending prompt: from --answers, from --yes (reviews only), or by asking the person at the
// terminal; otherwise the prompt is left for a person and the caller exits 4 with the command that answers it.
import type { HitlAnswerInput, PromptFieldsFragment, RespondToHitlInput } from '../../clients/graphql/graphql';
import { request, type Connection } from '../connection';
import { CliError, EXIT, typedErrorLine } from '../exit-codes';
import { RespondToHitlMutation } from '../operations';
import type { Output } from '../output';
import type { AnswersFile } from './answers-file';
import { responseFromFile } from './answers-file';
import { askQuestion, askReview } from './ask';

export interface AnswerSources {
  answers?: AnswersFile;
  /** PROCEED every review. */
  yes?: boolean;
}

export type PromptOutcome = 'answered' | 'needs-person' | 'interrupted';

export function answerCommand(interaction: PromptFieldsFragment): string {
  return `skills-fleet answer ${interaction.interactionId}`;
}

export async function answerPrompt(
  connection: Connection,
  out: Output,
  interaction: PromptFieldsFragment,
  sources: AnswerSources,
): Promise<PromptOutcome> {
  const what = `${interaction.interactionType} (round ${interaction.roundNumber}) of job ${interaction.job.jobId}`;
  const fromFile = sources.answers ? responseFromFile(sources.answers, interaction) : { kind: 'none' as const };
  if (fromFile.kind === 'response') {
    await sendOrFail(connection, fromFile.input);
    out.note(`Answered ${what} from --answers (${fromFile.input.action}).`);
    return 'answered';
  }
  const isReview = interaction.prompt.__typename === 'ReviewPrompt';
  if (isReview && sources.yes && fromFile.kind === 'none') {
    await sendOrFail(connection, { interactionId: interaction.id, action: 'PROCEED' });
    out.note(`Approved ${what} (--yes).`);
    return 'answered';
  }
  if (out.interactive && fromFile.kind === 'none') {
    try {
      await askUntilAccepted(connection, out, interaction);
      out.note(`Answered ${what}.`);
      return 'answered';
    } catch (error) {
      if ((error as Error).name !== 'ExitPromptError') throw error;
      out.note(
        `Interrupted: nothing was sent, the prompt stays pending. Answer it later with: ${answerCommand(interaction)}`,
      );
      return 'interrupted';
    }
  }
  if (fromFile.kind === 'missing')
    out.note(`--answers has no answer to the required question(s) ${fromFile.questionIds.join(', ')} of ${what}.`);
  out.note(`Waiting for a person: ${what}. Answer it with: ${answerCommand(interaction)}`);
  return 'needs-person';
}

type Result = Awaited<ReturnType<typeof send>>;

function send(connection: Connection, input: RespondToHitlInput) {
  return request(connection, RespondToHitlMutation, { input }).then((r) => r.respondToHitl);
}

async function sendOrFail(connection: Connection, input: RespondToHitlInput): Promise<void> {
  const result = await send(connection, input);
  if (result.__typename !== 'RespondToHitlSuccess') throw new CliError(refusal(result), EXIT.usage);
}

function refusal(result: Exclude<Result, { __typename: 'RespondToHitlSuccess' }>): string {
  return typedErrorLine({ ...result, field: result.__typename === 'ValidationError' ? result.field : null });
}

/** Asks, sends, and when the server refuses an answer shows why and asks that question (or the review) again. */
async function askUntilAccepted(connection: Connection, out: Output, interaction: PromptFieldsFragment): Promise<void> {
  const prompt = interaction.prompt;
  if (prompt.__typename === 'ReviewPrompt') {
    for (;;) {
      const answer = await askReview(prompt, out);
      const result = await send(connection, { interactionId: interaction.id, ...answer });
      if (result.__typename === 'RespondToHitlSuccess') return;
      if (result.__typename !== 'ValidationError') throw new CliError(refusal(result), EXIT.usage);
      out.note(out.colors.red(refusal(result)));
    }
  }
  if (prompt.rationale) out.text(out.colors.dim(prompt.rationale));
  // One answer per question, in order, so the server's "answers.N" field names the question to ask again.
  const answers: HitlAnswerInput[] = [];
  for (const question of prompt.questions) answers.push(await askQuestion(question, out));
  for (;;) {
    const result = await send(connection, { interactionId: interaction.id, action: 'PROCEED', answers });
    if (result.__typename === 'RespondToHitlSuccess') return;
    if (result.__typename !== 'ValidationError') throw new CliError(refusal(result), EXIT.usage);
    out.note(out.colors.red(refusal(result)));
    const index = Number(/^answers\.(\d+)/.exec(result.field ?? '')?.[1] ?? NaN);
    const question = prompt.questions[index];
    if (question) answers[index] = await askQuestion(question, out);
    else for (const [i, q] of prompt.questions.entries()) answers[i] = await askQuestion(q, out);
  }
}
