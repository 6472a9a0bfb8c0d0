// The validator's body checks (sections, code examples, length, filler), each pinned by its exact message and
// its bounds through the public validateSkill API. Pure, no database.
import { describe, expect, test } from 'vitest';
import { BODY, failures, messageOf, skill, withName } from './skill';

const WHEN_TO_USE = 'body must have a "When to Use" section (a markdown heading such as "## When to Use")';
const OVERVIEW = 'body has no "Overview" section (a heading such as "## Overview" helps an agent orient itself)';
const QUICK = 'body should have a "Quick Reference" or "Quick Start" section (a heading such as "## Quick Reference")';
const withBody = (body: string) => skill(undefined, body);
const replaced = (from: string, to: string) => {
  if (!BODY.includes(from)) throw new Error(`the body has no ${JSON.stringify(from)}`);
  return withBody(BODY.replace(from, to));
};

describe('sections', () => {
  test.each([
    ['## When to Use', '## Scope', [['when_to_use_section', WHEN_TO_USE]]],
    ['## Overview', '## Background', [['overview_section', OVERVIEW]]],
    ['## Quick Reference', '## Cheat Sheet', [['quick_reference_section', QUICK]]],
  ])('without "%s"', (heading, other, failed) => {
    expect(failures(replaced(heading, other))).toEqual(failed);
  });

  test.each([
    ['any level and case', '## When to Use', '###### when TO use'],
    ['level one', '## When to Use', '# When to use'],
    ['closing hashes', '## When to Use', '## When to Use ##'],
    ['up to three spaces of indentation', '## When to Use', '   ## When to Use'],
    ['a tab after the hashes', '## When to Use', '##\tWhen to Use'],
    ['Quick Start', '## Quick Reference', '## Quick start'],
    ['an overview anywhere in the heading', '## Overview', '## Project overview and goals'],
  ])('a heading counts with %s', (_, heading, variant) => {
    expect(failures(replaced(heading, variant))).toEqual([]);
  });

  test.each([
    ['no space after the hashes', '##When to Use'],
    ['seven hashes', '####### When to Use'],
    ['four spaces of indentation', '    ## When to Use'],
    ['text before the hashes', 'See ## When to Use'],
    ['inside a ``` fence', '```\n## When to Use\n```'],
    ['inside a ~~~ fence', '~~~\n## When to Use\n~~~'],
    ['inside a fence closed by the other character', '```\n~~~\n## When to Use\n```'],
    ['inside a fence closed by a shorter marker', '````\n```\n## When to Use\n````'],
    ['inside a fence whose closing line has text', '```\n``` not closed\n## When to Use\n```'],
  ])('a heading does not count with %s', (_, variant) => {
    expect(failures(replaced('## When to Use', variant)).map(([check]) => check)).toEqual(['when_to_use_section']);
  });

  test.each([
    ['a longer closing marker', '```\nx\n`````\n## When to Use'],
    ['an indented closing marker with trailing spaces', '~~~ text\nx\n  ~~~  \n## When to Use'],
    ['a backtick "fence" with a backtick in its info string (inline code)', '```a`b\n## When to Use'],
  ])('a fence ends at %s', (_, variant) => {
    expect(failures(replaced('## When to Use', variant))).toEqual([]);
  });
});

test('an unclosed fence runs to the end of the body', () => {
  expect(failures(replaced('## When to Use', '```\n## When to Use')).map(([check]) => check)).toEqual([
    'when_to_use_section',
    'quick_reference_section',
  ]);
});

