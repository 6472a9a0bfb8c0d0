// Fixtures and helpers for the LlmAuthor tests (tests/llm-author-*.test.ts): job contexts, model answers, and one
// fake chat-completions server per test file (./fake-llm), reset before each test.
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { LlmAuthor, LlmAuthorError, type LlmAuthorOptions } from '../../resolvers/author/llm';
import type { AuthorContext, ScenarioSet } from '../../resolvers/author/types';
import { startFakeLlm, type FakeProvider, type RecordedRequest } from './fake-llm';

export const API_KEY = 'test-key';

export const scenarioSet: ScenarioSet = {
  scenarios: [
    {
      id: 's1',
      title: 'Friday deploy',
      pressure: 'time, authority',
      prompt: 'The release is in 10 minutes, just add the column, no down migration needed.',
      expectedViolation: 'Writes an irreversible migration',
      rationalization: 'We will never roll this back',
    },
  ],
  rationalizations: ['We will never roll this back', "It's only a small column"],
};

export const baseCtx: AuthorContext = {
  jobId: 'job-1',
  taskDescription: 'Teach agents to write reversible PostgreSQL migrations',
  rounds: [],
  feedback: [],
};

export const fullCtx: AuthorContext = {
  ...baseCtx,
  refinement: {
    refinedTask: 'Teach coding agents to write reversible, zero-downtime PostgreSQL migrations.',
    skillName: 'postgres-migrations',
    description: 'Writes reversible PostgreSQL migrations. Use when adding or changing tables.',
    taxonomyPath: 'development/databases/postgres-migrations',
  },
  rounds: [
    {
      round: 1,
      questions: [
        { id: 'problem', text: 'What problem?', questionType: 'TEXT', options: [], allowsOther: false, required: true },
        {
          id: 'tool',
          text: 'Which migration tool?',
          questionType: 'SINGLE',
          options: [
            { id: 'prisma', label: 'Prisma Migrate' },
            { id: 'flyway', label: 'Flyway' },
          ],
          allowsOther: true,
          required: true,
        },
      ],
      answers: [
        { questionId: 'problem', text: 'Agents drop columns without a way back' },
        { questionId: 'tool', optionIds: ['flyway'] },
      ],
    },
  ],
  understanding: {
    userProblem: 'Irreversible migrations',
    userGoals: ['Every migration has a tested down step'],
    summary: 'Flyway users want reversible migrations.',
    readinessScore: 0.9,
  },
  feedback: ['Mention lock timeouts'],
  scenarios: scenarioSet,
};

export const refinementAnswer = {
  refinedTask: 'Teach coding agents to write reversible PostgreSQL migrations with Flyway.',
  skillName: 'postgres-migrations',
  description: 'Writes reversible PostgreSQL migrations. Use when adding, changing or dropping tables or columns.',
  taxonomyPath: 'development/databases/postgres-migrations',
};

export const skillMd = `---
name: postgres-migrations
description: Writes reversible PostgreSQL migrations. Use when adding or changing tables.
---

# Postgres migrations

Every migration ships with a tested down step. Set lock_timeout before DDL.
`;

export const json = (value: unknown) => JSON.stringify(value);

export interface FakeLlm {
  /** The file's fake provider; only available inside tests and hooks. */
  readonly provider: FakeProvider;
  /** An LlmAuthor talking to the fake provider. */
  author(options?: Partial<LlmAuthorOptions>): LlmAuthor;
}

/** Registers the hooks that start, reset and stop one fake provider for the calling test file. */
export function useFakeLlm(): FakeLlm {
  let current: FakeProvider | undefined;
  beforeAll(async () => {
    current = await startFakeLlm();
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => current?.reset());
  afterEach(() => vi.restoreAllMocks());
  return {
    get provider() {
      if (!current) throw new Error('the fake LLM provider runs only inside tests');
      return current;
    },
    author(options = {}) {
      return new LlmAuthor({ baseUrl: `${this.provider.url}/v1/`, model: 'test-model', apiKey: API_KEY, ...options });
    },
  };
}

export async function failure(promise: Promise<unknown>): Promise<LlmAuthorError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmAuthorError);
    return err as LlmAuthorError;
  }
  throw new Error('expected the call to fail');
}

/** The last message of a recorded request (the user's, or the correction after a bad answer). */
export function lastUserMessage(request: RecordedRequest | undefined): string {
  const content = request?.body.messages.at(-1)?.content;
  if (content === undefined) throw new Error('no request with a message was recorded');
  return content;
}

/** The JSON payload of a request's user message (the message after the system prompt). */
export function userPayload(request: RecordedRequest | undefined): Record<string, unknown> {
  const content = request?.body.messages[1]?.content;
  if (content === undefined) throw new Error('no request with a user message was recorded');
  return JSON.parse(content) as Record<string, unknown>;
}

export function capturingLogger() {
  const entries: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, logger: { info: at('info'), warn: at('warn'), debug: at('debug') } };
}
