import type { Domain } from '../domain';

export const codeReview: Domain = {
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
};
