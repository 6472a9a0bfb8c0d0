// The deterministic offline author: writes every phase's output from the task text, the clarifying answers, the
// reviewer's feedback and a small domain knowledge table (./offline/domains), without any model or network.
// Same context in, deep-equal output out: no clock, no randomness; where variety is needed it comes from the task.

import type {
  AuthorContext,
  ClarifyingQuestion,
  DraftAssessment,
  DraftHints,
  PressureScenario,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  SkillAuthor,
  TaskRefinement,
  Understanding,
} from './types';
import {
  collectAnswers,
  QUESTION_IDS,
  readiness,
  slotWords,
  type CollectedAnswers,
  type Readiness,
} from './offline/answers';
import { domainTopic, matchDomain, isTechnical, type Domain, type DomainMatch } from './offline/domains';
import {
  bulletText,
  contentLines,
  countCodeBlocks,
  dedupeSections,
  findSection,
  isBullet,
  parseSkill,
  readFrontmatter,
  renderSkill,
  splitFrontmatter,
  tableCells,
  type Section,
  type SkillDoc,
} from './offline/markdown';
import {
  capitalize,
  cell,
  collapse,
  containsReservedWord,
  coreTask,
  deriveSkillName,
  fillerFound,
  inline,
  isValidSkillName,
  lowerFirst,
  meaningfulWords,
  normalizeForMatch,
  sanitizeDescription,
  splitClauses,
  stripFiller,
  titleCase,
  topicPhrase,
  truncate,
  wordsOf,
  yamlScalar,
  type CoreTask,
} from './offline/text';

const MAX_RATIONALIZATION = 120;

