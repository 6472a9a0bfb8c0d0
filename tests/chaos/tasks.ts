// Tasks whose skill names differ (a second skill of the same name stops in PENDING_REVIEW, which is not terminal).
import type { Rng } from './config';

const VERBS = [
  'reviewing',
  'writing',
  'debugging',
  'tuning',
  'documenting',
  'testing',
  'migrating',
  'profiling',
  'securing',
  'refactoring',
];
const ADJECTIVES = [
  'legacy',
  'distributed',
  'small',
  'large',
  'shared',
  'internal',
  'public',
  'nested',
  'async',
  'critical',
];
const NOUNS = [
  'postgres indexes',
  'react forms',
  'kafka consumers',
  'terraform modules',
  'graphql resolvers',
  'python packages',
  'docker images',
  'nginx configs',
  'redis caches',
  'rust crates',
  'bash scripts',
  'helm charts',
];

/** 1200 tasks with distinct offline skill names, in a seeded order. */
export function taskSource(rng: Rng): () => string {
  const all = VERBS.flatMap((v) => ADJECTIVES.flatMap((a) => NOUNS.map((n) => `a skill for ${v} ${a} ${n} safely`)));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  let next = 0;
  return () => {
    const task = all[next++];
    if (!task) throw new Error('out of distinct tasks');
    return task;
  };
}
