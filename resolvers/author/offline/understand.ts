// DEEP_UNDERSTANDING: the user's problem and goals from the answers (or inferred from the task), and a summary
// that quotes them, with the readiness score that decides whether another round is asked.

import type { AuthorContext, Understanding } from '../types';
import { buildKnowledge, defaultGoals, domainSentence } from './knowledge';
import { meaningfulWords } from './phrases';
import { joinList, quote } from './prose';
import { inline, lowerFirst } from './text';

export function understandAnswers(ctx: AuthorContext): Understanding {
  const k = buildKnowledge(ctx);
  const a = k.answers;
  const r = k.readiness;
  const parts: string[] = [
    `Skill goal: ${k.refinement.refinedTask.split(/(?<=\.)\s+/)[0] ?? k.refinement.refinedTask}`,
  ];
  parts.push(
    k.problemFromUser
      ? `Problem, in the user's words: ${quote(k.problem, 400)}.`
      : `Problem (inferred from the task; no answer yet): ${k.problem}`,
  );
  parts.push(
    a.success.length > 0
      ? `Success looks like: ${a.success.map((s) => quote(s, 300)).join('; ')}.`
      : `Success criteria: none given; the draft will check that ${k.domain.verify}.`,
  );
  parts.push(
    a.constraints.length > 0
      ? `Constraints: ${a.constraints.map((c) => quote(c, 300)).join('; ')}.`
      : 'Constraints: none stated.',
  );
  const audience = a.audience?.label ?? (a.audienceOther ? inline(a.audienceOther, 120) : null);
  if (audience) parts.push(`Audience: ${audience}.`);
  if (a.coverage.length > 0) parts.push(`Areas to cover: ${joinList(a.coverage.map((c) => lowerFirst(c.label)))}.`);
  if (a.failures.length > 0) parts.push(`Failures seen: ${a.failures.map((f) => quote(f, 240)).join('; ')}.`);
  if (a.extras.length > 0) parts.push(`Further detail: ${a.extras.map((e) => quote(e, 240)).join('; ')}.`);
  if (k.feedback.length > 0)
    parts.push(`Reviewer feedback to address: ${k.feedback.map((f) => quote(f, 300)).join('; ')}.`);
  if ((ctx.rounds ?? []).length === 0) {
    parts.push(
      `No clarifying rounds were held, so readiness ${r.score.toFixed(2)} is judged from the task alone (${meaningfulWords(k.task).length} content words; known domain: ${k.known ? k.domain.id : 'no'}).`,
    );
  } else {
    const p = r.parts;
    parts.push(
      `Readiness ${r.score.toFixed(2)}: problem ${p.problem.toFixed(2)}, success criteria ${p.success.toFixed(2)}, constraints ${p.constraints.toFixed(2)}, optional detail ${p.optional.toFixed(2)}, task clarity ${p.task.toFixed(2)}.`,
    );
    if (r.vague.length > 0)
      parts.push(`Still vague: ${joinList(r.vague.map((v) => (v === 'success' ? 'success criteria' : v)))}.`);
  }
  parts.push(domainSentence(k.match));
  const goals = k.goalsFromUser ? k.goals : defaultGoals(k.domain, k.topic);
  return { userProblem: k.problem, userGoals: goals, summary: parts.join(' '), readinessScore: r.score };
}