describe('code examples', () => {
  const technical = (words: string) => replaced('Good notes lead with decisions.', `Good notes mention ${words}.`);
  const wants = (mentions: string) =>
    `technical skill (mentions ${mentions}) should include at least one fenced code block (\`\`\` or ~~~)`;

  test('a skill without technical words passes with a note', () => {
    expect(messageOf(withBody(BODY), 'code_examples')).toBe('not a technical skill; no code block needed');
  });

  test.each([
    ['sql', '"sql"'],
    ['SQL', '"sql"'],
    ['migrations', '"migration"'],
    ['deploying', '"deploy"'],
    ['deployed', '"deploy"'],
    ['tests', '"test"'],
    ['coded', '"code"'],
    ['scripting', '"script"'],
    ['stack  trace', '"stack  trace"'],
    ['git and git and API', '"git", "api"'],
    ['sql, git, api and json', '"sql", "git", "api"'],
  ])('"%s" makes it technical: mentions %s', (words, mentions) => {
    expect(failures(technical(words))).toEqual([['code_examples', wants(mentions)]]);
  });

  test.each(['gitter', 'codex', 'shellfish', 'apiary'])('"%s" is not a technical word', (word) => {
    expect(failures(technical(word))).toEqual([]);
  });

  test('a technical name makes it technical', () => {
    expect(failures(withName('sql-notes'))).toEqual([['code_examples', wants('"sql"')]]);
  });

  test.each(['```\nselect 1;\n```', '~~~\nselect 1;\n~~~', '```sql'])(
    'a fence (%j) satisfies a technical skill',
    (f) => {
      expect(messageOf(technical(`sql\n\n${f}\n`), 'code_examples')).toBe(null);
    },
  );
});

describe('body length', () => {
  /** A body of exactly `chars` characters (after trimming) that keeps the three sections. */
  const SECTIONS = '# When to Use\n# Overview\n# Quick Reference\n';
  const ofLength = (chars: number) => `\n\n${SECTIONS}${'a'.repeat(chars - SECTIONS.length)}\n\n`;

  test('100 characters is the shortest body', () => {
    expect(failures(withBody(ofLength(100)))).toEqual([]);
    expect(failures(withBody(ofLength(99)))).toEqual([
      ['body_min_length', 'body is too short: 99 characters (minimum 100)'],
    ]);
  });

  test('an empty body is 0 characters', () => {
    expect(messageOf(withBody('  \n\t\n'), 'body_min_length')).toBe('body is too short: 0 characters (minimum 100)');
  });

  const TOO_LONG = "body is too long for an agent's context:";
  const MOVE = 'move details to reference files';
  /** The default body plus lines so that the whole body has `lines` lines. */
  const withLines = (lines: number) => {
    const own = BODY.trimEnd().split('\n').length;
    return withBody(`${BODY.trimEnd()}${'\nline'.repeat(lines - own)}\n\n  \n`);
  };

  test('500 lines is the longest body', () => {
    expect(failures(withLines(500))).toEqual([]);
    expect(failures(withLines(501))).toEqual([['body_max_length', `${TOO_LONG} 501 lines (maximum 500); ${MOVE}`]]);
  });

  const wordsJoinedBy = (separator: string, count: number) => `${BODY}\n${Array(count).fill('w').join(separator)}`;
  const ownWords = BODY.split(/\s+/).filter(Boolean).length;

  test.each([' ', '\t', '\f', '\v', '\u00a0'])('5000 words is the most, whatever separates them (%j)', (separator) => {
    expect(failures(withBody(wordsJoinedBy(separator, 5000 - ownWords)))).toEqual([]);
    expect(failures(withBody(wordsJoinedBy(separator, 5001 - ownWords)))).toEqual([
      ['body_max_length', `${TOO_LONG} 5001 words (maximum 5000); ${MOVE}`],
    ]);
  });

  test('a word at the very start of the body counts', () => {
    const body = `${Array(5001 - ownWords)
      .fill('w')
      .join(' ')}\n${BODY}`;
    expect(failures(withBody(body))).toEqual([['body_max_length', `${TOO_LONG} 5001 words (maximum 5000); ${MOVE}`]]);
  });

  test.each([
    ['\n', `${TOO_LONG} 4919 lines (maximum 500), 5001 words (maximum 5000); ${MOVE}`],
    ['\r\n', `${TOO_LONG} 4919 lines (maximum 500), 5001 words (maximum 5000); ${MOVE}`],
    ['\r', `${TOO_LONG} 5001 words (maximum 5000); ${MOVE}`],
  ])('words on lines of their own (%j) count as lines and words', (separator, message) => {
    const report = failures(withBody(wordsJoinedBy(separator, 5001 - ownWords)));
    expect(report).toEqual([['body_max_length', message]]);
  });
});

