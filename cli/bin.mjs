#!/usr/bin/env node
// The `skills-fleet` command of a checkout (the root package's bin: `npx skills-fleet`, `npm run cli`). A plain-node
// launcher: it registers tsx (a dependency of the root package) and runs the TypeScript client as it is, so there is
// no build step. The installable package (cli/package.json) ships a bundle instead (cli/build.mjs).
// The repository's tsconfig, whatever folder the command runs in.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./main.ts');
