// LlmAuthor against a real HTTP server on 127.0.0.1 that speaks the chat-completions protocol with scripted answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmAuthor, LlmAuthorError, type LlmAuthorOptions } from '../resolvers/author/llm';
import type { AuthorContext, ScenarioSet } from '../resolvers/author/types';
import { startFakeLlm, type FakeProvider, type RecordedRequest } from './helpers/fake-llm';

// ---------------------------------------------------------------------------------------------------------------
// fixtures

const API_KEY = 'test-key';

const scenarioSet: ScenarioSet = {
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

const baseCtx: AuthorContext = {
  jobId: 'job-1',
  taskDescription: 'Teach agents to write reversible PostgreSQL migrations',
  rounds: [],
  feedback: [],
};

const fullCtx: AuthorContext = {
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

const refinementAnswer = {
  refinedTask: 'Teach coding agents to write reversible PostgreSQL migrations with Flyway.',
  skillName: 'postgres-migrations',
  description: 'Writes reversible PostgreSQL migrations. Use when adding, changing or dropping tables or columns.',
  taxonomyPath: 'development/databases/postgres-migrations',
};

const skillMd = `---
name: postgres-migrations
description: Writes reversible PostgreSQL migrations. Use when adding or changing tables.
---

# Postgres migrations

Every migration ships with a tested down step. Set lock_timeout before DDL.
`;

const json = (value: unknown) => JSON.stringify(value);

// ---------------------------------------------------------------------------------------------------------------

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeLlm();
});

afterAll(async () => {
  await provider.close();
});

beforeEach(() => provider.reset());
afterEach(() => vi.restoreAllMocks());

function author(options: Partial<LlmAuthorOptions> = {}): LlmAuthor {
  return new LlmAuthor({ baseUrl: `${provider.url}/v1/`, model: 'test-model', apiKey: API_KEY, ...options });
}

async function failure(promise: Promise<unknown>): Promise<LlmAuthorError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmAuthorError);
    return err as LlmAuthorError;
  }
  throw new Error('expected the call to fail');
}

function lastUserMessage(request: RecordedRequest | undefined): string {
  const messages = request?.body.messages ?? [];
  return messages[messages.length - 1]?.content ?? '';
}

function userPayload(request: RecordedRequest | undefined): Record<string, unknown> {
  return JSON.parse(request?.body.messages[1]?.content ?? 'null') as Record<string, unknown>;
}

function capturingLogger() {
  const entries: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, logger: { info: at('info'), warn: at('warn'), debug: at('debug') } };
}

