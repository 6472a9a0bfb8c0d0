// graphql-codegen: prints the Pothos schema as SDL into schema.graphql (committed), and generates the typed
// documents of the clients into clients/graphql/ (the CLI's) and console/src/graphql/ (the web console's; its own
// output, so the browser bundle carries only its own operations; the fragments both select come from one file,
// clients/documents/). Both are committed, so a schema change that breaks
// a client fails the type check. `npm run codegen` writes both; `npm run codegen:check` fails
// when either is stale (CI runs it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const CLIENT_PRESET = {
  preset: 'client',
  presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
  config: {
    // Plain strings: no graphql-js AST at run time, sent as they are over HTTP and graphql-ws.
    documentMode: 'string',
    useTypeImports: true,
    enumsAsTypes: true,
    strictScalars: true,
    scalars: { DateTime: 'string', JSON: 'unknown', UUID: 'string' },
  },
} as const;

/** The fragments and mutations both clients use: one source, read into both outputs. */
const SHARED_DOCUMENTS = 'clients/documents/*.graphql';

const config: CodegenConfig = {
  schema: './schema/index.ts',
  generates: {
    './schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, commentDescriptions: false, sort: true },
    },
    './clients/graphql/': { documents: ['cli/**/*.ts', SHARED_DOCUMENTS], ...CLIENT_PRESET },
    './console/src/graphql/': {
      documents: ['console/src/**/*.{ts,tsx}', '!console/src/graphql/**', SHARED_DOCUMENTS],
      ...CLIENT_PRESET,
    },
  },
  silent: true,
};

export default config;
