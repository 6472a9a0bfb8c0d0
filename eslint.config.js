// `npm run lint`: ESLint's and typescript-eslint's recommended rules over every TypeScript file of the project
// (the service, the tests and the benchmarks), and the import direction of the service's folders; CI runs it after
// the type check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The import direction (design.md): schema/ -> resolvers/ -> prisma/ and tasks/ -> resolvers/ -> prisma/; schema/
// and tasks/ never import each other; main.ts wires them. Inside resolvers/ the folders are layered, each may import
// only the ones after it:
//   workflow (the engine: driver, phases, commit) -> hitl, skills (use cases; not each other) -> jobs (the journal,
//   job use cases) -> queue (tasks, graphile-worker) -> events (channel, hub, streams); author/ and skill-content/
//   import none of them. workflow/machine.ts is pure, imports nothing, and every folder may import it.
// Top-level files of resolvers/ (services.ts, errors.ts, ...) are shared by all.

/** An import of the folder `name` (a path segment of a relative import). */
const folder = (name, message) => ({ regex: `^(\\.\\.?/)+(.*/)?${name}(/|$)`, message });
/** An import of resolvers/<name>/ from resolvers/<from>/ (workflow/machine.ts excepted: a leaf anyone may import). */
const layer = (from) => (name) => ({
  regex: name === 'workflow' ? '^(\\.\\.?/)+(.*/)?workflow(/(?!machine$)|$)' : folder(name).regex,
  message: `${from} may not import resolvers/${name}/: see the layers in eslint.config.js`,
});

const NO_GRAPHQL = [
  { name: 'graphql', message: 'resolvers/ is plain TypeScript: GraphQL lives in schema/' },
  { name: 'graphql-yoga', message: 'resolvers/ is plain TypeScript: GraphQL lives in schema/' },
];
const RESOLVERS = [
  folder('schema', 'resolvers/ never imports schema/ (schema/ -> resolvers/)'),
  folder('tasks', 'resolvers/ never imports tasks/ (tasks/ -> resolvers/)'),
  { regex: '^(@pothos/|graphql/)', message: 'resolvers/ is plain TypeScript: GraphQL lives in schema/' },
];

/** `no-restricted-imports` for `files`: later blocks replace earlier ones for a file, so each list is complete. */
const restrict = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});
const below = (from, ...names) => names.map(layer(from));

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
      'console/dist/**',
      'cli/dist/**',
      'dist/**',
      'tests/browser/screenshots/**',
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

  restrict(['schema/**'], [folder('tasks', 'schema/ and tasks/ never import each other (main.ts wires them)')]),
  restrict(['tasks/**'], [folder('schema', 'schema/ and tasks/ never import each other (main.ts wires them)')]),
  restrict(
    ['prisma/**'],
    [
      folder('resolvers', 'prisma/ is the bottom layer'),
      folder('schema', 'prisma/ is the bottom layer'),
      folder('tasks', 'prisma/ is the bottom layer'),
    ],
  ),
  restrict(['resolvers/**'], RESOLVERS, NO_GRAPHQL),
  restrict(['resolvers/hitl/**'], [...RESOLVERS, ...below('resolvers/hitl/', 'workflow', 'skills')], NO_GRAPHQL),
  restrict(['resolvers/skills/**'], [...RESOLVERS, ...below('resolvers/skills/', 'workflow', 'hitl')], NO_GRAPHQL),
  restrict(
    ['resolvers/jobs/**'],
    [...RESOLVERS, ...below('resolvers/jobs/', 'workflow', 'hitl', 'skills')],
    NO_GRAPHQL,
  ),
  restrict(
    ['resolvers/queue/**'],
    [...RESOLVERS, ...below('resolvers/queue/', 'workflow', 'hitl', 'skills', 'jobs', 'events')],
    NO_GRAPHQL,
  ),
  restrict(
    ['resolvers/events/**'],
    [...RESOLVERS, ...below('resolvers/events/', 'workflow', 'hitl', 'skills', 'jobs', 'queue')],
    NO_GRAPHQL,
  ),
  restrict(
    ['resolvers/author/**', 'resolvers/skill-content/**'],
    [
      ...RESOLVERS,
      ...below('resolvers/author/ and skill-content/', 'workflow', 'hitl', 'skills', 'jobs', 'queue', 'events'),
    ],
    NO_GRAPHQL,
  ),
  // The console is a client of the API like the CLI: GraphQL only, never the service's code.
  restrict(
    ['console/**'],
    ['schema', 'resolvers', 'tasks', 'prisma', 'cli', 'harness'].map((name) =>
      folder(name, 'console/ talks to the service only over GraphQL (its documents are in console/src/api/)'),
    ),
  ),
  restrict(['resolvers/workflow/machine.ts'], [{ regex: '.', message: 'machine.ts is pure and imports nothing' }]),
);
