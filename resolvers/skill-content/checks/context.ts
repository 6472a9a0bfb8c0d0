// What every check reads (the split, the parsed frontmatter, the scanned body) and how a check answers.
import { normalizeContent, parseYamlMapping, splitFrontmatter, type FrontmatterSplit } from '../frontmatter';
import { scanMarkdown, type MdDoc } from '../markdown';

export interface CheckContext {
  split: FrontmatterSplit;
  /** Parsed frontmatter mapping, or null when missing/invalid. */
  data: Record<string, unknown> | null;
  yamlError: string | null;
  body: string;
  md: MdDoc;
  rationalizations: unknown[];
}

/** Outcome of one check: passed with an optional note, or failed with a message. */
export type Outcome = { passed: true; message: string | null } | { passed: false; message: string };

export type Check = (ctx: CheckContext) => Outcome;

export const pass = (message: string | null = null): Outcome => ({ passed: true, message });
export const fail = (message: string): Outcome => ({ passed: false, message });
/** A check whose input does not exist because another check already failed: passed, so a defect counts once. */
export const skip = (reason: string): Outcome => ({ passed: true, message: `skipped: ${reason}` });

export const NO_FRONTMATTER = 'frontmatter is missing or invalid';

export function buildContext(content: unknown, options: unknown): CheckContext {
  const text = normalizeContent(content);
  const split = splitFrontmatter(text);
  let data: Record<string, unknown> | null = null;
  let yamlError: string | null = null;
  if (split.kind === 'ok') {
    const parsed = parseYamlMapping(split.yaml);
    if (parsed.ok) data = parsed.data;
    else yamlError = parsed.message;
  }
  const body = split.body;
  let rationalizations: unknown[] = [];
  if (options !== null && typeof options === 'object') {
    const list = (options as { rationalizations?: unknown }).rationalizations;
    if (Array.isArray(list)) rationalizations = list;
  }
  return { split, data, yamlError, body, md: scanMarkdown(body), rationalizations };
}

/** Shortens a value for a message: JSON-quoted, at most `max` characters. */
export function quote(value: string, max = 80): string {
  const short = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(short);
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

export function has(data: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, key);
}

export function nameValue(ctx: CheckContext): string | null {
  const name = ctx.data?.['name'];
  return typeof name === 'string' && name.length > 0 ? name : null;
}

export function descriptionValue(ctx: CheckContext): string | null {
  const description = ctx.data?.['description'];
  return typeof description === 'string' && description.trim().length > 0 ? description : null;
}
