// graphql-codegen: prints the Pothos schema as SDL into schema.graphql (committed), and generates the typed
// documents of the clients (the CLI now, a web console later) into clients/graphql/ (committed too, so a schema
// change that breaks a client fails the type check). `npm run codegen` writes both; `npm run codegen:check` fails
// when either is stale (CI runs it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema/index.ts',
  generates: {
    './schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, commentDescriptions: false, sort: true },
    },
    './clients/graphql/': {
      documents: ['cli/**/*.ts'],
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
    },
  },
  silent: true,
};

export default config;
