// Checks of the frontmatter `name`.
import { KEBAB_CASE, NAME_MAX_LENGTH, RESERVED_NAME_WORDS, reservedWordsIn } from '../rules';
import { describeType, fail, has, nameValue, NO_FRONTMATTER, pass, quote, skip, type Check } from './context';

export const nameChecks = {
  name_present(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    if (!has(ctx.data, 'name')) return fail('name is required in the frontmatter');
    const name = ctx.data['name'];
    if (typeof name !== 'string') return fail(`name must be a string: got ${describeType(name)}`);
    if (name.length === 0) return fail('name must not be empty');
    return pass();
  },

  name_length(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    return name.length <= NAME_MAX_LENGTH
      ? pass()
      : fail(`name must be 1..${NAME_MAX_LENGTH} characters: got ${name.length}`);
  },

  name_format(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    return KEBAB_CASE.test(name)
      ? pass()
      : fail(
          `name must be kebab-case (lowercase letters, digits and single hyphens, starting with a letter): got ${quote(name)}`,
        );
  },

  name_reserved_words(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    const found = reservedWordsIn(name);
    return found.length === 0
      ? pass()
      : fail(
          `name must not contain reserved vendor words (${RESERVED_NAME_WORDS.join(', ')}): got ${quote(name)}, which contains ${found
            .map((w) => `"${w}"`)
            .join(', ')}`,
        );
  },
} satisfies Record<string, Check>;
