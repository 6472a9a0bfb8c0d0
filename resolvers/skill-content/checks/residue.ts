// Residue of a template: placeholders nobody filled in, and example identifiers that belong to another domain
// (the lists and their rules are in ../rules.ts: PLACEHOLDER_PATTERNS, FOREIGN_EXAMPLES).
import { FOREIGN_EXAMPLES, PLACEHOLDER_PATTERNS } from '../rules';
import { descriptionValue, fail, nameValue, pass, skip, type Check } from './context';
import { hasTerm, termsOf } from './subject';

const INLINE_CODE = /`[^`\n]*`/g;
const MAX_FIELD_CHARS = 1_000;

export const residueChecks = {
  placeholders(ctx) {
    const found: string[] = [];
    for (const line of ctx.md.lines) {
      const text = line.inCode || !line.text.includes('`') ? line.text : line.text.replace(INLINE_CODE, ' ');
      for (const { label, pattern, inCode } of PLACEHOLDER_PATTERNS) {
        if ((inCode || !line.inCode) && !found.includes(label) && pattern.test(text)) found.push(label);
      }
    }
    if (found.length === 0) return pass();
    return fail(
      `template placeholders left in the body: ${found.map((l) => `"${l}"`).join(', ')}; write the content or remove the placeholder`,
    );
  },

  foreign_examples(ctx) {
    if (nameValue(ctx) === null && descriptionValue(ctx) === null) return skip('no name or description');
    const subject = `${(nameValue(ctx) ?? '').slice(0, MAX_FIELD_CHARS).replace(/[-_]+/g, ' ')} ${(descriptionValue(ctx) ?? '').slice(0, MAX_FIELD_CHARS)}`;
    const terms = termsOf(subject);
    const stems = new Set(terms.map((t) => t.stem));
    const candidates = FOREIGN_EXAMPLES.filter(({ home }) => !home.some((h) => hasTerm(stems, h)));
    if (candidates.length === 0) return pass();
    const found: string[] = [];
    for (const line of ctx.md.lines) {
      for (const { label, pattern } of candidates)
        if (!found.includes(label) && pattern.test(line.text)) found.push(label);
    }
    if (found.length === 0) return pass();
    return fail(
      `examples from another domain's template: ${found.map((l) => `"${l}"`).join(', ')}, while the name and description are about ${
        terms
          .slice(0, 4)
          .map((t) => t.word)
          .join(', ') || 'something else'
      }; use examples of this skill's own subject`,
    );
  },
} satisfies Record<string, Check>;
