// Recognises a unique violation (PostgreSQL's 23505) however it reached us: Prisma's P2002 from a model call, a raw
// query's error carrying the database code, or a pg DatabaseError. One place, so no caller matches error shapes.
import { Prisma } from '../prisma/database';

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return true;
    // A raw query (P2010) or a driver adapter error names the database's own code.
    const meta = error.meta as
      { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
    return meta?.code === UNIQUE_VIOLATION || meta?.driverAdapterError?.cause?.originalCode === UNIQUE_VIOLATION;
  }
  return (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}
