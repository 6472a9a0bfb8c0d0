// The process entry and composition root: reads the configuration, finds (or starts) PostgreSQL, migrates, then runs
// the API with an in-process worker (`npm start`), workers alone (`npm run worker`), or a one-shot operator command
// (`npm run migrate`, `npm run doctor`). It lives at the top because it wires schema/ and tasks/ together, which
// never import each other.
//
// Shutdown (SIGINT, SIGTERM) goes in order: stop taking requests and jobs, let running jobs finish, close the
// pools, stop the embedded PostgreSQL. A signal repeated within SAME_REQUEST_MS is the same request (a Ctrl-C
// reaches npm, which forwards it, and this process at once); a later one exits at once, still taking the
// embedded PostgreSQL down. When the parent (npm, a supervisor) dies, the process shuts down as on SIGTERM.
// Tracing (when an OTLP endpoint is set) starts first and stops last: the spans of the last jobs are flushed within
// TRACING_FLUSH_MS of the stop.
import { locateDatabase, makePool, makePrismaClient } from './prisma/database';
import { superviseEmbeddedPostgres } from './prisma/embedded-supervisor';
import { migrate } from './prisma/migrator';
import { makeAgentTester } from './resolvers/agent-tests/tester';
import { makeAuthor } from './resolvers/author';
import { ConfigError, loadConfig, type Config } from './resolvers/config';
import { makeDatabaseOutage } from './resolvers/database-outage';
import { checkInvariants } from './resolvers/invariants';
import { makeLlmLedger } from './resolvers/llm-usage/ledger';
import { makeLogger } from './resolvers/logger';
import { makeServices } from './resolvers/services';
import { startTracing } from './resolvers/telemetry/sdk';
import { makeMetricsRegistry } from './schema/metrics';

type Mode = 'api' | 'worker' | 'migrate' | 'doctor';

