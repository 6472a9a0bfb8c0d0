// The service's configuration: the environment, parsed once at boot. Every problem is listed in one error so an
// operator fixes them all in one go.
import path from 'node:path';
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const number = (min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a number' : undefined) })
    .int()
    .min(min)
    .max(max);

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v.trim())))
    .pipe(number(min, max));

const fraction = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v.trim())))
    .pipe(
      z
        .number({ error: () => 'must be a number' })
        .min(0)
        .max(1),
    );

/** Unset or empty: undefined. */
const optionalInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v.trim())))
    .pipe(number(min, max).optional());

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().optional().default('.data'),
  EMBEDDED_PG_PORT: int(0, 0, 65535),
  PORT: int(4000, 0, 65535),
  HOST: z.string().optional().default('127.0.0.1'),
  RUN_WORKER: bool(true),
  WORKER_CONCURRENCY: int(4, 1, 64),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  HITL_TIMEOUT_SECONDS: int(86_400, 10, 30 * 86_400),
  WORKER_HEARTBEAT_SECONDS: int(5, 1, 300),
  WORKER_STALE_SECONDS: int(20, 3, 3600),
  PHASE_MAX_ATTEMPTS: int(5, 1, 25),
  TASK_SLICE_MS: int(1000, 0, 600_000),
  EVENT_RETENTION_DAYS: optionalInt(1, 36_500),
  AUTH_JWT_SECRET: optionalString,
  AUTH_JWKS_URL: optionalString.pipe(z.url().optional()),
  AUTH_JWT_ISSUER: optionalString,
  AUTH_JWT_AUDIENCE: optionalString,
  GRAPHIQL: bool(true),
  INTROSPECTION: bool(true),
  LLM_BASE_URL: optionalString.pipe(z.url().optional()),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: int(60_000, 1000, 600_000),
  LLM_AGENT_MODEL: optionalString,
  LLM_JUDGE_MODEL: optionalString,
  LLM_SCENARIO_SAMPLES: int(3, 1, 20),
  LLM_SCENARIO_CONCURRENCY: int(4, 1, 32),
  LLM_MAX_TOKENS_PER_JOB: optionalInt(1, 2_000_000_000),
  TDD_MAX_ITERATIONS: int(3, 1, 10),
  TDD_MIN_COMPLIANCE: fraction(0.8),
  SKILLS_DIR: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  METRICS_TOKEN: optionalString,
  METRICS_PORT: optionalInt(0, 65535),
  // OpenTelemetry's standard variables that decide whether tracing is on; the SDK reads the others itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OTEL_SERVICE_NAME: optionalString,
  OTEL_SDK_DISABLED: bool(false),
  BENCH_AUTHOR: optionalString.pipe(z.enum(['instant']).optional()),
});

