// The "domain" of a task no built-in domain is confident about (./match-domain): nothing but the task and the
// person's answers. Their problem, success criteria, constraints and the commands they quoted become the rules,
// checks and red flags, phrased around the task's own activity; what needs an expert is listed under "To Complete"
// (./sections), never filled from another domain. Filed under a broad category found from the task's words.

import { technicalWordsIn } from '../../skill-content/rules';
import type { Domain } from './domain';
import { keywordHits } from './keywords';
import type { CollectedAnswers } from './answers';
import type { Activity } from './phrases';
import { quote, topicReferences } from './prose';
import { capitalize, splitClauses, wordsOf } from './text';

/** Broad category keywords for tasks no domain recognizes. */
const CATEGORY_KEYWORDS: [string, string, string[]][] = [
  [
    'security',
    'practices',
    ['security', 'privacy', 'password', 'passwords', 'encryption', 'compliance', 'secret', 'phishing'],
  ],
  ['testing', 'quality', ['test', 'tests', 'testing', 'qa', 'quality', 'bug', 'bugs', 'regression']],
  [
    'data',
    'analysis',
    [
      'data',
      'spreadsheet',
      'analytics',
      'analysis',
      'statistics',
      'dataset',
      'chart',
      'charts',
      'dashboard',
      'metrics',
      'report',
      'reports',
    ],
  ],
  [
    'operations',
    'infrastructure',
    [
      'server',
      'servers',
      'infrastructure',
      'monitoring',
      'ops',
      'devops',
      'backup',
      'backups',
      'cloud',
      'aws',
      'linux',
      'docker',
      'network',
      'terraform',
    ],
  ],
  [
    'design',
    'interfaces',
    ['design', 'ui', 'ux', 'figma', 'layout', 'color', 'colors', 'typography', 'wireframe', 'wireframes'],
  ],
  [
    'development',
    'practices',
    [
      'code',
      'coding',
      'program',
      'programming',
      'software',
      'function',
      'functions',
      'script',
      'scripts',
      'debug',
      'debugging',
      'javascript',
      'python',
      'typescript',
      'rust',
      'go',
      'java',
      'cli',
      'command',
      'commands',
    ],
  ],
  [
    'writing',
    'communication',
    [
      'write',
      'writing',
      'blog',
      'email',
      'emails',
      'essay',
      'copy',
      'newsletter',
      'letter',
      'story',
      'article',
      'articles',
      'proposal',
      'summary',
      'summaries',
      'presentation',
      'slides',
    ],
  ],
];

/** Whether a task names code or tools: the validator's technical words, so its skill will need a code example. */
export function isTechnicalTask(task: string): boolean {
  return technicalWordsIn(task, 1).length > 0;
}

export const TASK_DOMAIN_ID = 'task';

function categoryOf(task: string): [string, string] {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  for (const [cat, sub, keywords] of CATEGORY_KEYWORDS) {
    if (keywords.some((k) => keywordHits(k, words, joined))) return [cat, sub];
  }
  return ['general', 'workflows'];
}

