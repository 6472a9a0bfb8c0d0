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
    ['postgresqlx', true, 'a 5+ character stem lacking one character'],
    ['zzzz', false, 'after the last stem'],
  ])('%j: %s (%s)', (term, expected) => {
    expect(stems.hasTerm(term)).toBe(expected);
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
  const instructions = (line: string) =>
    `# T\n\n## Overview\n\nAbout it.\n\n## When to Use\n\n- Always.\n\n## Steps\n\n- ${line}\n- ${filler}\n- ${filler}\n`;
  const DESCRIPTION = 'Reviews terraform plans for destructive changes. Use when a plan destroys resources.';

  test('passes when the instructions use the key and distinctive terms', () => {
    const content = `${frontmatter('terraform-plan-review', DESCRIPTION)}${instructions('Read the terraform plan for each destroyed resource and review it.')}`;
    expect(messageOf(content, 'topicality')).toBeNull();
  });

  test('fails naming the distinctive term first, with the shares', () => {
    const content = `${frontmatter('terraform-plan-review', DESCRIPTION)}${instructions('Read the plan for each destroyed resource and review it.')}`;
    expect(messageOf(content, 'topicality')).toBe(
      "the body never addresses 'terraform': its instructions (headings, steps, tables, code blocks; not the Overview, When to Use or quoted answers) use 67% of the name's key terms (terraform, plan, review) and 57% of the description's terms; needed: 50% of the key terms and 50% of those not common to every skill, 10% of the description's; teach what the name and description promise, or change them",
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
