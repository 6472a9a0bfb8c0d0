// memory: resident memory of the service's own process when idle. Per round, on fresh processes: the API with its
// in-process worker (what `npm start` runs) and `npm run worker`, each idle after running one job, each run three ways:
// as those scripts run it (dist/main.js with the scripts' environment and node flags, read from package.json by
// memory/npm-script.ts), as plain `node dist/main.js` (before the flags) and through the tsx loader (before that);
// baseline: a bare graphql-yoga server with the same schema and no database (bench/memory/bare-yoga.mjs).
// Once per run, the whole process tree of a real `npm start` (npm stays as the parent: its RSS is reported apart), and
// a check that its service process really has the script's flags and environment.
// The database is the benchmark server's PostgreSQL, a separate process, not counted anywhere.
// BENCH_HEAP_SNAPSHOTS=1 also writes a heap snapshot of each API after its reading (bench/profiles/; summarise with
// bench/heap-summary.ts).
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../harness/service-process';
import { Scope } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';
import { npmScriptCommand } from './memory/npm-script';
import { mb, type ProcessMemory } from './memory/proc';
import {
  measureApi,
  measureBareYoga,
  measureNpmStart,
  measureWorker,
  type Entry,
  type Reading,
} from './memory/measure';

const GOAL_MB = 150;

/** How one configuration starts the API and the worker (node flags and environment of the service process). */
interface Launch {
  nodeArgs: string[];
  env: Record<string, string>;
}

interface Variant {
  id: string;
  entry: Entry;
  api: Launch;
  worker: Launch;
  /** How each mode is started, for the notes. */
  how: { api: string; worker: string };
}

