// A domain error as a GraphQL error: what a client gets for one that no payload union carries (a query argument out
// of range, a subscription on a job that is not yours, a mutation input the union has no member for). The same
// `extensions` everywhere: the stable `code`, plus `field` for VALIDATION_FAILED and `currentStatus` for
// INVALID_STATE, as on the error objects of the payload unions (schema/errors.ts).
import { GraphQLError } from 'graphql';
import { InvalidStateError, ValidationError, type DomainError } from '../resolvers/errors';

export interface DomainErrorExtensions {
  code: DomainError['code'];
  field?: string | null;
  currentStatus?: string | null;
}

export function domainErrorExtensions(error: DomainError): DomainErrorExtensions {
  if (error instanceof ValidationError) return { code: error.code, field: error.field };
  if (error instanceof InvalidStateError) return { code: error.code, currentStatus: error.currentStatus };
  return { code: error.code };
}

/** `at`: the error graphql-js reported, whose nodes and path say where in the operation it happened. */
export function toGraphQLError(error: DomainError, at?: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: at?.nodes,
    path: at?.path,
    extensions: { ...domainErrorExtensions(error) },
  });
}
