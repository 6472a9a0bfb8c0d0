// The LLM-backed SkillAuthor: every method is one chat-completions call to an OpenAI-compatible endpoint
// (OpenAI, vLLM, Ollama's /v1, llama.cpp server) in json_object mode, validated with zod (./schemas) and
// retried with the validation error when the model's answer does not fit. Nothing happens at import time; the
// network is only touched by the methods of a constructed LlmAuthor.

import type { UsageSink } from '../../llm-usage/sink';
import { ChatClient, type ChatLogger } from './chat';
import { fetchPost, nodeHttpPost } from './http-post';
import { systemPrompt, userPrompts, type AuthorMethod } from './prompts';
import {
  draftValidator,
  questionRoundValidator,
  refactorValidator,
  validateAssessment,
  validateRefinement,
  validateScenarioSet,
  validateUnderstanding,
  type Validator,
} from './schemas';
import type {
  AuthorContext,
  DraftAssessment,
  DraftHints,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  SkillAuthor,
  TaskRefinement,
  Understanding,
} from '../types';

export { LlmAuthorError } from './errors';
export type { LlmAuthorErrorCode } from './errors';

export interface LlmAuthorOptions {
  /** e.g. http://localhost:11434/v1 ; requests go to `${baseUrl without trailing slash}/chat/completions`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer <key>` when set; never logged, never included in error messages. */
  apiKey?: string;
  /** Per request, default 60_000. */
  timeoutMs?: number;
  /** Requests per phase call, default 3: retries after invalid output and after transient HTTP errors count. */
  maxAttempts?: number;
  /** Default 0.2. */
  temperature?: number;
  logger?: ChatLogger;
  /** For tests that want to observe requests; default node:http (./http-post.ts). */
  fetch?: typeof fetch;
  /** Told about every request (budget, tokens, latency). */
  usage?: UsageSink;
}

export class LlmAuthor implements SkillAuthor {
  readonly name = 'llm';
  private readonly client: ChatClient;

  constructor(options: LlmAuthorOptions) {
    const { baseUrl, model } = options;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const maxAttempts = options.maxAttempts ?? 3;
    const temperature = options.temperature ?? 0.2;
    if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl))
      throw new TypeError('LLM author: baseUrl must be an absolute URL');
    if (typeof model !== 'string' || model.trim() === '') throw new TypeError('LLM author: model must not be empty');
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new RangeError('LLM author: timeoutMs must be a positive number');
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError('LLM author: maxAttempts must be an integer >= 1');
    if (!Number.isFinite(temperature) || temperature < 0)
      throw new RangeError('LLM author: temperature must be a number >= 0');
    this.client = new ChatClient({
      baseUrl,
      model,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      timeoutMs,
      maxAttempts,
      temperature,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.usage ? { usage: options.usage } : {}),
      post: options.fetch ? fetchPost(options.fetch) : nodeHttpPost,
    });
  }

  private call<T>(method: AuthorMethod, ctx: AuthorContext, user: string, validate: Validator<T>): Promise<T> {
    return this.client.completeJson({ method, jobId: ctx.jobId, system: systemPrompt(method), user, validate });
  }

  refine(ctx: AuthorContext): Promise<TaskRefinement> {
    return this.call('refine', ctx, userPrompts.refine(ctx), validateRefinement);
  }

  ask(ctx: AuthorContext, round: number): Promise<QuestionRound> {
    return this.call('ask', ctx, userPrompts.ask(ctx, round), questionRoundValidator(round));
  }

  understand(ctx: AuthorContext): Promise<Understanding> {
    return this.call('understand', ctx, userPrompts.understand(ctx), validateUnderstanding);
  }

  scenarios(ctx: AuthorContext): Promise<ScenarioSet> {
    return this.call('scenarios', ctx, userPrompts.scenarios(ctx), validateScenarioSet);
  }

  draft(ctx: AuthorContext, hints?: DraftHints): Promise<string> {
    return this.call('draft', ctx, userPrompts.draft(ctx, hints), draftValidator(ctx));
  }

  refactor(ctx: AuthorContext, draft: string, hints?: DraftHints): Promise<RefactoredDraft> {
    return this.call('refactor', ctx, userPrompts.refactor(ctx, draft, hints), refactorValidator(ctx));
  }

  assess(ctx: AuthorContext, draft: string): Promise<DraftAssessment> {
    return this.call('assess', ctx, userPrompts.assess(ctx, draft), validateAssessment);
  }
}
