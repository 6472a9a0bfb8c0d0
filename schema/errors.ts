// The contract's typed errors. Use cases throw DomainErrors (resolvers/errors.ts); a mutation returns the matching
// error object as a member of its payload union. Anything else is unexpected: it is rethrown and yoga masks it.
//
// The objects are plain values (ErrorPayload), not the thrown errors: graphql-js treats any Error instance a resolver
// returns as a field error.
import { DomainError, InvalidStateError, ValidationError } from '../resolvers/errors';
import { builder } from './builder';

export type DomainErrorCode = DomainError['code'];

/** A domain error as data: what the error objects of a payload union expose. */
export class ErrorPayload<C extends DomainErrorCode = DomainErrorCode> {
  constructor(
    readonly code: C,
    readonly message: string,
    readonly field: string | null = null,
    readonly currentStatus: string | null = null,
  ) {}

  static from(error: DomainError): ErrorPayload {
    return new ErrorPayload(
      error.code,
      error.message,
      error instanceof ValidationError ? error.field : null,
      error instanceof InvalidStateError ? error.currentStatus : null,
    );
  }
}

export const ErrorInterface = builder.interfaceRef<ErrorPayload>('Error').implement({
  description: 'A request that could not be honoured; `code` is stable for programs, `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in plain words.' }),
    code: t.string({
      description: 'Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE.',
      resolve: (error) => error.code,
    }),
  }),
});

export const ValidationErrorRef = builder.objectRef<ErrorPayload<'VALIDATION_FAILED'>>('ValidationError').implement({
  description: 'The input breaks a rule (code VALIDATION_FAILED); nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ErrorPayload && value.code === 'VALIDATION_FAILED',
  fields: (t) => ({
    field: t.string({
      nullable: true,
      description: 'The input path that broke the rule, e.g. "taskDescription" or "answers.0.text".',
      resolve: (error) => error.field,
    }),
  }),
});

export const NotFoundErrorRef = builder.objectRef<ErrorPayload<'NOT_FOUND'>>('NotFoundError').implement({
  description: 'No such object (code NOT_FOUND); also for objects that exist but belong to another user.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ErrorPayload && value.code === 'NOT_FOUND',
  fields: () => ({}),
});

export const InvalidStateErrorRef = builder.objectRef<ErrorPayload<'INVALID_STATE'>>('InvalidStateError').implement({
  description:
    'The object is not in a state that allows the request (code INVALID_STATE), e.g. cancelling a finished job.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ErrorPayload && value.code === 'INVALID_STATE',
  fields: (t) => ({
    currentStatus: t.string({
      nullable: true,
      description: 'The status that made the request invalid.',
      resolve: (error) => error.currentStatus,
    }),
  }),
});

const REF_BY_CODE = {
  VALIDATION_FAILED: ValidationErrorRef,
  NOT_FOUND: NotFoundErrorRef,
  INVALID_STATE: InvalidStateErrorRef,
} as const;

/**
 * resolveType of a payload union: an error object by its code, anything else is the union's success object.
 */
export function resolvePayload<S>(success: S) {
  return (value: unknown) => {
    if (!(value instanceof ErrorPayload)) return success;
    const code: DomainErrorCode = (value as ErrorPayload).code;
    return REF_BY_CODE[code];
  };
}

/**
 * Runs a use case and returns its result, or the domain error it threw as an error object when the payload union has
 * a member for that code. Any other error (a domain error the union cannot carry, a bug, the database gone) is
 * rethrown: yoga reports a domain error with its code, and masks anything else as unexpected.
 */
export async function resultOrDomainError<T, C extends DomainErrorCode>(
  codes: readonly C[],
  run: () => Promise<T>,
): Promise<T | ErrorPayload<C>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && (codes as readonly string[]).includes(error.code))
      return ErrorPayload.from(error) as ErrorPayload<C>;
    throw error;
  }
}