/** Commands and code the person quoted in backticks (`terraform plan -out=tfplan`), in order, deduplicated. */
export function quotedCode(texts: string[]): string[] {
  const out: string[] = [];
  for (const t of texts)
    for (const m of t.matchAll(/`([^`\n]{2,200})`/g)) {
      const code = m[1]!.trim();
      // Commands and identifiers, not symbols such as `-/+`.
      if (/^[A-Za-z]/.test(code) && !out.includes(code)) out.push(code);
    }
  return out;
}

export interface TaskDomainInput {
  task: string;
  /** Noun phrase of the subject, original casing ("Terraform plans"). */
  topic: string;
  activity: Activity;
  answers?: CollectedAnswers;
}

/** A domain built only from the task and the answers (see the top of this file). */
export function taskDomain({ task, topic, activity, answers }: TaskDomainInput): Domain {
  const [category, subcategory] = categoryOf(task);
  const t = topic;
  // After the first mention in a step, row or list: "these plans", "them" (./prose topicReferences).
  const { near, pronoun } = topicReferences(topic);
  const a = activity.gerund;
  const problem = answers ? splitClauses(answers.problem.join(' '))[0] : undefined;
  const failures = answers?.failures ?? [];
  // Only commands the person gave as checks or detail: a command in a constraint or a failure is what not to do.
  const code = quotedCode([...(answers?.success ?? []), ...(answers?.extras ?? [])]);
  const success = answers ? answers.success.flatMap((s) => splitClauses(s)).slice(0, 6) : [];
  const firstSteps = [
    `Before ${a}, write down what the person expects of the ${t} when the work is done.`,
    problem
      ? `Look first for the problem the person described with ${near}: ${quote(problem, 200)}.`
      : `Ask what goes wrong today with ${near} before deciding how to go about it.`,
    ...failures.slice(0, 2).map((f) => `Check ${near} for a repeat of the failure seen before: ${quote(f, 200)}.`),
    `Decide every question about ${near} against the success criteria below, and ask when they do not settle it.`,
  ];
  return {
    id: TASK_DOMAIN_ID,
    strong: [],
    weak: [],
    category,
    subcategory,
    principle: `${capitalize(a)} is judged against the person's own success criteria; what this skill does not know about ${near} is marked for an expert, never guessed.`,
    triggers: [
      `work on the ${t} is about to be accepted or handed on`,
      `an earlier attempt at ${a} went wrong or was rejected`,
    ],
    areas: [
      { id: 'failures', label: `What goes wrong with ${t} today` },
      { id: 'checks', label: `How to check work on the ${t}` },
      { id: 'limits', label: `What must never happen to the ${t}` },
      { id: 'examples', label: `Worked examples of ${a}` },
    ],
    quickRef: [
      [
        `Starting on the ${t}`,
        `Write down what the finished work on ${pronoun} must satisfy, from the success criteria`,
      ],
      ...(problem
        ? ([[`The known problem with the ${t}`, `Look for it first - ${quote(problem, 160)}`]] as [string, string][])
        : []),
      [`A detail of the ${t} is unclear`, `Ask one specific question about ${near} instead of guessing`],
      [`A check of the ${t} fails`, `Stop, record which check of ${near} failed, and fix the cause before going on`],
    ],
    patterns: [
      {
        title: `Working Through the ${titleWords(t)}`,
        steps: firstSteps,
        code:
          code.length > 0
            ? { lang: 'bash', body: [`# ${t}: commands the person named as checks`, ...code].join('\n') }
            : success.length > 0
              ? { lang: 'text', body: [`${t}: done when`, ...success.map((s) => `[ ] ${s}`)].join('\n') }
              : undefined,
      },
      {
        title: `Reporting on the ${titleWords(t)}`,
        steps: [
          `State which checks of the ${t} passed and how each one was run.`,
          `List every part of ${near} you could not check, with the reason.`,
          `Never report the work on ${near} as done on a check you did not run.`,
        ],
      },
    ],
    mistakes: [
      `Accepting work on the ${t} that no check has covered`,
      `Guessing at a detail of ${near} instead of asking the person`,
      `Deciding a question about ${near} by habit instead of by the success criteria`,
    ],
    redFlags: [
      `About to accept work on the ${t} without running the checks the person asked for`,
      `A report on ${near} that leaves out what was not checked`,
      `Filling a gap in the rules for ${near} with a guess`,
    ],
    shortcut: `accept the ${lastWords(t, 3)} unchecked`,
    rule: `check the ${lastWords(t, 3)} against every success criterion`,
    outOfScope: `work other than ${a}`,
    verify: `each success criterion for the ${t} was checked, and the report says how`,
  };
}

/** Title casing for a topic inside a heading ("Terraform plans" -> "Terraform Plans"). */
function titleWords(text: string): string {
  return text
    .split(' ')
    .map((w) => (/^[a-z]/.test(w) ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');
}

function lastWords(text: string, n: number): string {
  return text.split(' ').slice(-n).join(' ');
}
