// The validator never throws: empty, huge, binary and hostile input always yields a well-formed report.
import { describe, expect, it } from 'vitest';
import { parseSkillFrontmatter } from '../resolvers/skill-content/frontmatter';
import { validateSkill } from '../resolvers/skill-content/validator';
import { readFixture, expectWellFormed } from './helpers/skill-fixtures';

describe('hostile input', () => {
  /** Deterministic pseudo-random string over the whole BMP (including lone surrogates and NUL). */
  function randomText(length: number, seed: number): string {
    let state = seed >>> 0;
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      codes[i] = state >>> 16;
    }
    let out = '';
    for (let i = 0; i < length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
    return out;
  }

  const goodSkill = readFixture('good-postgres-migrations.md');
  const frontmatter = goodSkill.slice(0, goodSkill.indexOf('\n---\n', 4) + 5);
  const aliasBomb = [
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
    'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
  ].join('\n');
  let nestedBlock = '';
  for (let i = 0; i < 2000; i++) nestedBlock += `${' '.repeat(i)}k${i}:\n`;

  const cases: Array<[string, string, boolean]> = [
    // [label, content, whether frontmatter checks can pass]
    ['empty string', '', false],
    ['whitespace only', ' \n\t\n ', false],
    ['1 MB of random characters', randomText(1_000_000, 42), false],
    ['1 MB of random characters after an opening delimiter', `---\n${randomText(1_000_000, 7)}`, false],
    ['random YAML and a 1 MB random body', `---\n${randomText(20_000, 3)}\n---\n${randomText(1_000_000, 5)}`, false],
    ['NUL bytes', '\0'.repeat(100_000), false],
    ['NUL bytes inside the frontmatter', `---\nname: a\0b\ndescription: "Use when \0"\n---\n\0\0\0`, false],
    [
      'deeply nested flow YAML',
      `---\nname: x\ndescription: Use when x\nmetadata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\nbody`,
      false,
    ],
    [
      'deeply nested block YAML',
      `---\nname: x\ndescription: Use when x\nmetadata:\n${nestedBlock.replace(/^/gm, '  ')}---\nbody`,
      false,
    ],
    ['recursive alias', '---\nname: x\ndescription: Use when x\nmetadata: &a [*a, *a]\n---\nbody', false],
    ['alias bomb', `---\nname: x\ndescription: Use when x\n${aliasBomb}\n---\nbody`, false],
    [
      'huge frontmatter',
      `---\nname: x\ndescription: Use when x\nmetadata:\n${'  k: v\n'.repeat(100_000)}---\nbody`,
      false,
    ],
    ['unterminated quoted scalar', `---\nname: "x\ndescription: ${'"'.repeat(100_000)}\n---\n`, false],
    ['10,000-line body', `${frontmatter}${'Some line of text about queries and nothing else.\n'.repeat(10_000)}`, true],
    [
      'backtracking bait in the body',
      `${frontmatter}${'#'.repeat(40_000)}\n${' '.repeat(40_000)}#\n${'|'.repeat(40_000)}\n${'`'.repeat(40_000)}\n${'- '.repeat(20_000)}\n${'`a'.repeat(20_000)}\n${'a'.repeat(30_000)}s!`,
      true,
    ],
    [
      'many matching section headings',
      `${frontmatter}${'## Red Flags\n- x\n### Common Rationalizations\n| a | b |\n'.repeat(8_000)}`,
      true,
    ],
    ['backtracking bait in the description', `---\nname: x\ndescription: "${'<a '.repeat(20_000)}"\n---\nbody`, false],
    [
      'lone surrogates and emoji',
      `---\nname: \uD800\ndescription: "\uDFFF 🎉 Use when"\n---\n# \uD83D When to Use 🎉\n`,
      false,
    ],
  ];

  it.each(cases)('never throws on: %s', (_label, content, frontmatterOk) => {
    const rationalizations = ['Too simple to test', '\uD800', 'x'.repeat(10_000)];
    const started = performance.now();
    const report = validateSkill(content, { rationalizations });
    const elapsed = performance.now() - started;
    expectWellFormed(report);
    expect(report.passed).toBe(false);
    expect(elapsed).toBeLessThan(3_000);
    if (!frontmatterOk) {
      expect(report.checks.slice(0, 12).some((c) => !c.passed)).toBe(true);
    }
    expect(validateSkill(content, { rationalizations })).toEqual(report);
    expect(() => parseSkillFrontmatter(content)).not.toThrow();
  });

  it('rejects recursive aliases and alias bombs in the frontmatter_yaml check', () => {
    const recursive = validateSkill('---\nname: x\ndescription: Use when x\nmetadata: &a [*a, *a]\n---\nbody');
    expect(recursive.checks.find((c) => c.name === 'frontmatter_yaml')?.passed).toBe(false);
    const bomb = validateSkill(`---\nname: x\ndescription: Use when x\n${aliasBomb}\n---\nbody`);
    expect(bomb.checks.find((c) => c.name === 'frontmatter_yaml')?.passed).toBe(false);
  });

  it('flags a 10,000-line body as too long', () => {
    const report = validateSkill(`${frontmatter}${'## When to Use\nSome line of text about queries.\n'.repeat(5_000)}`);
    const check = report.checks.find((c) => c.name === 'body_max_length');
    expect(check?.passed).toBe(false);
    expect(check?.message).toContain('10000 lines (maximum 500)');
  });

  it('survives non-string input from untyped callers', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      const report = validateSkill(value as unknown as string, { rationalizations: 'nope' as unknown as string[] });
      expectWellFormed(report);
      expect(report.passed).toBe(false);
      expect(parseSkillFrontmatter(value as unknown as string)).toBeNull();
    }
  });
});
