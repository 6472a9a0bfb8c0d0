// The topicality check's parts (words, stems, subject terms, what counts as instructions, same-root matching) and
// its outcomes, table-driven through the module API and validateSkill. Pure, no database.
import { describe, expect, test } from 'vitest';
import { scanMarkdown } from '../../../resolvers/skill-content/markdown';
import {
  StemSet,
  instructionLines,
  instructionStems,
  stem,
  termsOf,
  words,
} from '../../../resolvers/skill-content/checks/subject';
import { buildContext } from '../../../resolvers/skill-content/checks/context';
import { measureTopicality } from '../../../resolvers/skill-content/checks/topicality';
import { messageOf } from './skill';

describe('words and stems', () => {
  test.each([
    ['Node.js and C++ v2', ['node', 'js', 'and', 'v2']],
    ['na\u00efve 42 caf\u00e9', ['naive', 'cafe']],
    ['', []],
  ])('words(%j)', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  test.each([
    ['plan', 'plan'],
    ['plans', 'plan'],
    ['planning', 'plan'],
    ['planned', 'plan'],
    ['migrations', 'migrat'],
    ['migrate', 'migrat'],
    ['migrating', 'migrat'],
    ['queries', 'queri'],
    ['query', 'queri'],
    ['triage', 'triag'],
    ['triaging', 'triag'],
    ['idempotent', 'idempotent'],
    ['idempotency', 'idempotent'],
    ['idempotence', 'idempotent'],
    ['changes', 'chang'],
    ['changed', 'chang'],
    ['note', 'note'],
    ['notes', 'note'],
    ['rolling', 'roll'],
    ['running', 'run'],
    ['classes', 'class'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['flaky', 'flaki'],
    ['flakiness', 'flaki'],
    ['dependencies', 'dependent'],
    ['quickly', 'quick'],
    ['go', 'go'],
    ['bed', 'bed'],
    ['sing', 'sing'],
  ])('stem(%j) is %j', (word, expected) => {
    expect(stem(word)).toBe(expected);
    expect(stem(word)).toBe(expected); // memoised: the same answer twice
  });

  test('subject terms drop stop words and the vocabulary every skill shares, keep the first form', () => {
    expect(termsOf('Teaches an agent to review Terraform plans; use when a plan is reviewed').map((t) => t)).toEqual([
      { stem: 'review', word: 'review' },
      { stem: 'terraform', word: 'terraform' },
      { stem: 'plan', word: 'plans' },
    ]);
    expect(termsOf('Use this skill when you need to write it safely')).toEqual([]);
  });
});

describe('same-root matching', () => {
  const stems = new StemSet(['postgresql', 'page', 'destruct', 'hand', 'kube', 'plan', 'zzz']);
  test.each([
    ['plan', true, 'the stem itself'],
    ['postgr', true, 'the start of a longer stem'],
    ['paginat', true, 'a 3-character prefix plus the kept "e"'],
    ['destructiv', true, 'a shorter stem of 5+ characters'],
    ['handoff', false, 'a 4-character prefix alone'],
    ['kubernet', false, 'a prefix lacking more than 4 characters'],
    ['pla', false, 'a 3-character term is matched exactly only'],
    ['terraform', false, 'absent'],
    ['plank', false, 'a longer word than a 4-character stem'],
    ['pag', false, 'a 3-character term is not a prefix plus "e" either'],
    ['postgresqlx', true, 'a 5+ character stem lacking one character'],
    ['zzzz', false, 'after the last stem'],
  ])('%j: %s (%s)', (term, expected) => {
    expect(stems.hasTerm(term)).toBe(expected);
  });
});

describe('words of the same root, and on how many lines', () => {
  test('a 4-character term is not matched by a 3-character prefix plus "e" ("roll" is not "role")', () => {
    expect(new StemSet(['role']).hasTerm('roll')).toBe(false);
    expect(new StemSet(['role']).hasTerm('rolout')).toBe(true);
  });

  test('sameRoot lists the term, the shorter stems and every longer one it starts (in code-unit order)', () => {
    expect(new StemSet(['destruct', 'plan', 'planner', 'planet', 'plank', 'pla']).sameRoot('plan')).toEqual([
      'plan',
      'planet',
      'plank',
      'planner',
    ]);
    expect(new StemSet(['destruct', 'destructiv']).sameRoot('destructiv')).toEqual(['destructiv', 'destruct']);
  });

  test('linesWith counts the lines holding any word of the root once each', () => {
    const { stems } = instructionStems(['plans and planning', 'the planner', 'no match here', 'plan']);
    expect(stems.linesWith('plan')).toBe(3);
    expect(stems.linesWith('match')).toBe(1);
    expect(stems.linesWith('absent')).toBe(0);
  });
});

describe('instruction lines', () => {
  const body = [
    '# Title Words',
    '',
    '## Overview',
    'overview words',
    '### Overview detail',
    'overview detail words',
    '## When to Use',
    'trigger words',
    '## Steps',
    '- step words',
    '> quoted answer words',
    'The person said "answer words" and \u201ccurly words\u201d here.',
    '```bash',
    'echo "code words"',
    '```',
    '## Red Flags',
    '- flag item',
    '# When to use',
    'level one trigger words',
    '## After',
    'after words',
  ].join('\n');

  test('exclude the title, structural headings, Overview and When to Use sections, blockquotes and quotes', () => {
    expect(instructionLines(scanMarkdown(body))).toEqual([
      '## Steps',
      '- step words',
      'The person said   and   here.',
      '```bash',
      'echo "code words"',
      '```',
      '- flag item',
      '## After',
      'after words',
    ]);
  });

  test('stems and word count of the instruction lines', () => {
    const { stems, wordCount } = instructionStems(['- step words', 'echo "code words"']);
    expect(stems.size).toBe(4);
    expect(['step', 'word', 'echo', 'code'].every((s) => stems.hasTerm(s))).toBe(true);
    expect(wordCount).toBe(5);
  });
});

describe('the check', () => {
  const frontmatter = (name: string, description: string) =>
    `---\nname: ${name}\ndescription: ${JSON.stringify(description)}\n---\n`;
  const filler = 'Keep each entry short and dated, and say who owns it and when it is due for another look.';
  const instructions = (...lines: string[]) =>
    `# T\n\n## Overview\n\nAbout it.\n\n## When to Use\n\n- Always.\n\n## Steps\n\n${lines.map((l) => `- ${l}\n`).join('')}- ${filler}\n- ${filler}\n`;
  const DESCRIPTION = 'Reviews terraform plans for destructive changes. Use when a plan destroys resources.';
  const terraform = (content: string) => `${frontmatter('terraform-plan-review', DESCRIPTION)}${content}`;
  const TAUGHT = [
    'Read the terraform plan for each destroyed resource and review it.',
    'Save the plan to a file before terraform apply, and review that file.',
    'Review every replaced resource in the terraform plan output.',
  ];

  test('passes when each key term is on three instruction lines', () => {
    expect(messageOf(terraform(instructions(...TAUGHT)), 'topicality')).toBeNull();
  });

  test('a key term on fewer lines earns part of its credit: one on 1 of 3 lines passes, all three on 1 fail', () => {
    const once = TAUGHT.map((l, i) => (i === 0 ? l : l.replace(/terraform /g, '')));
    expect(measureTopicality(buildContext(terraform(instructions(...once)), undefined)).evidence).toBeCloseTo(7 / 9);
    expect(messageOf(terraform(instructions(...once)), 'topicality')).toBeNull();
    expect(messageOf(terraform(instructions(TAUGHT[0]!)), 'topicality')).toBe(
      "the body barely mentions 'terraform' (1 line), 'plan' (1 line), 'review' (1 line): its instructions (headings, steps, tables, code blocks; not the Overview, When to Use or quoted answers) use the name's key terms on terraform 1, plan 1, review 1 lines (33% evidence) and 71% of the description's terms; needed: each key term on 3 lines (fewer count in part) for 50% on average with every distinctive one (terraform) present, and 10% of the description's terms; teach what the name and description promise, or change them",
    );
  });

  test('fails naming the absent distinctive term first, then the thin ones, with the line counts', () => {
    const content = terraform(instructions('Read the plan for each destroyed resource and review it.'));
    expect(messageOf(content, 'topicality')).toBe(
      "the body never addresses 'terraform' and barely mentions 'plan' (1 line), 'review' (1 line): its instructions (headings, steps, tables, code blocks; not the Overview, When to Use or quoted answers) use the name's key terms on terraform 0, plan 1, review 1 lines (22% evidence) and 57% of the description's terms; needed: each key term on 3 lines (fewer count in part) for 50% on average with every distinctive one (terraform) present, and 10% of the description's terms; teach what the name and description promise, or change them",
    );
  });

  test('an absent distinctive term fails whatever the evidence of the others, one of three may be absent', () => {
    const customer = (name: string, ...lines: string[]) =>
      `${frontmatter(name, 'Writes customer release announcements for a mobile app. Use when a release ships.')}${instructions(...lines)}`;
    const customers = ['Load the customer list.', 'Group each customer by plan.', 'Mail every customer.'];
    expect(messageOf(customer('customer-announcements', ...customers), 'topicality')).toMatch(
      /^the body never addresses 'announcements': .* use the name's key terms on customer 3, announcements 0 lines \(50% evidence\)/,
    );
    // Three distinctive terms (customer, mobile, announcements): mobile may be absent, announcements not as well.
    const announced = customers.map((l) => `${l} Draft the announcement.`);
    expect(messageOf(customer('customer-mobile-announcements', ...announced), 'topicality')).toBeNull();
    expect(messageOf(customer('customer-mobile-announcements', ...customers), 'topicality')).toMatch(
      /^the body never addresses 'mobile', 'announcements': .* with at most 1 of the distinctive ones \(customer, mobile, announcements\) absent, /,
    );
  });

  test('without shared terms only the description gate applies', () => {
    const content = `${frontmatter('tf-guard', DESCRIPTION)}${instructions('Read each line before approving the merge request today.')}`;
    expect(messageOf(content, 'topicality')).toMatch(
      /^the body never addresses 'reviews', 'terraform', 'plans', 'destructive', 'changes': its instructions .* use 0% of the description's terms; /,
    );
  });

  test.each([
    [
      'a body under 100 characters',
      `${frontmatter('terraform-plan-review', DESCRIPTION)}## Steps\n\n- Read it.\n`,
      'skipped: the body is too short to judge',
    ],
    [
      'fewer than 30 instruction words',
      `${frontmatter('terraform-plan-review', DESCRIPTION)}## Overview\n\n${filler} ${filler}\n\n## Steps\n\n- Read it twice.\n`,
      'skipped: too little instruction text to judge (4 words)',
    ],
    ['no frontmatter', `## Steps\n\n- ${filler}\n- ${filler}\n- ${filler}\n`, 'skipped: no name or description'],
    [
      'no subject words at all',
      `${frontmatter('general-task', 'Use when you need it.')}${instructions('Read it.')}`,
      'the name and description name no subject to look for',
    ],
  ])('%s', (_, content, message) => {
    expect(messageOf(content, 'topicality')).toBe(message);
  });
});
