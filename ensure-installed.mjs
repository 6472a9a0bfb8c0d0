// Runs before `npm start`, `npm run worker` and `npm test` (npm's pre-scripts): on a fresh clone, or after a pull
// that changed package-lock.json, it installs the locked dependencies first, so the quick start works literally;
// then builds what is stale: the web console and the server's dist/main.js (what `npm start` runs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const installedLock = 'node_modules/.package-lock.json'; // written by npm at the end of every install
const upToDate =
  existsSync(installedLock) &&
  existsSync('prisma/generated') &&
  statSync(installedLock).mtimeMs >= statSync(lock).mtimeMs;

if (!upToDate) {
  console.error('Installing the locked dependencies first (npm ci)...');
  const result = spawnSync('npm', ['ci'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The web console's bundle (console/dist): built when missing or older than its sources, so `npm start` serves it.
const consoleBuild = spawnSync(process.execPath, ['console/build.mjs', '--if-stale'], { stdio: 'inherit' });
if (consoleBuild.status !== 0) process.exit(consoleBuild.status ?? 1);

// The server (dist/main.js, build.mjs): precompiled, so the service runs without the TypeScript loader in its process.
const serverBuild = spawnSync(process.execPath, ['build.mjs', '--if-stale'], { stdio: 'inherit' });
if (serverBuild.status !== 0) process.exit(serverBuild.status ?? 1);
