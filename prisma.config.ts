// Configuration of the Prisma CLI. The CLI is only used for `prisma generate` here: migrations are applied by
// prisma/migrator.ts, because the CLI's schema engine is a binary download that cannot be fetched offline.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/skills_fleet' },
});
