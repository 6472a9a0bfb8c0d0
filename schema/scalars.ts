import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Years 1..9999: PostgreSQL cannot hold every date JavaScript can ("-056101-05-23T..." failed the query). */
export const DATE_TIME_RANGE = [
  Date.parse('0001-01-01T00:00:00.000Z'),
  Date.parse('9999-12-31T23:59:59.999Z'),
] as const;

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
  if (date.getTime() < DATE_TIME_RANGE[0] || date.getTime() > DATE_TIME_RANGE[1]) {
    throw new GraphQLError('DateTime must be between the years 1 and 9999');
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp with time zone, e.g. "2026-11-24T07:39:16.000Z".',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

builder.scalarType('UUID', {
  description: 'A UUID in its canonical textual form.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !UUID.test(value)) throw new GraphQLError('UUID must be a UUID string');
    return value.toLowerCase();
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !UUID.test(ast.value)) throw new GraphQLError('UUID must be a UUID string');
    return ast.value.toLowerCase();
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new GraphQLError('JSON literals are not accepted; pass JSON through variables');
  },
});
