// Everything the offline author derives from a job's context before it writes any phase's output: the task's core
// and topic, its domain, the refinement, and what the clarifying answers and the feedback say.

import { isValidSkillName } from '../../skill-content/rules';
import type { AuthorContext, DomainChoice, TaskRefinement } from '../types';
import { collectAnswers, readiness, type CollectedAnswers, type Readiness } from './answers';
import type { Domain } from './domain';
import { DOMAIN_THRESHOLD, domainTopic, matchDomain, type DomainMatch } from './match-domain';
import {
  activityOf,
  activityTitle,
  containsReservedWord,
  coreTask,
  deriveSkillName,
  titleCase,
  topicPhrase,
  type Activity,
  type CoreTask,
} from './phrases';
import { isTechnicalTask, taskDomain } from './task-domain';
import { dedupe, joinList, quote } from './prose';
import { capitalize, collapse, inline, lowerFirst, sanitizeDescription, splitClauses, truncate, wordsOf } from './text';

/** Everything the author derives from a context before writing any phase's output. */
export interface Knowledge {
  task: string;
  core: CoreTask;
  /** Short noun phrase for the subject, original casing ("safe Postgres migrations"). */
  topic: string;
  match: DomainMatch;
  /** A built-in domain's knowledge (known) or one built from the task and the answers (./task-domain). */
  domain: Domain;
  known: boolean;
  activity: Activity;
  technical: boolean;
  refinement: TaskRefinement;
  title: string;
  /** Completes "Use when ...": "asked to write safe Postgres migrations". */
  useWhen: string;
  answers: CollectedAnswers;
  readiness: Readiness;
  /** The user's problem: their answers when given, else inferred from the task. */
  problem: string;
  problemFromUser: boolean;
  /** Success criteria clauses from the answers (quoted in the draft), else the understanding's goals. */
  goals: string[];
  goalsFromUser: boolean;
  constraints: string[];
  failures: string[];
  extras: string[];
  feedback: string[];
}

export function taskOf(ctx: AuthorContext): string {
  return collapse(ctx.taskDescription ?? '');
}

export function feedbackOf(ctx: AuthorContext): string[] {
  return (ctx.feedback ?? []).map((f) => inline(f, 500)).filter((f) => f.length > 0);
}

/** "code-review" -> "Code review". */
function domainLabel(id: string): string {
  return capitalize(id.replace(/-/g, ' '));
}

export function domainChoice(match: DomainMatch): DomainChoice {
  return {
    id: match.best?.id ?? 'none',
    label: match.best ? domainLabel(match.best.id) : 'none',
    confidence: match.confidence,
    threshold: DOMAIN_THRESHOLD,
    used: match.domain !== null,
  };
}

/** One sentence on the domain choice, for the refined task and the phase message. */
export function domainSentence(match: DomainMatch): string {
  const c = match.confidence.toFixed(2);
  if (match.domain) return `Domain: ${match.domain.id} (confidence ${c}, threshold ${DOMAIN_THRESHOLD}).`;
  const best = match.best ? `best match ${match.best.id} at ${c}` : 'no domain keyword in the task';
  return `Domain: none fits (${best}, threshold ${DOMAIN_THRESHOLD}); the draft is built from the task and the answers, and marks what needs an expert.`;
}

export function computeRefinement(
  task: string,
  feedback: string[],
): {
  refinement: TaskRefinement;
  useWhen: string;
  core: CoreTask;
  topic: string;
  match: DomainMatch;
  activity: Activity;
} {
  const core = coreTask(task || 'general task');
  const rawTopic = topicPhrase(task || 'general task') || 'the task';
  const match = matchDomain(task);
  const topic = domainTopic(match.domain, task, core.head, rawTopic);
  const activity = activityOf(core);
  const domain = match.domain ?? taskDomain({ task, topic, activity });
  const skillName = deriveSkillName(task || 'general task');
  const subject = truncate(lowerFirst(core.core), 200);
  const lead =
    core.form === 'verb'
      ? `Teaches an agent to ${subject}`
      : core.form === 'gerund'
        ? `Guides an agent through ${subject}`
        : `Teaches an agent how to handle ${subject}`;
  const useWhen =
    core.form === 'verb' ? `asked to ${subject}` : core.form === 'gerund' ? subject : `working on ${subject}`;
  const [t0, t1] = domain.triggers;
  const covering = match.domain
    ? `, covering ${joinList(domain.areas.slice(0, 3).map((a) => lowerFirst(a.label)))}`
    : '';
  const description = sanitizeDescription(
    `${lead}${covering}. Use when ${useWhen}${t0 ? `, when ${t0}` : ''}${t1 ? `, or when ${t1}` : ''}.`,
  );
  const restated =
    core.form === 'verb'
      ? `Teach an agent to ${truncate(lowerFirst(core.core), 400)}.`
      : core.form === 'gerund'
        ? `Teach an agent a reliable process for ${truncate(lowerFirst(core.core), 400)}.`
        : `Teach an agent how to handle ${truncate(lowerFirst(core.core), 400)}.`;
  const parts = [restated, `Core principle: ${domain.principle}`];
  if (match.domain) parts.push(`In scope: ${joinList(domain.areas.map((a) => lowerFirst(a.label)))}.`);
  parts.push(`Out of scope: ${domain.outOfScope}.`, domainSentence(match));
  if (feedback.length > 0) parts.push(`Reviewer feedback to honor: ${feedback.map((f) => quote(f)).join('; ')}.`);
  const segment = (s: string) => wordsOf(s).join('-') || 'general';
  return {
    refinement: {
      refinedTask: parts.join(' '),
      skillName,
      description,
      taxonomyPath: `${segment(domain.category)}/${segment(domain.subcategory)}/${skillName}`,
      domain: domainChoice(match),
    },
    useWhen,
    core,
    topic,
    match,
    activity,
  };
}

