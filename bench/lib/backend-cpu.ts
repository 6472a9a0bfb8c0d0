// CPU time PostgreSQL spent for one database: the sum over its server processes (one per connection, found in
// pg_stat_activity) of their user + system time (/proc; the server runs on this host). Measured as a difference
// between two samples, so the work of connections that lived through both is counted; a connection that closed in
// between is missed (the benchmarks' pools keep theirs open).
import { cpuMs } from './cpu-time';
import { adminQuery } from './postgres';

export type BackendCpu = Map<number, number>;

export async function sampleBackendCpu(adminUrl: string, database: string): Promise<BackendCpu> {
  const rows = await adminQuery<{ pid: number }>(adminUrl, 'SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  const sample: BackendCpu = new Map();
  for (const { pid } of rows) {
    try {
      sample.set(pid, cpuMs(pid));
    } catch {
      // Exited since the query: nothing to count.
    }
  }
  return sample;
}

/** CPU ms the database's server processes used between `before` and `after` (new ones from zero). */
export function backendCpuBetween(before: BackendCpu, after: BackendCpu): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
