#!/usr/bin/env node
// The `skills-fleet` command. A plain-node launcher: it registers tsx (a dependency of the package) and runs the
// TypeScript client as it is, so there is no build step and `npx skills-fleet` works in a checkout or installed.
// The package's own tsconfig, whatever folder the command runs in.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./main.ts');
