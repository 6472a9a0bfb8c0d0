// The validator's frontmatter rules (name, description, field types, keys) and parseSkillFrontmatter.
import { describe, expect, it } from 'vitest';
import { parseSkillFrontmatter } from '../resolvers/skill-content/frontmatter';
import { TRIGGER_PHRASES } from '../resolvers/skill-content/rules';
import { readFixture, failingChecksOf } from './helpers/skill-fixtures';

describe('frontmatter rules', () => {
  const base = readFixture('good-meeting-notes.md');
  const withName = (name: string) => base.replace('name: meeting-notes', `name: ${name}`);
  const withDescription = (description: string) =>
    base.replace(/^description: .*$/m, () => `description: ${JSON.stringify(description)}`);

  /** The meeting-notes skill with a minimal frontmatter (name, description) plus `extra` lines. */
  const withMinimalFrontmatter = (extra: string) => {
    const parsed = parseSkillFrontmatter(base);
    if (!parsed) throw new Error('fixture has no frontmatter');
    const description = JSON.stringify(parsed.data['description']);
    return `---\nname: meeting-notes\ndescription: ${description}\n${extra}\n---\n${parsed.body}`;
  };

  it.each(['a', 'abc', 'a1-b2', 'x-9', 'notes-2024'])('accepts the name %s', (name) => {
    expect(failingChecksOf(withName(name))).toEqual([]);
  });

  it.each([
    ['My_Skill', 'name_format'],
    ['-leading', 'name_format'],
    ['trailing-', 'name_format'],
    ['has space', 'name_format'],
    ['"notes-é"', 'name_format'],
    ['anthropic-notes', 'name_reserved_words'],
    ['openai-notes', 'name_reserved_words'],
    ['notes-gpt', 'name_reserved_words'],
    ['myclaudenotes', 'name_reserved_words'],
    ['""', 'name_present'],
  ])('rejects the name %s (%s)', (name, check) => {
    expect(failingChecksOf(withName(name)).map((c) => c.name)).toEqual([check]);
  });

  it('allows a name of exactly 64 characters', () => {
    const name = `a${'-b'.repeat(31)}c`;
    expect(name).toHaveLength(64);
    expect(failingChecksOf(withName(name))).toEqual([]);
  });

  it.each(TRIGGER_PHRASES.map((p) => [p]))('accepts the trigger phrase "%s"', (phrase) => {
    const description = `Summarises meetings. ${phrase.toUpperCase()} a meeting ends.`;
    expect(failingChecksOf(withDescription(description))).toEqual([]);
  });

  it.each(['Summarises meetings for the team.', 'Reuse for other teams.', 'Summarises meetings; misuse when bored.'])(
    'rejects a description without a trigger: %s',
    (description) => {
      expect(failingChecksOf(withDescription(description)).map((c) => c.name)).toEqual(['description_trigger']);
    },
  );

  it.each(['<b>', '</b>', '<br/>', '<br />', '<note type="x">', '<xml:tag>'])(
    'rejects the tag %s in the description',
    (tag) => {
      const failed = failingChecksOf(withDescription(`Use when a meeting ends ${tag} here.`));
      expect(failed.map((c) => c.name)).toEqual(['description_no_xml']);
      // The found tag is quoted as a JSON string (quotes and control characters escaped).
      expect(failed[0]?.message).toContain(`found ${JSON.stringify(tag)}`);
    },
  );

  it.each(['Use when latency is <5 ms.', 'Use when a < b and c > d.', 'Use when an email like a@b.c arrives.'])(
    'does not mistake comparisons for tags: %s',
    (description) => {
      expect(failingChecksOf(withDescription(description))).toEqual([]);
    },
  );

  it('allows a description of exactly 1024 characters', () => {
    const description = `Use when meetings end. ${'x'.repeat(1024 - 23)}`;
    expect(description).toHaveLength(1024);
    expect(failingChecksOf(withDescription(description))).toEqual([]);
  });

  it.each([
    ['allowed-tools: [Read, 7]', 'allowed-tools must be a string or a list of strings (got list)'],
    ['allowed-tools: {a: b}', 'allowed-tools must be a string or a list of strings (got mapping)'],
    ['compatibility: [node]', 'compatibility must be a string (got list)'],
    ['license:', 'license must be a string (got null)'],
    ['metadata: [a, b]', 'metadata must be a mapping (got list)'],
    ['version: 2', 'version must be a string (got number)'],
    ['license: 1\nmetadata: x', 'license must be a string (got number); metadata must be a mapping (got string)'],
  ])('rejects the wrongly typed field %s', (line, message) => {
    expect(failingChecksOf(withMinimalFrontmatter(''))).toEqual([]);
    const failed = failingChecksOf(withMinimalFrontmatter(line));
    expect(failed.map((c) => c.name)).toEqual(['optional_fields_types']);
    expect(failed[0]?.message).toContain(message);
  });

  it.each([
    'custom-key: { anything: [1, 2] }',
    'allowed-tools: "Read Grep"',
    'allowed-tools: []',
    'metadata: {}',
    'license: ""',
  ])('accepts the frontmatter line %s', (line) => {
    expect(failingChecksOf(withMinimalFrontmatter(line))).toEqual([]);
  });

  it('lists at most 5 non-kebab keys, then "and N more"', () => {
    const keys = ['Aa', 'Bb', 'c_c', 'dD', 'E', 'ff_', 'g g'].map((k, i) => `"${k}": ${i}`).join('\n');
    const failed = failingChecksOf(base.replace('license: MIT', `license: MIT\n${keys}`));
    expect(failed.map((c) => c.name)).toEqual(['frontmatter_keys_kebab']);
    expect(failed[0]?.message).toContain('"Aa", "Bb", "c_c", "dD", "E" and 2 more');
  });

  it('accepts a BOM before the opening delimiter and trailing spaces on delimiter lines', () => {
    const content = `\uFEFF${base.replace(/^---$/gm, '---  ')}`;
    expect(failingChecksOf(content)).toEqual([]);
  });
});

describe('parseSkillFrontmatter', () => {
  it('returns the mapping and the body', () => {
    const parsed = parseSkillFrontmatter(readFixture('good-postgres-migrations.md'));
    expect(parsed?.data['name']).toBe('postgres-migrations');
    expect(parsed?.data['allowed-tools']).toEqual(['Read', 'Edit', 'Bash']);
    expect(parsed?.data['metadata']).toEqual({
      author: 'platform-team',
      tags: ['postgres', 'migrations', 'databases'],
    });
    expect(parsed?.body.startsWith('\n# Zero-Downtime PostgreSQL Migrations\n')).toBe(true);
  });

  it('handles a BOM and CRLF line endings', () => {
    const parsed = parseSkillFrontmatter('\uFEFF---\r\nname: x\r\ndescription: y\r\n---\r\nbody\r\n');
    expect(parsed).toEqual({ data: { name: 'x', description: 'y' }, body: 'body\n' });
  });

  it.each([
    'bad-frontmatter-missing-opening.md',
    'bad-frontmatter-missing-closing.md',
    'bad-yaml-syntax-error.md',
    'bad-yaml-not-mapping.md',
    'bad-yaml-duplicate-key.md',
  ])('returns null for %s', (file) => {
    expect(parseSkillFrontmatter(readFixture(file))).toBeNull();
  });

  it.each([
    '',
    '---',
    '---\n---\n',
    '---\n42\n---\n',
    '---\n"text"\n---\n',
    '---\nnull\n---\n',
    '---\na: &a [*a]\n---\n',
  ])('returns null for %j', (content) => {
    expect(parseSkillFrontmatter(content)).toBeNull();
  });
});
