// LlmAuthor's logging (never the api key or the prompt), no network at import or construction, option checks.
import { describe, expect, it, vi } from 'vitest';
import { LlmAuthor } from '../resolvers/author/llm';
import { API_KEY, baseCtx, refinementAnswer, json, failure, capturingLogger, useFakeLlm } from './helpers/llm-author';

const fake = useFakeLlm();

describe('LlmAuthor logging and side effects', () => {
  it('logs requests at debug and retries at warn, never the api key or the prompt', async () => {
    const { entries, logger } = capturingLogger();
    const llm = fake.author({ logger });
    fake.provider.script(
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
      // The third request's answer is the second completion served (the first request got a 500).
      usage: fake.provider.served[1],
    });
    expect(fake.provider.served[1]!.prompt_tokens).toBeGreaterThan(0);
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
    const llm = new fresh.LlmAuthor({ baseUrl: fake.provider.url, model: 'm', apiKey: API_KEY });
    expect(llm.name).toBe('llm');
    expect(spy).not.toHaveBeenCalled();
    expect(fake.provider.requests).toHaveLength(0);
  });

  it('rejects invalid options at construction', () => {
    expect(() => new LlmAuthor({ baseUrl: 'not a url', model: 'm' })).toThrow(/baseUrl/);
    expect(() => new LlmAuthor({ baseUrl: fake.provider.url, model: '' })).toThrow(/model/);
    expect(() => new LlmAuthor({ baseUrl: fake.provider.url, model: 'm', maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
