// The domain of a task the table does not recognize: general practice phrased around the task's own topic, filed
// under a broad category found from its words.

import { technicalWordsIn } from '../../skill-content/rules';
import type { Domain } from './domain';
import { keywordHits } from './keywords';
import { wordsOf } from './text';

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

/** A domain for tasks the table does not cover: general practice phrased around the task's own topic. */
export function genericDomain(task: string, topic: string): Domain {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  let category = 'general';
  let subcategory = 'workflows';
  for (const [cat, sub, keywords] of CATEGORY_KEYWORDS) {
    if (keywords.some((k) => keywordHits(k, words, joined))) {
      category = cat;
      subcategory = sub;
      break;
    }
  }
  const technical = isTechnicalTask(task);
  return {
    id: 'generic',
    strong: [],
    weak: [],
    category,
    subcategory,
    principle: `Do ${topic} work in small, verified steps, and check the result against the stated success criteria before calling it done.`,
    triggers: [
      `the work involves ${topic}`,
      `a previous attempt at ${topic} went wrong or was rejected`,
      `someone asks for a check or review of ${topic} work`,
    ],
    areas: [
      { id: 'core-workflow', label: `The core ${topic} workflow` },
      { id: 'inputs', label: 'Gathering inputs and context' },
      { id: 'edge-cases', label: 'Edge cases and failure handling' },
      { id: 'verification', label: 'Verifying the result' },
      { id: 'communication', label: 'Reporting the outcome' },
    ],
    quickRef: [
      ['Starting', 'Restate the goal and the success criteria in one sentence each'],
      ['Missing information', 'Ask one specific question instead of guessing'],
      ['Each step', 'Check its result before moving on'],
      ['Something fails', 'Stop, record what happened, and fix the cause'],
      ['Finishing', 'Compare the result against every success criterion'],
    ],
    patterns: [
      {
        title: 'Plan, do, check',
        steps: [
          `Write down what a finished ${topic} result looks like before starting.`,
          'Break the work into steps small enough to check one at a time.',
          'Check each step against the plan; fix deviations before continuing.',
        ],
        code: {
          lang: 'text',
          body: [
            `${topic} checklist`,
            '[ ] Goal and success criteria written down',
            '[ ] Inputs and constraints collected',
            technical
              ? '[ ] Each change followed by its checks (tests, linters, a dry run)'
              : '[ ] Each step checked before the next',
            '[ ] Result compared against every success criterion',
            '[ ] Outcome and open questions reported',
          ].join('\n'),
        },
      },
      {
        title: 'Report what was done and what was not',
        steps: [
          'State what was completed and how it was checked.',
          'List anything skipped or uncertain, with the reason.',
          'Never report success on a step you did not verify.',
        ],
      },
    ],
    mistakes: [
      'Starting before the goal and the success criteria are clear',
      'Guessing at missing information instead of asking',
      'Skipping the final check because the work looks finished',
      'Reporting success without saying how it was verified',
    ],
    redFlags: [
      'Starting work without a written definition of done',
      'A step completed but never checked',
      'A report that hides skipped or uncertain parts',
    ],
    shortcut: 'skip the final check',
    rule: 'check the result against every success criterion',
    outOfScope: `work unrelated to ${topic}`,
    verify: 'every success criterion was checked and the check is described in the report',
  };
}
