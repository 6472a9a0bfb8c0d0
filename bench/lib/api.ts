// The API as the benchmarks start it without its in-process worker, so that only the path under test runs in it.
import { startService, type ServiceProcess } from '../../harness/service-process';
import type { Scope } from './scope';

/** Starts the API (RUN_WORKER=false) on `databaseUrl` and registers its stop in `scope`. */
export function startApiWithoutWorker(scope: Scope, databaseUrl: string, nodeArgs: string[]): Promise<ServiceProcess> {
  return scope.started(startService('api', { DATABASE_URL: databaseUrl, RUN_WORKER: 'false' }, { nodeArgs }), 'api');
}
