// Depth, aliases, directives, cost and tokens of a document (graphql-armor), within LIMITS. Violations are reported
// as validation errors, all of them in one response, each with its own code and message (armor's own messages start
// with "Syntax Error:", which they are not).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMITS } from '../limits';

type ArmorContext = { reportError(error: GraphQLError): void } | null;

/** Armor's rejection message ends with "found <n>."; the measured value, or undefined. */
function measured(armorError: GraphQLError): number | undefined {
  const found = /found (\d+)/.exec(armorError.message);
  return found ? Number(found[1]) : undefined;
}

function limitError(code: string, what: string, limit: number, armorError: GraphQLError): GraphQLError {
  const value = measured(armorError);
  const message =
    value === undefined ? `${what} exceeds the limit of ${limit}` : `${what} ${value} exceeds the limit of ${limit}`;
  return new GraphQLError(message, { extensions: { code, limit, ...(value === undefined ? {} : { found: value }) } });
}

/** A validation rule's rejection, reported into the validation result (every violation, one response). */
function reportAs(code: string, what: string, limit: number) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ArmorContext, error: GraphQLError) => context?.reportError(limitError(code, what, limit, error)),
    ],
  };
}

export function useRequestLimits(options: { introspection: boolean }): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: LIMITS.maxDepth,
      flattenFragments: true,
      ...reportAs('QUERY_TOO_DEEP', 'Query depth', LIMITS.maxDepth),
    },
    maxAliases: {
      n: LIMITS.maxAliases,
      allowList: [],
      ...reportAs('TOO_MANY_ALIASES', 'Alias count', LIMITS.maxAliases),
    },
    maxDirectives: {
      n: LIMITS.maxDirectives,
      ...reportAs('TOO_MANY_DIRECTIVES', 'Directive count', LIMITS.maxDirectives),
    },
    costLimit: {
      maxCost: LIMITS.maxCost,
      flattenFragments: true,
      ...reportAs('QUERY_TOO_COSTLY', 'Query cost', LIMITS.maxCost),
    },
    // The token limit stops the parser at the first token over it: there is no document to validate, so it throws.
    maxTokens: {
      n: LIMITS.maxTokens,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [
        (_context: ArmorContext, error: GraphQLError) => {
          throw limitError('TOO_MANY_TOKENS', 'Token count', LIMITS.maxTokens, error);
        },
      ],
    },
    // Suggestions ("Did you mean ...?") reveal the schema; without introspection they must not.
    blockFieldSuggestion: { enabled: !options.introspection },
  });
}
