// graphql-codegen: prints the Pothos schema as SDL into schema.graphql (committed). `npm run codegen` writes it;
// `npm run codegen:check` fails when the committed file is stale (CI runs it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema/index.ts',
  generates: {
    './schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, commentDescriptions: false, sort: true },
    },
  },
  silent: true,
};

export default config;
