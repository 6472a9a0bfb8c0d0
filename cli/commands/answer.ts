// `answer <job|interaction>` (the pending prompt, once) and `inbox` (every prompt waiting for me; pick one).
import { select } from '@inquirer/prompts';
import type { PromptFieldsFragment } from '../../clients/graphql/graphql';
import { request, type Connection } from '../connection';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { PendingPromptsQuery } from '../operations';
import { printList, type Output } from '../output';
import { answerPrompt, answerCommand, type AnswerSources, type PromptOutcome } from '../prompts/respond';
import { renderTable } from '../table';

async function pendingPrompts(connection: Connection): Promise<PromptFieldsFragment[]> {
  const { pendingHitlJobs } = await request(connection, PendingPromptsQuery, {});
  return pendingHitlJobs.flatMap((job) => (job.pendingInteraction ? [job.pendingInteraction] : []));
}

/** The prompt `ref` names: a job (UUID or global id) or an interaction (numeric or global id). */
export function findPrompt(prompts: PromptFieldsFragment[], ref: string): PromptFieldsFragment | undefined {
  const lower = ref.toLowerCase();
  return prompts.find(
    (p) => String(p.interactionId) === ref || p.id === ref || p.job.jobId === lower || p.job.id === ref,
  );
}

const QUIT = Symbol('quit');

function exitOf(outcome: PromptOutcome): ExitCode {
  return outcome === 'answered' ? EXIT.ok : EXIT.waitingForPerson;
}

export async function answerOne(
  connection: Connection,
  out: Output,
  ref: string,
  sources: AnswerSources,
): Promise<ExitCode> {
  const prompt = findPrompt(await pendingPrompts(connection), ref);
  if (!prompt) throw new CliError(`no pending prompt for ${ref} (answered already, or not yours)`, EXIT.usage);
  const outcome = await answerPrompt(connection, out, prompt, sources);
  out.json({ interactionId: prompt.interactionId, jobId: prompt.job.jobId, outcome });
  out.jsonl({ interactionId: prompt.interactionId, jobId: prompt.job.jobId, outcome });
  return exitOf(outcome);
}

export async function inbox(connection: Connection, out: Output, sources: AnswerSources): Promise<ExitCode> {
  const prompts = await pendingPrompts(connection);
  const describe = (p: PromptFieldsFragment) => `${p.interactionType} round ${p.roundNumber}: ${p.job.taskDescription}`;
  if (!out.interactive && (sources.answers || sources.yes)) {
    // A script: answer every prompt that --answers or --yes covers; the rest are listed with their command.
    const outcomes = [];
    for (const prompt of prompts) outcomes.push(await answerPrompt(connection, out, prompt, sources));
    const answered = outcomes.filter((o) => o === 'answered').length;
    out.json({ answered, waiting: outcomes.length - answered });
    return outcomes.every((o) => o === 'answered') ? EXIT.ok : EXIT.waitingForPerson;
  }
  if (!out.interactive || prompts.length === 0) {
    printList(out, 'prompts', prompts, () =>
      prompts.length === 0
        ? 'Nothing is waiting for you.'
        : renderTable(
            ['PROMPT', 'TYPE', 'JOB', 'TASK', 'ANSWER WITH'],
            prompts.map((p) => [
              String(p.interactionId),
              p.interactionType,
              p.job.jobId,
              p.job.taskDescription,
              answerCommand(p),
            ]),
          ),
    );
    return EXIT.ok;
  }
  // A person at the terminal: pick one, answer it, then pick again from what is still waiting (re-read, so prompts
  // answered elsewhere or created since show as they are), until nothing is left or they quit.
  let waiting = prompts;
  for (;;) {
    let chosen: PromptFieldsFragment | typeof QUIT;
    try {
      chosen = await select<PromptFieldsFragment | typeof QUIT>({
        message: `${waiting.length} prompt(s) wait for you; answer which?`,
        choices: [
          ...waiting.map((p) => ({ name: describe(p), value: p, description: p.job.jobId })),
          { name: 'Quit (the rest stay pending)', value: QUIT },
        ],
      });
    } catch (error) {
      if ((error as Error).name !== 'ExitPromptError') throw error;
      out.note('Interrupted: nothing was sent.');
      return EXIT.waitingForPerson;
    }
    if (chosen === QUIT) return EXIT.ok;
    const outcome = await answerPrompt(connection, out, chosen, sources);
    if (outcome !== 'answered') return exitOf(outcome);
    waiting = await pendingPrompts(connection);
    if (waiting.length === 0) {
      out.note('Nothing else is waiting for you.');
      return EXIT.ok;
    }
  }
}
