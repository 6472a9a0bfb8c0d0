// A SKILL.md the model wrote, as zod accepts it: an outer code fence removed, then the frontmatter read with
// skill-content's model and its problems sent back to the model as messages that say what is expected.

import { z } from 'zod';
import { normalizeContent, parseYamlMapping, splitFrontmatter } from '../../skill-content/frontmatter';
import { DESCRIPTION_MAX_LENGTH, KEBAB_CASE, NAME_MAX_LENGTH } from '../../skill-content/rules';

const OUTER_FENCE = /^```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/** The problems of a SKILL.md, as messages for the model; [] when it is acceptable. */
export function skillMarkdownProblems(content: string, expectedName?: string): string[] {
  if (!content.startsWith('---')) {
    return [
      'must be the complete SKILL.md starting with "---" (YAML frontmatter with name and description, then the body)',
    ];
  }
  const split = splitFrontmatter(normalizeContent(content));
  if (split.kind !== 'ok') return ['the YAML frontmatter must be closed by a line "---" followed by the markdown body'];
  const parsed = parseYamlMapping(split.yaml);
  if (!parsed.ok && parsed.reason === 'syntax') return [parsed.message];
  const fm = parsed.ok ? parsed.data : {};
  const problems: string[] = [];
  const name = fm['name'];
  if (typeof name !== 'string' || name.trim() === '') problems.push('the frontmatter must have a "name"');
  else if (expectedName !== undefined && name.trim() !== expectedName)
    problems.push(`the frontmatter name must be "${expectedName}", not "${name.trim()}"`);
  else if (!KEBAB_CASE.test(name.trim()) || name.trim().length > NAME_MAX_LENGTH)
    problems.push(`the frontmatter name must be kebab-case, at most ${NAME_MAX_LENGTH} characters`);
  const description = fm['description'];
  if (typeof description !== 'string' || description.trim() === '')
    problems.push('the frontmatter must have a "description"');
  else if (description.length > DESCRIPTION_MAX_LENGTH)
    problems.push(`the frontmatter description must be at most ${DESCRIPTION_MAX_LENGTH} characters`);
  if (split.body.trim() === '') problems.push('the markdown body after the frontmatter is empty');
  return problems;
}

/** The `content` field of draft and refactor: a complete SKILL.md, named `expectedName` when one was refined. */
export function skillMarkdown(expectedName: string | undefined) {
  return z
    .string()
    .transform((v) => {
      const fenced = OUTER_FENCE.exec(v.trim());
      const body = (fenced ? (fenced[1] ?? '') : v).trimStart().replace(/\s+$/, '');
      return `${body}\n`;
    })
    .superRefine((v, ctx) => {
      for (const message of skillMarkdownProblems(v, expectedName)) ctx.addIssue({ code: 'custom', message });
    });
}
