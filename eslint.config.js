// `npm run lint`: ESLint's and typescript-eslint's recommended rules over every TypeScript file of the project
// (the service, the tests and the benchmarks); CI runs it after the type check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'prisma/generated/**',
      '.data/**',
      '.scratch/**',
      'bench/profiles/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A variable a signal handler reads before it is assigned (bench/run.ts) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Input validation matches control characters on purpose, to refuse them.
      'no-control-regex': 'off',
      // `_name` marks a parameter that is there for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
