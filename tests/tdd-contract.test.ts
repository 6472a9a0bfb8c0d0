// Issue 12's contract (names fixed: outside clients are written against them), field by field against the schema
// we serve, until ../shared/api-contract.graphql carries it. Runs without a database.
import { isEnumType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../schema/index';

const FIELDS: Record<string, Record<string, string>> = {
  TddWorkflowState: {
    agentUnderTest: 'String',
    notRunReason: 'String',
    scenarioRuns: '[ScenarioRun!]!',
    baselineViolationRate: 'Float',
    complianceRate: 'Float',
    iterations: 'Int!',
  },
  ScenarioRun: {
    scenarioId: 'String!',
    scenarioTitle: 'String!',
    withSkill: 'Boolean!',
    iteration: 'Int!',
    sample: 'Int!',
    answer: 'String!',
    verdict: 'ScenarioVerdict!',
    rationalization: 'String',
    judgeReason: 'String!',
    createdAt: 'DateTime!',
  },
  LlmUsage: { calls: 'Int!', promptTokens: 'Int!', completionTokens: 'Int!' },
  Job: { llmUsage: 'LlmUsage!' },
};

describe("issue 12's contract", () => {
  it.each(Object.entries(FIELDS))('%s has the fields of the contract, with their types', (typeName, fields) => {
    const type = schema.getType(typeName);
    expect(isObjectType(type)).toBe(true);
    const actual = isObjectType(type) ? type.getFields() : {};
    for (const [field, fieldType] of Object.entries(fields)) expect(String(actual[field]?.type), field).toBe(fieldType);
  });

  it('ScenarioVerdict and the SCENARIO_RUN event type', () => {
    const verdict = schema.getType('ScenarioVerdict');
    const events = schema.getType('JobEventType');
    expect(
      isEnumType(verdict) &&
        verdict
          .getValues()
          .map((v) => v.name)
          .sort(),
    ).toEqual(['COMPLIED', 'UNCLEAR', 'VIOLATED']);
    expect(isEnumType(events) && events.getValues().map((v) => v.name)).toContain('SCENARIO_RUN');
  });
});
