// Whether this process can serve: the database answers and every migration this build knows is applied unchanged
// (GET /ready, schema/plugins/use-health-endpoints.ts).
import { migrationStatus } from '../prisma/migrator';
import type { Services } from './services';

export interface Readiness {
  status: 'ready' | 'unavailable';
  database: string;
  migrations: string;
}

export async function readiness(services: Services): Promise<Readiness> {
  try {
    const status = await migrationStatus((sql) =>
      services.prisma
        .$queryRawUnsafe(sql)
        .then((rows) => ({ rows: rows as Array<{ migration_name: string; checksum: string }> })),
    );
    const pending = status.pending.length + status.changed.length;
    return {
      status: pending === 0 ? 'ready' : 'unavailable',
      database: 'reachable',
      migrations: pending === 0 ? 'applied' : `${pending} pending or changed`,
    };
  } catch {
    return { status: 'unavailable', database: 'unreachable', migrations: 'unknown' };
  }
}
