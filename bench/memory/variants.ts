// Idle RSS of the API (with its in-process worker) and the worker under other node flags or environment, for
// choosing the npm scripts' settings (BENCHMARKS.md, memory): each variant as measure.ts measures the benchmark's, in
// interleaved rounds on one embedded PostgreSQL. Prints one line per reading and the readings per variant.
//   VARIANTS='{"plain":{"nodeArgs":[],"env":{}},"arena2":{"nodeArgs":[],"env":{"MALLOC_ARENA_MAX":"2"}}}' \
//   ROUNDS=2 MODES=api,worker node --import tsx bench/memory/variants.ts
import { startBenchPostgres } from '../lib/postgres';
import { measureApi, measureWorker } from './measure';
import { mb } from './proc';

const variants: Record<string, { nodeArgs: string[]; env: Record<string, string> }> = JSON.parse(
  process.env.VARIANTS ?? '{"plain":{"nodeArgs":[],"env":{}}}',
);
const rounds = Number(process.env.ROUNDS ?? 2);
const modes = (process.env.MODES ?? 'api,worker').split(',');
const pg = await startBenchPostgres(() => {});
const db = await pg.createDatabase('variants');
const readings: Record<string, number[]> = {};
try {
  for (let round = 1; round <= rounds; round++) {
    for (const [name, variant] of Object.entries(variants)) {
      for (const mode of modes) {
        const reading =
          mode === 'api'
            ? await measureApi('dist', db.url, 3000, variant)
            : await measureWorker('dist', db.url, 3000, variant);
        const m = reading.memory;
        const key = `${mode} ${name}`;
        (readings[key] ??= []).push(Math.round(mb(m.rssKb)));
        console.log(
          `${key}: RSS ${mb(m.rssKb).toFixed(1)} MB = anonymous ${mb(m.anonKb).toFixed(1)} + file-backed ${mb(m.fileKb).toFixed(1)}` +
            (reading.v8 ? `; V8 heap ${mb(reading.v8.heapTotalKb).toFixed(1)} MB committed` : ''),
        );
      }
    }
  }
} finally {
  await db.drop();
  await pg.stop();
}
for (const [key, values] of Object.entries(readings)) console.log(`${key.padEnd(40)} ${values.join(' ')}`);
