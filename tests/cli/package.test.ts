// The installable CLI (cli/package.json): `npm pack ./cli` bundles it into one file with no dependencies, and
// `npm install --global` of that tarball, offline, gives a `skills-fleet` that runs a job against the real service
// from a folder where none of the checkout's node_modules can be resolved.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/service-process';
import { startCliServer, type CliServer } from './support';

const run = promisify(execFile);

let server: CliServer;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-pack-'));
  server = await startCliServer();
}, 90_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

interface PackResult {
  filename: string;
  files: Array<{ path: string; mode: number }>;
  bundled: string[];
}

/** Runs a command with npm's own settings from the test run (npm_config_*) left out, so the flags here decide. */
function withoutNpmConfig(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

describe('the skills-fleet-cli package', { timeout: 120_000 }, () => {
  it('packs to one bundled file and its licences, installs globally offline, and runs a job end to end', async () => {
    const packed = await run('npm', ['pack', './cli', '--json', '--pack-destination', scratch], {
      cwd: REPO_ROOT,
      env: withoutNpmConfig(),
    });
    const [pack] = JSON.parse(packed.stdout) as PackResult[];
    expect(pack!.files.map((f) => f.path).sort()).toEqual([
      'dist/THIRD-PARTY-LICENSES.txt',
      'dist/skills-fleet.mjs',
      'package.json',
    ]);
    expect(pack!.files.find((f) => f.path === 'dist/skills-fleet.mjs')!.mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(REPO_ROOT, 'cli', 'dist'))).toBe(false); // postpack cleaned up

    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cli', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ 'skills-fleet': 'dist/skills-fleet.mjs' });

    // --offline: nothing may come from the registry, and with no dependencies nothing needs to.
    const prefix = path.join(scratch, 'global');
    await run(
      'npm',
      [
        'install',
        '--global',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        path.join(scratch, pack!.filename),
      ],
      { cwd: scratch, env: withoutNpmConfig() },
    );
    const installed = path.join(prefix, 'lib', 'node_modules', 'skills-fleet-cli');
    expect(fs.readdirSync(installed).sort()).toEqual(['dist', 'package.json']);

    const bin = path.join(prefix, 'bin', 'skills-fleet');
    const env = { PATH: process.env.PATH, HOME: scratch, NO_COLOR: '1', SKILLS_FLEET_URL: server.url };
    const help = await run(bin, ['--help'], { cwd: scratch, env });
    expect(help.stdout).toMatch(/^Usage: skills-fleet /);
    expect(help.stdout).toContain('Exit codes:');

    // create --watch: HTTP for the mutation, graphql-ws over ws for the events, all from the bundle.
    const job = await run(
      bin,
      ['create', 'a skill that teaches an agent to write changelogs', '--no-prompts', '--watch'],
      {
        cwd: scratch,
        env,
      },
    );
    expect(job.stdout).toMatch(/#\d+ +100% COMPLETED PROMOTION STATUS_CHANGED/);
    expect(job.stdout).toMatch(/Job [0-9a-f-]{36} completed: skill "/);
  });
});
