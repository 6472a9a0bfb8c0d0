// The published skills, a page at a time: newest first (publishedAt, or createdAt for never-published rows, then
// the id), optionally filtered by status and by a PostgreSQL full-text search over name, description and content.
// Skills are visible to every authenticated user. Pages use a keyset cursor, so rows inserted meanwhile never shift
// or repeat a page.
import { Prisma, type Skill } from '../../prisma/database';
import { ValidationError } from '../errors';
import type { Services } from '../services';
import { checkPlainText } from '../text-input';

export const DEFAULT_SKILLS_PAGE = 20;
export const MAX_SKILLS_PAGE = 100;
export const MAX_SEARCH_LENGTH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const SKILL_STATUSES = ['DRAFT', 'ACTIVE', 'DEPRECATED', 'ARCHIVED'] as const;
export type SkillStatus = (typeof SKILL_STATUSES)[number];

export interface SkillFilter {
  status?: readonly SkillStatus[] | null;
  /** websearch syntax: words, "quoted phrases", -excluded, or. */
  search?: string | null;
}

export interface SkillPageInput {
  first?: number | null;
  after?: string | null;
  filter?: SkillFilter | null;
}

export interface SkillPage<T> {
  edges: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
}

/** What the caller wants loaded with each skill (Prisma `include`/`select`), e.g. its job. */
export interface SkillQuery {
  include?: Prisma.SkillInclude | null;
  select?: Prisma.SkillSelect | null;
}

interface Cursor {
  /** coalesce(published_at, created_at) with microseconds, UTC. */
  at: string;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      if (typeof at === 'string' && TIMESTAMP.test(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('is not a cursor of this list', 'after');
}

function checkFilter(filter: SkillFilter | null | undefined): {
  statuses: SkillStatus[] | null;
  search: string | null;
} {
  const statuses = filter?.status?.length ? [...new Set(filter.status)] : null;
  if (statuses?.some((s) => !SKILL_STATUSES.includes(s)))
    throw new ValidationError('unknown skill status', 'filter.status');
  const raw = filter?.search ?? null;
  if (raw !== null && raw.length > MAX_SEARCH_LENGTH)
    throw new ValidationError(`must be at most ${MAX_SEARCH_LENGTH} characters`, 'filter.search');
  // An unpaired surrogate would reach websearch_to_tsquery as U+FFFD: a search for something the user did not type.
  if (raw !== null) checkPlainText(raw, 'filter.search');
  const search = raw?.trim() || null;
  return { statuses, search };
}

/** The WHERE clause. The text-search expression is exactly the one the GIN index skills_search_idx is built on. */
function whereSql(filter: ReturnType<typeof checkFilter>, after: Cursor | null): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.statuses) conditions.push(Prisma.sql`status::text = ANY(${filter.statuses}::text[])`);
  if (filter.search) {
    conditions.push(
      Prisma.sql`to_tsvector('english', "name" || ' ' || "description" || ' ' || "content") @@ websearch_to_tsquery('english', ${filter.search})`,
    );
  }
  if (after)
    conditions.push(
      Prisma.sql`(coalesce(published_at, created_at), skill_id) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

export async function searchSkills<T extends Skill = Skill>(
  services: Services,
  input: SkillPageInput,
  query: SkillQuery = {},
): Promise<SkillPage<T>> {
  const requested = input.first ?? DEFAULT_SKILLS_PAGE;
  if (!Number.isInteger(requested) || requested < 0)
    throw new ValidationError('must be a non-negative integer', 'first');
  // Like the jobs connection: a larger page is capped, and hasNextPage says there is more.
  const first = Math.min(requested, MAX_SKILLS_PAGE);
  const after = input.after ? decodeCursor(input.after) : null;
  const filter = checkFilter(input.filter);
  const rows = await services.prisma.$queryRaw<Array<{ skill_id: string; at: string }>>`
    SELECT skill_id::text AS skill_id,
           to_char(coalesce(published_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
    FROM skills
    ${whereSql(filter, after)}
    ORDER BY coalesce(published_at, created_at) DESC, skill_id DESC
    LIMIT ${first + 1}`;
  const page = rows.slice(0, first);
  if (page.length === 0) return { edges: [], hasNextPage: rows.length > first };
  const skills = await services.prisma.skill.findMany({
    ...(query.include ? { include: query.include } : {}),
    ...(query.select ? { select: query.select } : {}),
    where: { skillId: { in: page.map((r) => r.skill_id) } },
  });
  const byId = new Map((skills as unknown as T[]).map((s) => [s.skillId, s]));
  return {
    // A row deleted between the two statements is left out rather than failing the page.
    edges: page.flatMap((row) => {
      const node = byId.get(row.skill_id);
      return node ? [{ cursor: encodeCursor({ at: row.at, id: row.skill_id }), node }] : [];
    }),
    hasNextPage: rows.length > first,
  };
}

export async function countSkills(services: Services, filter: SkillFilter | null | undefined): Promise<number> {
  const rows = await services.prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM skills ${whereSql(checkFilter(filter), null)}`;
  return rows[0]?.n ?? 0;
}
