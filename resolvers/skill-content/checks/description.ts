// Checks of the frontmatter `description`.
import { MAX_SCAN_CHARS } from '../markdown';
import { DESCRIPTION_MAX_LENGTH, findXmlTag, hasTriggerPhrase } from '../rules';
import { describeType, descriptionValue, fail, has, NO_FRONTMATTER, pass, quote, skip, type Check } from './context';

export const descriptionChecks = {
  description_present(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    if (!has(ctx.data, 'description')) return fail('description is required in the frontmatter');
    const description = ctx.data['description'];
    if (typeof description !== 'string') return fail(`description must be a string: got ${describeType(description)}`);
    if (description.trim().length === 0) return fail('description must not be empty');
    return pass();
  },

  description_length(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    return description.length <= DESCRIPTION_MAX_LENGTH
      ? pass()
      : fail(`description must be at most ${DESCRIPTION_MAX_LENGTH} characters: got ${description.length}`);
  },

  description_no_xml(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    const tag = findXmlTag(description.slice(0, MAX_SCAN_CHARS));
    return tag !== null ? fail(`description must not contain XML/HTML tags: found ${quote(tag, 60)}`) : pass();
  },

  description_trigger(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    const text = description.slice(0, MAX_SCAN_CHARS).toLowerCase().replace(/\s+/g, ' ');
    return hasTriggerPhrase(text)
      ? pass()
      : fail(
          'description must say when to use the skill with a trigger phrase such as "Use when ...", "Use this when ...", "Use for ...", "when you need ..." or "Triggers: ..."',
        );
  },
} satisfies Record<string, Check>;
