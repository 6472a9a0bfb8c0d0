// What a benchmark is, what it gets from the runner, and what it hands back.
import { round, summarize, type Summary } from './stats';

/** A goal, relative to the baseline measured in the same run, or absolute (in the figure's unit). */
export type Goal =
  | { kind: 'ratio-at-least'; value: number }
  | { kind: 'ratio-at-most'; value: number }
  | { kind: 'at-most'; value: number };

export interface Figure {
  /** Stable key within the benchmark, e.g. `jobs_per_second`. */
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  /** Skills Fleet: the median, min and max over the rounds. */
  app: Summary;
  /** The baseline in the same run, or null when the figure has none. */
  baseline: Summary | null;
  /** app median / baseline median. */
  ratio: number | null;
  goal: Goal | null;
  goalText: string;
  /** null when the figure has no goal. */
  met: boolean | null;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface BenchResult {
  name: string;
  title: string;
  /** What the app side measures. */
  what: string;
  /** What the baseline measures. */
  baseline: string;
  smoke: boolean;
  rounds: number;
  /** Sizes and settings of this run. */
  params: Record<string, unknown>;
  figures: Figure[];
  /** Sanity checks (every request answered, every event received, ...); a failed check fails the run. */
  checks: Check[];
  notes: string[];
  durationSeconds: number;
}

export interface Database {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface BenchContext {
  /** Connection string of a maintenance database on the PostgreSQL server the benchmarks use. */
  adminUrl: string;
  /** A new, migrated database on that server (the app's migrations and graphile-worker's schema). */
  createDatabase(label: string): Promise<Database>;
  rounds: number;
  smoke: boolean;
  /** Extra node flags for the API and worker processes (e.g. --cpu-prof), from --profile. */
  serviceNodeArgs: string[];
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext, options: { smoke: boolean }): Promise<BenchResult>;
}

export function goalText(goal: Goal | null, unit: string): string {
  if (!goal) return '';
  switch (goal.kind) {
    case 'ratio-at-least':
      return `>= ${goal.value} x baseline`;
    case 'ratio-at-most':
      return `<= ${goal.value} x baseline`;
    case 'at-most':
      return `<= ${goal.value} ${unit}`;
  }
}

export function makeFigure(options: {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  app: readonly number[];
  baseline?: readonly number[] | null;
  goal?: Goal | null;
}): Figure {
  const app = roundSummary(summarize(options.app));
  const baseline = options.baseline ? roundSummary(summarize(options.baseline)) : null;
  const ratio = baseline && baseline.median !== 0 && Number.isFinite(app.median) ? app.median / baseline.median : null;
  const goal = options.goal ?? null;
  let met: boolean | null = null;
  if (goal) {
    if (goal.kind === 'at-most') met = Number.isFinite(app.median) && app.median <= goal.value;
    else if (ratio === null || !Number.isFinite(ratio)) met = false;
    else met = goal.kind === 'ratio-at-least' ? ratio >= goal.value : ratio <= goal.value;
  }
  return {
    id: options.id,
    label: options.label,
    unit: options.unit,
    better: options.better,
    app,
    baseline,
    ratio: ratio === null ? null : round(ratio),
    goal,
    goalText: goalText(goal, options.unit),
    met,
  };
}

function roundSummary(summary: Summary): Summary {
  return {
    median: round(summary.median),
    min: round(summary.min),
    max: round(summary.max),
    rounds: summary.rounds.map(round),
  };
}

/** Collects sanity checks while a benchmark runs. */
export class Checks {
  readonly list: Check[] = [];
  check(name: string, ok: boolean, detail: string): boolean {
    this.list.push({ name, ok, detail });
    return ok;
  }
}
