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
  const result = await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: output,
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
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  fs.writeFileSync(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
  const bytes = fs.statSync(output).size;
  console.error(
    `server built: dist/main.js ${(bytes / 1024).toFixed(0)} KB from ${inputs.length} files in ${Date.now() - started} ms`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  await buildServer();
}
