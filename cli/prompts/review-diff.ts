// The server's diff in a review prompt. After a REVISE the server appends to the summary what changed since the
// draft the person reviewed (resolvers/workflow/phases/reviewable.ts): a count line, Applied / Not applied, then a
// fenced `diff` block of "  " context, "- " removed, "+ " added lines and "..." between hunks. The CLI shows that
// block after the material, through the pager, rather than computing a diff of its own: one diff, the server's.

const DIFF_BLOCK = /\n*```diff\n([\s\S]*?)\n```[ \t]*(?=\n|$)/;

export interface ReviewText {
  /** The summary without the diff block. */
  summary: string;
  /** The diff's lines, or null when the summary carries none (no REVISE before, or nothing changed). */
  diff: string[] | null;
}

export function splitReviewSummary(summary: string): ReviewText {
  const match = DIFF_BLOCK.exec(summary);
  if (!match) return { summary, diff: null };
  const rest = summary.slice(0, match.index) + summary.slice(match.index + match[0].length);
  return { summary: rest.trimEnd(), diff: match[1]!.split('\n') };
}

interface Paint {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
}

/** Added lines green, removed red, the gaps dim: picocolors' functions, which are identity off a terminal. */
export function paintDiff(lines: string[], c: Paint): string {
  return lines
    .map((line) =>
      line.startsWith('+ ') || line === '+'
        ? c.green(line)
        : line.startsWith('- ') || line === '-'
          ? c.red(line)
          : line === '...'
            ? c.dim(line)
            : line,
    )
    .join('\n');
}
