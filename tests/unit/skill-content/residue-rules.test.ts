// Template residue (placeholders, another domain's example identifiers) and the warnings limit, table-driven through
// validateSkill. Pure, no database.
import { describe, expect, test } from 'vitest';
import { MAX_FAILED_WARNINGS } from '../../../resolvers/skill-content/validator';
import { BODY, failures, messageOf, skill } from './skill';

const withLine = (line: string) => skill(undefined, `${BODY}\n${line}\n`);

describe('placeholders', () => {
  test.each([
    ['TODO: write this part', '"TODO"'],
    ['- [TODO] decide later', '"TODO"'],
    ['Owner: TBD', '"TBD"'],
    ['FIXME(ana): wrong table', '"FIXME"'],
    ['Lorem ipsum dolor sit amet.', '"lorem ipsum"'],
    ['```\nlorem ipsum\n```', '"lorem ipsum"'],
    ['Hello {{ skill_name }}, welcome.', '"{{...}}"'],
    ['Send it to <placeholder>.', '"<placeholder>"'],
    ['```\ncurl <insert the url here>\n```', '"<placeholder>"'],
    ['See [insert example].', '"[placeholder]"'],
    ['TODO: one\n\nTBD', '"TODO", "TBD"'],
  ])('%j is a placeholder', (line, listed) => {
    expect(messageOf(withLine(line), 'placeholders')).toBe(
      `template placeholders left in the body: ${listed}; write the content or remove the placeholder`,
    );
  });

  test.each([
    'Placeholder text such as TODO or TBD in published notes is a red flag.',
    'Search for `TODO:` comments before the meeting.',
    '```bash\n# TODO: remove after the migration\n```',
    'A workflow step uses ${{ secrets.TOKEN }} in its own syntax.',
    'Run it with `{{name}}` in the template engine.',
    'Clone <your-repo-url> first.',
    'The todo list and the tbd column stay lowercase.',
  ])('%j is not', (line) => {
    expect(messageOf(withLine(line), 'placeholders')).toBeNull();
  });
});

describe('foreign examples', () => {
  const under = (name: string, description: string, line: string) =>
    skill(`name: ${name}\ndescription: ${JSON.stringify(description)}`, `${BODY}\n${line}\n`);
  const MEETING = ['meeting-notes', 'Produces meeting notes that record decisions. Use when a meeting ends.'] as const;

  test.each([
    ['git fetch origin pull/123/head', '"pull/123"'],
    ['`applyDiscount` returns a negative total', '"applyDiscount"'],
    ['```\nnpm test\n```', '"npm test"'],
    ['CREATE INDEX CONCURRENTLY idx ON t (c);', '"CREATE INDEX CONCURRENTLY"'],
    ['SET lock_timeout = 5s;', '"CREATE INDEX CONCURRENTLY"'],
    ['kubectl rollout status deploy/x', '"kubectl"'],
    ['import pandas as pd', '"pandas"'],
    ["screen.getByRole('button')", '"@testing-library"'],
    ['EXPLAIN (ANALYZE) SELECT 1;', '"EXPLAIN ANALYZE"'],
  ])('%j is foreign to meeting notes', (line, listed) => {
    expect(messageOf(under(...MEETING, line), 'foreign_examples')).toBe(
      `examples from another domain's template: ${listed}, while the name and description are about meeting, notes, record, decisions; use examples of this skill's own subject`,
    );
  });

  test.each([
    [
      'reviewing-pull-requests',
      'Reviews pull requests. Use when a diff needs review.',
      'git fetch origin pull/123/head',
    ],
    ['reviewing-pull-requests', 'Reviews pull requests. Use when a diff needs review.', '`applyDiscount` is wrong'],
    ['upgrading-npm-dependencies', 'Upgrades npm packages. Use when a dependency is outdated.', 'npm outdated'],
    ['tuning-sql-queries', 'Tunes slow SQL queries. Use when a query is slow.', 'EXPLAIN ANALYZE SELECT 1;'],
    ['postgres-migrations', 'Writes Postgres migrations. Use when a table changes.', 'SET lock_timeout = 5s;'],
    ['kubernetes-deploys', 'Deploys to Kubernetes. Use when a service ships.', 'kubectl apply -f k8s/'],
    ['cleaning-data-python', 'Cleans tabular data in Python. Use when data is messy.', 'import pandas as pd'],
    ['react-component-tests', 'Tests React components. Use when a component changes.', 'screen.getByText(/x/)'],
  ])('%s: its own example is at home', (name, description, line) => {
    expect(messageOf(under(name, description, line), 'foreign_examples')).toBeNull();
  });

  test('without a name and description there is nothing to be foreign to', () => {
    expect(messageOf(`# Notes\n\n${BODY}\nnpm test\n`, 'foreign_examples')).toBe('skipped: no name or description');
  });
});

describe('warnings limit', () => {
  // Each edit fails one WARNING check of the default skill.
  const EDITS: Array<[string, (s: string) => string]> = [
    ['frontmatter_keys_kebab', (s) => s.replace('---\nname:', '---\nlastReviewed: x\nname:')],
    ['quick_reference_section', (s) => s.replace('## Quick Reference', '## Cheat Sheet')],
    ['placeholders', (s) => `${s}\nTODO: more\n`],
    ['foreign_examples', (s) => `${s}\nkubectl get pods\n`],
  ];
  const apply = (count: number) => EDITS.slice(0, count).reduce((content, [, edit]) => edit(content), skill());

  test(`passes with ${MAX_FAILED_WARNINGS} failed warnings`, () => {
    expect(MAX_FAILED_WARNINGS).toBe(3);
    expect(failures(apply(3)).map(([name]) => name)).toEqual([
      'frontmatter_keys_kebab',
      'quick_reference_section',
      'placeholders',
    ]);
  });

  test('fails with 4, naming them', () => {
    expect(failures(apply(4)).slice(-1)).toEqual([
      [
        'warnings_limit',
        'too many warnings: 4 warning checks failed (frontmatter_keys_kebab, quick_reference_section, placeholders, foreign_examples); a skill passes with at most 3',
      ],
    ]);
  });
});
