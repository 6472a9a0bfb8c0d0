// The public contract (../shared/api-contract.graphql, with a committed copy in tests/fixtures) against the schema we
// serve: every type, field, argument, union member, interface and enum value of the contract must exist with a
// compatible type. Runs without a database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  astFromValue,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema as liveSchema } from '../schema/index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedContract = path.resolve(repoRoot, '..', 'shared', 'api-contract.graphql');
const fixtureContract = path.join(repoRoot, 'tests', 'fixtures', 'api-contract.graphql');
const contractPath = fs.existsSync(sharedContract) ? sharedContract : fixtureContract;
const contractText = fs.readFileSync(contractPath, 'utf8');
const generatedText = fs.readFileSync(path.join(repoRoot, 'schema.graphql'), 'utf8');

/** Output positions: same named type and list shape; the actual type may be stricter (non-null where the contract allows null). */
function outputCompatible(contract: GraphQLOutputType, actual: GraphQLOutputType): boolean {
  if (isNonNullType(contract)) return isNonNullType(actual) && outputCompatible(contract.ofType, actual.ofType);
  if (isNonNullType(actual)) return outputCompatible(contract, actual.ofType);
  if (isListType(contract)) return isListType(actual) && outputCompatible(contract.ofType, actual.ofType);
  if (isListType(actual)) return false;
  return contract.name === actual.name;
}

/** Input positions: everything the contract accepts must be accepted; the actual type may be looser (nullable). */
function inputCompatible(contract: GraphQLInputType, actual: GraphQLInputType): boolean {
  if (isNonNullType(actual)) return isNonNullType(contract) && inputCompatible(contract.ofType, actual.ofType);
  if (isNonNullType(contract)) return inputCompatible(contract.ofType, actual);
  if (isListType(contract)) return isListType(actual) && inputCompatible(contract.ofType, actual.ofType);
  if (isListType(actual)) return false;
  return contract.name === actual.name;
}

function defaultOf(input: GraphQLArgument | GraphQLInputField): string | null {
  if (input.defaultValue === undefined) return null;
  const ast = astFromValue(input.defaultValue, input.type);
  return ast ? print(ast) : null;
}

function checkInputs(
  where: string,
  contract: readonly (GraphQLArgument | GraphQLInputField)[],
  actual: readonly (GraphQLArgument | GraphQLInputField)[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(actual.map((a) => [a.name, a]));
  for (const expected of contract) {
    const found = byName.get(expected.name);
    if (!found) {
      problems.push(`${where}(${expected.name}) is missing`);
      continue;
    }
    if (!inputCompatible(expected.type, found.type))
      problems.push(`${where}(${expected.name}): ${String(found.type)} does not accept ${String(expected.type)}`);
    const expectedDefault = defaultOf(expected);
    if (expectedDefault !== null && defaultOf(found) !== expectedDefault) {
      problems.push(`${where}(${expected.name}) default is ${defaultOf(found)}, contract says ${expectedDefault}`);
    }
  }
  const contractNames = new Set(contract.map((c) => c.name));
  for (const extra of actual) {
    if (!contractNames.has(extra.name) && isNonNullType(extra.type) && extra.defaultValue === undefined) {
      problems.push(`${where}(${extra.name}) is required but not in the contract`);
    }
  }
  return problems;
}

/** Every way `actual` fails to honour `contract`; empty when it does. */
export function contractViolations(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const found: GraphQLNamedType | undefined = actual.getType(expected.name);
    if (!found) {
      problems.push(`type ${expected.name} is missing`);
      continue;
    }
    if (isScalarType(expected)) {
      if (!isScalarType(found)) problems.push(`${expected.name} is not a scalar`);
    } else if (isObjectType(expected) || isInterfaceType(expected)) {
      if (isObjectType(expected) !== isObjectType(found) || isInterfaceType(expected) !== isInterfaceType(found)) {
        problems.push(`${expected.name} is a ${found.constructor.name}, not a ${expected.constructor.name}`);
        continue;
      }
      const foundFields = (found as typeof expected).getFields();
      for (const field of Object.values(expected.getFields())) {
        const actualField = foundFields[field.name];
        if (!actualField) {
          problems.push(`${expected.name}.${field.name} is missing`);
          continue;
        }
        if (!outputCompatible(field.type, actualField.type)) {
          problems.push(
            `${expected.name}.${field.name}: ${String(actualField.type)} is not compatible with ${String(field.type)}`,
          );
        }
        problems.push(...checkInputs(`${expected.name}.${field.name}`, field.args, actualField.args));
      }
      const foundInterfaces = new Set((found as typeof expected).getInterfaces().map((i) => i.name));
      for (const iface of expected.getInterfaces()) {
        if (!foundInterfaces.has(iface.name)) problems.push(`${expected.name} does not implement ${iface.name}`);
      }
    } else if (isUnionType(expected)) {
      if (!isUnionType(found)) {
        problems.push(`${expected.name} is not a union`);
        continue;
      }
      const members = new Set(found.getTypes().map((t) => t.name));
      for (const member of expected.getTypes())
        if (!members.has(member.name)) problems.push(`union ${expected.name} lacks ${member.name}`);
    } else if (isEnumType(expected)) {
      if (!isEnumType(found)) {
        problems.push(`${expected.name} is not an enum`);
        continue;
      }
      const values = new Set(found.getValues().map((v) => v.name));
      for (const value of expected.getValues())
        if (!values.has(value.name)) problems.push(`enum ${expected.name} lacks ${value.name}`);
    } else if (isInputObjectType(expected)) {
      if (!isInputObjectType(found)) {
        problems.push(`${expected.name} is not an input type`);
        continue;
      }
      problems.push(
        ...checkInputs(expected.name, Object.values(expected.getFields()), Object.values(found.getFields())),
      );
    }
  }
  for (const [root, expected, found] of [
    ['query', contract.getQueryType(), actual.getQueryType()],
    ['mutation', contract.getMutationType(), actual.getMutationType()],
    ['subscription', contract.getSubscriptionType(), actual.getSubscriptionType()],
  ] as const) {
    if (expected && found?.name !== expected.name)
      problems.push(`the ${root} root is ${found?.name ?? 'missing'}, not ${expected.name}`);
  }
  return problems;
}

