// Markdown to Preact elements, never to an HTML string: user and model text only ever becomes text nodes, so a
// `<script>` or `<img onerror>` in a SKILL.md shows as the characters it is. Links keep only http(s) and mailto
// targets; any other (javascript:, data:, relative) is shown as plain text. Covers what SKILL.md files use:
// frontmatter, headings, paragraphs, lists, block quotes, fenced code, tables, rules, and inline code, bold,
// italics and links.
import type { ComponentChildren, VNode } from 'preact';

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

export function safeHref(target: string): string | null {
  const trimmed = target.trim();
  return SAFE_LINK.test(trimmed) ? trimmed : null;
}

type Inline = string | VNode;

/** Inline markup: `code`, **bold**, *italic* / _italic_ (underscores only at word edges, as in snake_case or
 * __dunder__ names they are not markup), [text](url) and bare http(s) URLs. */
export function renderInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern =
    /(`+)([^`]|[^`][\s\S]*?[^`])\1|\*\*([^*]+)\*\*|(?<!\w)__([^_]+)__(?!\w)|\*([^*\s][^*]*)\*|\b_([^_\s][^_]*)_\b|\[([^\]]*)\]\(([^)\s]*)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const [whole, , code, bold1, bold2, em1, em2, linkText, linkTarget, bare] = match;
    key++;
    if (code !== undefined) out.push(<code key={key}>{code}</code>);
    else if (bold1 !== undefined || bold2 !== undefined)
      out.push(<strong key={key}>{renderInline(bold1 ?? bold2 ?? '')}</strong>);
    else if (em1 !== undefined || em2 !== undefined) out.push(<em key={key}>{renderInline(em1 ?? em2 ?? '')}</em>);
    else if (linkText !== undefined) {
      const href = safeHref(linkTarget ?? '');
      out.push(
        href ? (
          <a key={key} href={href} rel="noopener noreferrer nofollow">
            {renderInline(linkText)}
          </a>
        ) : (
          whole
        ),
      );
    } else if (bare !== undefined)
      out.push(
        <a key={key} href={bare} rel="noopener noreferrer nofollow">
          {bare}
        </a>,
      );
    last = index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)(.*)$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)\d{1,9}[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

export function renderMarkdown(source: string): VNode[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: VNode[] = [];
  let i = 0;
  const key = () => blocks.length;
  // YAML frontmatter: shown as it is, in a block of its own.
  if (lines[0]?.trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) {
      blocks.push(
        <pre key={key()} class="frontmatter">
          <code>{lines.slice(1, end).join('\n')}</code>
        </pre>,
      );
      i = end + 1;
    }
  }
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      blocks.push(
        <pre key={key()}>
          <code>{body.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const Tag = `h${Math.min(6, heading[1]!.length + 1)}` as 'h2';
      blocks.push(<Tag key={key()}>{renderInline(heading[2]!)}</Tag>);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push(<hr key={key()} />);
      i++;
      continue;
    }
    if (line.includes('|') && TABLE_SEPARATOR.test(lines[i + 1] ?? '')) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== '') rows.push(cells(lines[i++]!));
      blocks.push(
        <table key={key()}>
          <thead>
            <tr>
              {header.map((cell, c) => (
                <th key={c}>{renderInline(cell)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {header.map((_, c) => (
                  <td key={c}>{renderInline(row[c] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>,
      );
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) quoted.push(lines[i++]!.replace(/^>\s?/, ''));
      blocks.push(<blockquote key={key()}>{renderMarkdown(quoted.join('\n'))}</blockquote>);
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      const itemPattern = bullet ? BULLET : NUMBERED;
      const items: ComponentChildren[] = [];
      while (i < lines.length) {
        const item = itemPattern.exec(lines[i]!);
        if (item) {
          items.push(renderInline(item[2]!));
          i++;
        } else if (lines[i]!.trim() !== '' && /^\s{2,}/.test(lines[i]!) && items.length > 0) {
          // A continuation line (or a nested item) joins the item before it.
          items[items.length - 1] = [items[items.length - 1], ' ', ...renderInline(lines[i]!.trim())];
          i++;
        } else break;
      }
      const children = items.map((item, n) => <li key={n}>{item}</li>);
      blocks.push(bullet ? <ul key={key()}>{children}</ul> : <ol key={key()}>{children}</ol>);
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !FENCE.test(lines[i]!) &&
      !HEADING.test(lines[i]!) &&
      !BULLET.test(lines[i]!) &&
      !NUMBERED.test(lines[i]!) &&
      !lines[i]!.startsWith('>')
    )
      paragraph.push(lines[i++]!.trim());
    blocks.push(<p key={key()}>{renderInline(paragraph.join(' '))}</p>);
  }
  return blocks;
}

/** `scrollable`: the block scrolls (a long draft), so it takes keyboard focus to be scrolled without a mouse. */
export function Markdown(props: { source: string; label?: string; scrollable?: boolean }) {
  return (
    <div
      class="markdown"
      role={props.label ? 'region' : undefined}
      aria-label={props.label}
      tabIndex={props.scrollable ? 0 : undefined}
    >
      {renderMarkdown(props.source)}
    </div>
  );
}
