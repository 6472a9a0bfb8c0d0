// Domain errors: what a use case says when a request cannot be honoured. Each has a stable `code`; the GraphQL layer
// returns it as a typed error object of a payload union (schema/errors.ts) or as a GraphQL error with that code
// (schema/to-graphql-error.ts). Anything else is unexpected and masked.

export abstract class DomainError extends Error {
  abstract readonly code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'INVALID_STATE';
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly code = 'VALIDATION_FAILED' as const;
  /** The input path, e.g. "taskDescription" or "answers.0.text". */
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** Also for objects that exist but belong to another user: existence is not leaked. */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND' as const;
}

export class InvalidStateError extends DomainError {
  override name = 'InvalidStateError';
  readonly code = 'INVALID_STATE' as const;
  constructor(
    message: string,
    readonly currentStatus: string | null = null,
  ) {
    super(message);
  }
}
