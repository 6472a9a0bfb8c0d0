// Answers a diligent person gives to the offline author's first CLARIFY round: specific enough that no second round is
// asked.
export const CLARIFY_TEXT = {
  problem:
    'Agents write migrations that lock large tables for minutes and take production down during deploys; they add columns with defaults and build indexes without CONCURRENTLY.',
  success_criteria:
    'Every migration is reversible, runs without long locks, passes a lint step in CI, and is rehearsed against a copy of production data before it ships.',
  constraints:
    'PostgreSQL 16 only, no downtime allowed, migrations run inside our existing deploy pipeline, and nobody edits a migration that already ran.',
};