/** Goals when the user gave no success criteria: the domain's rule and its check. */
export function defaultGoals(domain: Domain, topic: string): string[] {
  const the = /^the\s/i.test(topic) ? topic : `the ${topic}`;
  return [`Work on ${the} ends with this step done: ${domain.rule}`, capitalize(domain.verify)];
}

function validName(candidate: string | undefined, fallback: string): string {
  if (candidate && isValidSkillName(candidate)) return candidate;
  if (candidate) {
    const words = wordsOf(candidate).filter((w) => !containsReservedWord(w));
    while (words.length > 0 && /^[0-9]/.test(words[0]!)) words.shift();
    const kebab = words.join('-').slice(0, 64).replace(/-+$/, '');
    if (isValidSkillName(kebab)) return kebab;
  }
  return fallback;
}

export function buildKnowledge(ctx: AuthorContext): Knowledge {
  const task = taskOf(ctx);
  const feedback = feedbackOf(ctx);
  const computed = computeRefinement(task, feedback);
  const { core, topic, match, useWhen, activity } = computed;
  const given = ctx.refinement;
  const skillName = validName(given?.skillName, computed.refinement.skillName);
  let description = given?.description ? sanitizeDescription(given.description) : computed.refinement.description;
  if (!/use when/i.test(description))
    description = sanitizeDescription(`${truncate(description, 700)} Use when ${useWhen}.`);
  const refinement: TaskRefinement = {
    refinedTask: given?.refinedTask ? inline(given.refinedTask, 2000) : computed.refinement.refinedTask,
    skillName,
    description,
    taxonomyPath: given?.taxonomyPath || computed.refinement.taxonomyPath,
    domain: computed.refinement.domain,
  };
  const answers = collectAnswers(ctx.rounds ?? []);
  const known = match.domain !== null;
  const domain = match.domain ?? taskDomain({ task, topic, activity, answers });
  const ready = readiness(task, ctx.rounds ?? [], known);

  const problemFromUser = answers.problem.length > 0;
  const problem = problemFromUser
    ? answers.problem.map((p) => inline(p, 400)).join(' ')
    : ctx.understanding?.userProblem
      ? inline(ctx.understanding.userProblem, 400)
      : `Without guidance, an agent ${useWhen} tends to ${domain.shortcut} instead of taking the time to ${domain.rule}.`;

  const userGoals = dedupe(answers.success.flatMap((s) => splitClauses(s))).map((g) => inline(g, 240));
  const goalsFromUser = userGoals.length > 0;
  const goals = goalsFromUser
    ? userGoals.slice(0, 6)
    : ctx.understanding?.userGoals?.length
      ? ctx.understanding.userGoals.slice(0, 6).map((g) => inline(g, 240))
      : defaultGoals(domain, topic);

  const constraints = dedupe(answers.constraints.flatMap((c) => splitClauses(c)))
    .slice(0, 6)
    .map((c) => inline(c, 200));
  const failures = answers.failures.map((f) => inline(f, 300)).slice(0, 3);
  const extras = answers.extras.map((e) => inline(e, 300)).slice(0, 3);
  const nameWords = skillName.split('-');
  return {
    task,
    core,
    topic,
    match,
    domain,
    known,
    activity,
    technical: isTechnicalTask(task) || known,
    refinement,
    title: activityTitle(activity.gerund) ?? titleCase(nameWords),
    useWhen,
    answers,
    readiness: ready,
    problem,
    problemFromUser,
    goals,
    goalsFromUser,
    constraints,
    failures,
    extras,
    feedback,
  };
}
