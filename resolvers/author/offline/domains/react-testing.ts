import type { Domain } from '../domain';

export const reactTesting: Domain = {
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
};