function variants(): Variant[] {
  const start = npmScriptCommand('start');
  const worker = npmScriptCommand('worker');
  const none: Launch = { nodeArgs: [], env: {} };
  const plain = 'node dist/main.js without flags (before)';
  const tsx = 'node --import tsx main.ts (before that)';
  return [
    {
      id: 'npm',
      entry: 'dist',
      api: start,
      worker,
      how: { api: `\`${start.text}\` (npm start)`, worker: `\`${worker.text}\` (npm run worker)` },
    },
    { id: 'plain', entry: 'dist', api: none, worker: none, how: { api: plain, worker: plain } },
    { id: 'tsx', entry: 'tsx', api: none, worker: none, how: { api: tsx, worker: tsx } },
  ];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function split(reading: Reading): string {
  const m = reading.memory;
  const parts = [
    `RSS ${round1(mb(m.rssKb))} MB = anonymous ${round1(mb(m.anonKb))} + file-backed ${round1(mb(m.fileKb))}`,
  ];
  if (reading.v8) {
    const native = m.anonKb - reading.v8.heapTotalKb;
    parts.push(
      `V8 heap ${round1(mb(reading.v8.heapTotalKb))} MB committed (${round1(mb(reading.v8.heapUsedKb))} used), native (anonymous minus the V8 heap: malloc, WebAssembly, other isolates, stacks) ${round1(mb(native))} MB, of which external ${round1(mb(reading.v8.externalKb))} MB`,
    );
  }
  parts.push(`${m.threads} threads`);
  return parts.join('; ');
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'Memory: idle RSS of the API and the worker',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const idleMs = smoke ? 1_000 : 3_000;
    const scope = new Scope();
    const checks = new Checks();
    const notes: string[] = [];
    try {
      // What `npm start` does first (ensure-installed.mjs), so dist/main.js is the current code.
      const built = spawnSync(process.execPath, ['build.mjs', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`node build.mjs failed:\n${built.stderr}`);
      const databases = {
        api: scope.use(await ctx.createDatabase('memory_api'), (d) => d.drop(), 'database'),
        worker: scope.use(await ctx.createDatabase('memory_worker'), (d) => d.drop(), 'database'),
      };
      const all = variants();
      const rss: Record<string, number[]> = {};
      const add = (key: string, reading: Reading) => (rss[key] ??= []).push(mb(reading.memory.rssKb));
      for (let round = 1; round <= ctx.rounds; round++) {
        // One process at a time: each idles alone (nothing else starting beside it).
        const baseline = await measureBareYoga(idleMs);
        add('baseline', baseline);
        // The smoke run checks the path `npm start` takes (and the tree below), not the comparisons.
        for (const variant of smoke ? all.slice(0, 1) : all) {
          const api = await measureApi(variant.entry, databases.api.url, idleMs, variant.api);
          add(`api_${variant.id}`, api);
          checks.check(
            `round ${round}: api (${variant.id}) ran its job and was read`,
            api.memory.rssKb > 0,
            split(api),
          );
          if (round === 1) notes.push(`API, ${variant.how.api}, idle after one job (round 1): ${split(api)}.`);
          if (round === 1 && api.snapshot) notes.push(`Heap snapshot of the API (${variant.id}): ${api.snapshot}.`);
          const worker = await measureWorker(variant.entry, databases.worker.url, idleMs, variant.worker);
          add(`worker_${variant.id}`, worker);
          checks.check(
            `round ${round}: worker (${variant.id}) ran its job and was read`,
            worker.memory.rssKb > 0,
            split(worker),
          );
          if (round === 1) notes.push(`Worker, ${variant.how.worker}, idle after one job (round 1): ${split(worker)}.`);
        }
        if (round === 1) notes.push(`Bare yoga baseline (round 1): ${split(baseline)}.`);
        ctx.log(
          `round ${round}: ${Object.entries(rss)
            .map(([key, values]) => `${key} ${round1(values.at(-1)!)} MB`)
            .join(', ')}`,
        );
      }

      ctx.log('npm start, the whole process tree');
      const { tree, serviceEnv } = await measureNpmStart(databases.api.url, idleMs);
      const [npm, ...below] = tree;
      const service = below.find((p) => p.command.includes('main.js') || p.command.includes('main.ts'));
      checks.check(
        'npm start: npm and the service were found',
        npm !== undefined && service !== undefined,
        treeText(tree),
      );
      // The figures above start dist/main.js the way the script reads; this says the script really runs it so.
      const script = all[0]!.api;
      checks.check(
        'npm start: the service runs with the flags and environment of the start script',
        script.nodeArgs.every((flag) => service?.command.split(' ').includes(flag)) &&
          Object.entries(script.env).every(([name, value]) => serviceEnv?.[name] === value),
        `${service?.command ?? 'no service'}; ${Object.keys(script.env)
          .map((name) => `${name}=${serviceEnv?.[name] ?? '(unset)'}`)
          .join(' ')}`,
      );
      notes.push(`\`npm start\`, idle after one job: ${treeText(tree)}.`);

      const figure = (id: string, label: string, key: string, goal: boolean): Figure =>
        makeFigure({
          id,
          label,
          unit: 'MB',
          better: 'lower',
          app: rss[key]!,
          baseline: rss.baseline!,
          goal: goal ? { kind: 'at-most', value: GOAL_MB } : null,
        });
      const optional = (f: Figure | null): f is Figure => f !== null;
      const [npmStart, npmWorker] = [all[0]!.api, all[0]!.worker];
      const flagsOf = (l: Launch) =>
        [...Object.entries(l.env).map(([k, v]) => `${k}=${v}`), ...l.nodeArgs].join(' ') || 'no flags';
      const figures: Figure[] = [
        figure(
          'api_idle_rss',
          `API with in-process worker, idle after one job, RSS (npm start: ${flagsOf(npmStart)})`,
          'api_npm',
          true,
        ),
        figure(
          'worker_idle_rss',
          `worker, idle after one job, RSS (npm run worker: ${flagsOf(npmWorker)})`,
          'worker_npm',
          true,
        ),
        rss.api_plain
          ? figure(
              'api_idle_rss_plain',
              'API, idle, RSS as node dist/main.js without flags (before)',
              'api_plain',
              false,
            )
          : null,
        rss.worker_plain
          ? figure(
              'worker_idle_rss_plain',
              'worker, idle, RSS as node dist/main.js without flags (before)',
              'worker_plain',
              false,
            )
          : null,
        rss.api_tsx
          ? figure('api_idle_rss_tsx', 'API with in-process worker, idle, RSS through tsx (before)', 'api_tsx', false)
          : null,
        rss.worker_tsx
          ? figure('worker_idle_rss_tsx', 'worker, idle, RSS through tsx (before)', 'worker_tsx', false)
          : null,
        makeFigure({
          id: 'npm_wrapper_rss',
          label: 'npm start: RSS of npm itself (the parent that stays)',
          unit: 'MB',
          better: 'lower',
          app: [mb(npm?.rssKb ?? Number.NaN)],
        }),
      ].filter(optional);
      notes.push(
        'RSS from /proc/<pid>/status (VmRSS = RssAnon + RssFile + RssShmem), read after the process idled ' +
          `${idleMs / 1000} s past its job; the V8 figures from the API's /metrics (prom-client's default metrics), read just after. ` +
          "The PostgreSQL server is the benchmark's own (DATABASE_URL set), a separate process, in none of the figures; with no DATABASE_URL `npm start` would also start an embedded PostgreSQL, a separate process too.",
      );
      for (const note of notes) ctx.log(note);
      return {
        name: 'memory',
        title: this.title,
        what: `RSS of the service's own process, idle ${idleMs / 1000} s after one job (prompts off, offline author): the API with its in-process worker and a worker process, as dist/main.js and through tsx; and npm start's process tree`,
        baseline:
          'a bare graphql-yoga server with the same schema (schema.graphql, no resolvers, no database) under plain node, after 20 { __typename } requests',
        smoke,
        rounds: ctx.rounds,
        params: { idleMs, goalMb: GOAL_MB },
        figures,
        checks: checks.list,
        notes,
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};

function treeText(tree: ProcessMemory[]): string {
  return tree.map((p) => `pid ${p.pid} \`${p.command}\` ${round1(mb(p.rssKb))} MB`).join(' -> ');
}
