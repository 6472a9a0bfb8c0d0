// The offline author's knowledge table: for each domain it recognizes, the keywords that identify a task, where
// the skill sits in the taxonomy, and the practices, examples, mistakes and red flags a skill about it should teach.
// Prose here must stay free of filler words (very, really, just, simply, clearly, ...: the validator's list) and
// of `|` outside code blocks, because it lands in markdown tables.

import { findPhrase, wordsOf } from './text';

export interface CodeSample {
  lang: string;
  body: string;
}

export interface DomainPattern {
  title: string;
  steps: string[];
  code?: CodeSample;
}

export interface DomainArea {
  id: string;
  label: string;
}

export interface Domain {
  id: string;
  /** Keywords worth 3 points each; single words match as prefixes when >= 4 chars, phrases match whole words. */
  strong: string[];
  /** Keywords worth 1 point each. */
  weak: string[];
  category: string;
  subcategory: string;
  /** One sentence: the rule the whole skill serves. */
  principle: string;
  /** Clauses completing "Use when ..." (lowercase, no final period). */
  triggers: string[];
  /** What the skill can cover; offered as options of the round-1 coverage question. */
  areas: DomainArea[];
  /** [situation, what to do] rows of the Quick Reference table. */
  quickRef: [string, string][];
  patterns: DomainPattern[];
  mistakes: string[];
  redFlags: string[];
  /** Verb phrase: the corner an agent without the skill cuts (<= 45 chars). */
  shortcut: string;
  /** Verb phrase: what the skill requires instead (<= 52 chars). */
  rule: string;
  /** Noun phrase: what the skill does not cover. */
  outOfScope: string;
  /** How to check the work is done. */
  verify: string;
}

