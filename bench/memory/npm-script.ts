// What `npm start` / `npm run worker` run, read from package.json, so the memory benchmark measures the service with
// exactly the environment and node flags of those scripts (`NAME=value ... exec node <flags> dist/main.js [worker]`).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/service-process';

export interface NpmScriptCommand {
  /** The script as package.json has it. */
  text: string;
  env: Record<string, string>;
  nodeArgs: string[];
}

export function npmScriptCommand(script: 'start' | 'worker'): NpmScriptCommand {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const text = pkg.scripts[script] ?? '';
  const tokens = text.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=\S*$/.test(tokens[0] ?? '')) {
    const [name, ...value] = tokens.shift()!.split('=');
    env[name!] = value.join('=');
  }
  const entry = tokens.indexOf('dist/main.js');
  const expectedTail = script === 'worker' ? ['worker'] : [];
  const shaped =
    tokens[0] === 'exec' &&
    tokens[1] === 'node' &&
    entry >= 2 &&
    tokens.slice(2, entry).every((t) => t.startsWith('--')) &&
    tokens.slice(entry + 1).join(' ') === expectedTail.join(' ');
  if (!shaped)
    throw new Error(
      `package.json script "${script}" is \`${text}\`: the memory benchmark expects \`[NAME=value ...] exec node [--flags ...] dist/main.js${script === 'worker' ? ' worker' : ''}\``,
    );
  return { text, env, nodeArgs: tokens.slice(2, entry) };
}
