// Asking a prompt in the terminal (@inquirer/prompts): one question at a time, SINGLE as a select, MULTI as a
// multi-select, BOOLEAN as yes/no, TEXT as text, "Other" where allowed; a review shows its material, then asks
// for an action. Ctrl-C makes @inquirer throw ExitPromptError; the caller leaves the prompt pending.
import { spawnSync } from 'node:child_process';
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { HitlAction, HitlAnswerInput, PromptFieldsFragment } from '../../clients/graphql/graphql';
import type { Output } from '../output';
import { paintDiff, splitReviewSummary } from './review-diff';

type Prompt = PromptFieldsFragment['prompt'];
export type Question = Extract<Prompt, { __typename: 'QuestionsPrompt' }>['questions'][number];
export type Review = Extract<Prompt, { __typename: 'ReviewPrompt' }>;

const OTHER = '\u0000other';
const SKIP = '\u0000skip';

export async function askQuestion(question: Question, out: Output): Promise<HitlAnswerInput> {
  const questionId = question.id;
  const message = question.required ? question.text : `${question.text} ${out.colors.dim('(optional)')}`;
  const choices = question.options.map((o) => ({
    name: o.label,
    value: o.id,
    description: o.description ?? undefined,
  }));
  const other = question.allowsOther ? [{ name: 'Other (type my own answer)', value: OTHER }] : [];
  switch (question.questionType) {
    case 'TEXT': {
      const blank = (value: string) => (question.required && !value.trim() ? 'An answer is required' : true);
      const text = (await input({ message, required: question.required, validate: blank })).trim();
      return { questionId, text: text || null };
    }
    case 'BOOLEAN': {
      if (question.required) return { questionId, text: (await confirm({ message })) ? 'yes' : 'no' };
      const word = await select({
        message,
        choices: [
          { name: 'Yes', value: 'yes' },
          { name: 'No', value: 'no' },
          { name: 'Skip', value: SKIP },
        ],
      });
      return { questionId, text: word === SKIP ? null : word };
    }
    case 'SINGLE': {
      const skip = question.required ? [] : [{ name: 'Skip', value: SKIP }];
      const chosen = await select({ message, choices: [...choices, ...other, ...skip] });
      if (chosen === SKIP) return { questionId, optionIds: [] };
      if (chosen === OTHER) return { questionId, text: await askOther() };
      return { questionId, optionIds: [chosen] };
    }
    case 'MULTI': {
      const chosen = await checkbox({ message, choices: [...choices, ...other], required: question.required });
      const optionIds = chosen.filter((id) => id !== OTHER);
      return chosen.includes(OTHER) ? { questionId, optionIds, text: await askOther() } : { questionId, optionIds };
    }
  }
}

function askOther(): Promise<string> {
  return input({ message: 'Your answer', required: true }).then((text) => text.trim());
}

const ACTION_LABELS: Record<HitlAction, string> = {
  PROCEED: 'Approve and go on',
  REVISE: 'Ask for changes',
  CANCEL: 'Cancel the job',
};

export async function askReview(review: Review, out: Output): Promise<{ action: HitlAction; feedback?: string }> {
  const c = out.colors;
  const { summary, diff } = splitReviewSummary(review.summary);
  out.text(c.bold(review.title));
  out.text(summary);
  for (const highlight of review.highlights) out.text(`  • ${highlight}`);
  if (review.content || diff) showContent(withChanges(review.content ?? '', diff, out), out);
  const action = await select({
    message: 'What now?',
    choices: review.allowedActions.map((a) => ({ name: ACTION_LABELS[a], value: a })),
  });
  if (action !== 'REVISE') return { action };
  const feedback = await input({ message: 'What should change?', required: true });
  return { action, feedback: feedback.trim() };
}

/** The material, then the server's diff against the draft the person reviewed when it sent one. */
function withChanges(content: string, diff: string[] | null, out: Output): string {
  if (diff === null) return content;
  const heading = out.colors.bold('── Changes since the draft you reviewed ──');
  return `${content}\n\n${heading}\n${paintDiff(diff, out.colors)}`;
}

/** Long material goes through the pager ($PAGER, else less) so the prompt stays on screen; short is printed. */
function showContent(content: string, out: Output): void {
  const rows = process.stdout.rows ?? 24;
  if (content.split('\n').length > rows - 6) {
    const [command = 'less', ...args] = (process.env.PAGER ?? 'less -R').split(' ').filter(Boolean);
    const shown = spawnSync(command, args, { input: content, stdio: ['pipe', 'inherit', 'inherit'] });
    if (!shown.error && shown.status === 0) return;
  }
  out.text(out.colors.dim('─'.repeat(40)));
  out.text(content);
  out.text(out.colors.dim('─'.repeat(40)));
}
