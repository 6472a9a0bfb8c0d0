// What Linux says about a process's memory (/proc/<pid>/status) and which processes descend from it, for the memory
// benchmark: RSS split into anonymous memory (V8 heaps, malloc, WebAssembly, thread stacks) and file-backed pages
// (the node binary, shared libraries: code), and the process tree under `npm start`.
import fs from 'node:fs';

export interface ProcessMemory {
  pid: number;
  /** argv joined by spaces, shortened. */
  command: string;
  rssKb: number;
  anonKb: number;
  fileKb: number;
  threads: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

export function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return {
      pid,
      command: command.length > 120 ? `${command.slice(0, 117)}...` : command,
      rssKb: statusField(status, 'VmRSS'),
      anonKb: statusField(status, 'RssAnon'),
      fileKb: statusField(status, 'RssFile') + statusField(status, 'RssShmem'),
      threads: statusField(status, 'Threads'),
    };
  } catch {
    return null; // gone
  }
}

function parentOf(pid: number): number | null {
  try {
    // Fields after the command (which is in parentheses and may hold spaces): state, ppid, ...
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** `root` and every process below it, parents before children. */
export function processTree(root: number): ProcessMemory[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: ProcessMemory[] = [];
  const visit = (pid: number) => {
    const memory = processMemory(pid);
    if (memory) tree.push(memory);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** The environment a process started with (/proc/<pid>/environ), or null when it is gone. */
export function processEnvironment(pid: number): Record<string, string> | null {
  try {
    const entries = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  } catch {
    return null;
  }
}

export const mb = (kb: number) => kb / 1024;
