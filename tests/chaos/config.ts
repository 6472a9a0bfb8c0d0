// Sizes of the fault, concurrency, abuse and soak suites. `npm test` runs them small (CHAOS_SCALE unset or `ci`) so
// CI keeps them green; `npm run test:chaos` runs them at full size (CHAOS_SCALE=full, vitest.chaos.config.ts).
// Randomness is seeded: CHAOS_SEED=<n> replays a run; every suite prints the seed it used.

export type ChaosScale = 'ci' | 'full';

export const SCALE: ChaosScale = process.env.CHAOS_SCALE === 'full' ? 'full' : 'ci';

export interface ChaosSizes {
  /** Worker kill loop: jobs to finish, worker processes SIGKILLed, worker processes alive at once. */
  killLoop: { jobs: number; kills: number; liveWorkers: number; heartbeatSeconds: number; staleSeconds: number };
  /** API kill: jobs followed, subscribers per job, times the API process is SIGKILLed. */
  apiKill: { jobs: number; subscribersPerJob: number; kills: number };
  /** PostgreSQL restart: jobs in flight, subscribers, restarts. */
  pgRestart: { jobs: number; subscribers: number; restarts: number };
  /** Concurrency: parallel requests per race, and rounds of the cancel races. */
  concurrency: { parallel: number; cancelRaces: number };
  /** fast-check runs per property. */
  properties: { numRuns: number };
  /** Soak: duration, concurrent subscribers, job creations per second, share of jobs cancelled, memory sample interval. */
  soak: { durationMs: number; subscribers: number; jobsPerSecond: number; cancelShare: number; sampleEveryMs: number };
}

const SIZES: Record<ChaosScale, ChaosSizes> = {
  ci: {
    killLoop: { jobs: 6, kills: 3, liveWorkers: 2, heartbeatSeconds: 1, staleSeconds: 3 },
    apiKill: { jobs: 3, subscribersPerJob: 3, kills: 1 },
    pgRestart: { jobs: 4, subscribers: 8, restarts: 1 },
    concurrency: { parallel: 100, cancelRaces: 6 },
    properties: { numRuns: 50 },
    soak: { durationMs: 30_000, subscribers: 20, jobsPerSecond: 0.5, cancelShare: 0.2, sampleEveryMs: 2_000 },
  },
  full: {
    killLoop: { jobs: 50, kills: 20, liveWorkers: 2, heartbeatSeconds: 5, staleSeconds: 20 },
    apiKill: { jobs: 10, subscribersPerJob: 10, kills: 3 },
    pgRestart: { jobs: 12, subscribers: 60, restarts: 2 },
    concurrency: { parallel: 100, cancelRaces: 40 },
    properties: { numRuns: 400 },
    soak: { durationMs: 10 * 60_000, subscribers: 500, jobsPerSecond: 1, cancelShare: 0.15, sampleEveryMs: 15_000 },
  },
};

export const SIZE: ChaosSizes = SIZES[SCALE];

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same run. */
export interface Rng {
  seed: number;
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** The suite's seed (CHAOS_SEED, or a fresh one), printed so a failing run can be replayed. */
export function suiteRng(suite: string): Rng {
  const fromEnv = Number(process.env.CHAOS_SEED);
  const seed = Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : (Date.now() ^ (process.pid << 8)) >>> 0 || 1;
  console.info(`[chaos:${suite}] scale ${SCALE}, seed ${seed} (replay with CHAOS_SEED=${seed})`);
  return makeRng(seed);
}

/** A line of figures for the report (and RELIABILITY.md). */
export function report(suite: string, message: string): void {
  console.info(`[chaos:${suite}] ${message}`);
}
