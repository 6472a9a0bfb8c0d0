// The contract's typed errors: the domain errors (resolvers/errors.ts) as GraphQL object types. A mutation lists the
// ones its payload union carries (`errors: { types }`); @pothos/plugin-errors returns a matching thrown error as that
// member. Any other error is rethrown and reaches error masking (schema/mask-error.ts), which reports a domain error
// with toGraphQLError (schema/to-graphql-error.ts) and masks anything else.
import { type DomainError, InvalidStateError, NotFoundError, ValidationError } from '../resolvers/errors';
import { builder } from './builder';

const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'A request that could not be honoured; `code` is stable for programs, `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in plain words.' }),
    code: t.exposeString('code', { description: 'Stable machine code: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input breaks a rule (code VALIDATION_FAILED); nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', {
      nullable: true,
      description: 'The input path that broke the rule, e.g. "taskDescription" or "answers.0.text".',
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such object (code NOT_FOUND); also for objects that exist but belong to another user.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description:
    'The object is not in a state that allows the request (code INVALID_STATE), e.g. cancelling a finished job.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    currentStatus: t.exposeString('currentStatus', {
      nullable: true,
      description: 'The status that made the request invalid.',
    }),
  }),
});
