// Bundles the console (console/src/main.tsx) with esbuild into console/dist/: hashed assets under assets/ and an
// index.html that names them. Prints the initial JavaScript's gzipped size and fails above the budget.
//   node console/build.mjs              build now
//   node console/build.mjs --if-stale   build only when a source (or the lockfile) is newer than the last build
// `npm start` runs the second through ensure-installed.mjs, so a fresh clone serves the console with nothing else.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const builtMarker = path.join(dist, 'index.html');
const BUDGET_GZIP_BYTES = 150 * 1024;

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function isStale() {
  if (!fs.existsSync(builtMarker)) return true;
  const inputs = [path.join(here, 'src'), path.join(here, 'index.html'), path.join(here, 'build.mjs')];
  const lock = path.join(here, '..', 'package-lock.json');
  if (fs.existsSync(lock)) inputs.push(lock);
  const built = fs.statSync(builtMarker).mtimeMs;
  return inputs.some((input) => newestMtime(input) > built);
}

export async function buildConsole() {
  fs.rmSync(dist, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(here, 'src', 'main.tsx')],
    outdir: path.join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const js = outputs.find((file) => file.endsWith('.js'));
  const css = outputs.find((file) => file.endsWith('.css'));
  if (!js || !css) throw new Error(`the console build produced ${outputs.join(', ')}`);
  const html = fs.readFileSync(path.join(here, 'index.html'), 'utf8').replace('%JS%', js).replace('%CSS%', css);
  fs.writeFileSync(builtMarker, html);
  const bytes = fs.readFileSync(path.join(dist, 'assets', js));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  console.error(
    `console built: ${js} ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped ` +
      `(budget ${BUDGET_GZIP_BYTES / 1024} KB)`,
  );
  if (gzipped > BUDGET_GZIP_BYTES) throw new Error('the console bundle is over its size budget');
  return { js, css, gzipped };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  await buildConsole();
}