describe('filler', () => {
  /** Headings give 6 prose words (when to use, overview, quick reference); `prose` adds the rest. */
  const withProse = (prose: string) =>
    withBody(`## When to Use\n\n${prose}\n\n## Overview\n\n| very | just |\n|---|---|\n\n## Quick Reference\n`);
  const words = (n: number) => Array(n).fill('word').join(' ');
  const FILLER = 'prose is filler-heavy: filler ratio';

  test.each([
    ['2 fillers in 50 words (0.04, at the threshold)', `very really ${words(42)}`, null],
    [
      '3 fillers in 50 words',
      `very really just ${words(41)}`,
      `${FILLER} 0.060 > 0.04 (3 filler words in 50; e.g. "very", "really", "just")`,
    ],
    ['3 fillers in 100 words', `very really just ${words(91)}`, null],
    ['2 fillers in 10 words (the floor of 50 words)', `very just ${words(2)}`, null],
    [
      'a repeated filler is one example',
      `very very very ${words(41)}`,
      `${FILLER} 0.060 > 0.04 (3 filler words in 50; e.g. "very")`,
    ],
    [
      'phrases count their words, the longest first',
      `it goes without saying that ${words(39)}`,
      `${FILLER} 0.100 > 0.04 (5 filler words in 50; e.g. "it goes without saying that")`,
    ],
    [
      'a curly apostrophe is straightened',
      `it\u2019s worth noting that ${words(40)}`,
      `${FILLER} 0.080 > 0.04 (4 filler words in 50; e.g. "it's worth noting that")`,
    ],
    [
      'at most five examples',
      `very really just simply clearly quite ${words(38)}`,
      `${FILLER} 0.120 > 0.04 (6 filler words in 50; e.g. "very", "really", "just", "simply", "clearly")`,
    ],
    ['inline code is not prose', `\`very really just\` ${words(41)}`, null],
  ])('%s', (_, prose, message) => {
    const content = withProse(prose);
    expect(messageOf(content, 'verbosity')).toBe(message);
  });

  test.each([
    ['inline code separates the words around it', 'very`x`just really ' + words(41), '3 filler words in 50'],
    ["an apostrophe joins a word (we'll is one word)", `very really just we'll ${words(40)}`, '3 filler words in 50'],
  ])('%s', (_, prose, counted) => {
    expect(messageOf(withProse(prose), 'verbosity')).toContain(counted);
  });

  // Written out here, not imported: the lists are the rule.
  const FILLER_WORDS =
    'very really basically actually just simply obviously clearly quite literally totally extremely essentially definitely certainly honestly truly somewhat';
  test.each(FILLER_WORDS.split(' '))('"%s" is a filler word', (word) => {
    expect(messageOf(withProse(`${word} ${word} ${word} ${words(41)}`), 'verbosity')).toBe(
      `${FILLER} 0.060 > 0.04 (3 filler words in 50; e.g. "${word}")`,
    );
  });

  test.each([
    'it is important to note that',
    'it is worth noting that',
    "it's worth noting that",
    'it should be noted that',
    'it goes without saying that',
    'it goes without saying',
    'please note that',
    'please note',
    'needless to say',
    'in order to',
    'at the end of the day',
    'as a matter of fact',
    'for all intents and purposes',
    'due to the fact that',
    'at this point in time',
    'each and every',
    'first and foremost',
    'of course',
    'as you can see',
  ])('"%s" is a filler phrase, counted by its words', (phrase) => {
    const n = phrase.split(' ').length * 2;
    expect(messageOf(withProse(`${phrase} ${phrase} ${words(44 - n)}`), 'verbosity')).toBe(
      `${FILLER} ${(n / 50).toFixed(3)} > 0.04 (${n} filler words in 50; e.g. "${phrase}")`,
    );
  });

  test('code blocks and table rows are not prose', () => {
    const fillers = 'very really just simply clearly quite '.repeat(5);
    const content = withBody(`${BODY}\n| ${fillers} |\n\n~~~\n${fillers}\n~~~\n`);
    expect(messageOf(content, 'verbosity')).toBe(null);
  });
});
