// LlmAuthor against a scripted chat-completions server: invalid answers are retried with the error, transport errors
// are retried or fail with a stable code.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LlmAuthor } from '../resolvers/author/llm';
import {
  API_KEY,
  baseCtx,
  fullCtx,
  refinementAnswer,
  skillMd,
  json,
  failure,
  lastUserMessage,
  useFakeLlm,
} from './helpers/llm-author';

const fake = useFakeLlm();

describe('LlmAuthor invalid output', () => {
  it('retries after an answer that is not JSON, quoting the error', async () => {
    fake.provider.script(
      { content: 'Sure! Here is the refinement you asked for.' },
      { content: json(refinementAnswer) },
    );
    await expect(fake.author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(2);
    const messages = fake.provider.requests[1]!.body.messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]!.content).toBe('Sure! Here is the refinement you asked for.');
    expect(lastUserMessage(fake.provider.requests[1])).toContain('not valid JSON');
  });

  it('retries after an answer that fails the schema, quoting path and message', async () => {
    const { description: _omitted, ...withoutDescription } = refinementAnswer;
    fake.provider.script(
      { content: json({ ...withoutDescription, skillName: 'Postgres Migrations' }) },
      { content: json(refinementAnswer) },
    );
    await expect(fake.author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(2);
    const correction = lastUserMessage(fake.provider.requests[1]);
    expect(correction).toContain('skillName: must be kebab-case');
    expect(correction).toMatch(/description: Invalid input: expected string/);
  });

  it('retries when refactor misses a counter for a rationalization', async () => {
    const complete = { 'We will never roll this back': 'No.', "It's only a small column": 'Still locks.' };
    fake.provider.script(
      { content: json({ content: skillMd, counters: { 'We will never roll this back': 'No.' }, redFlags: ['x'] }) },
      { content: json({ content: skillMd, counters: complete, redFlags: ['x'] }) },
    );
    const result = await fake.author().refactor(fullCtx, skillMd);
    expect(result.counters).toEqual(complete);
    expect(lastUserMessage(fake.provider.requests[1])).toContain(`counters["It's only a small column"]: missing`);
  });

  it('retries when the draft frontmatter names another skill', async () => {
    fake.provider.script(
      { content: json({ content: skillMd.replace('name: postgres-migrations', 'name: pg-stuff') }) },
      { content: json({ content: skillMd }) },
    );
    await expect(fake.author().draft(fullCtx)).resolves.toBe(skillMd);
    expect(lastUserMessage(fake.provider.requests[1])).toContain(
      'the frontmatter name must be "postgres-migrations", not "pg-stuff"',
    );
  });

  it('fails with LLM_INVALID_OUTPUT after exactly maxAttempts requests', async () => {
    const bad = { content: json({ refinedTask: 'x', skillName: 'ok-name', taxonomyPath: 'a/b' }) };
    fake.provider.script(bad, bad, bad, bad);
    const err = await failure(fake.author({ maxAttempts: 3 }).refine(baseCtx));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(err.message).toMatch(/^LLM author: refine returned invalid output after 3 attempts: description: /);
    expect(fake.provider.requests).toHaveLength(3);
    // The conversation stays bounded: only the latest bad answer and its correction are sent.
    expect(fake.provider.requests[2]!.body.messages).toHaveLength(4);
  });

  it('rejects draft content that does not start with ---', async () => {
    const bad = { content: json({ content: '# Postgres migrations\n\nNo frontmatter.' }) };
    fake.provider.script(bad, bad);
    const err = await failure(fake.author({ maxAttempts: 2 }).draft(fullCtx));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(err.message).toContain('content: must be the complete SKILL.md starting with "---"');
    expect(fake.provider.requests).toHaveLength(2);
  });
});

describe('LlmAuthor transport errors', () => {
  it('fails with LLM_TIMEOUT after maxAttempts requests when the server is too slow', async () => {
    const slow = { delayMs: 1_000, then: { content: json(refinementAnswer) } };
    fake.provider.script(slow, slow, slow);
    const err = await failure(fake.author({ timeoutMs: 200, maxAttempts: 2 }).refine(baseCtx));
    expect(err.code).toBe('LLM_TIMEOUT');
    expect(err.attempts).toBe(2);
    expect(err.message).toBe('LLM author: refine timed out after 2 attempts (200 ms each)');
    expect(fake.provider.requests).toHaveLength(2);
  });

  it('retries after a 500 and succeeds', async () => {
    fake.provider.script({ status: 500, body: '{"error":"overloaded"}' }, { content: json(refinementAnswer) });
    await expect(fake.author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(2);
    // A transport retry resends the same conversation.
    expect(fake.provider.requests[1]!.body.messages).toEqual(fake.provider.requests[0]!.body.messages);
  });

  it('retries after a 429 honouring Retry-After', async () => {
    fake.provider.script(
      { status: 429, body: 'slow down', headers: { 'retry-after': '0' } },
      { content: json(refinementAnswer) },
    );
    await expect(fake.author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(2);
  });

  it('fails with LLM_HTTP_ERROR after maxAttempts 503s', async () => {
    fake.provider.script({ status: 503, body: 'down' }, { status: 503, body: 'down' });
    const err = await failure(fake.author({ maxAttempts: 2 }).refine(baseCtx));
    expect(err.code).toBe('LLM_HTTP_ERROR');
    expect(err.status).toBe(503);
    expect(err.message).toContain('after 2 attempts: HTTP 503');
    expect(fake.provider.requests).toHaveLength(2);
  });

  it('fails at once with LLM_HTTP_ERROR on 401, without the api key in the message', async () => {
    fake.provider.script(
      { status: 401, body: json({ error: { message: `Incorrect API key provided: ${API_KEY}` } }) },
      { content: json(refinementAnswer) },
    );
    const err = await failure(fake.author().refine(baseCtx));
    expect(err.code).toBe('LLM_HTTP_ERROR');
    expect(err.status).toBe(401);
    expect(err.message).toContain('HTTP 401');
    expect(err.message).toContain('Incorrect API key provided');
    expect(err.message).not.toContain(API_KEY);
    expect(fake.provider.requests).toHaveLength(1);
  });

  it('truncates the response body in the error message', async () => {
    fake.provider.script({ status: 400, body: 'x'.repeat(5_000) });
    const err = await failure(fake.author().refine(baseCtx));
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
