// Memory of child processes (resident set size, from /proc), sampled on an interval.
import { rssKb } from '../../harness/service-process';

export interface MemorySample {
  atMs: number;
  process: string;
  rssMb: number;
}

/** Resident set size in MB (one decimal); null when the process is gone. */
export function rssMb(pid: number): number | null {
  const kb = rssKb(pid);
  return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
}

export function sampleMemory(
  processes: () => Record<string, number | undefined>,
  everyMs: number,
): { samples: MemorySample[]; stop(): void; sample(): void } {
  const started = Date.now();
  const samples: MemorySample[] = [];
  const sample = () => {
    for (const [name, pid] of Object.entries(processes())) {
      const rss = pid ? rssMb(pid) : null;
      if (rss !== null) samples.push({ atMs: Date.now() - started, process: name, rssMb: rss });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { samples, sample, stop: () => clearInterval(timer) };
}

/** "api: 182 -> 190 -> 188 MB" per process, for the report. */
export function memoryCurve(samples: MemorySample[]): Record<string, Array<[seconds: number, mb: number]>> {
  const curve: Record<string, Array<[number, number]>> = {};
  for (const s of samples) (curve[s.process] ??= []).push([Math.round(s.atMs / 1000), s.rssMb]);
  return curve;
}
