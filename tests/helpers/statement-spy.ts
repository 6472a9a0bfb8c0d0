// A Prisma client over a pool whose pg clients report the text of every statement they send: tests count
// statements (a page's reads, the ledger's inserts) on the real connections under the Prisma client.
import { makePlainPool } from '../../harness/pg-connections';
import { makePrismaClient, type PrismaClient } from '../../prisma/database';

export interface SpiedPrisma {
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function prismaWithStatementSpy(url: string, onStatement: (text: string) => void): SpiedPrisma {
  const pool = makePlainPool({ connectionString: url, max: 4 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      onStatement(String(typeof first === 'string' ? first : first?.text));
      return query(...args);
    };
  });
  const prisma = makePrismaClient(pool);
  return {
    prisma,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
