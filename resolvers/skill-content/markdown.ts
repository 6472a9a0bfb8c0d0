/**
 * A minimal, linear-time markdown scanner for SKILL.md bodies: ATX headings (`#`..`######`), fenced code blocks
 * (``` or ~~~, any indentation, closed by the same character repeated at least as often), table rows and list
 * items. scanMarkdown (what the validator judges) scans only the first MAX_SCAN_CHARS characters; scanLines (what
 * ./document edits) keeps every line whole. No regex here can backtrack super-linearly.
 */

/** Structural scanning (headings, fences, sections) only looks at this many characters of the body. */
export const MAX_SCAN_CHARS = 200_000;
/** Lines longer than this are cut before any regex runs on them. */
const MAX_LINE_CHARS = 4_000;

export interface MdLine {
  text: string;
  /** True for fence marker lines and the lines between them. */
  inCode: boolean;
}

export interface MdHeading {
  level: number;
  text: string;
  /** Index into MdDoc.lines. */
  line: number;
}

export interface MdDoc {
  lines: MdLine[];
  headings: MdHeading[];
  /** Number of fenced code blocks opened (an unclosed fence runs to the end and still counts). */
  fenceCount: number;
}

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

function headingText(rest: string): string {
  let text = rest.trim();
  // Strip an optional closing sequence of '#' (only when preceded by a space, per CommonMark).
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 35 /* # */) end--;
  if (end === 0) return '';
  if (end < text.length && (text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd();
  return text;
}

/** Scans a capped body (MAX_SCAN_CHARS, then MAX_LINE_CHARS per line): what the validator judges. */
export function scanMarkdown(body: string): MdDoc {
  const source = body.length > MAX_SCAN_CHARS ? body.slice(0, MAX_SCAN_CHARS) : body;
  return scanLines(source.split('\n').map((raw) => (raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw)));
}

/** Scans lines as given, keeping their full text (for editing a document); only the regexes see a capped line. */
export function scanLines(rawLines: readonly string[]): MdDoc {
  const lines: MdLine[] = [];
  const headings: MdHeading[] = [];
  let fenceCount = 0;
  let fence: { char: string; length: number } | null = null;

  for (const raw of rawLines) {
    const text = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
    if (fence) {
      const close = FENCE_OPEN.exec(text);
      const marker = close?.[1];
      if (marker && marker[0] === fence.char && marker.length >= fence.length && (close[2] ?? '').trim() === '') {
        fence = null;
      }
      lines.push({ text: raw, inCode: true });
      continue;
    }
    const open = FENCE_OPEN.exec(text);
    const openMarker = open?.[1];
    // A backtick fence's info string may not contain backticks (CommonMark), otherwise it is inline code.
    if (openMarker && !(openMarker[0] === '`' && (open[2] ?? '').includes('`'))) {
      fence = { char: openMarker[0] ?? '`', length: openMarker.length };
      fenceCount++;
      lines.push({ text: raw, inCode: true });
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading?.[1]) {
      headings.push({ level: heading[1].length, text: headingText(text.slice(heading[0].length)), line: lines.length });
    }
    lines.push({ text: raw, inCode: false });
  }
  return { lines, headings, fenceCount };
}

/** A fence marker line (``` or ~~~, any indentation), whether it opens or closes a block. */
export function isFenceLine(line: string): boolean {
  return FENCE_OPEN.test(line);
}

export function hasHeading(doc: MdDoc, pattern: RegExp): boolean {
  return doc.headings.some((h) => pattern.test(h.text));
}

/**
 * The non-code lines of every section whose heading matches `pattern`: from the line after the heading up to
 * (not including) the next heading of the same or a higher level. Subsections are included.
 */
export function sectionLines(doc: MdDoc, pattern: RegExp): string[] {
  // End line of each heading's section, computed in one pass with a stack (linear in the number of headings).
  const ends = new Array<number>(doc.headings.length).fill(doc.lines.length);
  const open: number[] = [];
  doc.headings.forEach((heading, index) => {
    while (open.length > 0) {
      const top = open[open.length - 1] ?? 0;
      if ((doc.headings[top]?.level ?? 0) < heading.level) break;
      ends[top] = heading.line;
      open.pop();
    }
    open.push(index);
  });
  const out: string[] = [];
  doc.headings.forEach((heading, index) => {
    if (!pattern.test(heading.text)) return;
    const end = ends[index] ?? doc.lines.length;
    for (let i = heading.line + 1; i < end; i++) {
      const line = doc.lines[i];
      if (line && !line.inCode) out.push(line.text);
    }
  });
  return out;
}

/** True for a line that is a table row in the pipe-table sense used by skills (starts with `|`). */
export function isTableRow(line: string): boolean {
  return line.trimStart().startsWith('|');
}

/** Splits a `| a | b |` row into trimmed cells, honouring `\|` escapes. */
export function tableCells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const ch = row[i];
    if (ch === '\\' && row[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  cells.push(current.trim());
  return cells;
}

/** A `| a | b |` row of cells, `|` escaped: the inverse of tableCells. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** A table delimiter row such as `|---|:---:|`. */
export function isTableSeparator(cells: string[]): boolean {
  return cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));
}

const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;

/** The text of a list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`), or null. */
export function listItemText(line: string): string | null {
  const match = LIST_ITEM.exec(line);
  return match ? (match[1] ?? '') : null;
}
