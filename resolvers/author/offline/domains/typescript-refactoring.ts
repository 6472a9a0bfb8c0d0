import type { Domain } from '../domain';

export const typescriptRefactoring: Domain = {
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
};
