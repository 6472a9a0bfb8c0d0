// Checks of the body's structure: the sections an agent looks for, and a code example in a technical skill.
import { hasHeading, MAX_SCAN_CHARS } from '../markdown';
import { OVERVIEW_HEADING, QUICK_REFERENCE_HEADING, technicalWordsIn, WHEN_TO_USE_HEADING } from '../rules';
import { fail, nameValue, pass, type Check } from './context';

export const sectionChecks = {
  when_to_use_section(ctx) {
    return hasHeading(ctx.md, WHEN_TO_USE_HEADING)
      ? pass()
      : fail('body must have a "When to Use" section (a markdown heading such as "## When to Use")');
  },

  overview_section(ctx) {
    return hasHeading(ctx.md, OVERVIEW_HEADING)
      ? pass()
      : fail('body has no "Overview" section (a heading such as "## Overview" helps an agent orient itself)');
  },

  quick_reference_section(ctx) {
    return hasHeading(ctx.md, QUICK_REFERENCE_HEADING)
      ? pass()
      : fail('body should have a "Quick Reference" or "Quick Start" section (a heading such as "## Quick Reference")');
  },

  code_examples(ctx) {
    if (ctx.md.fenceCount > 0) return pass();
    const name = nameValue(ctx) ?? '';
    const haystack = `${name.slice(0, 1000)}\n${ctx.body.slice(0, MAX_SCAN_CHARS)}`;
    const found = technicalWordsIn(haystack, 3);
    if (found.length === 0) return pass('not a technical skill; no code block needed');
    return fail(
      `technical skill (mentions ${found.map((w) => `"${w}"`).join(', ')}) should include at least one fenced code block (\`\`\` or ~~~)`,
    );
  },
} satisfies Record<string, Check>;
