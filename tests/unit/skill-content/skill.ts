// Builders for SKILL.md inputs of the validator's unit tests: a small skill that passes every check, and the
// report reduced to what a test compares.
import { validateSkill, type ValidateSkillOptions } from '../../../resolvers/skill-content/validator';

export const NAME = 'meeting-notes';
export const DESCRIPTION = 'Produces meeting notes that record decisions and follow-ups. Use when a meeting ends.';

/**
 * The body of a skill that passes every check: the three sections, no technical word, no filler, and the
 * subject (meeting notes) taught outside the Overview and When to Use, as topicality requires.
 */
export const BODY = `
# Meeting Notes

## Overview

People read meeting notes to learn what was decided and what they owe. Good notes lead with decisions.

## When to Use

- After a meeting, to turn rough notes into something the team will read.

## Quick Reference

| Section | Content |
|---|---|
| Decisions | What the meeting agreed |
| Follow-ups | Owner, task, due date; the notes list each one |
| Open questions | What the meeting left open; the notes name who answers each |
| Attendees | Who was at the meeting; the notes say who was absent |
`;

/** A SKILL.md with the given frontmatter lines (name and description by default) and body. */
export function skill(frontmatter = `name: ${NAME}\ndescription: ${DESCRIPTION}`, body = BODY): string {
  return `---\n${frontmatter}\n---\n${body}`;
}

/** The skill with `lines` added to the default frontmatter. */
export const withFrontmatterLines = (lines: string) => skill(`name: ${NAME}\ndescription: ${DESCRIPTION}\n${lines}`);
export const withName = (name: string) => skill(`name: ${name}\ndescription: ${DESCRIPTION}`);
export const withDescription = (description: string) =>
  skill(`name: ${NAME}\ndescription: ${JSON.stringify(description)}`);

/** [check name, message] of every failed check, in report order. */
export function failures(content: string, options?: ValidateSkillOptions): Array<[string, string | null]> {
  return validateSkill(content, options)
    .checks.filter((c) => !c.passed)
    .map((c) => [c.name, c.message]);
}

/** The message of one check, passed or not. */
export function messageOf(content: string, check: string, options?: ValidateSkillOptions): string | null | undefined {
  return validateSkill(content, options).checks.find((c) => c.name === check)?.message;
}