async function main(mode: Mode): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = makeLogger({
    level: config.logLevel,
    format: config.logFormat,
    name: mode === 'api' ? 'skills-fleet' : 'skills-fleet-worker',
  });
  const cleanup: Cleanup = [];
  let shutdownAt: number | undefined;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (shutdownAt !== undefined) return;
    shutdownAt = Date.now();
    logger.info({ signal }, 'shutting down');
    for (const step of cleanup.reverse()) {
      try {
        await step.run();
        logger.debug({ step: step.name }, 'stopped');
      } catch (error) {
        logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    logger.flush?.();
    process.exit(exitCode);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdownAt === undefined) return void shutdown(signal);
    if (Date.now() - shutdownAt < SAME_REQUEST_MS) {
      logger.info({ signal }, 'signal repeated: already shutting down');
      return;
    }
    logger.warn({ signal }, 'second signal: exiting now');
    for (const step of cleanup) step.now?.();
    logger.flush?.();
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  watchParent(() => void shutdown('parent exited'));
  try {
    await run(mode, config, logger, cleanup, shutdown);
  } catch (error) {
    process.stderr.write(`Skills Fleet failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown('startup failure', 1);
  }
}

/** Steps run in reverse on shutdown; `now` is the synchronous last resort of a forced exit. */
type Cleanup = Array<{ name: string; run: () => Promise<unknown>; now?: () => void }>;

/** A second signal this soon after the first is the same request, not a demand to exit at once. */
const SAME_REQUEST_MS = 1000;
const PARENT_CHECK_MS = 500;
/** The part of the stop budget the last export of spans may take (an unreachable collector must not hold it). */
const TRACING_FLUSH_MS = 3_000;
/** How long the orderly stop may take after the embedded PostgreSQL could not be restarted. */
const GIVE_UP_EXIT_MS = 15_000;

/** Calls `onOrphaned` once the process that started this one is gone (this process is re-parented). */
function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, PARENT_CHECK_MS);
  timer.unref();
}

async function run(
  mode: Mode,
  config: Config,
  logger: ReturnType<typeof makeLogger>,
  cleanup: Cleanup,
  shutdown: (reason: string, exitCode?: number) => Promise<void>,
): Promise<void> {
  // Before anything makes a span; the SDK is imported only here, when asked for.
  if (config.tracing && (mode === 'api' || mode === 'worker')) {
    const tracing = await startTracing(config.tracing, { mode }, logger);
    cleanup.push({ name: 'tracing', run: () => tracing.shutdown(TRACING_FLUSH_MS) });
  }
  const location = await locateDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPort: config.embeddedPgPort,
    log: (message) => logger.info(message),
  });
  // Every part that reconnects on its own reports here: a lost database is one line when it goes, one when back.
  const outage = makeDatabaseOutage(logger);
  if (location.embedded) {
    logger.info({ dataDir: config.dataDir, port: location.embedded.port }, 'embedded PostgreSQL is running');
    const embedded = location.embedded;
    cleanup.push({ name: 'embedded PostgreSQL', run: () => embedded.stop(), now: () => embedded.stopNow() });
    superviseEmbeddedPostgres(embedded, {
      onLost: (how) =>
        outage.failed('embedded PostgreSQL', new Error(`the embedded PostgreSQL exited (${how})`), { certain: true }),
      onBack: ({ attempts }) => outage.succeeded('embedded PostgreSQL', { attempts }),
      onGiveUp: (message) => {
        process.stderr.write(`Skills Fleet is stopping: ${message}\n`);
        // The orderly stop meets a database that is gone; bounded, so a supervisor sees the exit.
        setTimeout(() => process.exit(1), GIVE_UP_EXIT_MS).unref();
        void shutdown('embedded PostgreSQL lost', 1);
      },
    });
  }
  // The doctor only reads: it checks any database as it is.
  const migrated =
    mode === 'doctor'
      ? { applied: [], alreadyApplied: [] }
      : await migrate(location.url, { log: (message) => logger.info(message) });
  if (mode !== 'doctor')
    logger.info(
      { applied: migrated.applied.length, alreadyApplied: migrated.alreadyApplied.length },
      'database migrated',
    );
  if (mode === 'migrate') {
    process.stdout.write(
      `applied ${migrated.applied.length} migration(s); ${migrated.alreadyApplied.length} already applied\n`,
    );
    return shutdown('done');
  }

  const pool = makePool(location.url, config.databasePoolSize, `skills-fleet-${mode}`);
  const prisma = makePrismaClient(pool);
  cleanup.push({
    name: 'database pool',
    run: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  });
  const metrics = makeMetricsRegistry(prisma, { token: config.metricsToken });
  // Every model call (author, agent under test, judge) is accounted per job and checked against the job's budget.
  const usage = makeLlmLedger(prisma, metrics.metrics, config.llmMaxTokensPerJob);
  const services = makeServices({
    prisma,
    metrics: metrics.metrics,
    author: makeAuthor(config, logger, usage),
    usage,
    agentTester: makeAgentTester(config, { logger, usage }),
    settings: {
      hitlTimeoutSeconds: config.hitlTimeoutSeconds,
      phaseMaxAttempts: config.phaseMaxAttempts,
      taskSliceMs: config.taskSliceMs,
      skillsDir: config.skillsDir,
      eventRetentionDays: config.eventRetentionDays,
    },
    logger,
  });

  if (mode === 'doctor') {
    const violations = await checkInvariants(prisma, { staleSeconds: config.workerStaleSeconds });
    for (const v of violations) process.stdout.write(`VIOLATION ${v.invariant}: ${v.jobId ?? '-'} ${v.detail}\n`);
    process.stdout.write(
      violations.length === 0 ? 'doctor: every invariant holds\n' : `doctor: ${violations.length} violation(s)\n`,
    );
    return shutdown('done', violations.length === 0 ? 0 : 1);
  }

  if (mode === 'worker' || config.runWorker) {
    // Imported by the modes that use them (the API's schema and yoga are ~45 MB of a worker's RSS otherwise).
    const { startWorker } = await import('./tasks/runner');
    const workerPool = makePool(location.url, config.workerConcurrency + 4, 'skills-fleet-worker');
    const worker = await startWorker(services, {
      pool: workerPool,
      concurrency: config.workerConcurrency,
      heartbeatSeconds: config.workerHeartbeatSeconds,
      staleSeconds: config.workerStaleSeconds,
      outage,
    });
    cleanup.push({
      name: 'worker',
      run: async () => {
        await worker.stop();
        await workerPool.end();
      },
    });
    // Before 'worker running': a worker that says it runs can be scraped.
    if (mode === 'worker' && config.metricsPort !== undefined) {
      const { listenMetrics } = await import('./schema/metrics-server');
      const metricsServer = await listenMetrics(metrics, config.metricsPort, config.host);
      cleanup.push({ name: 'metrics server', run: () => metricsServer.close() });
      logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');
    }
    logger.info({ concurrency: config.workerConcurrency, processId: worker.heartbeat.processId }, 'worker running');
  }

  if (mode === 'api') {
    const [{ makeAuthenticator }, { startEventHub }, { makeApp }, { listen }] = await Promise.all([
      import('./resolvers/auth'),
      import('./resolvers/events/hub'),
      import('./schema/app'),
      import('./schema/server'),
    ]);
    const authenticator = makeAuthenticator(config.auth);
    if (authenticator.devMode) {
      logger.warn(
        'DEV MODE: no AUTH_JWT_SECRET or AUTH_JWKS_URL; every request is user "local" (or the x-user-id header)',
      );
    }
    // The job-events LISTEN connection that subscriptions wait on; listening before the port opens, stopped after
    // the HTTP and WebSocket clients are gone (cleanup runs in reverse).
    const events = await startEventHub({ connectionString: location.url, logger, outage });
    cleanup.push({ name: 'job-events hub', run: () => events.stop() });
    const app = makeApp({
      services: { ...services, events },
      authenticator,
      graphiql: config.graphiql,
      introspection: config.introspection,
      metrics,
      tracing: config.tracing !== undefined,
    });
    const http = await listen(app, config.port, config.host);
    cleanup.push({ name: 'http server', run: () => http.close() });
    logger.info({ url: `${http.url}/graphql` }, 'API listening');
    // The one line a person looks for.
    process.stdout.write(`\nSkills Fleet is ready: GraphiQL at ${http.url}/graphql, the console at ${http.url}/\n\n`);
  }
}

const MODES: readonly Mode[] = ['api', 'worker', 'migrate', 'doctor'];
const requested = process.argv[2] ?? 'api';
if (!MODES.includes(requested as Mode)) {
  process.stderr.write(`unknown command "${requested}"; use one of: ${MODES.join(', ')}\n`);
  process.exit(2);
}
const mode = requested as Mode;
main(mode).catch((error: unknown) => {
  process.stderr.write(`Skills Fleet failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
