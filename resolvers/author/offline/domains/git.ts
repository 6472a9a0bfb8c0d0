import type { Domain } from '../domain';

export const git: Domain = {
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
  vocabulary: ['message', 'messages'],
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
};