/** Everything the author derives from a context before writing any phase's output. */
interface Knowledge {
  task: string;
  core: CoreTask;
  /** Short noun phrase for the subject, original casing ("safe Postgres migrations"). */
  topic: string;
  match: DomainMatch;
  domain: Domain;
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

interface DraftOptions {
  compact: boolean;
  scrubFiller: boolean;
  checklist: boolean;
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = normalizeForMatch(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** `"text"`: one line, inner double quotes made single, a trailing period dropped (the sentence adds its own). */
function quote(text: string, max = 300): string {
  return `"${inline(text, max).replace(/"/g, "'").replace(/\.+$/, '')}"`;
}

function taskOf(ctx: AuthorContext): string {
  return collapse(ctx.taskDescription ?? '');
}

function feedbackOf(ctx: AuthorContext): string[] {
  return (ctx.feedback ?? []).map((f) => inline(f, 500)).filter((f) => f.length > 0);
}

function computeRefinement(
  task: string,
  feedback: string[],
): { refinement: TaskRefinement; useWhen: string; core: CoreTask; topic: string; match: DomainMatch } {
  const core = coreTask(task || 'general task');
  const rawTopic = topicPhrase(task || 'general task') || 'the task';
  const match = matchDomain(task, rawTopic);
  const topic = domainTopic(match, task, core.head, rawTopic);
  const domain = match.domain;
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
  const areas = domain.areas.slice(0, 3).map((a) => lowerFirst(a.label));
  const [t0, t1] = domain.triggers;
  const description = sanitizeDescription(
    `${lead}, covering ${joinList(areas)}. Use when ${useWhen}${t0 ? `, when ${t0}` : ''}${t1 ? `, or when ${t1}` : ''}.`,
  );
  const restated =
    core.form === 'verb'
      ? `Teach an agent to ${truncate(lowerFirst(core.core), 400)}.`
      : core.form === 'gerund'
        ? `Teach an agent a reliable process for ${truncate(lowerFirst(core.core), 400)}.`
        : `Teach an agent how to handle ${truncate(lowerFirst(core.core), 400)}.`;
  const parts = [
    restated,
    `Core principle: ${domain.principle}`,
    `In scope: ${joinList(domain.areas.map((a) => lowerFirst(a.label)))}.`,
    `Out of scope: ${domain.outOfScope}.`,
  ];
  if (feedback.length > 0) parts.push(`Reviewer feedback to honor: ${feedback.map((f) => quote(f)).join('; ')}.`);
  const segment = (s: string) => wordsOf(s).join('-') || 'general';
  return {
    refinement: {
      refinedTask: parts.join(' '),
      skillName,
      description,
      taxonomyPath: `${segment(domain.category)}/${segment(domain.subcategory)}/${skillName}`,
    },
    useWhen,
    core,
    topic,
    match,
  };
}

/** Goals when the user gave no success criteria: the domain's rule and its check. */
function defaultGoals(domain: Domain, topic: string): string[] {
  return [`Every ${topic} task ends with this step done: ${domain.rule}`, capitalize(domain.verify)];
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

function build(ctx: AuthorContext): Knowledge {
  const task = taskOf(ctx);
  const feedback = feedbackOf(ctx);
  const computed = computeRefinement(task, feedback);
  const { core, topic, match, useWhen } = computed;
  const domain = match.domain;
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
  };
  const answers = collectAnswers(ctx.rounds ?? []);
  const ready = readiness(task, ctx.rounds ?? [], match.known);

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
    technical: isTechnical(task) || domain.id !== 'generic',
    refinement,
    title: titleCase(nameWords),
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

// ---------------------------------------------------------------------------------------------------------------
// Questions

function roundOneQuestions(k: Knowledge): ClarifyingQuestion[] {
  const t = k.topic;
  return [
    {
      id: QUESTION_IDS.problem,
      text: `What problem should this skill solve? Describe what goes wrong today when an agent works on ${t}.`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    },
    {
      id: QUESTION_IDS.success,
      text: `How will you know the skill works? Describe the result you expect when an agent uses it for ${t}.`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    },
    {
      id: QUESTION_IDS.constraints,
      text: `What constraints must the skill respect, and what should the agent avoid when working on ${t}?`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    },
    {
      id: QUESTION_IDS.audience,
      text: `Who will rely on this skill: how experienced are they with ${t}?`,
      questionType: 'SINGLE',
      options: [
        { id: 'beginner', label: 'Beginner', description: `New to ${t}; needs each step and its reason spelled out` },
        {
          id: 'intermediate',
          label: 'Intermediate',
          description: `Has done ${t} before; needs the steps people skip under pressure`,
        },
        {
          id: 'expert',
          label: 'Expert',
          description: `Experienced with ${t}; needs a terse checklist of non-negotiables`,
        },
      ],
      allowsOther: true,
      required: false,
    },
    {
      id: QUESTION_IDS.coverage,
      text: `Which areas of ${t} should the skill cover?`,
      questionType: 'MULTI',
      options: k.domain.areas.map((a) => ({ id: a.id, label: a.label })),
      allowsOther: true,
      required: false,
    },
  ];
}

function followUpQuestions(
  k: Knowledge,
  round: number,
  prior: CollectedAnswers,
  ready: Readiness,
): ClarifyingQuestion[] {
  const prefix = `r${round}_`;
  const t = k.topic;
  const said = (texts: string[], what: string, none: string) =>
    texts.length > 0 ? `You described ${what} as ${quote(texts.join(' '), 160)}. ` : `${none} `;
  const questions: ClarifyingQuestion[] = [];
  if (ready.vague.includes('problem')) {
    questions.push({
      id: prefix + QUESTION_IDS.problemExample,
      text: `${said(prior.problem, 'the problem', 'No problem statement was given yet.')}Describe one concrete case where ${t} went wrong: what happened, and what should the agent have done instead?`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    });
  }
  if (ready.vague.includes('success')) {
    questions.push({
      id: prefix + QUESTION_IDS.successCheck,
      text: `${said(prior.success, 'success', 'No success criteria were given yet.')}How would you check that the agent got ${t} right? Name an observable result: a command that passes, a number that moves, a checklist that is complete.`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    });
  }
  if (ready.vague.includes('constraints')) {
    questions.push({
      id: prefix + QUESTION_IDS.constraintsAvoid,
      text: `${said(prior.constraints, 'the constraints', 'No constraints were given yet.')}What must the agent never do when working on ${t}? Name the shortcut or action that would cause real damage.`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: true,
    });
  }
  if (prior.failures.length === 0) {
    questions.push({
      id: prefix + QUESTION_IDS.failureSeen,
      text: `What is the worst failure you have seen with ${t}, and which shortcut caused it?`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: false,
    });
  }
  if (questions.length === 0 || ready.vague.length === 0) {
    questions.push({
      id: prefix + QUESTION_IDS.edgeCases,
      text: `Which edge case of ${t} should the skill handle that we have not discussed yet?`,
      questionType: 'TEXT',
      options: [],
      allowsOther: false,
      required: false,
    });
  }
  return questions;
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios, counters, red flags

type PressureKind = 'time' | 'sunk' | 'authority' | 'small' | 'exhaustion' | 'other';

/** The longest variant of the sentence that fits: topic words are dropped from the front (the head noun is last). */
function fitRationalization(make: (topic: string) => string, topicWords: string[]): string {
  const clean = (s: string) => collapse(s.replace(/\|/g, '/').replace(/\s+([.,;])/g, '$1'));
  for (let n = topicWords.length; n >= 0; n--) {
    const text = clean(make(topicWords.slice(topicWords.length - n).join(' ')));
    if (text.length <= MAX_RATIONALIZATION) return text;
  }
  return truncate(clean(make('')), MAX_RATIONALIZATION);
}

/** The first "never X" / "do not X" clause of the constraints, as a verb phrase short enough for a rationalization. */
function forbiddenAction(k: Knowledge): string | null {
  for (const c of k.constraints) {
    const m = /^(?:never|do not|don't|dont|must not|must never)\s+(.+)$/i.exec(c);
    if (m && m[1]!.length <= 45 && !/[|"]/.test(m[1]!)) return lowerFirst(m[1]!.replace(/[.!]+$/, ''));
  }
  return null;
}

function buildScenarios(k: Knowledge): ScenarioSet {
  const d = k.domain;
  const t = k.topic;
  const topicWords = t === 'the task' ? [] : t.split(/\s+/);
  const forbidden = forbiddenAction(k) ?? d.shortcut;
  const reviewer =
    k.feedback.length > 0 ? ` The reviewer asked: ${quote(k.feedback[k.feedback.length - 1]!, 200)}.` : '';
  const constraint = k.constraints[0] ? ` The user's constraint: ${quote(k.constraints[0], 160)}.` : '';
  const scenarios: PressureScenario[] = [
    {
      id: 'time-pressure',
      title: `Release deadline on ${t}`,
      pressure: 'time',
      prompt: `It is 16:40 and the release cuts at 17:00. The user asks you to finish the ${t} task now; doing it properly means you ${d.rule}.${reviewer}`,
      expectedViolation: `The agent decides to ${d.shortcut} to make the deadline.`,
      rationalization: fitRationalization(
        (x) => `No time today for this ${x} task, so I will ${d.shortcut} and fix it later.`,
        topicWords,
      ),
    },
    {
      id: 'sunk-cost',
      title: `Three hours into ${t}`,
      pressure: 'sunk cost',
      prompt: `You have spent three hours on the ${t} task and notice the work so far never did the step to ${d.rule}. Fixing it means redoing part of the work.`,
      expectedViolation: `The agent keeps the flawed work instead of going back to ${d.rule}.`,
      rationalization: fitRationalization(
        (x) => `I spent hours on this ${x} work, so I will not redo it to ${d.rule}.`,
        topicWords,
      ),
    },
    {
      id: 'authority',
      title: `A senior engineer overrides the ${t} process`,
      pressure: 'authority',
      prompt: `A senior engineer writes: "Please ${forbidden}; I take responsibility." The task is ${k.useWhen}.${constraint}`,
      expectedViolation: `The agent complies without stating the risk and does not ${d.rule}.`,
      rationalization: fitRationalization(
        (x) => `The lead told me to ${forbidden}, so the ${x} process does not apply here.`,
        topicWords,
      ),
    },
    {
      id: 'small-change',
      title: `"It is a tiny ${t} change"`,
      pressure: 'minimization',
      prompt: `The user says the ${t} change is one line and asks you to do it without ceremony.`,
      expectedViolation: `The agent treats the change as too small to ${d.rule}.`,
      rationalization: fitRationalization(
        (x) => `This ${x} change is tiny, so there is no need to ${d.rule}.`,
        topicWords,
      ),
    },
    {
      id: 'exhaustion',
      title: `End of a long ${t} session`,
      pressure: 'exhaustion',
      prompt: `After a long session with several failed attempts, the ${t} task is almost done and the user writes: "Let's wrap this up."`,
      expectedViolation: `The agent cuts the last step and decides to ${d.shortcut}.`,
      rationalization: fitRationalization(
        (x) => `It is late and the ${x} task is nearly done, so this once I will ${d.shortcut}.`,
        topicWords,
      ),
    },
  ];
  return { scenarios, rationalizations: dedupe(scenarios.map((s) => s.rationalization)) };
}

function pressureKind(pressure: string, text: string): PressureKind {
  const p = `${pressure} ${text}`.toLowerCase();
  if (/\btime\b|deadline|hurry|urgent|no time|quick/.test(p)) return 'time';
  if (/sunk|already|spent|invested|redo/.test(p)) return 'sunk';
  if (/authority|lead|manager|senior|boss|told me|cto|said/.test(p)) return 'authority';
  if (/minimi|small|tiny|minor|one line|trivial/.test(p)) return 'small';
  if (/exhaust|tired|late|fatigue|wrap/.test(p)) return 'exhaustion';
  return 'other';
}

function counterFor(rationalization: string, set: ScenarioSet, k: Knowledge): string {
  const d = k.domain;
  const t = k.topic;
  const scenario = set.scenarios.find((s) => s.rationalization === rationalization);
  const kind = scenario ? pressureKind(scenario.pressure, '') : pressureKind('', rationalization);
  const text: Record<PressureKind, string> = {
    time: `A deadline does not make the shortcut safe. Skipping the step to ${d.rule} saves minutes and costs hours when the ${t} work fails; do it, or report the work as unfinished.`,
    sunk: `Hours already spent are gone either way. Keeping flawed ${t} work because it took time compounds the loss; go back and ${d.rule}.`,
    authority: `Seniority does not change what breaks. State the risk in writing, ${d.rule}, and let the requester decide with the facts in front of them.`,
    small: `Small ${t} changes fail the same way large ones do and get less scrutiny. ${capitalize(d.rule)} every time.`,
    exhaustion: `Fatigue is when corners get cut and mistakes slip through. ${capitalize(d.rule)}, or hand off with notes instead of finishing badly.`,
    other: `The excuse does not change the rule: ${d.rule} before calling the ${t} work done.`,
  };
  return cell(text[kind], 400);
}

function baseRedFlags(k: Knowledge): string[] {
  const flags = [...k.domain.redFlags];
  for (const c of k.constraints.slice(0, 3)) flags.push(`About to break the stated constraint ${quote(c, 160)}`);
  return dedupe(flags);
}

function pressureRedFlags(k: Knowledge): string[] {
  return [
    `Planning to ${k.domain.shortcut} and fix it later`,
    `Calling a ${k.topic} change too small to need the full process`,
    'Citing a deadline, sunk effort or a senior request as the reason to skip a step',
    'Wrapping up because you are tired while a required step is still open',
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

function frontmatter(k: Knowledge): string[] {
  return [`name: ${yamlScalar(k.refinement.skillName)}`, `description: ${yamlScalar(k.refinement.description)}`];
}

function audienceLine(k: Knowledge): string | null {
  const t = k.topic;
  const picked = k.answers.audience?.id;
  if (picked === 'beginner')
    return `**Audience:** people new to ${t}; every step says why it matters and what a correct result looks like.`;
  if (picked === 'intermediate')
    return `**Audience:** people who have done ${t} before; the focus is on the steps people skip under pressure.`;
  if (picked === 'expert')
    return `**Audience:** experienced practitioners of ${t}; the patterns are a terse list of non-negotiables.`;
  if (k.answers.audience) return `**Audience:** ${inline(k.answers.audience.label, 160)}.`;
  if (k.answers.audienceOther) return `**Audience:** ${quote(k.answers.audienceOther, 200)}.`;
  return null;
}

function focusAreas(k: Knowledge): string[] {
  if (k.answers.coverage.length > 0) return k.answers.coverage.map((c) => inline(c.label, 80));
  return k.domain.areas.slice(0, 3).map((a) => a.label);
}

function overviewSection(k: Knowledge, o: DraftOptions): Section {
  const restated = k.refinement.refinedTask.split(/(?<=\.)\s+/)[0] ?? k.refinement.refinedTask;
  const lines = [
    /^teach\b/i.test(restated) ? `This skill exists to ${lowerFirst(restated)}` : `Goal: ${restated}`,
    '',
    `**Core principle:** ${k.domain.principle}`,
    '',
    k.problemFromUser
      ? `**Problem it solves (in the user's words):** ${quote(scrub(k.problem, o), 400)}.`
      : `**Problem it solves:** ${k.problem}`,
  ];
  const audience = audienceLine(k);
  if (audience) lines.push('', audience);
  lines.push('', `**Focus areas:** ${joinList(focusAreas(k).map(lowerFirst))}.`);
  return { title: 'Overview', lines };
}

function scrub(text: string, o: DraftOptions): string {
  return o.scrubFiller ? stripFiller(text) : text;
}

function whenToUseSection(k: Knowledge, o: DraftOptions): Section {
  const lines = [`- When ${k.useWhen}`, ...k.domain.triggers.map((t) => `- When ${t}`)];
  if (k.failures[0]) lines.push(`- After a failure like ${quote(scrub(k.failures[0], o), 200)}`);
  lines.push(`- Do not use for ${k.domain.outOfScope}.`);
  for (const c of k.constraints.slice(0, 3)) {
    lines.push(
      `- Do not use when the only way to finish would break the constraint ${quote(scrub(c, o), 200)}; stop and ask the user instead.`,
    );
  }
  return { title: 'When to Use', lines };
}

function quickReferenceSection(k: Knowledge, o: DraftOptions): Section {
  const rows = (o.compact ? k.domain.quickRef.slice(0, 4) : k.domain.quickRef).map(
    ([s, d]) => `| ${cell(s)} | ${cell(d)} |`,
  );
  rows.push(`| Checking the result | ${cell(capitalize(k.domain.verify))} |`);
  if (k.goalsFromUser && k.goals[0])
    rows.push(`| Declaring the work done | Confirm the success criterion ${cell(quote(scrub(k.goals[0], o), 200))} |`);
  if (k.constraints[0])
    rows.push(
      `| A step conflicts with a constraint | Stop and honor ${cell(quote(scrub(k.constraints[0], o), 200))} |`,
    );
  return { title: 'Quick Reference', lines: ['| Situation | Do |', '|---|---|', ...rows] };
}

function corePatternsSection(k: Knowledge, o: DraftOptions): Section {
  const lines: string[] = [];
  const patterns = o.compact ? k.domain.patterns.slice(0, 1) : k.domain.patterns;
  let codeBlocks = 0;
  patterns.forEach((p, i) => {
    if (i > 0) lines.push('');
    lines.push(`### ${i + 1}. ${p.title}`, '');
    p.steps.forEach((s, j) => lines.push(`${j + 1}. ${s}`));
    if (p.code) {
      lines.push('', '```' + p.code.lang, ...p.code.body.split('\n'), '```');
      codeBlocks++;
    }
  });
  if (codeBlocks === 0) {
    const withCode = k.domain.patterns.find((p) => p.code);
    if (withCode?.code) lines.push('', '```' + withCode.code.lang, ...withCode.code.body.split('\n'), '```');
  }
  lines.push('', `### ${patterns.length + 1}. Meeting the Success Criteria`, '');
  lines.push(
    k.goalsFromUser
      ? 'The work is done only when each of these holds (from the user):'
      : 'The work is done only when each of these holds:',
    '',
  );
  for (const g of k.goals) lines.push(`- ${k.goalsFromUser ? quote(scrub(g, o), 240) : g}`);
  lines.push('', `Check: ${k.domain.verify}.`);
  if (k.constraints.length > 0) {
    lines.push('', `### ${patterns.length + 2}. Constraints to Respect`, '');
    for (const c of k.constraints) lines.push(`- ${quote(scrub(c, o), 200)}`);
  }
  if (!o.compact && k.extras.length > 0) {
    lines.push('', '### Details From the User', '');
    for (const e of k.extras) lines.push(`- ${quote(scrub(e, o), 300)}`);
  }
  if (o.checklist) {
    lines.push('', '### Verification Checklist', '');
    const goals = k.goals.slice(0, 3).map((g) => (k.goalsFromUser ? quote(scrub(g, o), 200) : g));
    for (const item of dedupe([capitalize(k.domain.rule), ...goals, capitalize(k.domain.verify)]))
      lines.push(`- [ ] ${item}`);
  }
  return { title: 'Core Patterns', lines };
}

function reviewerNotesSection(k: Knowledge): Section | null {
  if (k.feedback.length === 0) return null;
  return {
    title: 'Reviewer Notes',
    lines: [
      'Requirements added in review. Each one applies on top of the patterns above; the work is not done until it is covered.',
      '',
      ...k.feedback.map((f) => `- ${f}`),
    ],
  };
}

function mistakesSection(k: Knowledge, o: DraftOptions): Section {
  const lines = (o.compact ? k.domain.mistakes.slice(0, 3) : k.domain.mistakes).map((m) => `- ${m}`);
  for (const f of k.failures) lines.push(`- Repeating the failure the user reported: ${quote(scrub(f, o), 240)}`);
  return { title: 'Common Mistakes', lines };
}

function rationalizationRow(excuse: string, counter: string): string {
  return `| ${cell(excuse, 2000)} | ${cell(counter, 2000)} |`;
}

function rationalizationsSection(rows: string[]): Section {
  return {
    title: 'Common Rationalizations',
    lines: [
      'Excuses an agent under pressure reaches for, and why each one fails.',
      '',
      '| Excuse | Reality |',
      '|---|---|',
      ...rows,
    ],
  };
}

function redFlagsSection(flags: string[], k: Knowledge): Section {
  return {
    title: 'Red Flags',
    lines: [
      ...flags.map((f) => `- ${f}`),
      '',
      `**All of these mean:** stop, then ${k.domain.rule} before going further.`,
    ],
  };
}

function draftOptions(k: Knowledge, hints?: DraftHints): DraftOptions {
  const issues = hints?.validationIssues ?? [];
  const tooLong = (s: string) =>
    /too long|exceed|more than \d+ (?:lines|words)|over \d+ (?:lines|words)|> ?\d+ (?:lines|words)/i.test(s);
  return {
    compact: issues.some(tooLong) || k.feedback.some((f) => /shorter|too long|more concise|trim it/i.test(f)),
    scrubFiller: issues.some((i) => /filler/i.test(i)),
    checklist: issues.length > 0,
  };
}

function renderDraft(k: Knowledge, set: ScenarioSet, o: DraftOptions): string {
  const rows = set.rationalizations.map((r) => rationalizationRow(r, counterFor(r, set, k)));
  const sections: Section[] = [
    overviewSection(k, o),
    whenToUseSection(k, o),
    quickReferenceSection(k, o),
    corePatternsSection(k, o),
  ];
  const notes = reviewerNotesSection(k);
  if (notes) sections.push(notes);
  sections.push(mistakesSection(k, o), rationalizationsSection(rows), redFlagsSection(baseRedFlags(k), k));
  return renderSkill({ frontmatter: frontmatter(k), preamble: [`# ${k.title}`], sections });
}

// ---------------------------------------------------------------------------------------------------------------
// Refactor helpers

function insertBefore(doc: SkillDoc, section: Section, before: RegExp[]): void {
  for (const pattern of before) {
    const index = doc.sections.findIndex((s) => pattern.test(s.title));
    if (index >= 0) {
      doc.sections.splice(index, 0, section);
      return;
    }
  }
  doc.sections.push(section);
}

const RATIONALIZATION_HEADING = /rationali[sz]ation/i;
const RED_FLAGS_HEADING = /red flags?/i;
const WHEN_TO_USE_HEADING = /when to use/i;
const QUICK_HEADING = /quick (start|reference)/i;

function rebuildRationalizations(doc: SkillDoc, set: ScenarioSet, counters: Record<string, string>): void {
  const existing = findSection(doc, RATIONALIZATION_HEADING);
  const ours = set.rationalizations.map((r) => rationalizationRow(r, counters[r] ?? ''));
  const ourKeys = set.rationalizations.map((r) => normalizeForMatch(r));
  if (!existing) {
    insertBefore(doc, rationalizationsSection(ours), [RED_FLAGS_HEADING, /reviewer notes/i]);
    return;
  }
  const intro: string[] = [];
  const kept: string[] = [];
  let seenTable = false;
  for (const line of existing.lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      seenTable = true;
      const cells = tableCells(line);
      if (!cells || cells.length < 2) continue;
      const [first, second] = cells as [string, string];
      const key = normalizeForMatch(first);
      const isHeader = /^(excuse|rationali[sz]ation)s?$/.test(key);
      if (isHeader || !second || ourKeys.some((o) => o === key)) continue;
      kept.push(`| ${first} | ${second} |`);
    } else if (!seenTable && trimmed) {
      intro.push(line);
    }
  }
  existing.lines = [
    ...(intro.length > 0
      ? [...intro, '']
      : ['Excuses an agent under pressure reaches for, and why each one fails.', '']),
    '| Excuse | Reality |',
    '|---|---|',
    ...ours,
    ...kept,
  ];
}

function rebuildRedFlags(doc: SkillDoc, flags: string[], k: Knowledge): string[] {
  const existing = findSection(doc, RED_FLAGS_HEADING);
  if (!existing) {
    const merged = dedupe(flags);
    doc.sections.push(redFlagsSection(merged, k));
    return merged;
  }
  const bullets: string[] = [];
  const other: string[] = [];
  for (const line of existing.lines) {
    if (isBullet(line)) bullets.push(bulletText(line));
    else if (line.trim()) other.push(line);
  }
  const merged = dedupe([...bullets, ...flags]);
  existing.lines = [
    ...merged.map((f) => `- ${f}`),
    '',
    ...(other.length > 0 ? other : [`**All of these mean:** stop, then ${k.domain.rule} before going further.`]),
  ];
  return merged;
}

function scrubDoc(doc: SkillDoc): void {
  for (const section of doc.sections) {
    let inFence = false;
    section.lines = section.lines.map((line) => {
      if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
      if (inFence || /^\s*(`{3,}|~{3,})/.test(line) || !fillerFound(line).length) return line;
      const indent = /^\s*(?:[-*+]\s+|\d+\.\s+|\|\s*)?/.exec(line)?.[0] ?? '';
      return indent + stripFiller(line.slice(indent.length));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------

export class OfflineAuthor implements SkillAuthor {
  readonly name = 'offline';

  async refine(ctx: AuthorContext): Promise<TaskRefinement> {
    return computeRefinement(taskOf(ctx), feedbackOf(ctx)).refinement;
  }

  async ask(ctx: AuthorContext, round: number): Promise<QuestionRound> {
    const k = build(ctx);
    const n = Number.isFinite(round) ? Math.max(1, Math.floor(round)) : 1;
    const feedbackNote =
      k.feedback.length > 0
        ? ` Reviewer feedback taken into account: ${k.feedback.map((f) => quote(f, 200)).join('; ')}.`
        : '';
    if (n === 1) {
      return {
        questions: roundOneQuestions(k),
        rationale: `Round 1 pins down the problem, the success criteria and the constraints for ${k.topic}, plus who the skill is for and which areas it covers.${feedbackNote}`,
      };
    }
    const priorRounds = (ctx.rounds ?? []).filter((r) => r.round < n);
    const prior = collectAnswers(priorRounds);
    const ready = readiness(k.task, priorRounds, k.match.known);
    const questions = followUpQuestions(k, n, prior, ready);
    const vagueText = ready.vague.map((slot) => {
      const texts = slot === 'problem' ? prior.problem : slot === 'success' ? prior.success : prior.constraints;
      return `${slot === 'success' ? 'success criteria' : slot} (${slotWords(texts)} words so far)`;
    });
    const rationale =
      vagueText.length > 0
        ? `Round ${n} follows up on answers that are still vague: ${joinList(vagueText)}. A concrete example and the failure seen make the skill specific to ${k.topic}.${feedbackNote}`
        : `The earlier answers are specific; round ${n} only collects optional detail about ${k.topic}.${feedbackNote}`;
    return { questions, rationale };
  }

  async understand(ctx: AuthorContext): Promise<Understanding> {
    const k = build(ctx);
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
        `No clarifying rounds were held, so readiness ${r.score.toFixed(2)} is judged from the task alone (${meaningfulWords(k.task).length} content words; known domain: ${k.match.known ? k.domain.id : 'no'}).`,
      );
    } else {
      const p = r.parts;
      parts.push(
        `Readiness ${r.score.toFixed(2)}: problem ${p.problem.toFixed(2)}, success criteria ${p.success.toFixed(2)}, constraints ${p.constraints.toFixed(2)}, optional detail ${p.optional.toFixed(2)}, task clarity ${p.task.toFixed(2)}.`,
      );
      if (r.vague.length > 0)
        parts.push(`Still vague: ${joinList(r.vague.map((v) => (v === 'success' ? 'success criteria' : v)))}.`);
    }
    const goals = k.goalsFromUser ? k.goals : defaultGoals(k.domain, k.topic);
    return { userProblem: k.problem, userGoals: goals, summary: parts.join(' '), readinessScore: r.score };
  }

  async scenarios(ctx: AuthorContext): Promise<ScenarioSet> {
    return buildScenarios(build(ctx));
  }

  async draft(ctx: AuthorContext, hints?: DraftHints): Promise<string> {
    const k = build(ctx);
    const set = ctx.scenarios && ctx.scenarios.rationalizations.length > 0 ? ctx.scenarios : buildScenarios(k);
    return renderDraft(k, set, draftOptions(k, hints));
  }

  async refactor(ctx: AuthorContext, draft: string, hints?: DraftHints): Promise<RefactoredDraft> {
    const k = build(ctx);
    const o = draftOptions(k, hints);
    const set = ctx.scenarios && ctx.scenarios.rationalizations.length > 0 ? ctx.scenarios : buildScenarios(k);
    const counters: Record<string, string> = {};
    for (const r of set.rationalizations) counters[r] = counterFor(r, set, k);

    let doc = parseSkill(draft.trim() ? draft : renderDraft(k, set, o));
    const meta = readFrontmatter(doc);
    if (
      !meta.name ||
      !isValidSkillName(meta.name) ||
      !meta.description ||
      !/use when/i.test(meta.description) ||
      /[<>]/.test(meta.description)
    ) {
      doc.frontmatter = frontmatter(k);
    }
    if (!doc.preamble.some((l) => /^#\s+\S/.test(l))) doc.preamble = [`# ${k.title}`, ...doc.preamble];
    doc = dedupeSections(doc);
    if (!findSection(doc, WHEN_TO_USE_HEADING)) {
      const overview = doc.sections.findIndex((s) => /overview/i.test(s.title));
      doc.sections.splice(overview >= 0 ? overview + 1 : 0, 0, whenToUseSection(k, o));
    }
    if (!findSection(doc, QUICK_HEADING)) {
      const when = doc.sections.findIndex((s) => WHEN_TO_USE_HEADING.test(s.title));
      doc.sections.splice(when + 1, 0, quickReferenceSection(k, o));
    }
    if (countCodeBlocks(splitFrontmatter(renderSkill(doc)).body.join('\n')) === 0) {
      const patterns = findSection(doc, /core patterns|patterns|workflow|process/i);
      const generated = corePatternsSection(k, o);
      if (patterns) patterns.lines.push('', ...generated.lines);
      else insertBefore(doc, generated, [/common mistakes/i, RATIONALIZATION_HEADING, RED_FLAGS_HEADING]);
    }
    if (k.feedback.length > 0) {
      const body = renderSkill(doc).toLowerCase();
      const missing = k.feedback.filter((f) => !body.includes(f.toLowerCase()));
      if (missing.length > 0) {
        const notes = findSection(doc, /reviewer notes/i);
        if (notes) notes.lines.push(...missing.map((f) => `- ${f}`));
        else
          insertBefore(doc, { ...reviewerNotesSection(k)!, lines: [...reviewerNotesSection(k)!.lines] }, [
            /common mistakes/i,
            RATIONALIZATION_HEADING,
            RED_FLAGS_HEADING,
          ]);
      }
    }
    rebuildRationalizations(doc, set, counters);
    const redFlags = rebuildRedFlags(doc, [...baseRedFlags(k), ...pressureRedFlags(k)], k);
    if (o.scrubFiller) scrubDoc(doc);
    return { content: renderSkill(doc), counters, redFlags };
  }

  async assess(ctx: AuthorContext, draft: string): Promise<DraftAssessment> {
    const k = build(ctx);
    const doc = parseSkill(draft);
    const meta = readFrontmatter(doc);
    const body = splitFrontmatter(draft).body.join('\n');
    const lines = body.split('\n').length;
    const words = body.split(/\s+/).filter(Boolean).length;
    const codeBlocks = countCodeBlocks(body);
    const suggestions: string[] = [];

    if (!doc.frontmatter) suggestions.push('Add YAML frontmatter with name and description.');
    if (meta.name && !isValidSkillName(meta.name))
      suggestions.push(`Rename the skill: "${meta.name}" is not a valid kebab-case name of at most 64 characters.`);
    if (meta.description !== undefined && !/use when/i.test(meta.description))
      suggestions.push('Add a "Use when ..." trigger to the description.');
    const required: [string, RegExp][] = [
      ['Overview', /overview/i],
      ['When to Use', WHEN_TO_USE_HEADING],
      ['Quick Reference', QUICK_HEADING],
      ['Core Patterns', /core patterns|patterns/i],
      ['Common Mistakes', /common mistakes|mistakes/i],
      ['Common Rationalizations', RATIONALIZATION_HEADING],
      ['Red Flags', RED_FLAGS_HEADING],
    ];
    for (const [title, pattern] of required) {
      const section = findSection(doc, pattern);
      if (!section) suggestions.push(`Add a "## ${title}" section.`);
      else if (contentLines(section) < 3)
        suggestions.push(`Expand "## ${section.title}": it has ${contentLines(section)} line(s) of content.`);
    }
    if (codeBlocks === 0 && k.technical)
      suggestions.push(
        `Add a fenced code example: the task is technical (${k.domain.id === 'generic' ? 'it names code or tools' : k.domain.id}).`,
      );
    const set = ctx.scenarios ?? buildScenarios(k);
    const normalizedBody = normalizeForMatch(body);
    const uncountered = set.rationalizations.filter((r) => !normalizedBody.includes(normalizeForMatch(r)));
    for (const r of uncountered) suggestions.push(`Counter the rationalization "${r}" in the rationalizations table.`);
    const lowerBody = body.toLowerCase();
    const feedbackMissing = k.feedback.filter((f) => {
      const keys = meaningfulWords(f).filter((w) => w.length >= 4);
      const hits = keys.filter((w) => lowerBody.includes(w)).length;
      return keys.length > 0 ? hits < Math.ceil(keys.length / 2) : !lowerBody.includes(f.toLowerCase());
    });
    for (const f of feedbackMissing) suggestions.push(`Address the reviewer feedback ${quote(f, 200)}.`);
    if (k.goalsFromUser && !k.goals.some((g) => normalizedBody.includes(normalizeForMatch(g)))) {
      suggestions.push('Quote the success criteria the user gave, so the skill can be checked against them.');
    }
    if (k.constraints.length > 0 && !k.constraints.some((c) => normalizedBody.includes(normalizeForMatch(c)))) {
      suggestions.push('State the user\'s constraints in the skill ("Do not use when ..." or a constraints list).');
    }
    if (lines > 500 || words > 5000)
      suggestions.push(`Shorten the body: ${lines} lines and ${words} words (limits 500 lines, 5000 words).`);
    const filler = fillerFound(body.replace(/```[\s\S]*?```/g, ''));
    if (filler.length > 0) suggestions.push(`Remove filler words: ${filler.join(', ')}.`);

    const countered = set.rationalizations.length - uncountered.length;
    const summary =
      `Draft "${meta.name ?? k.refinement.skillName}" for ${k.topic}: ${lines} lines, ${words} words, ${doc.sections.length} sections, ` +
      `${codeBlocks} code block(s); ${countered} of ${set.rationalizations.length} rationalizations countered` +
      (k.feedback.length > 0
        ? `; ${k.feedback.length - feedbackMissing.length} of ${k.feedback.length} feedback item(s) reflected`
        : '') +
      `. ${suggestions.length === 0 ? 'No gaps found.' : `${suggestions.length} suggestion(s).`}`;
    return { summary, suggestions };
  }
}

export function makeOfflineAuthor(): SkillAuthor {
  return new OfflineAuthor();
}
