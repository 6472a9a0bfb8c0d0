// LlmAuthor against a real HTTP server on 127.0.0.1 that speaks the chat-completions protocol with scripted answers:
// every phase's request and the answer it accepts.
import { describe, expect, it } from 'vitest';
import { LlmAuthor } from '../resolvers/author/llm';
import {
  scenarioSet,
  baseCtx,
  fullCtx,
  refinementAnswer,
  skillMd,
  json,
  userPayload,
  useFakeLlm,
} from './helpers/llm-author';

const fake = useFakeLlm();

describe('LlmAuthor happy paths', () => {
  it('refine sends a chat-completions request and returns the refinement', async () => {
    fake.provider.script({ content: json(refinementAnswer) });
    const result = await fake.author().refine({ ...baseCtx, feedback: ['Focus on Flyway'] });

    expect(result).toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(1);
    const request = fake.provider.requests[0]!;
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
    fake.provider.script({ content: json(answer) });
    const result = await fake.author().ask(fullCtx, 1);

    expect(result.rationale).toBe('Start with the basics.');
    expect(result.questions.map((q) => q.id)).toEqual(['problem', 'success_criteria', 'constraints', 'tool']);
    expect(result.questions[1]!.questionType).toBe('TEXT');
    expect(result.questions[3]!.options).toEqual([
      { id: 'flyway', label: 'Flyway', description: 'SQL files' },
      { id: 'prisma', label: 'Prisma' },
    ]);
    const payload = userPayload(fake.provider.requests[0]);
    expect(payload['round']).toBe(1);
    expect(JSON.stringify(payload['rounds'])).toContain('Agents drop columns without a way back');
    expect(JSON.stringify(payload['rounds'])).toContain('Flyway');
    expect(payload['understanding']).toEqual(fullCtx.understanding);
  });

  it('understand returns the understanding with the readiness score clamped to 0..1', async () => {
    fake.provider.script({
      content: json({
        userProblem: 'Irreversible migrations',
        userGoals: ['Down steps'],
        summary: 'Clear enough.',
        readinessScore: 1.7,
      }),
    });
    const result = await fake.author().understand(fullCtx);
    expect(result).toEqual({
      userProblem: 'Irreversible migrations',
      userGoals: ['Down steps'],
      summary: 'Clear enough.',
      readinessScore: 1,
    });
  });

  it('scenarios returns the set, listing every scenario rationalization', async () => {
    fake.provider.script({
      content: json({
        scenarios: [
          { ...scenarioSet.scenarios[0]! },
          { ...scenarioSet.scenarios[0]!, id: 's2', title: 'Sunk cost', rationalization: 'Already tested it by hand' },
        ],
        rationalizations: ['We will never roll this back'],
      }),
    });
    const result = await fake.author().scenarios(fullCtx);
    expect(result.scenarios.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(result.rationalizations).toEqual(['We will never roll this back', 'Already tested it by hand']);
  });

  it('draft returns the SKILL.md; validation issues reach the model', async () => {
    fake.provider.script({ content: json({ content: skillMd }) });
    const result = await fake.author().draft(fullCtx, { validationIssues: ['body: missing "When to use" section'] });
    expect(result).toBe(skillMd);
    const payload = userPayload(fake.provider.requests[0]);
    expect(payload['validationIssues']).toEqual(['body: missing "When to use" section']);
    expect(payload['scenarios']).toEqual(scenarioSet);
    expect(payload['feedback']).toEqual(['Mention lock timeouts']);
  });

  it('refactor returns content, one counter per rationalization and red flags', async () => {
    const counters = {
      'We will never roll this back': 'Rollbacks happen at 3 a.m.; write the down step now.',
      "It's only a small column": 'Small columns still lock big tables.',
    };
    fake.provider.script({ content: json({ content: skillMd, counters, redFlags: ['"Just this once"'] }) });
    const result = await fake.author().refactor(fullCtx, skillMd);
    expect(result).toEqual({ content: skillMd, counters, redFlags: ['"Just this once"'] });
    expect(userPayload(fake.provider.requests[0])['draft']).toBe(skillMd);
  });

  it('assess returns the assessment', async () => {
    fake.provider.script({
      content: json({ summary: 'Solid, but vague triggers.', suggestions: ['Name the Flyway command'] }),
    });
    const result = await fake.author().assess(fullCtx, skillMd);
    expect(result).toEqual({ summary: 'Solid, but vague triggers.', suggestions: ['Name the Flyway command'] });
    expect(userPayload(fake.provider.requests[0])['draft']).toBe(skillMd);
  });

  it('accepts an answer wrapped in a ```json fence', async () => {
    fake.provider.script({ content: `\`\`\`json\n${json(refinementAnswer)}\n\`\`\`` });
    await expect(fake.author().refine(baseCtx)).resolves.toEqual(refinementAnswer);
    expect(fake.provider.requests).toHaveLength(1);
  });

  it('adds the mandatory round-1 questions the model left out', async () => {
    fake.provider.script({
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
    const result = await fake.author().ask(baseCtx, 1);
    expect(result.questions.map((q) => q.id)).toEqual(['problem', 'success_criteria', 'constraints', 'tool']);
    expect(result.questions[1]!.text).toBe('What does success look like?');
    expect(result.questions[2]).toMatchObject({ id: 'constraints', questionType: 'TEXT', options: [], required: true });
    expect(result.questions[3]).toMatchObject({ allowsOther: false, required: true });
  });

  it('does not add round-1 questions to later rounds', async () => {
    fake.provider.script({
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
    const result = await fake.author().ask(fullCtx, 2);
    expect(result.questions.map((q) => q.id)).toEqual(['locks']);
  });

  it('uses the fetch given in the options', async () => {
    const calls: string[] = [];
    const observed: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    fake.provider.script({ content: json(refinementAnswer) });
    await fake.author({ fetch: observed, temperature: 0.7 }).refine(baseCtx);
    expect(calls).toEqual([`${fake.provider.url}/v1/chat/completions`]);
    expect(fake.provider.requests[0]!.body.temperature).toBe(0.7);
  });

  it('sends no Authorization header without an api key', async () => {
    fake.provider.script({ content: json(refinementAnswer) });
    await new LlmAuthor({ baseUrl: fake.provider.url, model: 'local' }).refine(baseCtx);
    expect(fake.provider.requests[0]!.headers['authorization']).toBeUndefined();
    expect(fake.provider.requests[0]!.url).toBe('/chat/completions');
  });
});