/** Rules across variables. Checked on the raw environment too, so they are listed beside per-variable errors. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  if (env.NODE_ENV === 'production' && !set('AUTH_JWT_SECRET') && !set('AUTH_JWKS_URL')) {
    problems.push(
      'AUTH_JWT_SECRET: production (NODE_ENV=production) requires AUTH_JWT_SECRET or AUTH_JWKS_URL; dev-mode identity is refused',
    );
  }
  if (set('AUTH_JWT_SECRET') && env.AUTH_JWT_SECRET!.trim().length < 32)
    problems.push('AUTH_JWT_SECRET: must be at least 32 characters (HS256 key)');
  if (set('LLM_BASE_URL') && !set('LLM_MODEL')) problems.push('LLM_MODEL: is required when LLM_BASE_URL is set');
  // The benchmarks' instant author writes fixed content: never what a user's job gets.
  if (set('BENCH_AUTHOR') && env.NODE_ENV === 'production')
    problems.push('BENCH_AUTHOR: is a benchmark setting and is refused in production (NODE_ENV=production)');
  if (set('BENCH_AUTHOR') && set('LLM_BASE_URL'))
    problems.push('BENCH_AUTHOR: cannot be combined with LLM_BASE_URL (which author would write the skills?)');
  const heartbeat = Number(env.WORKER_HEARTBEAT_SECONDS?.trim() || 5);
  const stale = Number(env.WORKER_STALE_SECONDS?.trim() || 20);
  if (Number.isFinite(heartbeat) && Number.isFinite(stale) && stale <= heartbeat * 2) {
    problems.push(
      'WORKER_STALE_SECONDS: must be more than twice WORKER_HEARTBEAT_SECONDS, or live workers would be declared dead',
    );
  }
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    if (set(name) && env[name]!.trim() === 'grpc')
      problems.push(`${name}: grpc is not supported; traces are sent over OTLP/HTTP (http/json)`);
  }
  return problems;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  /** Unset: run an embedded PostgreSQL in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  port: number;
  host: string;
  runWorker: boolean;
  workerConcurrency: number;
  databasePoolSize: number;
  hitlTimeoutSeconds: number;
  workerHeartbeatSeconds: number;
  workerStaleSeconds: number;
  phaseMaxAttempts: number;
  /** How long one task runs a job's phases before it hands the next one to a new task (see WorkflowSettings). */
  taskSliceMs: number;
  /** Purge the events of jobs finished more than this many days ago (all but the last); unset: keep forever. */
  eventRetentionDays?: number;
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  graphiql: boolean;
  introspection: boolean;
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
  /** Benchmarks only (refused in production): the instant author of resolvers/author/instant.ts. */
  benchAuthor?: 'instant';
  /** The behavioural tests (RED / GREEN / REFACTOR against an agent); run only when `llm` is set. */
  agentTests: AgentTestSettings;
  /** Tokens (prompt + completion) a job may spend on models; unset: no limit. */
  llmMaxTokensPerJob?: number;
  skillsDir?: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Port of a worker-only process's /metrics and /health; unset: no such server. */
  metricsPort?: number;
  /** OpenTelemetry tracing: on when an OTLP endpoint is set (and OTEL_SDK_DISABLED is not); unset: off. */
  tracing?: TracingSettings;
}

export interface TracingSettings {
  /** OTEL_SERVICE_NAME, default "skills-fleet". */
  serviceName: string;
  /** Where spans go, as logged at start: the endpoint's origin only (no credentials, no path). */
  endpointOrigin: string;
}

export interface AgentTestSettings {
  /** The agent under test; default the author's model. */
  agentModel?: string;
  /** The judge of the answers; default the author's model. */
  judgeModel?: string;
  /** Runs per scenario and round. */
  samples: number;
  /** Scenario runs of one job at once. */
  concurrency: number;
  /** REFACTOR rounds (with-skill re-runs after GREEN's) at most. */
  maxIterations: number;
  /** With-skill compliance VALIDATION requires, 0..1. */
  minCompliance: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    port: e.PORT,
    host: e.HOST,
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    hitlTimeoutSeconds: e.HITL_TIMEOUT_SECONDS,
    workerHeartbeatSeconds: e.WORKER_HEARTBEAT_SECONDS,
    workerStaleSeconds: e.WORKER_STALE_SECONDS,
    phaseMaxAttempts: e.PHASE_MAX_ATTEMPTS,
    taskSliceMs: e.TASK_SLICE_MS,
    eventRetentionDays: e.EVENT_RETENTION_DAYS,
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
    },
    // GraphiQL and introspection are on in development and off in production unless asked for explicitly.
    graphiql: env.GRAPHIQL?.trim() ? e.GRAPHIQL : e.NODE_ENV !== 'production',
    introspection: env.INTROSPECTION?.trim() ? e.INTROSPECTION : e.NODE_ENV !== 'production',
    llm:
      e.LLM_BASE_URL && e.LLM_MODEL
        ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
        : undefined,
    benchAuthor: e.BENCH_AUTHOR,
    agentTests: {
      agentModel: e.LLM_AGENT_MODEL,
      judgeModel: e.LLM_JUDGE_MODEL,
      samples: e.LLM_SCENARIO_SAMPLES,
      concurrency: e.LLM_SCENARIO_CONCURRENCY,
      maxIterations: e.TDD_MAX_ITERATIONS,
      minCompliance: e.TDD_MIN_COMPLIANCE,
    },
    llmMaxTokensPerJob: e.LLM_MAX_TOKENS_PER_JOB,
    skillsDir: e.SKILLS_DIR ? path.resolve(e.SKILLS_DIR) : undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    tracing: tracingSettings(e),
  };
}

function tracingSettings(e: z.infer<typeof envSchema>): TracingSettings | undefined {
  const endpoint = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || e.OTEL_SDK_DISABLED) return undefined;
  return { serviceName: e.OTEL_SERVICE_NAME ?? 'skills-fleet', endpointOrigin: new URL(endpoint).origin };
}
