// Compiles the service (main.ts and everything it imports from this repository) with esbuild into one JavaScript
// file, dist/main.js, which `npm start` and `npm run worker` run with plain node: no TypeScript loader in the
// process (tsx's compiler, its loader thread and its cache cost ~60 MB of RSS at idle; bench/memory.ts measures it).
// Packages stay in node_modules (imported at run time, as under tsx), so the bundle holds only this repository's code.
//   node build.mjs              build now
//   node build.mjs --if-stale   build only when an input of the last build (or the lockfile) changed since
// `npm start` runs the second through ensure-installed.mjs, so a fresh clone and an edited checkout both run current code.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const output = path.join(dist, 'main.js');
/** The files the last build read (esbuild's metafile), so staleness is exact, whatever the layout. */
const inputsFile = path.join(dist, 'inputs.json');

export function isStale() {
  if (!fs.existsSync(output) || !fs.existsSync(inputsFile)) return true;
  const built = fs.statSync(output).mtimeMs;
  const inputs = [...JSON.parse(fs.readFileSync(inputsFile, 'utf8')), 'build.mjs', 'package-lock.json'];
  return inputs.some((input) => {
    const file = path.join(here, input);
    return !fs.existsSync(file) || fs.statSync(file).mtimeMs > built;
  });
}

export async function buildServer() {
  const started = Date.now();
  // Built aside, then moved into place file by file (a rename is atomic), chunks before main.js: a service starting
  // from dist/ meanwhile (another `npm start` that found it stale too) never reads a half-written file.
  const staging = path.join(dist, `.build-${process.pid}`);
  const result = await build({
    entryPoints: [path.join(here, 'main.ts')],
    outdir: staging,
    // The modules main.ts imports lazily (the API's schema and server, the worker's runner) in chunks of their own,
    // so that a process loads (and their packages) only what its mode runs.
    splitting: true,
    // Beside main.js, one level below the repository like the sources (prisma/migrator.ts finds the migrations so).
    chunkNames: '[name]-[hash]',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: ['node20.19'],
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const written = Object.keys(result.metafile.outputs).map((file) => path.relative(staging, path.resolve(here, file)));
  for (const file of written.sort((a, b) => Number(a.startsWith('main.')) - Number(b.startsWith('main.'))))
    fs.renameSync(path.join(staging, file), path.join(dist, file));
  fs.rmSync(staging, { recursive: true, force: true });
  // Chunks of older builds: kept a while for a process that read the previous main.js just before it was replaced.
  for (const file of fs.readdirSync(dist).filter((f) => /\.js(\.map)?$/.test(f) && !f.startsWith('main.'))) {
    const stale = Date.now() - fs.statSync(path.join(dist, file)).mtimeMs > 10 * 60_000;
    if (stale && !written.includes(file)) fs.rmSync(path.join(dist, file), { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  fs.writeFileSync(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, info]) => sum + info.bytes, 0);
  console.error(
    `server built: dist/main.js and chunks, ${(bytes / 1024).toFixed(0)} KB from ${inputs.length} files in ${Date.now() - started} ms`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  await buildServer();
}
