// Introspection off: a validation error for __schema and __type (__typename stays allowed).
import { useValidationRule, type Plugin } from '@envelop/core';
import { GraphQLError, type ValidationRule } from 'graphql';

const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError('Introspection is disabled on this server.', {
          nodes: [node],
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    }
  },
});

export function useNoIntrospection(): Plugin {
  return useValidationRule(noIntrospection);
}
