// `npm run bench [-- <name>...] [--smoke] [--rounds N] [--profile]`
//
// Starts an embedded PostgreSQL (or uses DATABASE_URL's server), runs each benchmark on a fresh database after a
// warm-up and for N rounds (default 3), prints a table, and (unless --smoke) writes bench/results/<name>.json and
// regenerates the summary in BENCHMARKS.md. --smoke runs tiny sizes to check that every benchmark works and its
// numbers are sane, and writes nothing. --profile starts the API and worker processes with --cpu-prof (profiles in
// bench/profiles/; summarise them with bench/profile-summary.ts) and writes no results either; --statements
// starts the embedded PostgreSQL with pg_stat_statements and prints each benchmark's costliest statements (no
// results written). --report only regenerates BENCHMARKS.md from bench/results/*.json. Exits 1 when a sanity check
// fails.
import os from 'node:os';
import path from 'node:path';
import { author } from './author';
import { e2eEngine } from './e2e-engine';
import { e2eModel } from './e2e-model';
import { enqueue } from './enqueue';
import { fanout } from './fanout';
import { memory } from './memory';
import { metricsScrape } from './metrics-scrape';
import { pickup } from './pickup';
import { query } from './query';
import { scale } from './scale';
import { startBenchPostgres, topStatements, type BenchPostgres } from './lib/postgres';
import { REPO_ROOT } from '../harness/service-process';
import { machine, printTable, readResults, writeBenchmarksMd, writeResult, type RunMeta } from './lib/report';
import type { Benchmark, BenchResult } from './lib/types';

const BENCHMARKS: Benchmark[] = [
  enqueue,
  pickup,
  fanout,
  e2eEngine,
  e2eModel,
  query,
  metricsScrape,
  scale,
  author,
  memory,
];
const ORDER = BENCHMARKS.map((benchmark) => benchmark.name);

interface Options {
  names: string[];
  smoke: boolean;
  rounds: number;
  profile: boolean;
  statements: boolean;
  /** Only regenerate BENCHMARKS.md from bench/results/*.json. */
  report: boolean;
}

function usage(): string {
  return `usage: npm run bench -- [${ORDER.join('|')} ...] [--smoke] [--rounds N] [--profile] [--statements] | --report`;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { names: [], smoke: false, rounds: 0, profile: false, statements: false, report: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--statements') options.statements = true;
    else if (arg === '--report') options.report = true;
    else if (arg === '--rounds' || arg.startsWith('--rounds=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      options.rounds = Number(value);
      if (!Number.isInteger(options.rounds) || options.rounds < 1)
        throw new Error(`--rounds needs a whole number >= 1\n${usage()}`);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage()}`);
    else if (!ORDER.includes(arg)) throw new Error(`unknown benchmark ${arg}\n${usage()}`);
    else options.names.push(arg);
  }
  if (options.rounds === 0) options.rounds = options.smoke ? 1 : 3;
  if (!options.smoke && !options.profile && !options.statements && options.rounds < 3)
    throw new Error('a full run needs at least 3 rounds (use --smoke for a quick check)');
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.report) {
    writeBenchmarksMd(readResults(ORDER));
    process.stdout.write('regenerated BENCHMARKS.md from bench/results\n');
    return 0;
  }
  const selected = options.names.length
    ? BENCHMARKS.filter((benchmark) => options.names.includes(benchmark.name))
    : BENCHMARKS;
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const log = (message: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  // BENCH_SERVICE_NODE_ARGS: extra node flags for the services, for A/B runs of a flag (space-separated; not recorded).
  const extraNodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const serviceNodeArgs = [
    ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(REPO_ROOT, 'bench', 'profiles')}`] : []),
    ...extraNodeArgs,
  ];
  const runStarted = Date.now();
  // Only a standard full run is recorded: not a smoke run, not a profiled one (--cpu-prof slows the services down),
  // not one that tracks statements, not one with other fanout sizes or extra service flags.
  const persist =
    !options.smoke &&
    !options.profile &&
    !options.statements &&
    !process.env.BENCH_FANOUT_SIZES &&
    extraNodeArgs.length === 0;

  let postgres: BenchPostgres | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping PostgreSQL`);
    void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  postgres = await startBenchPostgres(log, { statements: options.statements });
  log(
    `PostgreSQL ${postgres.version} (${postgres.source}); ${options.smoke ? 'smoke run' : `${options.rounds} rounds`}: ${selected.map((b) => b.name).join(', ')}`,
  );
  const results: BenchResult[] = [];
  let failures = 0;
  try {
    for (const benchmark of selected) {
      log(`${benchmark.name}: ${benchmark.title}`);
      const loadStart = os.loadavg()[0]!;
      let result: BenchResult;
      try {
        result = await benchmark.run(
          {
            adminUrl: postgres.adminUrl,
            createDatabase: async (label) => {
              const database = await postgres!.createDatabase(label);
              if (!options.statements) return database;
              // Before the database goes, print what it ran.
              return {
                ...database,
                drop: async () => {
                  const top = await topStatements(postgres!.adminUrl, database.name);
                  process.stdout.write(
                    `\nstatements of ${benchmark.name} (${database.name}), most total time first:\n`,
                  );
                  for (const s of top) {
                    process.stdout.write(
                      `  ${s.totalMs.toFixed(0).padStart(7)} ms ${String(s.calls).padStart(8)} calls ${s.meanMs.toFixed(3).padStart(8)} ms/call  ${s.query.slice(0, 220)}\n`,
                    );
                  }
                  await database.drop();
                },
              };
            },
            rounds: options.rounds,
            smoke: options.smoke,
            serviceNodeArgs,
            log: (message) => log(`${benchmark.name}: ${message}`),
          },
          { smoke: options.smoke },
        );
      } catch (error) {
        failures++;
        log(`${benchmark.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        continue;
      }
      // Every figure is a number and, except RSS growth (which garbage collection can make negative at tiny sizes),
      // a positive one.
      for (const figure of result.figures) {
        for (const [side, summary] of [
          ['Skills Fleet', figure.app],
          ['baseline', figure.baseline],
        ] as const) {
          if (!summary) continue;
          const sane = Number.isFinite(summary.median) && (figure.unit === 'KB' || summary.median > 0);
          result.checks.push({
            name: `${figure.label}: ${side} figure is sane`,
            ok: sane,
            detail: `median ${summary.median} ${figure.unit}`,
          });
        }
      }
      results.push(result);
      const failed = result.checks.filter((check) => !check.ok).length;
      if (failed > 0 || result.checks.length === 0) failures++;
      printTable([result]);
      if (persist) {
        const meta: RunMeta = {
          date: new Date().toISOString(),
          command,
          machine: machine(),
          node: process.version,
          postgres: postgres.version,
          postgresSource: postgres.source,
          loadAverage: { start: loadStart, end: os.loadavg()[0]! },
        };
        log(`wrote ${path.relative(REPO_ROOT, writeResult({ meta, result }))}`);
      }
    }
  } finally {
    await postgres.stop();
  }

  process.stdout.write('\n');
  if (results.length) printTable(results);
  if (persist && results.length) {
    writeBenchmarksMd(readResults(ORDER));
    log('regenerated BENCHMARKS.md');
  }
  log(
    `done in ${((Date.now() - runStarted) / 1000).toFixed(0)} s${failures ? `; ${failures} benchmark(s) failed or have failed checks` : ''}`,
  );
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
