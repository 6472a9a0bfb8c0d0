// A line diff for reviews: what changed since the previous draft, as "+ added" / "- removed" lines with a little
// context. Longest common subsequence over lines; drafts are a few hundred lines, so O(n·m) is fine.

const MAX_LINES = 3000;

export function lineDiff(before: string, after: string, context = 1): string[] | null {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) return null;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Array<{ kind: ' ' | '+' | '-'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  const near = (k: number) => ops.slice(Math.max(0, k - context), k + context + 1).some((op) => op.kind !== ' ');
  const out: string[] = [];
  let skipped = false;
  for (const [k, op] of ops.entries()) {
    if (op.kind === ' ' && !near(k)) {
      if (!skipped) out.push('…');
      skipped = true;
      continue;
    }
    skipped = false;
    out.push(`${op.kind} ${op.line}`);
  }
  return out.some((line) => line.startsWith('+') || line.startsWith('-')) ? out : [];
}
