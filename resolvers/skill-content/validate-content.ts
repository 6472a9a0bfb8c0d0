// validateSkill as a request: the validator itself accepts any string, but a request may not make the server scan
// an unbounded document.
import { ValidationError } from '../errors';
import { validateSkill, type SkillValidationReport } from './validator';

export const MAX_SKILL_CONTENT_CHARS = 200_000;

export function validateSkillContent(content: string): SkillValidationReport {
  if (content.length > MAX_SKILL_CONTENT_CHARS) {
    throw new ValidationError(`must be at most ${MAX_SKILL_CONTENT_CHARS} characters`, 'content');
  }
  return validateSkill(content);
}
