// Summarises V8 CPU profiles (`--cpu-prof`, e.g. from `npm run bench -- <name> --profile`): where the self time goes,
// by function and by package.
//   node --import tsx bench/profile-summary.ts bench/profiles/CPU.*.cpuprofile [--top 25]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** node_modules/<package> (scoped too), our top-level folder, or what V8 calls it. */
function owner(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const match = /\/work\/[^/]+\/([^/]+)\//.exec(url);
  return match ? `app:${match[1]}` : path.basename(url);
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/')}:${frame.lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + time);
    const pkg = owner(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  }
  const busy = total - idle;
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)}%`;
  process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy\n`);
  process.stdout.write('  self time by package (of busy):\n');
  for (const [name, time] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${ms(time)} ms ${pct(time)}  ${name}\n`);
  process.stdout.write('  self time by function (of busy):\n');
  for (const [name, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${ms(time)} ms ${pct(time)}  ${name}\n`);
}

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const files = args.filter((arg, i) => !arg.startsWith('--') && (topIndex < 0 || i !== topIndex + 1));
if (files.length === 0) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile>... [--top N]\n');
  process.exit(2);
}
for (const file of files) summarise(file, top);