const contract = buildSchema(contractText);
const generated = buildSchema(generatedText);

describe('the public contract', () => {
  it('is read from the shared file or its committed copy, which are identical', () => {
    expect(contractText).toContain('type Query');
    if (fs.existsSync(sharedContract))
      expect(fs.readFileSync(fixtureContract, 'utf8')).toBe(fs.readFileSync(sharedContract, 'utf8'));
  });

  it('is honoured by the generated schema.graphql', () => {
    expect(contractViolations(contract, generated)).toEqual([]);
  });

  it('is honoured by the live schema', () => {
    expect(contractViolations(contract, liveSchema)).toEqual([]);
  });

  it('schema.graphql is the live schema (npm run codegen is not stale)', () => {
    expect(contractViolations(liveSchema, generated)).toEqual([]);
    expect(contractViolations(generated, liveSchema)).toEqual([]);
  });

  it('covers a non-trivial contract (the check is not vacuous)', () => {
    const named = Object.keys(contract.getTypeMap()).filter((n) => !n.startsWith('__'));
    expect(named.length).toBeGreaterThan(60);
    expect(Object.keys(contract.getQueryType()!.getFields())).toHaveLength(10);
    expect(Object.keys(contract.getMutationType()!.getFields())).toHaveLength(5);
  });

  it('has a description on every type, field, argument and enum value we serve', () => {
    const missing: string[] = [];
    for (const type of Object.values(liveSchema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`);
      if (isEnumType(type))
        for (const value of type.getValues())
          if (!value.description && !type.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the contract checker', () => {
  const base = buildSchema(`
    interface Node { id: ID! }
    type Thing implements Node { id: ID! name: String tags: [String!]! count(min: Int = 1): Int }
    enum Color { RED GREEN }
    union Any = Thing
    input Filter { color: Color, name: String! }
    type Query { thing(id: ID!, filter: Filter): Thing things: [Thing!]! }
  `);

  it('accepts the same schema, and stricter outputs / looser inputs', () => {
    expect(contractViolations(base, base)).toEqual([]);
    const compatible = buildSchema(`
      interface Node { id: ID! }
      type Thing implements Node { id: ID! name: String! tags: [String!]! count(min: Int = 1, max: Int): Int extra: Int }
      enum Color { RED GREEN BLUE }
      type Other { id: ID }
      union Any = Thing | Other
      input Filter { color: Color, name: String, more: Int }
      type Query { thing(id: ID, filter: Filter): Thing things: [Thing!]! more: Int }
    `);
    expect(contractViolations(base, compatible)).toEqual([]);
  });

  it('reports every kind of break', () => {
    const broken = buildSchema(`
      interface Node { id: ID! }
      type Thing { id: ID name: Int tags: [String] count(min: Int = 2): Int }
      enum Color { RED }
      type Other { id: ID }
      union Any = Other
      input Filter { color: Color, name: String!, required: Int! }
      type Query { thing(id: ID!, filter: Filter, must: Int!): Thing }
    `);
    const problems = contractViolations(base, broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Thing.id: ID is not compatible with ID!',
        'Thing.name: Int is not compatible with String',
        'Thing.tags: [String] is not compatible with [String!]!',
        'Thing.count(min) default is 2, contract says 1',
        'Thing does not implement Node',
        'enum Color lacks GREEN',
        'union Any lacks Thing',
        'Filter(required) is required but not in the contract',
        'Query.thing(must) is required but not in the contract',
        'Query.things is missing',
      ]),
    );
    expect(problems).toHaveLength(10);
  });
});
