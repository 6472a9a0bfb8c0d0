// 20 varied tasks with task-specific answers for the offline author's measurement (tests/offline-author-measured):
// ten a built-in domain knows (one per domain, so no two share its knowledge) and ten outside every built-in domain
// (infrastructure, data, writing, operations, security, ...), the three among them.
import type { TaskCase } from './offline-author';

export interface VariedTask extends TaskCase {
  /** The built-in domain expected to be used, or null when none should be. */
  expectedDomain: string | null;
}

export const VARIED_TASKS: VariedTask[] = [
  // Inside a built-in domain.
  {
    task: 'a skill that teaches an agent to write safe Postgres migrations for large tables',
    expectedDomain: 'database-migrations',
    problem: 'Agents add columns with volatile defaults and rewrite the events table while checkout waits on the lock.',
    success: 'Every migration runs up, down and up again on a production-sized copy without a lock over two seconds.',
    constraints: 'Never combine a schema change and a backfill in one transaction.',
  },
  {
    task: 'Teach an agent to write git commit messages that explain why',
    expectedDomain: 'git',
    problem: 'Commit messages say "fix" or "update" and nobody can tell later why a line changed.',
    success: 'Each commit subject fits in 72 characters and the body names the reason for the change.',
    constraints: 'Never rewrite history that was already pushed to a shared branch.',
  },
  {
    task: 'Help an agent run blameless incident postmortems',
    expectedDomain: 'incident-postmortems',
    problem: 'Postmortems name whoever pushed the button and the follow-up tickets are closed without work.',
    success: 'Each postmortem has a timeline with sources and every action item has an owner and a date.',
    constraints: 'Do not name a person as the root cause.',
  },
  {
    task: 'Deploy services to Kubernetes with rollbacks',
    expectedDomain: 'kubernetes-deploys',
    problem: 'Deploys use the latest tag and a broken image stays live because nobody waits for the rollout.',
    success: 'Every deploy pins an image digest and rolls back on its own when the rollout does not finish.',
    constraints: 'Never change live objects by hand with kubectl edit.',
  },
  {
    task: 'Test React components with Testing Library',
    expectedDomain: 'react-testing',
    problem: 'Component tests assert on class names and break on every markup change.',
    success: 'Tests find elements by role or label and fail only when what the user sees changes.',
    constraints: 'Do not add snapshot tests of whole pages.',
  },
  {
    task: 'Import customer CSV files without duplicate rows',
    expectedDomain: 'csv-imports',
    problem: 'A re-run of the nightly import doubles the customer table when the first run stopped halfway.',
    success: 'Importing the same file twice leaves the same row count, and bad rows are reported by line number.',
    constraints: 'Never write a row before the whole file has been validated.',
  },
  {
    task: 'Roll out new features behind feature flags',
    expectedDomain: 'feature-flags',
    problem: 'Flags go from zero to everyone in one step and stale flags stay in the code for years.',
    success: 'Every flag has an owner, starts off, ramps up in steps and is removed within a month.',
    constraints: 'Do not nest one flag check inside another.',
  },
  {
    task: 'Add structured logging to backend services',
    expectedDomain: 'logging',
    problem: 'Logs are free text without request IDs, so one request cannot be followed across services.',
    success: 'A single request can be traced by its request ID and no password or token appears in any log line.',
    constraints: 'Never log request bodies of the login endpoint.',
  },
  {
    task: 'Tune slow SQL queries using EXPLAIN ANALYZE',
    expectedDomain: 'sql-query-tuning',
    problem: 'Agents add indexes at random without reading the plan, and inserts slow down.',
    success: 'Each change shows EXPLAIN ANALYZE output from before and after on production-sized data.',
    constraints: 'Do not create an index without CONCURRENTLY on a table that serves traffic.',
  },
  {
    task: 'Audit web pages for accessibility against WCAG 2.2',
    expectedDomain: 'accessibility-audits',
    problem: 'Audits only run an automated scanner, so keyboard traps reach production.',
    success: 'Every finding cites a WCAG criterion and each page was checked with a keyboard and a screen reader.',
    constraints: 'Do not give legal conclusions about compliance.',
  },
  // Outside every built-in domain.
  {
    task: 'a skill that teaches an agent to review Terraform plans for destructive changes',
    expectedDomain: null,
    problem:
      'Agents approve plans that replace a database instance because they read the summary line and not the `-/+` resource actions.',
    success:
      'The review lists every resource the plan destroys or replaces, and flags stateful resources (databases, buckets, volumes) before apply.',
    constraints:
      'Never run `terraform apply` without a saved plan file; do not approve a plan with a forced replacement of a stateful resource.',
  },
  {
    task: 'a skill for writing idempotent database migrations in Django',
    expectedDomain: null,
    problem:
      'Data migrations written with `RunPython` fail when re-run after a partial deploy, and none of them has a `reverse_code`.',
    success:
      'Each migration can run twice without changing the result, and `python manage.py migrate app zero` followed by a forward migrate works on a copy.',
    constraints: 'Never import models directly in a migration; use `apps.get_model` instead.',
  },
  {
    task: 'a skill for triaging flaky CI tests',
    expectedDomain: null,
    problem: 'Flaky tests get retried until green, so real race conditions ship and the retry count keeps growing.',
    success:
      'Every flaky test gets a ticket with its failure rate over the last 50 runs, a suspected cause and an owner within one day.',
    constraints: 'Do not mark a test as skipped without a linked ticket; never raise the global retry count.',
  },
  {
    task: 'Write grant proposals for research funding',
    expectedDomain: null,
    problem:
      'Proposals describe the lab at length and reviewers cannot find the research question or the budget logic.',
    success: 'The research question appears in the first paragraph and every budget line ties to an aim.',
    constraints: 'Stay within the funder page limit and never claim preliminary results that are not published.',
  },
  {
    task: 'Rotate TLS certificates before they expire',
    expectedDomain: null,
    problem: 'Certificates on internal load balancers expire on weekends and nobody knows which hosts use them.',
    success:
      'Every certificate is renewed 30 days before expiry and `openssl s_client -connect host:443` shows the new date.',
    constraints: 'Never copy private keys over chat or email; do not restart every proxy at once.',
  },
  {
    task: 'Plan capacity for a Kafka cluster',
    expectedDomain: null,
    problem: 'Brokers run out of disk during traffic peaks because retention was sized for average throughput.',
    success:
      'The plan states peak MB per second, retention hours and the disk headroom per broker, with the numbers behind them.',
    constraints: 'Do not change partition counts of existing topics during business hours.',
  },
  {
    task: 'Harden SSH access on Linux servers',
    expectedDomain: null,
    problem:
      'Servers still accept password logins and root logins, and old keys of former staff remain in authorized_keys.',
    success: 'Password and root logins are refused, and `sshd -T` shows the hardened settings on every host.',
    constraints: 'Never lock yourself out: keep one session open while reloading sshd.',
  },
  {
    task: 'Answer GDPR data subject access requests',
    expectedDomain: null,
    problem: 'Requests sit in a shared inbox for weeks and the exports miss data held in the support tool.',
    success: 'Each request is answered within 30 days with data from every system listed in the records of processing.',
    constraints: 'Verify the requester identity before sending anything; never include other people personal data.',
  },
  {
    task: 'Build reproducible Jupyter notebooks for data analysis',
    expectedDomain: null,
    problem: 'Notebooks only run on the author laptop because cells were executed out of order against a local file.',
    success: 'A fresh kernel runs every cell top to bottom and reproduces the same figures from the pinned inputs.',
    constraints: 'Do not read data from personal folders; pin every library version in the environment file.',
  },
  {
    task: 'Write customer release announcements for a mobile app',
    expectedDomain: null,
    problem: 'Announcements list internal ticket titles, so customers cannot tell what changed for them.',
    success: 'Each announcement leads with the change a customer notices, in under 120 words, with one screenshot.',
    constraints: 'Never announce a feature before it is live for every customer in the app store.',
  },
];
