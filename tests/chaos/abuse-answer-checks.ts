// What every answer of the abuse suites must look like: no internals (stack, SQL, Prisma) in any message or
// extension, and whether the request was refused.
import { type HttpResult } from '../helpers/http';

/** Words that give away internals (matched after removing everything the request itself sent). */
// (Not the bare word "postgres": a prompt may legitimately quote a task about PostgreSQL.)
const LEAK =
  /prisma|invalid `|\bat [\w$.<>]+ \(|node_modules|\.[jt]s:\d+|\bstack\b|\bselect\b.*\bfrom\b|\binsert into\b|\bupdate\b.*\bset\b|\bdelete from\b|syntax error at|violates|duplicate key|\bP\d{4}\b|ECONN|postgres(ql)?:\/\/|database server|SQLSTATE|out of range for type|invalid input syntax|\bpg_|driver ?adapter|unexpected error/i;
const FORBIDDEN_EXTENSIONS = ['stack', 'stacktrace', 'exception', 'originalError'];

function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value && typeof value === 'object') {
    // Keys too: graphql-js quotes an invalid input object back with its keys (a made-up key "-P2335" is no leak).
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsOf(item, into);
    }
  }
  return into;
}

/** What a made-up cursor carries (the connection plugin quotes it back in its errors): "GPC:S:x" -> x. */
function cursorValues(value: string): string[] {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  if (!decoded.startsWith('GPC:')) return [];
  const chunk = decoded.slice(4);
  const values = [decoded, chunk, chunk.slice(2)];
  try {
    const tuple: unknown = JSON.parse(chunk.slice(2));
    if (Array.isArray(tuple)) for (const part of tuple) if (typeof part === 'string') values.push(part, part.slice(2));
  } catch {
    // not a tuple
  }
  return values;
}

/** Checks one response; returns whether the request was refused (an error, or a payload that is an error type). */
export function inspect(result: HttpResult, sent: unknown): { refused: boolean; problems: string[] } {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`HTTP ${result.status}`);
  const echoes = stringsOf(sent)
    .flatMap((s) => [s, ...cursorValues(s)])
    .flatMap((s) => [s, s.slice(0, 100), JSON.stringify(s).slice(1, -1)])
    .filter((s) => s.length >= 3)
    .sort((x, y) => y.length - x.length);
  const clean = (message: string) => echoes.reduce((m, echo) => m.split(echo).join(' '), message);
  const messages: string[] = [];
  for (const error of result.body.errors ?? []) {
    messages.push(error.message);
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`unexpected error: ${error.message}`);
    for (const key of FORBIDDEN_EXTENSIONS)
      if (error.extensions && key in error.extensions) problems.push(`extensions.${key} present`);
  }
  const payloads = Object.values(result.body.data ?? {}) as Array<{ __typename?: string; message?: string } | null>;
  for (const payload of payloads) if (payload?.message) messages.push(payload.message);
  for (const message of messages) {
    const leak = LEAK.exec(clean(message));
    if (leak) problems.push(`message gives away internals (${leak[0]}): ${message.slice(0, 300)}`);
  }
  if (!/^\s*[{[]/.test(result.text)) problems.push(`not JSON: ${result.text.slice(0, 200)}`);
  const refused =
    result.status !== 200 ||
    (result.body.errors?.length ?? 0) > 0 ||
    payloads.some((p) => !p || (p.__typename !== undefined && !p.__typename.endsWith('Success')));
  return { refused, problems };
}
