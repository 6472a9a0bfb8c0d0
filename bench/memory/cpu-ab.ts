// CPU cost of node flags / environment for the service, measured as CPU time of the API process (utime + stime from
// /proc) per request or per job, which a busy shared host distorts far less than requests per second. Arms run
// interleaved on fresh processes: `job(id)` (the query benchmark's job page, 8 in flight), `{ __typename }`, and jobs
// with every prompt off through the in-process worker (instant author: the engine's cost, not the author's).
//   ARMS='{"plain":{"nodeArgs":[],"env":{}},"lean":{"nodeArgs":["--liftoff-only"],"env":{"MALLOC_ARENA_MAX":"2"}}}' \
//   REPS=3 node --import tsx bench/memory/cpu-ab.ts
import fs from 'node:fs';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';
import { startService } from '../../harness/service-process';
import { waitFor } from '../lib/clock';
import { createJob, JOB_QUERY, TYPENAME_QUERY, USER_HEADERS } from '../lib/graphql';
import { adminQuery, startBenchPostgres } from '../lib/postgres';

interface Arm {
  nodeArgs: string[];
  env: Record<string, string>;
}
const arms: Record<string, Arm> = JSON.parse(process.env.ARMS!);
const reps = Number(process.env.REPS ?? 3);
const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const JOBS = Number(process.env.JOBS ?? 40);

const TICK_US = 1e6 / 100; // USER_HZ
function cpuUs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime, stime
}

async function requests(url: string, body: string, count: number, inFlight = 8): Promise<void> {
  let next = 0;
  const one = async () => {
    while (next++ < count) {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: USER_HEADERS, body });
      const text = await response.text();
      if (!response.ok || text.includes('"errors"')) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, one));
}

async function statusOf(dbUrl: string, jobId: string): Promise<string | undefined> {
  const [row] = await adminQuery<{ status: string }>(
    dbUrl,
    'SELECT status::text AS status FROM jobs WHERE job_id = $1',
    [jobId],
  );
  return row?.status;
}

const pg = await startBenchPostgres(() => {});
const results: Record<string, Record<string, number[]>> = {};
try {
  for (let rep = 1; rep <= reps; rep++) {
    for (const [name, arm] of Object.entries(arms)) {
      const db = await pg.createDatabase('cpu_ab');
      const api = await startService(
        'api',
        { DATABASE_URL: db.url, LOG_LEVEL: 'warn', BENCH_AUTHOR: 'instant', ...arm.env },
        { entry: 'dist', nodeArgs: arm.nodeArgs },
      );
      try {
        const url = api.url!;
        const jobId = await createJob(url, 'a skill that teaches an agent to write safe postgres migrations');
        await waitFor(
          'the job to wait',
          async () => ((await statusOf(db.url, jobId)) === 'PENDING_HITL' ? true : undefined),
          60_000,
        );
        const jobBody = JSON.stringify({ query: JOB_QUERY, variables: { id: jobId, after: 0 } });
        const typeBody = JSON.stringify({ query: TYPENAME_QUERY });
        const record = (what: string, value: number) => ((results[name] ??= {})[what] ??= []).push(value);
        // Warm-up: every code path and query plan once, JIT and WebAssembly tiers where they go.
        await requests(url, jobBody, 500);
        await requests(url, typeBody, 500);
        let before = cpuUs(api.pid);
        let started = Date.now();
        await requests(url, jobBody, REQUESTS);
        record('job(id) us/req', (cpuUs(api.pid) - before) / REQUESTS);
        record('job(id) wall req/s', REQUESTS / ((Date.now() - started) / 1000));
        before = cpuUs(api.pid);
        await requests(url, typeBody, REQUESTS);
        record('typename us/req', (cpuUs(api.pid) - before) / REQUESTS);
        // Jobs through the in-process worker, 4 at a time.
        const runJobs = async (count: number) => {
          let made = 0;
          const one = async () => {
            while (made++ < count) {
              const id = await createJob(
                url,
                `write release notes for service number ${made} of the fleet`,
                ALL_PROMPTS_OFF,
              );
              await waitFor(
                `job ${id}`,
                async () => {
                  const status = await statusOf(db.url, id);
                  if (status === 'FAILED' || status === 'CANCELLED') throw new Error(`job ${id} ${status}`);
                  return status === 'COMPLETED' ? true : undefined;
                },
                120_000,
                10,
              );
            }
          };
          await Promise.all(Array.from({ length: 4 }, one));
        };
        await runJobs(8);
        before = cpuUs(api.pid);
        started = Date.now();
        await runJobs(JOBS);
        record('job run ms CPU/job', (cpuUs(api.pid) - before) / JOBS / 1000);
        record('job run jobs/s', JOBS / ((Date.now() - started) / 1000));
        const status = fs.readFileSync(`/proc/${api.pid}/status`, 'utf8');
        record('RSS after load MB', Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) / 1024);
        console.log(
          `rep ${rep} ${name}: ${Object.entries(results[name]!)
            .map(([k, v]) => `${k} ${v.at(-1)!.toFixed(1)}`)
            .join(', ')}; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
        );
      } finally {
        await api.stop();
        await db.drop();
      }
    }
  }
} finally {
  await pg.stop();
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [name, figures] of Object.entries(results))
  for (const [what, values] of Object.entries(figures))
    console.log(
      `${name.padEnd(12)} ${what.padEnd(20)} median ${median(values).toFixed(1)}  [${values.map((v) => v.toFixed(1)).join(', ')}]`,
    );