export const DOMAINS: Domain[] = [
  {
    id: 'database-migrations',
    strong: [
      'migration',
      'migrat',
      'schema',
      'ddl',
      'alter',
      'postgres',
      'postgresql',
      'mysql',
      'flyway',
      'liquibase',
      'prisma',
    ],
    weak: ['database', 'databases', 'db', 'sql', 'table', 'tables', 'column', 'columns'],
    category: 'development',
    subcategory: 'databases',
    principle:
      'Every schema change ships with a tested rollback and never holds a lock that blocks production traffic.',
    triggers: [
      'a table, column, index or constraint must change in a live database',
      'a migration failed or left the schema half-applied',
      'a backfill touches more than a few thousand rows',
    ],
    areas: [
      { id: 'rollback', label: 'Rollback plans and down migrations' },
      { id: 'locking', label: 'Lock-safe DDL on large tables' },
      { id: 'backfills', label: 'Backfilling data in batches' },
      { id: 'expand-contract', label: 'Expand and contract releases' },
      { id: 'testing', label: 'Testing migrations on production-like data' },
    ],
    quickRef: [
      ['Adding a column', 'Add it nullable or with a constant default; backfill in a separate step'],
      ['Indexing a large table', 'CREATE INDEX CONCURRENTLY, outside a transaction'],
      ['Renaming or dropping a column', 'Expand and contract - add the new one, dual-write, move readers, drop later'],
      ['Backfilling rows', 'Batches of a few thousand rows by primary key, with a pause between batches'],
      ['Any migration', 'Write the down step and run up, down, up on a copy of production data'],
    ],
    patterns: [
      {
        title: 'Expand, migrate, contract',
        steps: [
          'Expand: make an additive change that old and new code both tolerate.',
          'Migrate: backfill in batches and switch readers to the new shape.',
          'Contract: remove the old column or table in a later release, once nothing reads it.',
        ],
        code: {
          lang: 'sql',
          body: [
            '-- Step 1 (expand): additive and lock-light',
            'ALTER TABLE orders ADD COLUMN customer_email text;',
            '',
            '-- Step 2 (backfill): repeat until it updates 0 rows',
            'UPDATE orders o SET customer_email = c.email',
            'FROM customers c',
            'WHERE o.customer_id = c.id',
            '  AND o.id IN (SELECT id FROM orders WHERE customer_email IS NULL LIMIT 5000);',
            '',
            '-- Step 3: index without blocking writes (run outside a transaction)',
            'CREATE INDEX CONCURRENTLY idx_orders_customer_email ON orders (customer_email);',
          ].join('\n'),
        },
      },
      {
        title: 'Guard every migration with timeouts and a down step',
        steps: [
          'Set lock_timeout so a blocked ALTER fails fast instead of queueing every query behind it.',
          'Add constraints as NOT VALID, then VALIDATE in a second statement.',
          'Write the down step in the same change and run it before merging.',
        ],
        code: {
          lang: 'sql',
          body: [
            '-- up',
            "SET lock_timeout = '5s';",
            "SET statement_timeout = '15min';",
            'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;',
            'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;',
            '',
            '-- down',
            'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_positive;',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Adding a NOT NULL column with a volatile default on a large table, which rewrites it under an exclusive lock',
      'Creating an index without CONCURRENTLY on a table that serves traffic',
      'Shipping a migration with no down step, or with a down step nobody has run',
      'Backfilling millions of rows in one transaction',
      'Dropping a column in the same release that stops writing it',
    ],
    redFlags: [
      'A migration file without a down step or a written rollback plan',
      'ALTER TABLE on a large table with no lock_timeout set',
      'An UPDATE or DELETE without a WHERE clause or a batch limit',
      'Dropping or renaming a column that running code still reads',
    ],
    shortcut: 'skip the rollback script',
    rule: 'write and test the down migration',
    outOfScope: 'choosing a database engine or designing a data model from scratch',
    verify: 'run up, down and up again against a copy of production data and compare the schema',
  },
  {
    id: 'git',
    strong: [
      'git',
      'commit',
      'commits',
      'rebase',
      'rebasing',
      'branch',
      'branches',
      'merge conflict',
      'squash',
      'cherry pick',
    ],
    weak: ['history', 'version control', 'repository', 'repo', 'merge'],
    category: 'development',
    subcategory: 'version-control',
    principle:
      'Each commit is one logical change with a message that explains why, and shared history is never rewritten.',
    triggers: [
      'commits are about to be created or pushed',
      'a branch needs rebasing, squashing or conflict resolution',
      'history on a shared branch looks wrong',
    ],
    areas: [
      { id: 'messages', label: 'Commit messages' },
      { id: 'atomic', label: 'Small, atomic commits' },
      { id: 'rebasing', label: 'Rebasing and squashing' },
      { id: 'conflicts', label: 'Resolving merge conflicts' },
      { id: 'recovery', label: 'Recovering lost work' },
    ],
    quickRef: [
      ['Staging changes', 'git add -p; stage one logical change at a time'],
      ['Writing the message', 'Imperative subject under 50 characters, blank line, body explaining why'],
      ['Updating a feature branch', 'Fetch, then rebase onto the target branch; never rebase a shared branch'],
      ['Pushing rewritten history', 'git push --force-with-lease, never a bare --force'],
      ['Lost a commit', 'Find it with git reflog before redoing any work'],
    ],
    patterns: [
      {
        title: 'Build commits one logical change at a time',
        steps: [
          'Read git status and decide how many logical changes the working tree holds.',
          'Stage the hunks of one change, review the staged diff, commit, repeat.',
          'Keep formatting-only changes in their own commit.',
        ],
        code: {
          lang: 'bash',
          body: [
            'git status --short',
            'git add -p src/billing/      # stage only the hunks for this change',
            'git diff --staged            # review exactly what will be committed',
            'git commit                   # subject + body in the editor',
          ].join('\n'),
        },
      },
      {
        title: 'Write messages that explain why',
        steps: [
          'Subject: imperative mood, under 50 characters, no trailing period.',
          'Body: the problem, why this change fixes it, and any side effects.',
          'Reference the ticket or issue at the end.',
        ],
        code: {
          lang: 'text',
          body: [
            'Fix rounding of invoice totals in EUR',
            '',
            'Totals were rounded per line item, so invoices with many items',
            'drifted by up to 0.05 EUR. Round once on the final sum instead.',
            '',
            'Refs: BILL-412',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Messages such as "fix" or "wip" that say nothing about why',
      'Mixing formatting changes with behavior changes in one commit',
      "Force-pushing over a teammate's commits on a shared branch",
      'Committing secrets, build output or large binaries',
      'Resolving conflicts by taking one side wholesale without reading both',
    ],
    redFlags: [
      'About to run git push --force without --force-with-lease',
      'A commit that touches unrelated files',
      'A message that does not explain why the change exists',
      'git reset --hard with uncommitted work in the tree',
    ],
    shortcut: 'commit everything as one wip commit',
    rule: 'split the work into atomic commits with real messages',
    outOfScope: 'choosing a branching strategy for the whole organization or configuring Git hosting',
    verify: 'read git log --stat for the branch and confirm each commit builds and explains why',
  },
  {
    id: 'code-review',
    strong: [
      'review',
      'reviews',
      'reviewing',
      'pull request',
      'pull requests',
      'pr',
      'prs',
      'code review',
      'merge request',
      'diff',
    ],
    weak: ['reviewer', 'feedback', 'readability', 'correctness', 'approve'],
    category: 'development',
    subcategory: 'code-review',
    principle: 'Review for correctness and risk first and style last, and make every comment actionable.',
    triggers: [
      'a pull request or diff needs review',
      'someone asks whether a change is safe to merge',
      'review comments for another engineer must be written',
    ],
    areas: [
      { id: 'correctness', label: 'Correctness and edge cases' },
      { id: 'tests', label: 'Test coverage of the change' },
      { id: 'readability', label: 'Readability and naming' },
      { id: 'risk', label: 'Risk, security and rollout' },
      { id: 'comments', label: 'Writing actionable comments' },
    ],
    quickRef: [
      ['Starting a review', 'Read the description and linked issue, then the tests, then the code'],
      ['Diff over 400 lines', 'Ask for it to be split before reviewing line by line'],
      ['Found a bug', 'Comment with the failing input and the expected result'],
      ['Style preference', 'Label it nit and do not block on it'],
      ['Approving', 'Approve only after reading or running the tests for the changed behavior'],
    ],
    patterns: [
      {
        title: 'Review in passes',
        steps: [
          'Pass 1: does the change do what the description claims? Read the tests first.',
          'Pass 2: edge cases - empty input, nulls, concurrency, errors, permissions.',
          'Pass 3: readability and naming, labelled as nits.',
        ],
        code: {
          lang: 'bash',
          body: [
            'git fetch origin pull/123/head:pr-123',
            'git switch pr-123',
            'npm test',
            'git diff origin/main...pr-123 --stat',
          ].join('\n'),
        },
      },
      {
        title: 'Make every comment actionable',
        steps: [
          'Say whether the comment blocks the merge.',
          'Name the input, the wrong result and the expected result.',
          'Suggest a fix or ask a specific question.',
        ],
        code: {
          lang: 'markdown',
          body: [
            '**blocking:** `applyDiscount` returns a negative total when the coupon exceeds',
            'the cart value (cart 10.00, coupon 15.00 gives -5.00).',
            'Suggest: clamp at zero and add a test for that case.',
            '',
            '**nit:** `tmp` could be `discountedTotal`.',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Approving after a skim because the author is senior',
      'Burying a blocking bug among ten style nits',
      'Describing what the code does instead of what is wrong and why',
      'Reviewing a 2000-line diff in one pass',
      'Not checking that tests cover the changed behavior',
    ],
    redFlags: [
      'Approving without having read the tests',
      'A comment with no label saying whether it blocks',
      'LGTM on a diff you did not finish reading',
      'A comment that points at a problem but offers no fix or question',
    ],
    shortcut: 'approve the pull request after a skim',
    rule: 'read the tests and every changed line before approving',
    outOfScope: 'writing the feature yourself or redesigning the architecture in review comments',
    verify: 'every blocking comment names an input, the wrong result and a fix',
  },
  {
    id: 'incident-postmortems',
    strong: [
      'postmortem',
      'postmortems',
      'post mortem',
      'incident',
      'incidents',
      'outage',
      'outages',
      'blameless',
      'retrospective',
      'rca',
      'root cause',
    ],
    weak: ['sev', 'downtime', 'review'],
    category: 'operations',
    subcategory: 'incident-response',
    principle:
      'A postmortem explains how the system allowed the failure, never who to blame, and every finding ends in an owned action item.',
    triggers: [
      'an incident is resolved and needs a written review',
      'a timeline or root-cause analysis is being drafted',
      'action items from an outage need owners and dates',
    ],
    areas: [
      { id: 'timeline', label: 'Timeline reconstruction' },
      { id: 'impact', label: 'Customer impact' },
      { id: 'factors', label: 'Contributing factors' },
      { id: 'actions', label: 'Action items with owners' },
      { id: 'blameless', label: 'Blameless language' },
    ],
    quickRef: [
      ['Starting the document', 'Collect chat logs, alerts and deploy history before writing'],
      ['Writing the timeline', 'UTC timestamps, facts only, one event per line, each with a source'],
      ['Describing causes', 'List contributing factors instead of a single root cause'],
      ['Mentioning people', 'Describe roles and decisions, not individual mistakes'],
      ['Action items', 'Each has an owner, a due date and a ticket'],
    ],
    patterns: [
      {
        title: 'Reconstruct the timeline from evidence',
        steps: [
          'Pull alert history, deploy logs and the incident channel export.',
          'Write one line per event with a UTC timestamp and its source.',
          'Mark when the incident started, was detected, was mitigated and was resolved.',
        ],
        code: {
          lang: 'markdown',
          body: [
            'Postmortem: checkout errors, 2024-03-14 (status: draft)',
            'Impact: 18% of checkout requests failed for 42 minutes (about 3,100 orders)',
            '',
            'Timeline (UTC)',
            '- 14:02 deploy 4812 reaches 100% of pods (source: deploy log)',
            '- 14:05 error-rate alert fires for checkout-api (source: alert history)',
            '- 14:31 deploy 4812 rolled back (source: incident channel)',
            '- 14:44 error rate back to baseline (source: dashboard)',
            '',
            'Contributing factors',
            '- The config change was not covered by the canary check',
            '',
            'Action items',
            '- Add config diff to the canary check. Owner: payments lead. Due: 2024-03-28. OPS-221',
          ].join('\n'),
        },
      },
      {
        title: 'Keep the language blameless',
        steps: [
          'Replace "Sam deployed a bad config" with "a config change reached production without a canary check".',
          'Ask what made the action reasonable at the time.',
          'Turn each factor into a change to tools, tests or process.',
        ],
      },
    ],
    mistakes: [
      'Naming an engineer as the root cause',
      'Writing the timeline from memory instead of logs',
      'Action items such as "be more careful" with no owner or date',
      'Stopping at the first cause instead of listing contributing factors',
      'Publishing before the people involved reviewed the facts',
    ],
    redFlags: [
      'The phrase "human error" or a person\'s name in the causes',
      'An action item with no owner or due date',
      'A timeline entry without a timestamp or source',
      'Impact described as "some users" with no numbers',
    ],
    shortcut: 'blame the engineer who deployed',
    rule: 'write a blameless timeline with owned action items',
    outOfScope: 'live incident response while the outage is still ongoing',
    verify: 'each action item has an owner, a due date and a ticket, and no sentence blames a person',
  },
  {
    id: 'documentation',
    strong: [
      'readme',
      'readmes',
      'documentation',
      'docs',
      'doc',
      'tutorial',
      'tutorials',
      'guide',
      'guides',
      'technical writing',
      'manual',
    ],
    weak: ['write', 'writing', 'explain', 'onboarding', 'examples'],
    category: 'writing',
    subcategory: 'documentation',
    principle:
      'Documentation is written for a named reader with a task, and every example is copied from something that ran.',
    triggers: [
      'a README, guide or reference page must be written or updated',
      'users keep asking the same setup questions',
      'a feature shipped without documentation',
    ],
    areas: [
      { id: 'readme', label: 'README structure' },
      { id: 'examples', label: 'Runnable examples' },
      { id: 'reference', label: 'Reference pages' },
      { id: 'tutorials', label: 'Step-by-step tutorials' },
      { id: 'maintenance', label: 'Keeping docs in sync with code' },
    ],
    quickRef: [
      ['Starting a page', 'Write one sentence naming the reader and what they will be able to do'],
      ['Adding an example', 'Run it, then paste the exact command and its output'],
      ['Explaining a concept', 'Lead with a concrete example, then the general rule'],
      ['Installation steps', 'Test them in a clean environment'],
      ['Code changed', 'Update the docs in the same pull request'],
    ],
    patterns: [
      {
        title: 'Structure a README around the first success',
        steps: [
          'State what the project does and for whom in one sentence.',
          'Get the reader to a working result before explaining options.',
          'End with troubleshooting for the errors people hit most.',
        ],
        code: {
          lang: 'text',
          body: [
            'README outline',
            '1. Purpose: what it does and for whom, one sentence',
            '2. Install: copy-paste commands, tested in a clean environment',
            '3. First success: the smallest working example and its real output',
            '4. Configuration: every option with its default and an example',
            '5. Troubleshooting: the three most common errors and their fixes',
          ].join('\n'),
        },
      },
      {
        title: 'Test the docs like code',
        steps: [
          'Run every command from the page in a clean container.',
          'Paste real output, trimmed but not edited.',
          'Fail the docs change when an example no longer runs.',
        ],
        code: {
          lang: 'bash',
          body: [
            'docker run --rm -v "$PWD":/src -w /src node:20 \\',
            '  bash -c "npm ci && npm run build && node examples/quickstart.js"',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Writing for yourself instead of a reader who has never seen the project',
      'Examples that were never run and no longer work',
      'Walls of text with no headings or lists',
      'Documenting every option before showing the first working example',
      'Leaving docs unchanged when the behavior changes',
    ],
    redFlags: [
      'An example you have not executed',
      'A page that does not say who it is for',
      'Instructions that assume tools the reader may not have installed',
      'Placeholder text such as TODO or TBD in published docs',
    ],
    shortcut: 'publish the docs with untested examples',
    rule: 'run every example before publishing',
    outOfScope: 'marketing copy or internal design documents',
    verify: 'a reader in a clean environment follows the page and reaches the stated result',
  },
  {
    id: 'kubernetes-deploys',
    strong: ['kubernetes', 'k8s', 'kubectl', 'helm', 'pod', 'pods', 'cluster', 'clusters', 'manifest', 'manifests'],
    weak: [
      'deploy',
      'deploys',
      'deployment',
      'deployments',
      'rollout',
      'rollouts',
      'container',
      'containers',
      'docker',
      'release',
    ],
    category: 'operations',
    subcategory: 'deployment',
    principle:
      'Every deploy is observable and reversible - readiness probes gate traffic, and you know the rollback command before you apply.',
    triggers: [
      'a workload is being deployed or updated on a Kubernetes cluster',
      'a rollout is stuck or pods are crash-looping',
      'manifests or Helm values change',
    ],
    areas: [
      { id: 'probes', label: 'Readiness and liveness probes' },
      { id: 'rollouts', label: 'Rolling updates and rollbacks' },
      { id: 'resources', label: 'Resource requests and limits' },
      { id: 'config', label: 'ConfigMaps and Secrets' },
      { id: 'verification', label: 'Post-deploy verification' },
    ],
    quickRef: [
      ['Before applying', 'Run kubectl diff and read every change'],
      ['Applying', 'kubectl apply, then kubectl rollout status with a timeout'],
      ['Rollout stuck or errors rising', 'kubectl rollout undo first, investigate second'],
      ['New container', 'Set a readiness probe, resource requests and limits'],
      ['Secrets', 'Reference a Secret; never inline values in manifests'],
    ],
    patterns: [
      {
        title: 'Diff, apply, watch, undo',
        steps: [
          'Diff the manifests against the cluster and read every change.',
          'Apply, then block on rollout status with a timeout.',
          'Roll back automatically when the rollout does not complete.',
        ],
        code: {
          lang: 'bash',
          body: [
            'kubectl diff -f k8s/checkout/',
            'kubectl apply -f k8s/checkout/',
            'kubectl rollout status deployment/checkout -n shop --timeout=5m \\',
            '  || kubectl rollout undo deployment/checkout -n shop',
            'kubectl get pods -n shop -l app=checkout',
          ].join('\n'),
        },
      },
      {
        title: 'Make pods safe to roll',
        steps: [
          'A readiness probe that fails until the app can serve traffic.',
          'Requests sized from real usage and a memory limit.',
          'maxUnavailable 0 so capacity never drops during the rollout.',
        ],
        code: {
          lang: 'yaml',
          body: [
            'readinessProbe:',
            '  httpGet: { path: /healthz/ready, port: 8080 }',
            '  periodSeconds: 5',
            '  failureThreshold: 3',
            'resources:',
            '  requests: { cpu: 250m, memory: 256Mi }',
            '  limits: { memory: 512Mi }',
            'strategy:',
            '  rollingUpdate: { maxUnavailable: 0, maxSurge: 25% }',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Deploying the latest image tag instead of a pinned version or digest',
      'No readiness probe, so traffic reaches pods before they can serve',
      'Applying to production without kubectl diff',
      'Fixing live objects with kubectl edit so the repo drifts from the cluster',
      'Declaring success before rollout status completes',
    ],
    redFlags: [
      'An image tag of latest in a production manifest',
      'kubectl apply with no rollout status check afterwards',
      'A container without resource requests',
      'A fix applied with kubectl edit that is not committed to the repo',
    ],
    shortcut: 'apply straight to production without a diff',
    rule: 'diff, apply, and watch the rollout to completion',
    outOfScope: 'building the cluster itself or choosing a cloud provider',
    verify: 'kubectl rollout status succeeds and error rate and latency stay at baseline for 10 minutes',
  },
  {
    id: 'react-testing',
    strong: ['react', 'jest', 'testing library', 'rtl', 'component', 'components', 'jsx', 'tsx', 'frontend', 'enzyme'],
    weak: ['test', 'tests', 'testing', 'ui', 'unit', 'vitest'],
    category: 'testing',
    subcategory: 'frontend',
    principle:
      'Test components the way users use them - by role, label and text - and never through implementation details.',
    triggers: [
      'React components need tests or existing tests are flaky',
      'a UI bug needs a regression test',
      'tests break on every refactor',
    ],
    areas: [
      { id: 'queries', label: 'Accessible queries' },
      { id: 'interactions', label: 'User interactions' },
      { id: 'async', label: 'Async UI and waiting' },
      { id: 'mocking', label: 'Mocking network calls' },
      { id: 'flakiness', label: 'Fixing flaky tests' },
    ],
    quickRef: [
      ['Finding an element', 'getByRole with an accessible name; getByTestId last'],
      ['Clicking or typing', 'userEvent, awaited'],
      ['Waiting for data', 'findBy queries or waitFor, never fixed sleeps'],
      ['Network calls', 'Mock at the network layer (MSW), not the component hooks'],
      ['Bug report', 'Write the failing test first, then fix'],
    ],
    patterns: [
      {
        title: 'Test behavior through the screen',
        steps: [
          'Render the component with the props a real parent passes.',
          'Interact through userEvent the way a person would.',
          'Assert on what the user sees: roles, names, text.',
        ],
        code: {
          lang: 'tsx',
          body: [
            "import { render, screen } from '@testing-library/react';",
            "import userEvent from '@testing-library/user-event';",
            "import { LoginForm } from './LoginForm';",
            '',
            "test('shows an error when the password is wrong', async () => {",
            '  const user = userEvent.setup();',
            "  render(<LoginForm onSubmit={async () => { throw new Error('bad credentials'); }} />);",
            '',
            "  await user.type(screen.getByLabelText(/email/i), 'ana@example.com');",
            "  await user.type(screen.getByLabelText(/password/i), 'wrong');",
            "  await user.click(screen.getByRole('button', { name: /sign in/i }));",
            '',
            "  expect(await screen.findByRole('alert')).toHaveTextContent(/bad credentials/i);",
            '});',
          ].join('\n'),
        },
      },
      {
        title: 'Fix flaky tests at the cause',
        steps: [
          'Replace sleeps with findBy or waitFor on the element that signals completion.',
          'Reset mocks and timers between tests.',
          'Run the test 20 times in a row before calling it fixed.',
        ],
      },
    ],
    mistakes: [
      'Asserting on component state or props instead of what the user sees',
      'Using container.querySelector with CSS classes',
      'Adding setTimeout sleeps to make a test pass',
      'Snapshot tests of whole pages that nobody reads',
      'Mocking the component under test',
    ],
    redFlags: [
      'A test that reads internal state or calls instance methods',
      'A fixed sleep or setTimeout in a test',
      'getByTestId where a role or label query would work',
      'A test that still passes when the feature is deleted',
    ],
    shortcut: 'add a sleep to make the flaky test pass',
    rule: 'query by role and await the UI change',
    outOfScope: 'end-to-end browser tests and visual regression tooling',
    verify: 'the test fails when the behavior is broken and passes 20 runs in a row',
  },
  {
    id: 'api-design',
    strong: ['api', 'apis', 'rest', 'restful', 'endpoint', 'endpoints', 'openapi', 'graphql', 'grpc', 'http'],
    weak: ['design', 'interface', 'versioning', 'pagination', 'contract'],
    category: 'development',
    subcategory: 'api-design',
    principle: "Design the API from the consumer's calls backwards, and never break a published contract.",
    triggers: [
      'new HTTP or GraphQL endpoints are being designed',
      'an existing API needs a breaking change',
      'error formats, pagination or versioning must be decided',
    ],
    areas: [
      { id: 'resources', label: 'Resource naming' },
      { id: 'errors', label: 'Error format' },
      { id: 'pagination', label: 'Pagination' },
      { id: 'versioning', label: 'Versioning and compatibility' },
      { id: 'idempotency', label: 'Idempotency and retries' },
    ],
    quickRef: [
      ['Naming', 'Plural nouns for collections, no verbs in paths'],
      ['Errors', 'One error shape with a stable machine-readable code'],
      ['Lists', 'Cursor pagination with a limit and a next cursor'],
      ['Changing a field', 'Add a new field and deprecate the old one; never repurpose it'],
      ['POST that creates', 'Accept an Idempotency-Key header'],
    ],
    patterns: [
      {
        title: 'Make creates safe to retry',
        steps: [
          'Clients send an Idempotency-Key with every create.',
          'The server stores the key with the response and replays it on a retry.',
          'A retry with the same key and a different body is rejected.',
        ],
        code: {
          lang: 'http',
          body: [
            'POST /v1/orders HTTP/1.1',
            'Idempotency-Key: 6f1c2b0e-8a1d-4c55-9a57-2f0b7d1e9c3a',
            'Content-Type: application/json',
            '',
            '{ "customer_id": "cus_123", "items": [{ "sku": "A-1", "quantity": 2 }] }',
          ].join('\n'),
        },
      },
      {
        title: 'Use one error shape everywhere',
        steps: [
          'A stable code for programs, a message for people, details for the fix.',
          'Map each code to one HTTP status and document it.',
        ],
        code: {
          lang: 'json',
          body: [
            '{',
            '  "error": {',
            '    "code": "insufficient_stock",',
            '    "message": "SKU A-1 has 1 unit left; requested 2.",',
            '    "details": { "sku": "A-1", "available": 1 }',
            '  }',
            '}',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Verbs in URLs such as /getOrders',
      'A different error shape per endpoint',
      'Offset pagination on large, changing collections',
      'Renaming or removing a field in place',
      'Returning 200 with an error message in the body',
    ],
    redFlags: [
      'A field removed or renamed in a published version',
      'An endpoint with no documented error responses',
      'A list endpoint without a limit',
      'A non-idempotent create endpoint that clients retry',
    ],
    shortcut: 'rename the field in place',
    rule: 'keep the published contract backwards compatible',
    outOfScope: 'implementing the server internals or choosing a web framework',
    verify: 'a schema diff against the published version shows no breaking changes',
  },
  {
    id: 'security-review',
    strong: [
      'security',
      'secure',
      'vulnerability',
      'vulnerabilities',
      'owasp',
      'threat',
      'auth',
      'authentication',
      'authorization',
      'xss',
      'csrf',
      'injection',
      'secrets',
      'pentest',
    ],
    weak: ['review', 'audit', 'risk', 'login', 'password', 'passwords'],
    category: 'security',
    subcategory: 'application-security',
    principle:
      'Treat every input as hostile until validated, and report findings with evidence and severity, never hunches.',
    triggers: [
      'code that handles authentication, authorization, user input or secrets needs review',
      'a change needs a security sign-off',
      'a dependency or endpoint is suspected to be vulnerable',
    ],
    areas: [
      { id: 'authn', label: 'Authentication and sessions' },
      { id: 'authz', label: 'Authorization checks' },
      { id: 'injection', label: 'Injection and input validation' },
      { id: 'secrets', label: 'Secrets handling' },
      { id: 'reporting', label: 'Reporting findings' },
    ],
    quickRef: [
      ['User input reaches a query or command', 'Parameterized queries and argument arrays only'],
      ['Endpoint returns user data', 'Check object-level authorization on every request'],
      ['Secret in code or logs', 'Report as critical and rotate it; deleting it is not enough'],
      ['Writing a finding', 'Location, exploit scenario, severity, fix'],
      ['Unsure if exploitable', 'Mark it as needs verification; do not drop it'],
    ],
    patterns: [
      {
        title: 'Trace input to sink',
        steps: [
          'List every entry point: routes, queue consumers, file uploads.',
          'Follow each input to where it is used: SQL, shell, HTML, file paths.',
          'Check validation and encoding at the sink, not only at the edge.',
        ],
        code: {
          lang: 'ts',
          body: [
            '// Vulnerable: string-built SQL and no ownership check',
            'const rows = await db.query(`SELECT * FROM invoices WHERE id = ${req.params.id}`);',
            '',
            '// Fixed: parameterized and scoped to the caller',
            'const rows = await db.query(',
            "  'SELECT * FROM invoices WHERE id = $1 AND account_id = $2',",
            '  [req.params.id, req.user.accountId],',
            ');',
          ].join('\n'),
        },
      },
      {
        title: 'Sweep for secrets and known vulnerabilities',
        steps: [
          'Search the tree and history for credentials.',
          'Audit dependencies and record advisories with their reachable paths.',
        ],
        code: {
          lang: 'bash',
          body: [
            'git grep -nE "(api[_-]?key|secret|password)\\s*[:=]"',
            'git log -p -S "BEGIN RSA PRIVATE KEY" --all',
            'npm audit --omit=dev',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Checking authentication but not authorization on each object',
      'Trusting client-side validation',
      'Reporting a finding without a reproduction or severity',
      'Deleting a leaked secret from the code without rotating it',
      'Stopping after the first finding',
    ],
    redFlags: [
      'String concatenation building SQL, shell commands or HTML',
      'An endpoint that loads a record by id without checking its owner',
      'Secrets, tokens or passwords in code, logs or error messages',
      'A finding marked low severity without an exploit analysis',
    ],
    shortcut: 'sign off without checking authorization paths',
    rule: 'trace every input and permission check before sign-off',
    outOfScope: 'network penetration testing or compliance audits',
    verify: 'every finding has a location, reproduction, severity and fix, and every auth path was traced',
  },
  {
    id: 'data-cleaning',
    strong: [
      'pandas',
      'cleaning',
      'clean',
      'dataframe',
      'dataframes',
      'dedupe',
      'deduplicate',
      'missing values',
      'outliers',
      'messy',
      'numpy',
    ],
    weak: ['python', 'data', 'dataset', 'datasets', 'notebook', 'jupyter'],
    category: 'data',
    subcategory: 'data-cleaning',
    principle:
      'Never change data you have not profiled, and make every cleaning step a re-runnable, logged transformation.',
    triggers: [
      'a dataset has missing values, duplicates or inconsistent types',
      'data must be prepared for analysis or a model',
      'numbers from a cleaned dataset look wrong',
    ],
    areas: [
      { id: 'profiling', label: 'Profiling the raw data' },
      { id: 'missing', label: 'Missing values' },
      { id: 'types', label: 'Types and parsing' },
      { id: 'duplicates', label: 'Duplicates' },
      { id: 'validation', label: 'Validating the result' },
    ],
    quickRef: [
      ['New dataset', 'Profile first - shape, dtypes, nulls, unique counts'],
      ['Missing values', 'Decide per column - drop, fill or flag - and record why'],
      ['Dates and numbers stored as text', "Parse explicitly with errors='coerce', then count the NaNs created"],
      ['Duplicates', 'Define the key that makes a row unique before dropping anything'],
      ['Finished', 'Assert row counts and invariants; keep the raw file untouched'],
    ],
    patterns: [
      {
        title: 'Profile, transform, assert',
        steps: [
          'Load the raw file as strings so nothing is coerced silently.',
          'Apply each transformation to a copy and print how many rows it changed.',
          'Assert the invariants the analysis depends on, then write a new file.',
        ],
        code: {
          lang: 'python',
          body: [
            'import pandas as pd',
            '',
            'raw = pd.read_csv("orders_raw.csv", dtype=str)',
            'print(raw.shape, raw.isna().sum().sort_values(ascending=False).head(10))',
            '',
            'df = raw.copy()',
            'df["order_date"] = pd.to_datetime(df["order_date"], errors="coerce", utc=True)',
            'df["amount"] = pd.to_numeric(df["amount"].str.replace(",", ""), errors="coerce")',
            'bad_dates = int(df["order_date"].isna().sum())',
            '',
            'before = len(df)',
            'df = df.drop_duplicates(subset=["order_id"], keep="last")',
            'print(f"dropped {before - len(df)} duplicate orders, {bad_dates} unparseable dates")',
            '',
            'assert df["order_id"].is_unique',
            'assert (df["amount"].dropna() >= 0).all()',
            'df.to_parquet("orders_clean.parquet", index=False)',
          ].join('\n'),
        },
      },
      {
        title: 'Decide missing values column by column',
        steps: [
          'Ask what a missing value means for that column: unknown, zero, or not applicable.',
          'Flag imputed values in a separate boolean column.',
          'Record each decision next to the code that applies it.',
        ],
      },
    ],
    mistakes: [
      'Calling dropna() on the whole frame and losing most rows',
      'Overwriting the raw file',
      'Filling missing values with 0 when 0 is a valid value',
      'Letting pandas guess types and turn IDs into floats',
      'Cleaning by hand in a notebook with no re-runnable script',
    ],
    redFlags: [
      'A cleaning step that changes the row count without printing by how much',
      'In-place edits to the raw data',
      'fillna(0) on a column where zero has meaning',
      'No assertion checking the result',
    ],
    shortcut: 'drop every row with a missing value',
    rule: 'profile each column and log every transformation',
    outOfScope: 'building dashboards or training models',
    verify: 'row counts before and after each step are logged and the assertions pass',
  },
  {
    id: 'sql-query-tuning',
    strong: [
      'query',
      'queries',
      'explain',
      'index',
      'indexes',
      'indices',
      'tuning',
      'tune',
      'optimizer',
      'execution plan',
      'query plan',
    ],
    weak: ['sql', 'slow', 'postgres', 'postgresql', 'mysql', 'database', 'performance'],
    category: 'development',
    subcategory: 'databases',
    principle: 'Measure with EXPLAIN ANALYZE before and after every change; a fix without a measured plan is a guess.',
    triggers: [
      'a SQL query is slow or times out',
      'database CPU or IO is high and queries are suspected',
      'indexes must be chosen for a new access pattern',
    ],
    areas: [
      { id: 'plans', label: 'Reading execution plans' },
      { id: 'indexes', label: 'Index design' },
      { id: 'rewrites', label: 'Query rewrites' },
      { id: 'statistics', label: 'Statistics and vacuum' },
      { id: 'measuring', label: 'Measuring before and after' },
    ],
    quickRef: [
      ['Slow query', 'EXPLAIN (ANALYZE, BUFFERS) on production-sized data'],
      ['Seq scan with a selective filter on a large table', 'Add or adjust an index on the filter and sort columns'],
      ['Estimated rows far from actual', 'ANALYZE the table; check statistics targets'],
      ['New index on a live table', 'CREATE INDEX CONCURRENTLY'],
      ['Done', 'Compare timings and plans before and after'],
    ],
    patterns: [
      {
        title: 'Read the plan before changing anything',
        steps: [
          'Run EXPLAIN (ANALYZE, BUFFERS) with realistic parameters.',
          'Find the node with the most time and compare estimated with actual rows.',
          'Change one thing, then run the same EXPLAIN again.',
        ],
        code: {
          lang: 'sql',
          body: [
            'EXPLAIN (ANALYZE, BUFFERS)',
            'SELECT o.id, o.total',
            'FROM orders o',
            'WHERE o.customer_id = 42',
            "  AND o.created_at >= now() - interval '30 days'",
            'ORDER BY o.created_at DESC',
            'LIMIT 20;',
            '',
            '-- Seq Scan on orders, rows removed by filter: 4812003 -> index the filter and sort',
            'CREATE INDEX CONCURRENTLY idx_orders_customer_created',
            '  ON orders (customer_id, created_at DESC);',
          ].join('\n'),
        },
      },
      {
        title: 'Keep predicates index-friendly',
        steps: [
          'Compare columns to constants; do not wrap indexed columns in functions.',
          'Select only the columns you need.',
          'Replace correlated subqueries with joins when the plan shows repeated loops.',
        ],
      },
    ],
    mistakes: [
      'Adding indexes without reading the plan',
      'Testing on a small local dataset where every plan is fast',
      'Wrapping indexed columns in functions so the index cannot be used',
      'SELECT * on wide tables',
      'Creating overlapping indexes that slow down writes',
    ],
    redFlags: [
      'A tuning change with no before and after EXPLAIN ANALYZE',
      'An index created without CONCURRENTLY on a busy table',
      'Estimated rows off by 100x and nobody investigated',
      'A query fix tested only on a tiny dataset',
    ],
    shortcut: 'add an index without reading the plan',
    rule: 'measure EXPLAIN ANALYZE before and after',
    outOfScope: 'schema redesign or moving to a different database',
    verify: 'EXPLAIN ANALYZE before and after shows the improvement on production-sized data',
  },
  {
    id: 'on-call-handoffs',
    strong: [
      'on call',
      'oncall',
      'handoff',
      'handoffs',
      'handover',
      'handovers',
      'hand off',
      'pager',
      'pagerduty',
      'shift',
      'shifts',
      'rotation',
    ],
    weak: ['alerts', 'alert', 'incident', 'escalation'],
    category: 'operations',
    subcategory: 'on-call',
    principle: 'The next person on call must be able to act on every open issue without asking you anything.',
    triggers: [
      'an on-call shift is ending',
      'open incidents, alerts or risky changes must pass to another engineer',
      'a handoff note is being written or reviewed',
    ],
    areas: [
      { id: 'open-issues', label: 'Open issues and their state' },
      { id: 'alerts', label: 'Noisy and silenced alerts' },
      { id: 'changes', label: 'Risky changes in flight' },
      { id: 'escalation', label: 'Escalation contacts' },
      { id: 'followups', label: 'Follow-up tickets' },
    ],
    quickRef: [
      ['Open incident', 'State, last action, next step, and where the notes are'],
      ['Silenced alert', 'Why, who silenced it and when the silence expires'],
      ['Risky deploy in flight', 'What to watch and the rollback command'],
      ['Unclear ownership', 'Name the owner, or write unowned explicitly'],
      ['Handoff sent', 'The incoming engineer confirms they read it'],
    ],
    patterns: [
      {
        title: 'Write the handoff from the system, not from memory',
        steps: [
          'Walk the alert history, the incident list and the deploy log for the shift.',
          'For each open item write the state and the next concrete step.',
          'List silences and flags with their expiry.',
        ],
        code: {
          lang: 'markdown',
          body: [
            'On-call handoff: payments, Mon 09:00 UTC',
            'Outgoing: A. Rivera. Incoming: J. Chen.',
            '',
            'Open issues',
            '- INC-231 checkout latency p99 1.8s (normal 600ms). Mitigated by scaling to 12 pods.',
            '  Next: confirm the DB index rollout at 14:00; rollback with `make rollback-idx`.',
            '',
            'Silenced alerts',
            '- disk-usage on batch-3 until Tue 12:00 (log rotation fix pending, OPS-88)',
            '',
            'Watch',
            '- Flag new-pricing at 10%; raise only after error rate < 0.5% for 24h',
          ].join('\n'),
        },
      },
      {
        title: 'Close the loop',
        steps: [
          'Send the note before the shift ends, not after.',
          'Walk through open incidents live when any is above the lowest severity.',
          'Wait for the incoming engineer to confirm.',
        ],
      },
    ],
    mistakes: [
      'A handoff that says "all quiet" while alerts are silenced',
      'Open issues listed without a next step',
      'Relying on chat scrollback instead of a written note',
      'Not mentioning deploys or flags changed during the shift',
      'Leaving without confirming the incoming engineer read the note',
    ],
    redFlags: [
      'An open issue with no next step or owner',
      'A silenced alert with no expiry',
      'Saying "nothing notable" without checking the alert history',
      'A handoff sent after you went offline',
    ],
    shortcut: 'send a one-line all-quiet handoff',
    rule: 'list every open issue with its next step',
    outOfScope: 'designing the on-call rotation or the paging policy',
    verify: 'the incoming engineer can state the next step for each open issue without asking',
  },
  {
    id: 'accessibility-audits',
    strong: [
      'accessibility',
      'accessible',
      'a11y',
      'wcag',
      'screen reader',
      'screen readers',
      'aria',
      'contrast',
      'keyboard',
    ],
    weak: ['audit', 'audits', 'ui', 'web', 'html', 'page', 'pages'],
    category: 'design',
    subcategory: 'accessibility',
    principle:
      'Test with a keyboard and a screen reader, not only an automated scanner, and tie every finding to a WCAG criterion.',
    triggers: [
      'a web page or component needs an accessibility audit',
      'a WCAG conformance review is coming',
      'users report they cannot use a feature with assistive technology',
    ],
    areas: [
      { id: 'keyboard', label: 'Keyboard navigation and focus' },
      { id: 'screen-readers', label: 'Screen reader semantics' },
      { id: 'contrast', label: 'Color contrast' },
      { id: 'forms', label: 'Forms and error messages' },
      { id: 'reporting', label: 'Reporting findings against WCAG' },
    ],
    quickRef: [
      ['Start of an audit', 'Run axe or Lighthouse, then test manually'],
      ['Interactive element', 'Reach and operate it with Tab, Enter, Space and Escape'],
      ['Custom widget', 'Native elements first; ARIA only when no native element fits'],
      ['Text color', '4.5 to 1 contrast for body text, 3 to 1 for large text'],
      ['Writing a finding', 'WCAG criterion, severity, steps, affected users, fix'],
    ],
    patterns: [
      {
        title: 'Automated scan, then manual passes',
        steps: [
          'Run an automated scan to catch the mechanical failures.',
          'Keyboard pass: reach and operate everything, with a visible focus indicator.',
          'Screen reader pass: names, roles, states and announcements make sense.',
        ],
        code: {
          lang: 'bash',
          body: [
            'npx @axe-core/cli https://staging.example.com/checkout --exit',
            'npx lighthouse https://staging.example.com/checkout --only-categories=accessibility',
          ].join('\n'),
        },
      },
      {
        title: 'Prefer native elements',
        steps: [
          'A button is a button element, a link is an anchor with href.',
          'Decorative images get empty alt text; meaningful ones describe their purpose.',
        ],
        code: {
          lang: 'html',
          body: [
            '<!-- Fails 2.1.1 Keyboard and 4.1.2 Name, Role, Value -->',
            '<div class="btn" onclick="save()"><img src="disk.svg"></div>',
            '',
            '<!-- Passes: native button with an accessible name -->',
            '<button type="button" onclick="save()">',
            '  <img src="disk.svg" alt=""> Save draft',
            '</button>',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Treating a clean automated scan as a passed audit',
      'Adding ARIA roles to divs instead of using native elements',
      'Removing focus outlines without a visible replacement',
      'Conveying errors or status by color alone',
      'Reporting findings without the WCAG criterion or steps to reproduce',
    ],
    redFlags: [
      'An audit report with no manual keyboard test',
      'outline none in CSS with no replacement focus style',
      'Icons or images of text without text alternatives',
      'A finding with no WCAG reference',
    ],
    shortcut: 'rely on the automated scan alone',
    rule: 'test by keyboard and screen reader and cite WCAG',
    outOfScope: 'legal advice on accessibility compliance',
    verify: 'each page was tested with keyboard only and with a screen reader, and each finding cites a WCAG criterion',
  },
  {
    id: 'csv-imports',
    strong: [
      'csv',
      'csvs',
      'tsv',
      'import',
      'imports',
      'importing',
      'importer',
      'spreadsheet',
      'spreadsheets',
      'excel',
      'upload',
      'uploads',
      'ingest',
      'ingestion',
      'etl',
    ],
    weak: ['file', 'files', 'rows', 'bulk'],
    category: 'data',
    subcategory: 'imports',
    principle: 'Validate the whole file before writing a single row, and make the import idempotent.',
    triggers: [
      'a CSV or spreadsheet must be loaded into a database or service',
      'an import failed halfway or produced duplicates',
      'users upload files with unknown encodings or columns',
    ],
    areas: [
      { id: 'validation', label: 'Header and row validation' },
      { id: 'encoding', label: 'Encodings and delimiters' },
      { id: 'idempotency', label: 'Idempotent re-runs' },
      { id: 'errors', label: 'Error reporting per row' },
      { id: 'large-files', label: 'Large files and batching' },
    ],
    quickRef: [
      ['Reading the file', 'Detect encoding and delimiter; strip a BOM'],
      ['Headers', 'Match expected columns exactly; report missing and unknown ones'],
      ['Bad rows', 'Collect row number, column and reason; do not stop at the first'],
      ['Writing', 'Upsert on a natural key, in a transaction or in batches'],
      ['Re-running', 'The same file twice gives the same result'],
    ],
    patterns: [
      {
        title: 'Validate everything, then write',
        steps: [
          'Check headers against the expected schema.',
          'Validate every row and collect all errors with line numbers.',
          'Write nothing when errors exist; return the full error report.',
        ],
        code: {
          lang: 'python',
          body: [
            'import csv',
            '',
            'REQUIRED = {"email", "name", "plan"}',
            '',
            'def validate(path: str) -> tuple[list[dict], list[str]]:',
            '    rows, errors = [], []',
            '    with open(path, newline="", encoding="utf-8-sig") as f:',
            '        reader = csv.DictReader(f)',
            '        missing = REQUIRED - set(reader.fieldnames or [])',
            '        if missing:',
            '            return [], [f"missing columns: {sorted(missing)}"]',
            '        for line_no, row in enumerate(reader, start=2):',
            '            if "@" not in (row["email"] or ""):',
            '                errors.append(f"row {line_no}: invalid email {row[\'email\']!r}")',
            '            else:',
            '                rows.append(row)',
            '    return rows, errors',
          ].join('\n'),
        },
      },
      {
        title: 'Upsert on a natural key',
        steps: [
          'Pick the column that identifies a record outside your database.',
          'Upsert on it so a re-run updates instead of duplicating.',
        ],
        code: {
          lang: 'sql',
          body: [
            'INSERT INTO customers (email, name, plan)',
            'VALUES ($1, $2, $3)',
            'ON CONFLICT (email) DO UPDATE',
            '  SET name = EXCLUDED.name, plan = EXCLUDED.plan;',
          ].join('\n'),
        },
      },
    ],
    mistakes: [
      'Inserting rows while still parsing, leaving half an import on failure',
      'Assuming UTF-8 and a comma delimiter',
      'Plain INSERT, so a re-run duplicates everything',
      'Stopping at the first bad row instead of reporting all of them',
      'Trimming or coercing values without telling anyone',
    ],
    redFlags: [
      'Rows written before the file was fully validated',
      'An import with no natural key for upserts',
      'Errors reported without row numbers',
      'Loading a multi-gigabyte file into memory at once',
    ],
    shortcut: 'insert rows before validating the whole file',
    rule: 'validate every row before writing anything',
    outOfScope: 'building a general ETL platform',
    verify:
      'importing the same file twice gives the same row count, and every rejected row is reported with its line number',
  },
  {
    id: 'feature-flags',
    strong: [
      'feature flag',
      'feature flags',
      'flag',
      'flags',
      'toggle',
      'toggles',
      'launchdarkly',
      'unleash',
      'canary',
      'dark launch',
    ],
    weak: ['rollout', 'release', 'experiment', 'gradual', 'gradually'],
    category: 'development',
    subcategory: 'release-engineering',
    principle:
      'Every flag has an owner, a safe default and a removal date; a flag nobody removes becomes permanent complexity.',
    triggers: [
      'new behavior must ship behind a flag',
      'a feature is being rolled out or rolled back gradually',
      'stale flags need cleaning up',
    ],
    areas: [
      { id: 'defaults', label: 'Safe defaults and kill switches' },
      { id: 'rollout', label: 'Gradual rollout' },
      { id: 'testing', label: 'Testing both paths' },
      { id: 'cleanup', label: 'Flag cleanup' },
      { id: 'ownership', label: 'Naming and ownership' },
    ],
    quickRef: [
      ['New flag', 'Name, owner, default off, removal date in the ticket'],
      ['Flag service unreachable', 'Fall back to the safe default in code'],
      ['Rolling out', '1%, 10%, 50%, 100%, checking error rates between steps'],
      ['Testing', 'Run the tests with the flag on and off'],
      ['Fully rolled out', 'Delete the flag and the old path within two weeks'],
    ],
    patterns: [
      {
        title: 'Default to the old, safe path',
        steps: [
          'Evaluate the flag once per request, with a default of off.',
          'Keep both paths working until the flag is removed.',
          'Treat a flag service error as off.',
        ],
        code: {
          lang: 'ts',
          body: [
            '// The default is the old behavior if the flag service fails or times out.',
            "const useNewCheckout = await flags.isEnabled('checkout-v2', {",
            '  userId: user.id,',
            '  defaultValue: false,',
            '});',
            '',
            'if (useNewCheckout) {',
            '  return renderCheckoutV2(cart);',
            '}',
            'return renderCheckout(cart);',
          ].join('\n'),
        },
      },
      {
        title: 'Roll out in steps and clean up',
        steps: [
          'Raise exposure in steps and compare error rate and latency for flagged users.',
          'Roll back by turning the flag off, not by redeploying.',
          'Open the removal ticket when the flag is created.',
        ],
      },
    ],
    mistakes: [
      'Defaulting a new flag to on',
      'Nesting flags so behavior depends on combinations nobody tested',
      'Leaving fully rolled-out flags in the code for months',
      'Testing only the flag-on path',
      'Reusing an old flag name for a new feature',
    ],
    redFlags: [
      'A flag with no owner or removal date',
      'A default value of true for unreleased behavior',
      'A rollout jump from 0% to 100%',
      'A flag check with a network call inside a hot loop',
    ],
    shortcut: 'flip the flag to 100% at once',
    rule: 'roll out in steps and check metrics between them',
    outOfScope: 'A/B test statistics and experiment design',
    verify: 'tests pass with the flag on and off, and each rollout step was checked against error rates',
  },
  {
    id: 'typescript-refactoring',
    strong: ['typescript', 'refactor', 'refactoring', 'refactors', 'generics', 'tsc'],
    weak: ['ts', 'type', 'types', 'legacy', 'javascript', 'cleanup', 'code'],
    category: 'development',
    subcategory: 'refactoring',
    principle:
      'Refactor in small steps that keep the compiler and the tests green, and never change behavior and structure in the same step.',
    triggers: [
      'TypeScript code needs restructuring without changing behavior',
      'any types or type assertions hide bugs',
      'a module is too large to change safely',
    ],
    areas: [
      { id: 'strictness', label: 'Strict compiler settings' },
      { id: 'any', label: 'Removing any and type assertions' },
      { id: 'unions', label: 'Discriminated unions' },
      { id: 'modules', label: 'Splitting modules' },
      { id: 'behavior', label: 'Keeping behavior unchanged' },
    ],
    quickRef: [
      ['Before starting', 'Tests pass and tsc --noEmit is clean; commit'],
      ['Replacing any', 'unknown plus narrowing, or a precise type'],
      ['Several booleans describing one state', 'Model the states as a discriminated union'],
      ['Moving code', 'Move first, change second, in separate commits'],
      ['After each step', 'Run tsc and the tests before the next step'],
    ],
    patterns: [
      {
        title: 'Replace impossible states with a discriminated union',
        steps: [
          'List the states the code can be in.',
          'Give each state a literal tag and only the fields it has.',
          'Switch on the tag so the compiler flags unhandled cases.',
        ],
        code: {
          lang: 'ts',
          body: [
            '// Before: booleans that allow impossible states',
            'interface RequestInfo { loading: boolean; error?: string; data?: User }',
            '',
            '// After: the compiler checks every case',
            'type RequestState =',
            "  { status: 'loading' } |",
            "  { status: 'error'; error: string } |",
            "  { status: 'success'; data: User };",
            '',
            'function label(state: RequestState): string {',
            '  switch (state.status) {',
            "    case 'loading': return 'Loading';",
            "    case 'error': return `Failed: ${state.error}`;",
            "    case 'success': return state.data.name;",
            '  }',
            '}',
          ].join('\n'),
        },
      },
      {
        title: 'Keep every step green',
        steps: [
          'One mechanical change per commit.',
          'Type-check and test after each one.',
          'Revert a step that turns anything red instead of patching forward.',
        ],
        code: {
          lang: 'bash',
          body: ['npx tsc --noEmit', 'npx vitest run', 'git commit -am "Extract price formatting into money.ts"'].join(
            '\n',
          ),
        },
      },
    ],
    mistakes: [
      'Changing behavior while moving code, so failures cannot be traced',
      'Silencing errors with as any or @ts-ignore',
      'One giant refactor commit',
      'Turning on strict mode and fixing the errors with assertions',
      'Refactoring code that has no tests without adding them first',
    ],
    redFlags: [
      'A new as any, as unknown as, or @ts-ignore',
      'A refactor commit that also changes behavior',
      'Tests skipped or deleted during the refactor',
      'tsc errors left to fix later',
    ],
    shortcut: 'silence the type error with as any',
    rule: 'keep tsc and the tests green after every step',
    outOfScope: 'migrating JavaScript to TypeScript wholesale or changing frameworks',
    verify: 'tsc --noEmit is clean and the full test suite passes after every commit',
  },
  {
    id: 'logging',
    strong: [
      'logging',
      'logs',
      'log',
      'logger',
      'loggers',
      'structured logging',
      'observability',
      'tracing',
      'telemetry',
    ],
    weak: ['monitoring', 'debug', 'errors', 'metrics'],
    category: 'operations',
    subcategory: 'observability',
    principle:
      'Logs are structured events with the context to answer a question during an incident, and they never contain secrets or personal data.',
    triggers: [
      'log statements are being added or changed in a service',
      'logs were useless during an incident',
      'log volume or cost is too high',
    ],
    areas: [
      { id: 'structure', label: 'Structured fields' },
      { id: 'levels', label: 'Log levels' },
      { id: 'context', label: 'Request and correlation IDs' },
      { id: 'privacy', label: 'Secrets and personal data' },
      { id: 'volume', label: 'Volume and sampling' },
    ],
    quickRef: [
      ['New log line', 'Structured fields plus a constant message'],
      ['Choosing a level', 'error means someone must act; warn means degraded; info means business events'],
      ['Handling a request', 'Attach the request ID and tenant ID to every line'],
      ['Sensitive values', 'Redact tokens, passwords and personal data'],
      ['Caught exception', 'Log it once, with the stack, where it is handled'],
    ],
    patterns: [
      {
        title: 'Structured events with context',
        steps: [
          'Create a child logger per request with its IDs.',
          'Keep the message constant and put values in fields.',
          'Configure redaction once, at the logger.',
        ],
        code: {
          lang: 'ts',
          body: [
            "import pino from 'pino';",
            '',
            "const logger = pino({ redact: ['req.headers.authorization', '*.password', '*.token'] });",
            '',
            'export async function placeOrder(req: AppRequest, order: Order) {',
            '  const log = logger.child({ requestId: req.id, tenantId: req.tenantId });',
            '  const started = performance.now();',
            '  try {',
            '    await orders.save(order);',
            "    log.info({ orderId: order.id, durationMs: performance.now() - started }, 'order placed');",
            '  } catch (err) {',
            "    log.error({ err, orderId: order.id }, 'order placement failed');",
            '    throw err;',
            '  }',
            '}',
          ].join('\n'),
        },
      },
      {
        title: 'Pick the level by who must act',
        steps: [
          'error: a person must act now.',
          'warn: degraded but self-healing.',
          'info: business events worth counting.',
          'debug: off in production unless sampled.',
        ],
      },
    ],
    mistakes: [
      'Interpolating values into the message instead of using fields',
      'Logging the same exception at every layer',
      'Logging full request bodies with passwords or tokens',
      'Using error level for expected conditions',
      'Missing request IDs, so lines cannot be correlated',
    ],
    redFlags: [
      'A log message built with string concatenation',
      'A token, password or email address in a log line',
      'A catch block that logs and swallows the error',
      'Debug-level logging left on in production',
    ],
    shortcut: 'log the whole request body',
    rule: 'log structured fields and redact sensitive values',
    outOfScope: 'choosing a log storage vendor',
    verify: 'one request can be traced end to end by its request ID, and no secret appears in the output',
  },
  {
    id: 'architecture-decision-records',
    strong: [
      'adr',
      'adrs',
      'architecture decision',
      'architecture decisions',
      'decision record',
      'decision records',
      'architectural decision',
    ],
    weak: ['architecture', 'decision', 'decisions', 'design doc', 'rfc'],
    category: 'writing',
    subcategory: 'architecture',
    principle:
      'An ADR records one decision, the context that forced it and the options rejected, so a future reader understands why without asking.',
    triggers: [
      'a significant technical decision was made or is being proposed',
      'a team keeps re-arguing a past decision',
      'an ADR must be written, reviewed or superseded',
    ],
    areas: [
      { id: 'context', label: 'Context and forces' },
      { id: 'options', label: 'Options considered' },
      { id: 'consequences', label: 'Consequences' },
      { id: 'status', label: 'Status and superseding' },
      { id: 'brevity', label: 'Keeping it short' },
    ],
    quickRef: [
      ['Starting an ADR', 'Next number, and a short title that states the decision'],
      ['Context', 'Facts and constraints that force a decision, with numbers'],
      ['Options', 'At least two real alternatives with their trade-offs'],
      ['Consequences', 'What gets easier and what gets harder'],
      ['The decision changes later', 'A new ADR that supersedes the old one; never rewrite history'],
    ],
    patterns: [
      {
        title: 'One decision per record',
        steps: [
          'Title states the decision, not the topic.',
          'Context says what forces a decision now.',
          'Options, decision and consequences follow, each in a few lines.',
        ],
        code: {
          lang: 'markdown',
          body: [
            'ADR 0014: Use PostgreSQL logical replication for the reporting database',
            '',
            'Status: Accepted (2024-05-02). Supersedes ADR 0009.',
            '',
            'Context: reporting queries add 35% CPU load to the primary at month end;',
            'finance needs data no older than 5 minutes.',
            '',
            'Options considered:',
            '1. Streaming read replica: simple, but copies every table and index.',
            '2. Logical replication of 6 tables: less load, needs schema-change discipline.',
            '3. Nightly ETL: cheapest, fails the 5-minute freshness requirement.',
            '',
            'Decision: option 2.',
            '',
            'Consequences: migrations on the 6 tables are applied to both databases;',
            'reporting can add its own indexes without touching the primary.',
          ].join('\n'),
        },
      },
      {
        title: 'Supersede, do not edit',
        steps: [
          'An accepted ADR is history.',
          'A changed decision gets a new ADR that links back.',
          'Mark the old one as superseded and link forward.',
        ],
      },
    ],
    mistakes: [
      'Writing the ADR after everyone forgot the context',
      'Listing only the chosen option',
      'Editing an accepted ADR instead of superseding it',
      'Turning the ADR into a full design document',
      'Vague context with no numbers or constraints',
    ],
    redFlags: [
      'An ADR with only one option',
      'No consequences, or only positive ones',
      'An accepted ADR edited to reflect a new decision',
      'Context that does not say what forced the decision now',
    ],
    shortcut: 'record only the option that won',
    rule: 'document the context and every option considered',
    outOfScope: 'detailed design documents and project plans',
    verify: 'a new team member can explain from the ADR alone why the decision was made and what was rejected',
  },
  {
    id: 'dependency-upgrades',
    strong: [
      'dependency',
      'dependencies',
      'dependenc',
      'upgrad',
      'bump',
      'bumps',
      'renovate',
      'dependabot',
      'npm',
      'pip',
      'package',
      'packages',
      'semver',
      'lockfile',
      'lockfiles',
    ],
    weak: ['version', 'versions', 'library', 'libraries', 'outdated'],
    category: 'development',
    subcategory: 'dependencies',
    principle:
      'Upgrade one dependency at a time, read its changelog, and let the tests and the lockfile diff prove the change is safe.',
    triggers: [
      'dependencies are outdated or flagged by a security advisory',
      'a major version upgrade is planned',
      'an upgrade broke the build or the tests',
    ],
    areas: [
      { id: 'changelogs', label: 'Reading changelogs and breaking changes' },
      { id: 'one-at-a-time', label: 'One upgrade at a time' },
      { id: 'lockfiles', label: 'Lockfile review' },
      { id: 'testing', label: 'Testing after upgrades' },
      { id: 'advisories', label: 'Security advisories' },
    ],
    quickRef: [
      ['Outdated packages', 'List them and group by major, minor and patch'],
      ['Major version', 'Read the changelog and migration guide first'],
      ['Upgrading', 'One package, or one tightly coupled group, per pull request'],
      ['Lockfile diff', 'Review unexpected transitive changes'],
      ['After the upgrade', 'Full test suite, build and a smoke test'],
    ],
    patterns: [
      {
        title: 'One package per change',
        steps: [
          'Pick one package and read every changelog entry between the two versions.',
          'Upgrade it alone and review the lockfile diff.',
          'Build, test and smoke-test before the next package.',
        ],
        code: {
          lang: 'bash',
          body: [
            'npm outdated',
            'npm install zod@4.1.0',
            'git diff --stat package-lock.json',
            'npm ls zod',
            'npm test && npm run build',
          ].join('\n'),
        },
      },
      {
        title: 'Treat major versions as migrations',
        steps: [
          'Find the migration guide and list each breaking change.',
          'Search the code for every affected API.',
          'Fix and test each usage before merging.',
        ],
      },
    ],
    mistakes: [
      'Upgrading everything at once, so a failure cannot be traced',
      'Skipping the changelog for a major version',
      'Deleting the lockfile to fix a conflict',
      'Trusting a green CI run when no test covers the affected code',
      'Ignoring peer dependency warnings',
    ],
    redFlags: [
      'A pull request that bumps many unrelated packages',
      'A deleted or fully regenerated lockfile',
      'A major bump with no changelog link',
      'Peer dependency warnings in the install output',
    ],
    shortcut: 'upgrade every package in one go',
    rule: 'upgrade one package at a time and read its changelog',
    outOfScope: 'replacing a library with a different one',
    verify: 'the build, the full test suite and a smoke test pass after each single upgrade',
  },
  {
    id: 'performance-profiling',
    strong: [
      'profil',
      'flamegraph',
      'flamegraphs',
      'flame graph',
      'cpu',
      'memory',
      'bottleneck',
      'bottlenecks',
      'hotspot',
      'hotspots',
      'latency',
      'throughput',
    ],
    weak: ['performance', 'slow', 'benchmark', 'benchmarks', 'optimize', 'optimise', 'speed'],
    category: 'development',
    subcategory: 'performance',
    principle: 'Measure before optimizing - profile under realistic load, fix the biggest hotspot, and measure again.',
    triggers: [
      'a service or script is slower than its target',
      'CPU or memory usage is unexpectedly high',
      'someone must decide what to optimize first',
    ],
    areas: [
      { id: 'baseline', label: 'Baselines and benchmarks' },
      { id: 'cpu', label: 'CPU profiling' },
      { id: 'memory', label: 'Memory profiling' },
      { id: 'load', label: 'Realistic load' },
      { id: 'verification', label: 'Verifying improvements' },
    ],
    quickRef: [
      ['Slow endpoint or job', 'Record a baseline - p50, p95 and throughput'],
      ['CPU-bound', 'Capture a CPU profile and read the flame graph'],
      ['Memory growing', 'Compare heap snapshots taken minutes apart'],
      ['Found a hotspot', 'Fix the widest frame first, one change at a time'],
      ['After the change', 'Re-run the same benchmark and compare percentiles'],
    ],
    patterns: [
      {
        title: 'Baseline, profile, change one thing, measure',
        steps: [
          'Benchmark with production-like data and concurrency; save the numbers.',
          'Profile under the same load and find the widest frames.',
          'Change one thing and run the identical benchmark again.',
        ],
        code: {
          lang: 'bash',
          body: [
            'npx autocannon -c 50 -d 30 "http://localhost:3000/search?q=shoes" > before.txt',
            'node --cpu-prof --cpu-prof-dir=./profiles server.js &',
            'npx autocannon -c 50 -d 30 "http://localhost:3000/search?q=shoes"',
            'kill %1 && ls profiles/',
          ].join('\n'),
        },
      },
      {
        title: 'Look for the big wins first',
        steps: [
          'N+1 queries and missing indexes before micro-optimizations.',
          'Repeated work that a cache or a batch removes.',
          'Allocation in hot loops only after the above.',
        ],
        code: { lang: 'bash', body: 'py-spy record -o profile.svg --duration 30 --pid "$(pgrep -f worker.py)"' },
      },
    ],
    mistakes: [
      'Optimizing code the profile shows is not hot',
      'Benchmarking with far smaller data than production',
      'Changing several things at once, so the gain cannot be attributed',
      'Reporting averages instead of percentiles',
      'Micro-optimizing before fixing an N+1 query or a missing cache',
    ],
    redFlags: [
      'An optimization with no before and after measurement',
      'A claim of faster based on a single run',
      'Profiling a debug build or tiny inputs',
      'Rewriting code for speed that the profile never flagged',
    ],
    shortcut: 'optimize the code that looks slow',
    rule: 'profile first and measure before and after',
    outOfScope: 'capacity planning and hardware purchasing',
    verify: 'the same benchmark before and after shows the gain at p95, not only on average',
  },
];

/** Broad category keywords for tasks no domain recognizes. */
const CATEGORY_KEYWORDS: [string, string, string[]][] = [
  [
    'security',
    'practices',
    ['security', 'privacy', 'password', 'passwords', 'encryption', 'compliance', 'secret', 'phishing'],
  ],
  ['testing', 'quality', ['test', 'tests', 'testing', 'qa', 'quality', 'bug', 'bugs', 'regression']],
  [
    'data',
    'analysis',
    [
      'data',
      'spreadsheet',
      'analytics',
      'analysis',
      'statistics',
      'dataset',
      'chart',
      'charts',
      'dashboard',
      'metrics',
      'report',
      'reports',
    ],
  ],
  [
    'operations',
    'infrastructure',
    [
      'server',
      'servers',
      'infrastructure',
      'monitoring',
      'ops',
      'devops',
      'backup',
      'backups',
      'cloud',
      'aws',
      'linux',
      'docker',
      'network',
      'terraform',
    ],
  ],
  [
    'design',
    'interfaces',
    ['design', 'ui', 'ux', 'figma', 'layout', 'color', 'colors', 'typography', 'wireframe', 'wireframes'],
  ],
  [
    'development',
    'practices',
    [
      'code',
      'coding',
      'program',
      'programming',
      'software',
      'function',
      'functions',
      'script',
      'scripts',
      'debug',
      'debugging',
      'javascript',
      'python',
      'typescript',
      'rust',
      'go',
      'java',
      'cli',
      'command',
      'commands',
    ],
  ],
  [
    'writing',
    'communication',
    [
      'write',
      'writing',
      'blog',
      'email',
      'emails',
      'essay',
      'copy',
      'newsletter',
      'letter',
      'story',
      'article',
      'articles',
      'proposal',
      'summary',
      'summaries',
      'presentation',
      'slides',
    ],
  ],
];

/** Endings a keyword of >= 4 chars may take and still match ("migrat" -> "migrations", not "import" -> "important"). */
const SUFFIXES = new Set([
  '',
  's',
  'es',
  'ed',
  'ing',
  'er',
  'ers',
  'e',
  'y',
  'ies',
  'ion',
  'ions',
  'ation',
  'ations',
  'ment',
  'ments',
]);

function keywordHits(keyword: string, words: string[], joined: string): boolean {
  if (keyword.includes(' ')) return joined.includes(` ${keyword} `);
  if (keyword.length >= 4) return words.some((w) => w.startsWith(keyword) && SUFFIXES.has(w.slice(keyword.length)));
  return words.includes(keyword);
}

export interface DomainMatch {
  domain: Domain;
  /** False when no entry of the table matched and `domain` is the generic fallback. */
  known: boolean;
  score: number;
}

/** The best-scoring domain for a task (ties: table order); a generic domain built from the topic otherwise. */
export function matchDomain(task: string, topic: string): DomainMatch {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  let best: Domain | undefined;
  let bestScore = 0;
  for (const domain of DOMAINS) {
    let score = 0;
    for (const k of domain.strong) if (keywordHits(k, words, joined)) score += 3;
    for (const k of domain.weak) if (keywordHits(k, words, joined)) score += 1;
    if (score > bestScore) {
      best = domain;
      bestScore = score;
    }
  }
  // A lone weak keyword ("data", "review") is not enough to claim a domain.
  if (best && bestScore >= 3) return { domain: best, known: true, score: bestScore };
  return { domain: genericDomain(task, topic), known: false, score: bestScore };
}

/**
 * The topic a skill is about, made to name its domain: a topic without any of the domain's strong keywords
 * ("services" in "Deploy services to Kubernetes") becomes the first strong keyword as written in the task
 * ("Kubernetes"), skipping the task's opening verb ("Profile CPU ..." -> "CPU", not "Profile").
 */
export function domainTopic(match: DomainMatch, task: string, head: string, topic: string): string {
  if (!match.known) return topic;
  if (topic && match.domain.strong.some((k) => findPhrase(topic, k) !== null)) return topic;
  for (const keyword of match.domain.strong) {
    const found = findPhrase(head, keyword, true) ?? findPhrase(task, keyword, true);
    if (found) return found;
  }
  return topic;
}

export const TECHNICAL_PATTERN =
  /\b(code|coding|sql|api|apis|function|functions|command|commands|script|scripts|migration|migrations|query|queries|cli|test|tests|testing|deploy|deploys|deployment|git|database|databases|typescript|javascript|python|bash|shell|docker|kubernetes|server|endpoint|regex|json|yaml|compiler|library|package|programming|software)\b/i;

export function isTechnical(task: string): boolean {
  return TECHNICAL_PATTERN.test(task);
}

/** A domain for tasks the table does not cover: general practice phrased around the task's own topic. */
export function genericDomain(task: string, topic: string): Domain {
  const words = wordsOf(task);
  const joined = ` ${words.join(' ')} `;
  let category = 'general';
  let subcategory = 'workflows';
  for (const [cat, sub, keywords] of CATEGORY_KEYWORDS) {
    if (keywords.some((k) => keywordHits(k, words, joined))) {
      category = cat;
      subcategory = sub;
      break;
    }
  }
  const technical = isTechnical(task);
  return {
    id: 'generic',
    strong: [],
    weak: [],
    category,
    subcategory,
    principle: `Do ${topic} work in small, verified steps, and check the result against the stated success criteria before calling it done.`,
    triggers: [
      `the work involves ${topic}`,
      `a previous attempt at ${topic} went wrong or was rejected`,
      `someone asks for a check or review of ${topic} work`,
    ],
    areas: [
      { id: 'core-workflow', label: `The core ${topic} workflow` },
      { id: 'inputs', label: 'Gathering inputs and context' },
      { id: 'edge-cases', label: 'Edge cases and failure handling' },
      { id: 'verification', label: 'Verifying the result' },
      { id: 'communication', label: 'Reporting the outcome' },
    ],
    quickRef: [
      ['Starting', 'Restate the goal and the success criteria in one sentence each'],
      ['Missing information', 'Ask one specific question instead of guessing'],
      ['Each step', 'Check its result before moving on'],
      ['Something fails', 'Stop, record what happened, and fix the cause'],
      ['Finishing', 'Compare the result against every success criterion'],
    ],
    patterns: [
      {
        title: 'Plan, do, check',
        steps: [
          `Write down what a finished ${topic} result looks like before starting.`,
          'Break the work into steps small enough to check one at a time.',
          'Check each step against the plan; fix deviations before continuing.',
        ],
        code: {
          lang: 'text',
          body: [
            `${topic} checklist`,
            '[ ] Goal and success criteria written down',
            '[ ] Inputs and constraints collected',
            technical
              ? '[ ] Each change followed by its checks (tests, linters, a dry run)'
              : '[ ] Each step checked before the next',
            '[ ] Result compared against every success criterion',
            '[ ] Outcome and open questions reported',
          ].join('\n'),
        },
      },
      {
        title: 'Report what was done and what was not',
        steps: [
          'State what was completed and how it was checked.',
          'List anything skipped or uncertain, with the reason.',
          'Never report success on a step you did not verify.',
        ],
      },
    ],
    mistakes: [
      'Starting before the goal and the success criteria are clear',
      'Guessing at missing information instead of asking',
      'Skipping the final check because the work looks finished',
      'Reporting success without saying how it was verified',
    ],
    redFlags: [
      'Starting work without a written definition of done',
      'A step completed but never checked',
      'A report that hides skipped or uncertain parts',
    ],
    shortcut: 'skip the final check',
    rule: 'check the result against every success criterion',
    outOfScope: `work unrelated to ${topic}`,
    verify: 'every success criterion was checked and the check is described in the report',
  };
}
