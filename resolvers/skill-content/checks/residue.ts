// Residue of a template: placeholders nobody filled in, and example identifiers that belong to another domain
// (the lists and their rules are in ../rules.ts: PLACEHOLDER_PATTERNS, FOREIGN_EXAMPLES).
import { MAX_SCAN_CHARS } from '../markdown';
import { FOREIGN_EXAMPLES, PLACEHOLDER_PATTERNS } from '../rules';
import { descriptionValue, fail, nameValue, pass, skip, type Check } from './context';
import { StemSet, termsOf } from './subject';

const INLINE_CODE = /`[^`\n]*`/g;
const MAX_FIELD_CHARS = 1_000;

export const residueChecks = {
  placeholders(ctx) {
    const prose: string[] = [];
    const code: string[] = [];
    for (const line of ctx.md.lines) {
      if (line.inCode) code.push(line.text);
      else prose.push(line.text.includes('`') ? line.text.replace(INLINE_CODE, ' ') : line.text);
    }
    const [proseText, codeText] = [prose.join('\n'), code.join('\n')];
    const found = PLACEHOLDER_PATTERNS.filter(
      ({ pattern, inCode }) => pattern.test(proseText) || (inCode && pattern.test(codeText)),
    ).map((p) => p.label);
    if (found.length === 0) return pass();
    return fail(
      `template placeholders left in the body: ${found.map((l) => `"${l}"`).join(', ')}; write the content or remove the placeholder`,
    );
  },

  foreign_examples(ctx) {
    if (nameValue(ctx) === null && descriptionValue(ctx) === null) return skip('no name or description');
    const subject = `${(nameValue(ctx) ?? '').slice(0, MAX_FIELD_CHARS).replace(/[-_]+/g, ' ')} ${(descriptionValue(ctx) ?? '').slice(0, MAX_FIELD_CHARS)}`;
    const terms = termsOf(subject);
    const stems = new StemSet(terms.map((t) => t.stem));
    const candidates = FOREIGN_EXAMPLES.filter(({ home }) => !home.some((h) => stems.hasTerm(h)));
    if (candidates.length === 0) return pass();
    const body = ctx.body.length > MAX_SCAN_CHARS ? ctx.body.slice(0, MAX_SCAN_CHARS) : ctx.body;
    const found = candidates.filter(({ pattern }) => pattern.test(body)).map((c) => c.label);
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