describe('LlmAuthor happy paths', () => {
  it('refine sends a chat-completions request and returns the refinement', async () => {
    provider.script({ content: json(refinementAnswer) });
    const result = await author().refine({ ...baseCtx, feedback: ['Focus on Flyway'] });

    expect(result).toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(1);
    const request = provider.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBe('Bearer test-key');
    expect(request.headers['content-type']).toMatch(/application\/json/);
    expect(request.body.model).toBe('test-model');
    expect(request.body.temperature).toBe(0.2);
    expect(request.body.response_format).toEqual({ type: 'json_object' });
    expect(request.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request.body.messages[0]!.content).toContain('"skillName": string');
    expect(request.body.messages[0]!.content).toContain('JSON');
    expect(userPayload(request)).toEqual({ task: baseCtx.taskDescription, feedback: ['Focus on Flyway'] });
  });

  it('ask returns the round; the user message carries the round and the answered rounds', async () => {
    const answer = {
      questions: [
        {
          id: 'problem',
          text: 'What goes wrong today?',
          questionType: 'TEXT',
          options: [],
          allowsOther: false,
          required: true,
        },
        {
          id: 'success_criteria',
          text: 'How do we know it works?',
          questionType: 'text',
          options: [],
          allowsOther: false,
          required: true,
        },
        {
          id: 'constraints',
          text: 'Which constraints?',
          questionType: 'TEXT',
          options: [],
          allowsOther: false,
          required: false,
        },
        {
          id: 'tool',
          text: 'Which tool?',
          questionType: 'SINGLE',
          options: [
            { id: 'flyway', label: 'Flyway', description: 'SQL files' },
            { id: 'prisma', label: 'Prisma' },
          ],
          allowsOther: true,
          required: true,
        },
      ],
      rationale: 'Start with the basics.',
    };
    provider.script({ content: json(answer) });
    const result = await author().ask(fullCtx, 1);

    expect(result.rationale).toBe('Start with the basics.');
    expect(result.questions.map((q) => q.id)).toEqual(['problem', 'success_criteria', 'constraints', 'tool']);
    expect(result.questions[1]!.questionType).toBe('TEXT');
    expect(result.questions[3]!.options).toEqual([
      { id: 'flyway', label: 'Flyway', description: 'SQL files' },
      { id: 'prisma', label: 'Prisma' },
    ]);
    const payload = userPayload(provider.requests[0]);
    expect(payload['round']).toBe(1);
    expect(JSON.stringify(payload['rounds'])).toContain('Agents drop columns without a way back');
    expect(JSON.stringify(payload['rounds'])).toContain('Flyway');
    expect(payload['understanding']).toEqual(fullCtx.understanding);
  });

  it('understand returns the understanding with the readiness score clamped to 0..1', async () => {
    provider.script({
      content: json({
        userProblem: 'Irreversible migrations',
        userGoals: ['Down steps'],
        summary: 'Clear enough.',
        readinessScore: 1.7,
      }),
    });
    const result = await author().understand(fullCtx);
    expect(result).toEqual({
      userProblem: 'Irreversible migrations',
      userGoals: ['Down steps'],
      summary: 'Clear enough.',
      readinessScore: 1,
    });
  });

  it('scenarios returns the set, listing every scenario rationalization', async () => {
    provider.script({
      content: json({
        scenarios: [
          { ...scenarioSet.scenarios[0]! },
          { ...scenarioSet.scenarios[0]!, id: 's2', title: 'Sunk cost', rationalization: 'Already tested it by hand' },
        ],
        rationalizations: ['We will never roll this back'],
      }),
    });
    const result = await author().scenarios(fullCtx);
    expect(result.scenarios.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(result.rationalizations).toEqual(['We will never roll this back', 'Already tested it by hand']);
  });

  it('draft returns the SKILL.md; validation issues reach the model', async () => {
    provider.script({ content: json({ content: skillMd }) });
    const result = await author().draft(fullCtx, { validationIssues: ['body: missing "When to use" section'] });
    expect(result).toBe(skillMd);
    const payload = userPayload(provider.requests[0]);
    expect(payload['validationIssues']).toEqual(['body: missing "When to use" section']);
    expect(payload['scenarios']).toEqual(scenarioSet);
    expect(payload['feedback']).toEqual(['Mention lock timeouts']);
  });

  it('refactor returns content, one counter per rationalization and red flags', async () => {
    const counters = {
      'We will never roll this back': 'Rollbacks happen at 3 a.m.; write the down step now.',
      "It's only a small column": 'Small columns still lock big tables.',
    };
    provider.script({ content: json({ content: skillMd, counters, redFlags: ['"Just this once"'] }) });
    const result = await author().refactor(fullCtx, skillMd);
    expect(result).toEqual({ content: skillMd, counters, redFlags: ['"Just this once"'] });
    expect(userPayload(provider.requests[0])['draft']).toBe(skillMd);
  });

  it('assess returns the assessment', async () => {
    provider.script({
      content: json({ summary: 'Solid, but vague triggers.', suggestions: ['Name the Flyway command'] }),
    });
    const result = await author().assess(fullCtx, skillMd);
    expect(result).toEqual({ summary: 'Solid, but vague triggers.', suggestions: ['Name the Flyway command'] });
    expect(userPayload(provider.requests[0])['draft']).toBe(skillMd);
  });

  it('accepts an answer wrapped in a ```json fence', async () => {
    provider.script({ content: `\`\`\`json\n${json(refinementAnswer)}\n\`\`\`` });
    await expect(author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(1);
  });

  it('adds the mandatory round-1 questions the model left out', async () => {
    provider.script({
      content: json({
        questions: [
          {
            id: 'success-criteria',
            text: 'What does success look like?',
            questionType: 'TEXT',
            options: [],
            allowsOther: false,
            required: true,
          },
          {
            id: 'tool',
            text: 'Which tool?',
            questionType: 'MULTI',
            options: [
              { id: 'a', label: 'A' },
              { id: 'b', label: 'B' },
            ],
          },
        ],
        rationale: 'Basics first.',
      }),
    });
    const result = await author().ask(baseCtx, 1);
    expect(result.questions.map((q) => q.id)).toEqual(['problem', 'success_criteria', 'constraints', 'tool']);
    expect(result.questions[1]!.text).toBe('What does success look like?');
    expect(result.questions[2]).toMatchObject({ id: 'constraints', questionType: 'TEXT', options: [], required: true });
    expect(result.questions[3]).toMatchObject({ allowsOther: false, required: true });
  });

  it('does not add round-1 questions to later rounds', async () => {
    provider.script({
      content: json({
        questions: [
          {
            id: 'locks',
            text: 'Do you use lock_timeout?',
            questionType: 'BOOLEAN',
            options: [],
            allowsOther: false,
            required: true,
          },
        ],
        rationale: 'Gap: locking.',
      }),
    });
    const result = await author().ask(fullCtx, 2);
    expect(result.questions.map((q) => q.id)).toEqual(['locks']);
  });

  it('uses the fetch given in the options', async () => {
    const calls: string[] = [];
    const observed: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    provider.script({ content: json(refinementAnswer) });
    await author({ fetch: observed, temperature: 0.7 }).refine(baseCtx);
    expect(calls).toEqual([`${provider.url}/v1/chat/completions`]);
    expect(provider.requests[0]!.body.temperature).toBe(0.7);
  });

  it('sends no Authorization header without an api key', async () => {
    provider.script({ content: json(refinementAnswer) });
    await new LlmAuthor({ baseUrl: provider.url, model: 'local' }).refine(baseCtx);
    expect(provider.requests[0]!.headers['authorization']).toBeUndefined();
    expect(provider.requests[0]!.url).toBe('/chat/completions');
  });
});

describe('LlmAuthor invalid output', () => {
  it('retries after an answer that is not JSON, quoting the error', async () => {
    provider.script({ content: 'Sure! Here is the refinement you asked for.' }, { content: json(refinementAnswer) });
    await expect(author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(2);
    const messages = provider.requests[1]!.body.messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]!.content).toBe('Sure! Here is the refinement you asked for.');
    expect(lastUserMessage(provider.requests[1])).toContain('not valid JSON');
  });

  it('retries after an answer that fails the schema, quoting path and message', async () => {
    const { description: _omitted, ...withoutDescription } = refinementAnswer;
    provider.script(
      { content: json({ ...withoutDescription, skillName: 'Postgres Migrations' }) },
      { content: json(refinementAnswer) },
    );
    await expect(author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(2);
    const correction = lastUserMessage(provider.requests[1]);
    expect(correction).toContain('skillName: must be kebab-case');
    expect(correction).toMatch(/description: Invalid input: expected string/);
  });

  it('retries when refactor misses a counter for a rationalization', async () => {
    const complete = { 'We will never roll this back': 'No.', "It's only a small column": 'Still locks.' };
    provider.script(
      { content: json({ content: skillMd, counters: { 'We will never roll this back': 'No.' }, redFlags: ['x'] }) },
      { content: json({ content: skillMd, counters: complete, redFlags: ['x'] }) },
    );
    const result = await author().refactor(fullCtx, skillMd);
    expect(result.counters).toEqual(complete);
    expect(lastUserMessage(provider.requests[1])).toContain(`counters["It's only a small column"]: missing`);
  });

  it('retries when the draft frontmatter names another skill', async () => {
    provider.script(
      { content: json({ content: skillMd.replace('name: postgres-migrations', 'name: pg-stuff') }) },
      { content: json({ content: skillMd }) },
    );
    await expect(author().draft(fullCtx)).resolves.toBe(skillMd);
    expect(lastUserMessage(provider.requests[1])).toContain(
      'the frontmatter name must be "postgres-migrations", not "pg-stuff"',
    );
  });

  it('fails with LLM_INVALID_OUTPUT after exactly maxAttempts requests', async () => {
    const bad = { content: json({ refinedTask: 'x', skillName: 'ok-name', taxonomyPath: 'a/b' }) };
    provider.script(bad, bad, bad, bad);
    const err = await failure(author({ maxAttempts: 3 }).refine(baseCtx));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(err.message).toMatch(/^LLM author: refine returned invalid output after 3 attempts: description: /);
    expect(provider.requests).toHaveLength(3);
    // The conversation stays bounded: only the latest bad answer and its correction are sent.
    expect(provider.requests[2]!.body.messages).toHaveLength(4);
  });

  it('rejects draft content that does not start with ---', async () => {
    const bad = { content: json({ content: '# Postgres migrations\n\nNo frontmatter.' }) };
    provider.script(bad, bad);
    const err = await failure(author({ maxAttempts: 2 }).draft(fullCtx));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(err.message).toContain('content: must be the complete SKILL.md starting with "---"');
    expect(provider.requests).toHaveLength(2);
  });
});

describe('LlmAuthor transport errors', () => {
  it('fails with LLM_TIMEOUT after maxAttempts requests when the server is too slow', async () => {
    const slow = { delayMs: 1_000, then: { content: json(refinementAnswer) } };
    provider.script(slow, slow, slow);
    const err = await failure(author({ timeoutMs: 200, maxAttempts: 2 }).refine(baseCtx));
    expect(err.code).toBe('LLM_TIMEOUT');
    expect(err.attempts).toBe(2);
    expect(err.message).toBe('LLM author: refine timed out after 2 attempts (200 ms each)');
    expect(provider.requests).toHaveLength(2);
  });

  it('retries after a 500 and succeeds', async () => {
    provider.script({ status: 500, body: '{"error":"overloaded"}' }, { content: json(refinementAnswer) });
    await expect(author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(2);
    // A transport retry resends the same conversation.
    expect(provider.requests[1]!.body.messages).toEqual(provider.requests[0]!.body.messages);
  });

  it('retries after a 429 honouring Retry-After', async () => {
    provider.script(
      { status: 429, body: 'slow down', headers: { 'retry-after': '0' } },
      { content: json(refinementAnswer) },
    );
    await expect(author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(provider.requests).toHaveLength(2);
  });

  it('fails with LLM_HTTP_ERROR after maxAttempts 503s', async () => {
    provider.script({ status: 503, body: 'down' }, { status: 503, body: 'down' });
    const err = await failure(author({ maxAttempts: 2 }).refine(baseCtx));
    expect(err.code).toBe('LLM_HTTP_ERROR');
    expect(err.status).toBe(503);
    expect(err.message).toContain('after 2 attempts: HTTP 503');
    expect(provider.requests).toHaveLength(2);
  });

  it('fails at once with LLM_HTTP_ERROR on 401, without the api key in the message', async () => {
    provider.script(
      { status: 401, body: json({ error: { message: `Incorrect API key provided: ${API_KEY}` } }) },
      { content: json(refinementAnswer) },
    );
    const err = await failure(author().refine(baseCtx));
    expect(err.code).toBe('LLM_HTTP_ERROR');
    expect(err.status).toBe(401);
    expect(err.message).toContain('HTTP 401');
    expect(err.message).toContain('Incorrect API key provided');
    expect(err.message).not.toContain(API_KEY);
    expect(provider.requests).toHaveLength(1);
  });

  it('truncates the response body in the error message', async () => {
    provider.script({ status: 400, body: 'x'.repeat(5_000) });
    const err = await failure(author().refine(baseCtx));
    expect(err.code).toBe('LLM_HTTP_ERROR');
    expect(err.message).toContain('x'.repeat(200));
    expect(err.message).not.toContain('x'.repeat(301));
  });

  it('fails with LLM_NETWORK_ERROR when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(
      new LlmAuthor({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', maxAttempts: 2 }).refine(baseCtx),
    );
    expect(err.code).toBe('LLM_NETWORK_ERROR');
    expect(err.attempts).toBe(2);
    expect(err.message).toContain(`could not reach http://127.0.0.1:${port}/v1/chat/completions after 2 attempts`);
  });
});

describe('LlmAuthor logging and side effects', () => {
  it('logs requests at debug and retries at warn, never the api key or the prompt', async () => {
    const { entries, logger } = capturingLogger();
    const llm = author({ logger });
    provider.script(
      { status: 500, body: `upstream said ${API_KEY}` },
      { content: 'not json' },
      { content: json(refinementAnswer) },
      { status: 401, body: `bad key ${API_KEY}` },
    );
    await llm.refine(baseCtx);
    await failure(llm.refine(baseCtx));

    const debug = entries.filter((e) => e.level === 'debug');
    const warn = entries.filter((e) => e.level === 'warn');
    expect(debug).toHaveLength(4);
    expect(debug[2]!.obj).toMatchObject({
      method: 'refine',
      jobId: 'job-1',
      attempt: 3,
      status: 200,
      usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    });
    expect(typeof (debug[2]!.obj as { durationMs?: unknown }).durationMs).toBe('number');
    expect(warn).toHaveLength(2);
    expect(warn[0]!.obj).toMatchObject({ method: 'refine', attempt: 1, code: 'LLM_HTTP_ERROR', status: 500 });
    expect(warn[1]!.obj).toMatchObject({ method: 'refine', attempt: 2, code: 'LLM_INVALID_OUTPUT' });
    const logged = JSON.stringify(entries);
    expect(logged).toContain('upstream said [redacted]');
    expect(logged).not.toContain(API_KEY);
    expect(logged).not.toContain(baseCtx.taskDescription);
  });

  it('touches no network when the module is imported or an author is constructed', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    vi.resetModules();
    const fresh = await import('../resolvers/author/llm');
    const llm = new fresh.LlmAuthor({ baseUrl: provider.url, model: 'm', apiKey: API_KEY });
    expect(llm.name).toBe('llm');
    expect(spy).not.toHaveBeenCalled();
    expect(provider.requests).toHaveLength(0);
  });

  it('rejects invalid options at construction', () => {
    expect(() => new LlmAuthor({ baseUrl: 'not a url', model: 'm' })).toThrow(/baseUrl/);
    expect(() => new LlmAuthor({ baseUrl: provider.url, model: '' })).toThrow(/model/);
    expect(() => new LlmAuthor({ baseUrl: provider.url, model: 'm', maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
