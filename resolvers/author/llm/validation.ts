// The machinery every schema of ./schemas shares: a Validation result, zod issues formatted for the model, checks
// that run after the parse, and the building blocks (non-empty text, ids, optional lists).

import { z } from 'zod';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };
export type Validator<T> = (data: unknown) => Validation<T>;

const ISSUES_MAX = 1000;

export const text = z.string().trim().min(1, 'must not be empty');
/** Ids: models like numbers ("id": 1); ids are strings here. */
export const id = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text);
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? undefined : v.trim()));
export const list = (item: z.ZodType<string>) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) out += out === '' ? name : `.${name}`;
      else out += `[${JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 3))}...`;
}

/** zod issues as "path: message; path: message", at most ~1000 characters. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const lines = [...new Set(issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`))];
  return truncate(lines.join('; '), ISSUES_MAX);
}

/** Problems found after the zod parse (checks that need the whole value or the context). */
export class Rejection {
  constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {}
}

export function validateWith<S extends z.ZodType, T>(
  schema: S,
  data: unknown,
  post: (value: z.output<S>) => T | Rejection,
): Validation<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) };
  const result = post(parsed.data);
  if (result instanceof Rejection) return { ok: false, error: formatIssues(result.issues) };
  return { ok: true, value: result };
}

export function addDuplicateIssues(
  values: string[],
  path: (index: number) => PropertyKey[],
  what: string,
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({
        code: 'custom',
        path: path(index),
        message: `duplicate ${what} "${value}"; ${what}s must be unique`,
      });
    seen.add(value);
  });
}
