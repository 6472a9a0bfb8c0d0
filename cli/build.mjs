// Builds the installable CLI package (cli/package.json): one self-contained file, dist/skills-fleet.mjs, bundling
// cli/main.ts, its typed documents (clients/graphql/) and the libraries it runs with (commander, @inquirer/prompts,
// graphql-ws, ws, zod, picocolors). The package therefore has no dependencies: `npm install -g` of the packed file
// installs one file, offline, instead of the service's Prisma, embedded PostgreSQL and the rest.
//   npm pack ./cli        runs `node build.mjs` (prepack), packs, then `node build.mjs --clean` (postpack)
// In a checkout the root package's bin (cli/bin.mjs) runs the TypeScript as it is; this build is for the package only.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/**
 * @inquirer/prompts re-exports its `editor` prompt, whose external-editor dependency brings iconv-lite's encoding
 * tables (about 0.5 MB): the CLI never opens an editor, so that one import resolves to a stub that says so.
 */
const withoutEditorPrompt = {
  name: 'without-editor-prompt',
  setup(build) {
    build.onResolve({ filter: /^@inquirer\/editor$/ }, () => ({ path: 'editor', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export default () => { throw new Error('the editor prompt is not part of the skills-fleet bundle'); };",
    }));
  },
};

/** Bundling drops the libraries' LICENSE files, which their licenses ask to keep: one file with all of them. */
function writeLicenses(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const sections = [...roots].sort().map((root) => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(here, root, 'package.json'), 'utf8'));
    const file = fs.readdirSync(path.resolve(here, root)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = file ? fs.readFileSync(path.resolve(here, root, file), 'utf8').trim() : `License: ${manifest.license}`;
    return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}\n`;
  });
  fs.writeFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.txt'), sections.join(`\n${'-'.repeat(72)}\n\n`));
  return roots.size;
}

fs.rmSync(dist, { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  const result = await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: path.join(dist, 'skills-fleet.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // CommonJS libraries (ws, commander) call require() for Node's modules: give the ES module a real one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as createRequire$ } from 'node:module';\nconst require = createRequire$(import.meta.url);",
    },
    // ws's optional native speed-ups: ws loads them in a try and works without them.
    external: ['bufferutil', 'utf-8-validate'],
    plugins: [withoutEditorPrompt],
    minify: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  fs.chmodSync(path.join(dist, 'skills-fleet.mjs'), 0o755);
  const packages = writeLicenses(Object.keys(result.metafile.inputs));
  // stderr: `npm pack --json` prints its JSON on stdout, where lifecycle scripts write too.
  console.error(`cli built: dist/skills-fleet.mjs ${(bytes / 1024).toFixed(1)} KB, ${packages} bundled packages`);
}
