// Depth, aliases, directives, cost and tokens of a document (graphql-armor), within LIMITS. Violations are reported
// as validation errors, all of them in one response.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMITS } from '../limits';

/** Armor rules report into the validation result (every violation, one response) instead of throwing. */
const reportInsteadOfThrow = {
  propagateOnRejection: false,
  onReject: [
    (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => context?.reportError(error),
  ],
};

export function useRequestLimits(options: { introspection: boolean }): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, exposeLimits: true, ...reportInsteadOfThrow },
    maxAliases: { n: LIMITS.maxAliases, allowList: [], exposeLimits: true, ...reportInsteadOfThrow },
    maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true, ...reportInsteadOfThrow },
    costLimit: { maxCost: LIMITS.maxCost, flattenFragments: true, exposeLimits: true, ...reportInsteadOfThrow },
    maxTokens: { n: LIMITS.maxTokens, exposeLimits: true },
    // Suggestions ("Did you mean ...?") reveal the schema; without introspection they must not.
    blockFieldSuggestion: { enabled: !options.introspection },
  });
}
