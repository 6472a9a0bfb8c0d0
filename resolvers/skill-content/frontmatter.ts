/**
 * SKILL.md frontmatter splitting and safe YAML parsing.
 *
 * A SKILL.md starts with a `---` line (optionally after a UTF-8 BOM), then YAML, then a closing `---` line,
 * then the markdown body. Line endings may be `\n` or `\r\n`.
 *
 * Safety: the YAML is parsed with the `yaml` package (core schema, unique keys, at most 50 alias
 * resolutions, no logging), the frontmatter is capped at MAX_FRONTMATTER_CHARS, and the resulting value is
 * walked once (depth and node caps) to reject recursive aliases (`a: &a [*a]` yields a cyclic object) and
 * absurd nesting. Nothing here throws: every failure becomes a result with a one-line message.
 */
import { parseDocument } from 'yaml';

/** Frontmatter larger than this is rejected without parsing (a real one is a few hundred characters). */
export const MAX_FRONTMATTER_CHARS = 65_536;
/** Maximum nesting depth of the parsed frontmatter value. */
const MAX_DEPTH = 64;
/** Maximum number of nodes visited in the parsed frontmatter value. */
const MAX_NODES = 100_000;

export type FrontmatterSplit =
  /** The file does not start with a `---` line. `body` is the whole (BOM-less, LF-normalised) content. */
  | { kind: 'missing'; body: string }
  /** An opening `---` line but no closing one. `body` is everything after the opening line. */
  | { kind: 'unclosed'; body: string }
  | { kind: 'ok'; yaml: string; body: string };

/** Removes a leading BOM and turns CRLF into LF. Non-strings become ''. */
export function normalizeContent(content: unknown): string {
  if (typeof content !== 'string') return '';
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.includes('\r\n')) text = text.replace(/\r\n/g, '\n');
  return text;
}

function isDelimiterLine(line: string): boolean {
  return line.trimEnd() === '---';
}

/** Splits normalised content (see normalizeContent) into frontmatter YAML and body. Linear time. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const firstNl = text.indexOf('\n');
  const firstLine = firstNl === -1 ? text : text.slice(0, firstNl);
  if (!isDelimiterLine(firstLine)) return { kind: 'missing', body: text };
  if (firstNl === -1) return { kind: 'unclosed', body: '' };
  const yamlStart = firstNl + 1;
  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    // Cheap pre-check before slicing: a delimiter line starts with '---'.
    if (text.startsWith('---', lineStart) && isDelimiterLine(text.slice(lineStart, lineEnd))) {
      return {
        kind: 'ok',
        yaml: text.slice(yamlStart, lineStart),
        body: nl === -1 ? '' : text.slice(nl + 1),
      };
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return { kind: 'unclosed', body: text.slice(yamlStart) };
}

export type YamlMappingResult =
  { ok: true; data: Record<string, unknown> } | { ok: false; reason: 'syntax' | 'not_mapping'; message: string };

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty frontmatter)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** First line of an error message, without YAML's code-frame, capped at 200 characters. */
function oneLine(message: unknown): string {
  const text = typeof message === 'string' ? message : 'unknown error';
  const first = (text.split('\n')[0] ?? '').trim();
  return first.length > 200 ? `${first.slice(0, 200)}...` : first || 'unknown error';
}

/** Returns a problem description when the value is cyclic or too deep/large, else null. */
function checkShape(root: unknown): string | null {
  let visited = 0;
  const ancestors = new Set<object>();
  const walk = (value: unknown, depth: number): string | null => {
    if (value === null || typeof value !== 'object') return null;
    if (++visited > MAX_NODES) return `frontmatter is too large (more than ${MAX_NODES} values)`;
    if (depth > MAX_DEPTH) return `frontmatter is nested too deeply (more than ${MAX_DEPTH} levels)`;
    if (ancestors.has(value)) return 'frontmatter must not contain recursive aliases';
    ancestors.add(value);
    const children: unknown[] =
      value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      const problem = walk(child, depth + 1);
      if (problem) return problem;
    }
    ancestors.delete(value);
    return null;
  };
  return walk(root, 0);
}

/** Parses frontmatter YAML and requires a mapping at the top level. Never throws. */
export function parseYamlMapping(yaml: string): YamlMappingResult {
  if (yaml.length > MAX_FRONTMATTER_CHARS) {
    return {
      ok: false,
      reason: 'syntax',
      message: `frontmatter must be valid YAML of at most ${MAX_FRONTMATTER_CHARS} characters: got ${yaml.length}`,
    };
  }
  let value: unknown;
  try {
    const doc = parseDocument(yaml, {
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      logLevel: 'silent',
    });
    const firstError = doc.errors[0];
    if (firstError) {
      return { ok: false, reason: 'syntax', message: `frontmatter must be valid YAML: ${oneLine(firstError.message)}` };
    }
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'syntax', message: `frontmatter must be valid YAML: ${oneLine(message)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Map) {
    return {
      ok: false,
      reason: 'not_mapping',
      message: `frontmatter must be a YAML mapping of "key: value" pairs: got ${describeType(value)}`,
    };
  }
  let problem: string | null;
  try {
    problem = checkShape(value);
  } catch {
    problem = 'frontmatter is nested too deeply';
  }
  if (problem) return { ok: false, reason: 'syntax', message: problem };
  return { ok: true, data: value as Record<string, unknown> };
}

/**
 * Parses the frontmatter; returns null when there is none (no opening or closing `---` line), it is not valid
 * YAML, or it is not a YAML mapping. `body` is the markdown after the closing `---` line (LF line endings).
 */
export function parseSkillFrontmatter(content: string): { data: Record<string, unknown>; body: string } | null {
  try {
    const split = splitFrontmatter(normalizeContent(content));
    if (split.kind !== 'ok') return null;
    const parsed = parseYamlMapping(split.yaml);
    return parsed.ok ? { data: parsed.data, body: split.body } : null;
  } catch {
    return null;
  }
}
