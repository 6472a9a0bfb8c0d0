// Summarises V8 heap snapshots (.heapsnapshot, e.g. from `BENCH_HEAP_SNAPSHOTS=1 npm run bench -- memory`): self size
// and count by constructor (objects and closures by name, everything else by node type: strings, code, arrays...),
// largest first, and by the script the code and closures come from (node_modules package or this repository).
//   node --max-old-space-size=4096 --import tsx bench/heap-summary.ts bench/profiles/*.heapsnapshot [--top 30]
import fs from 'node:fs';
import path from 'node:path';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  key: string;
  selfBytes: number;
  count: number;
}

function summarise(file: string, top: number): string {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const width = fields.length;
  const groups = new Map<string, Group>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    const size = snapshot.nodes[i + sizeAt]!;
    total += size;
    // Objects are named by their constructor; strings and code by their content, which would not group.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name}` : `(${type})`;
    const group = groups.get(key) ?? { key, selfBytes: 0, count: 0 };
    group.selfBytes += size;
    group.count++;
    groups.set(key, group);
  }
  const rows = [...groups.values()].sort((a, b) => b.selfBytes - a.selfBytes).slice(0, top);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(7);
  return [
    `${path.basename(file)}: ${mb(total).trim()} MB in ${(snapshot.nodes.length / width).toLocaleString('en-US')} nodes`,
    ...rows.map(
      (r) =>
        `  ${mb(r.selfBytes)} MB ${((r.selfBytes / total) * 100).toFixed(1).padStart(5)} % ${String(r.count).padStart(9)}  ${r.key.slice(0, 100)}`,
    ),
  ].join('\n');
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 30;
if (args.length === 0) {
  process.stderr.write('usage: node --import tsx bench/heap-summary.ts <file.heapsnapshot>... [--top N]\n');
  process.exit(2);
}
for (const file of args) process.stdout.write(`${summarise(file, top)}\n\n`);
