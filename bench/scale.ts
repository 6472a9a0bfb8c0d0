// scale: the read path with a small and a large job table. Two databases on the same server, one with 1,000 jobs (the
// baseline) and one with 1,000,000 (--smoke: 20,000), generated in SQL with their events, prompts and skills
// (bench/scale/seed.ts); an API process on each (no worker: nothing changes the data while it is measured). Each
// round times every operation (bench/scale/operations.ts) sequentially from this process, on the small and the large
// database in turn, and takes the p50 of its requests. Goal: every operation within 2x of its latency at 1,000 jobs.
// The operations that miss get the EXPLAIN (ANALYZE, BUFFERS) of their statements on the large database in the notes.
import { startService, type ServiceProcess } from '../harness/service-process';
import { percentile } from './lib/stats';
import { Scope, startAll } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';
import { explainOperation, OPERATIONS, readFixture, timeOperation, type Fixture } from './scale/operations';
import { beforeAndAfter } from './scale/before-after';
import { bytesPerJob, seedJobs, type SeedResult } from './scale/seed';

interface Side {
  jobs: number;
  url: string;
  api: ServiceProcess;
  fixture: Fixture;
  seed: SeedResult;
}

function thousands(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
}

export const scale: Benchmark = {
  name: 'scale',
  title: 'Scale: read latency with 1,000 vs 1,000,000 jobs',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const sizes = smoke ? [1_000, 20_000] : [1_000, 1_000_000];
    const requests = smoke ? 15 : 60;
    const warmup = smoke ? 3 : 10;
    const scope = new Scope();
    const checks = new Checks();
    try {
      const sides: Side[] = [];
      for (const jobs of sizes) {
        const db = scope.use(await ctx.createDatabase(`scale_${thousands(jobs)}`), (d) => d.drop(), 'database');
        ctx.log(`seeding ${jobs.toLocaleString('en-US')} jobs`);
        const seed = await seedJobs(db.url, jobs, ctx.log);
        ctx.log(
          `seeded ${seed.events.toLocaleString('en-US')} events, ${seed.prompts.toLocaleString('en-US')} prompts: load ${seed.loadSeconds.toFixed(1)} s, indexes ${seed.indexSeconds.toFixed(1)} s, vacuum/analyze ${seed.vacuumSeconds.toFixed(1)} s`,
        );
        checks.check(
          `${thousands(jobs)} jobs: keys, indexes, status trigger and its counts as the app keeps them`,
          seed.problems.length === 0,
          seed.problems.join('; ') || 'all restored, counts equal the jobs',
        );
        sides.push({ jobs, url: db.url, seed, fixture: await readFixture(db.url), api: undefined as never });
      }
      const apis = await startAll(
        sides.map((side) =>
          scope.started(
            startService('api', { DATABASE_URL: side.url, RUN_WORKER: 'false', LOG_LEVEL: 'warn' }),
            `api ${side.jobs}`,
          ),
        ),
      );
      sides.forEach((side, i) => (side.api = apis[i]!));
      const [small, large] = sides as [Side, Side];

      // Per operation and side, the p50 of each round.
      const p50 = new Map<string, number[][]>(OPERATIONS.map((op) => [op.id, [[], []]]));
      for (const op of OPERATIONS) {
        for (const side of sides) {
          for (let i = 0; i < warmup; i++) await timeOperation(side.api.url!, op, side.fixture);
        }
      }
      for (let round = 1; round <= ctx.rounds; round++) {
        for (const op of OPERATIONS) {
          for (const [index, side] of sides.entries()) {
            const samples: number[] = [];
            let wrong: string | null = null;
            for (let i = 0; i < requests; i++) {
              try {
                samples.push(await timeOperation(side.api.url!, op, side.fixture));
              } catch (error) {
                wrong ??= error instanceof Error ? error.message : String(error);
              }
            }
            checks.check(
              `round ${round}: ${op.label} at ${thousands(side.jobs)} jobs answered right every time`,
              wrong === null && samples.length === requests,
              wrong ?? `${samples.length} right answers`,
            );
            p50.get(op.id)![index]!.push(percentile(samples, 50));
          }
        }
        ctx.log(
          `round ${round}: ${OPERATIONS.map((op) => `${op.id} ${p50.get(op.id)![0]!.at(-1)!.toFixed(1)}/${p50.get(op.id)![1]!.at(-1)!.toFixed(1)}`).join(', ')} ms`,
        );
      }

      const figures: Figure[] = OPERATIONS.map((op) =>
        makeFigure({
          id: `${op.id}_p50`,
          label: `${op.label} p50 at ${thousands(large.jobs)} (baseline: at ${thousands(small.jobs)})`,
          unit: 'ms',
          better: 'lower',
          app: p50.get(op.id)![1]!,
          baseline: p50.get(op.id)![0]!,
          goal: { kind: 'ratio-at-most', value: 2 },
        }),
      );
      const bytes = await bytesPerJob(large.url, large.jobs);
      figures.push(
        makeFigure({
          id: 'bytes_per_job',
          label: `disk per job at ${thousands(large.jobs)} (database size / jobs)`,
          unit: 'bytes',
          better: 'lower',
          app: [bytes.database!],
        }),
        makeFigure({
          id: 'generation_seconds',
          label: `generating ${thousands(large.jobs)} jobs (load, indexes, vacuum)`,
          unit: 's',
          better: 'lower',
          app: [large.seed.loadSeconds + large.seed.indexSeconds + large.seed.vacuumSeconds],
        }),
      );
      const notes = [
        `Data at ${thousands(large.jobs)}: ${large.seed.events.toLocaleString('en-US')} events, ${large.seed.prompts.toLocaleString('en-US')} prompts, ${large.seed.skills.toLocaleString('en-US')} skills; the user 'bench' has ${large.fixture.userJobs} jobs (at ${thousands(small.jobs)}: ${small.fixture.userJobs}). Generated in ${large.seed.loadSeconds.toFixed(0)} s + indexes ${large.seed.indexSeconds.toFixed(0)} s + vacuum/analyze ${large.seed.vacuumSeconds.toFixed(0)} s.`,
        `Bytes per job at ${thousands(large.jobs)}: ${Object.entries(bytes)
          .map(([name, value]) => `${name} ${value.toLocaleString('en-US')}`)
          .join(', ')}.`,
      ];
      ctx.log('before/after, statement by statement');
      const pairs = await beforeAndAfter(large.url);
      notes.push(
        `Before -> after at ${thousands(large.jobs)}, PostgreSQL execution time of the statement behind each read (median of 5, EXPLAIN ANALYZE; bench/scale/before-after.ts): ${pairs
          .map((p) => `${p.label} ${p.beforeMs.toFixed(2)} -> ${p.afterMs.toFixed(2)} ms`)
          .join('; ')}.`,
      );
      for (const [index, figure] of figures.entries()) {
        const op = OPERATIONS[index];
        if (!op || figure.met !== false) continue;
        const plan = await explainOperation(large.url, op, large.fixture);
        notes.push(`EXPLAIN of ${op.label} at ${thousands(large.jobs)}:\n\`\`\`\n${plan.join('\n')}\n\`\`\``);
      }
      for (const note of notes) ctx.log(note);
      return {
        name: 'scale',
        title: this.title,
        what: `p50 of ${requests} sequential requests per operation and round from the benchmark process, against an API (no worker) on a database of ${thousands(large.jobs)} jobs generated in SQL (bench/scale/seed.ts)`,
        baseline: `the same operations on a database of ${thousands(small.jobs)} jobs of the same shape, on the same server, alternating with the large one`,
        smoke,
        rounds: ctx.rounds,
        params: { sizes, requests, warmup },
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
