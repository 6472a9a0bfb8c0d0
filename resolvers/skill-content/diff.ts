// A line diff of two SKILL.md versions, for review prompts: what a REVISE round changed, as `-` / `+` lines with a
// little context. Longest common subsequence on lines; drafts are a few hundred lines, so O(n * m) is cheap, and
// inputs over MAX_LINES lines are compared as a whole replacement instead.

const MAX_LINES = 3000;
const CONTEXT = 1;

export interface LineDiff {
  added: number;
  removed: number;
  /** Unified-style text: "  " unchanged context, "- " removed, "+ " added, "..." between distant hunks. */
  text: string;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

export function diffLines(before: string, after: string): LineDiff {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops: Op[] =
    a.length > MAX_LINES || b.length > MAX_LINES
      ? [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))]
      : lcsOps(a, b);
  const changed = ops.map((op) => op.kind !== ' ');
  const keep = ops.map((_, index) => {
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (changed[index + d]) return true;
    return false;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, index) => {
    if (!keep[index]) {
      skipped = true;
      return;
    }
    if (skipped && out.length > 0) out.push('...');
    skipped = false;
    out.push(`${op.kind} ${op.line}`.trimEnd());
  });
  return {
    added: ops.filter((o) => o.kind === '+').length,
    removed: ops.filter((o) => o.kind === '-').length,
    text: out.join('\n'),
  };
}
