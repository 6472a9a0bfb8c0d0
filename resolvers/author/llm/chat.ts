// One JSON-returning chat-completions call with its retries: transient HTTP errors (429, 5xx, network, timeout)
// are retried after a short backoff; answers that are not the expected JSON go back to the model with the
// validation error. Both kinds of retry share the budget of maxAttempts requests.

import { setTimeout as sleep } from 'node:timers/promises';
import type { UsageSink } from '../../llm-usage/sink';
import type { HttpPost, HttpReply } from './http-post';
import { modelCallSpan } from './trace';
import { LlmAuthorError, type LlmAuthorErrorCode } from './errors';
import { parseJsonContent } from './parse';
import { contentText, describeError, isRecord, pickUsage, retryAfterMs, tokens } from './response';
import { correctionPrompt } from './prompts';
import { truncate, type Validator } from './validation';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface ChatClientConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxAttempts: number;
  temperature: number;
  logger?: ChatLogger;
  /** How a request goes out (./http-post.ts). */
  post: HttpPost;
  /** Who calls, in messages: "LLM author" (default), "LLM judge", "Agent under test". */
  label?: string;
  /** Told before and after every request (budget, usage, latency); none: nothing is accounted. */
  usage?: UsageSink;
}

/** A plain conversation (no JSON mode): the agent under test answering a scenario. */
export interface TextCall {
  method: string;
  jobId?: string;
  messages: ChatMessage[];
  temperature?: number;
}

export interface JsonCall<T> {
  method: string;
  jobId?: string;
  system: string;
  user: string;
  validate: Validator<T>;
}

const BODY_EXCERPT_MAX = 300;
/** A bad answer is echoed back to the model for correction; a runaway one is cut. */
const ECHO_MAX = 20_000;
const BACKOFF_STEP_MS = 200;

interface SendOptions {
  json: boolean;
  temperature: number;
}

type Outcome =
  | { kind: 'answer'; content: string; finishReason?: string }
  /** 200 without usable content (not a chat completion, refusal, empty content): retried without echo. */
  | { kind: 'unusable'; detail: string }
  | { kind: 'transient'; code: LlmAuthorErrorCode; detail: string; status?: number; retryAfterMs?: number }
  | { kind: 'fatal'; detail: string; status: number };

const noopLogger: ChatLogger = { info() {}, warn() {}, debug() {} };

const attemptsText = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

export class ChatClient {
  private readonly endpoint: string;
  /** The endpoint as shown in messages: no credentials, no query. */
  private readonly endpointLabel: string;
  private readonly logger: ChatLogger;
  private readonly label: string;

  constructor(private readonly config: ChatClientConfig) {
    this.endpoint = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const url = new URL(this.endpoint);
    url.username = '';
    url.password = '';
    url.search = '';
    this.endpointLabel = url.toString();
    this.logger = config.logger ?? noopLogger;
    this.label = config.label ?? 'LLM author';
  }

  get model(): string {
    return this.config.model;
  }

  /**
   * One answer in plain text. Transient HTTP errors and empty answers are retried (maxAttempts requests in all);
   * whatever text comes back is the answer.
   */
  async completeText(call: TextCall): Promise<string> {
    const { method, jobId } = call;
    const { maxAttempts } = this.config;
    const options = { json: false, temperature: call.temperature ?? this.config.temperature };
    let last: { code: LlmAuthorErrorCode; detail: string; status?: number } = {
      code: 'LLM_INVALID_OUTPUT',
      detail: 'no attempt made',
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const outcome = await this.send(method, jobId, attempt, call.messages, options);
      if (outcome.kind === 'answer') return outcome.content;
      if (outcome.kind === 'fatal')
        throw this.error(
          'LLM_HTTP_ERROR',
          `${this.label}: ${method} failed: ${outcome.detail}`,
          method,
          attempt,
          outcome.status,
        );
      last = {
        code: outcome.kind === 'transient' ? outcome.code : 'LLM_INVALID_OUTPUT',
        detail: outcome.detail,
        ...(outcome.kind === 'transient' && outcome.status !== undefined ? { status: outcome.status } : {}),
      };
      const delayMs = outcome.kind === 'transient' ? (outcome.retryAfterMs ?? BACKOFF_STEP_MS * attempt) : 0;
      if (attempt < maxAttempts && delayMs > 0) await sleep(delayMs);
    }
    throw this.error(
      last.code,
      `${this.label}: ${method} failed after ${attemptsText(maxAttempts)}: ${truncate(last.detail, 1000)}`,
      method,
      maxAttempts,
      last.status,
    );
  }

  /** Removes the API key from anything that leaves this module (messages, log fields). */
  redact(value: string): string {
    const key = this.config.apiKey;
    return key ? value.split(key).join('[redacted]') : value;
  }

  async completeJson<T>(call: JsonCall<T>): Promise<T> {
    const { method, jobId } = call;
    const { maxAttempts } = this.config;
    const base: ChatMessage[] = [
      { role: 'system', content: call.system },
      { role: 'user', content: call.user },
    ];
    // Only the latest bad answer and its correction are kept: the conversation stays bounded.
    let correction: ChatMessage[] = [];
    let last: { code: LlmAuthorErrorCode; detail: string; status?: number } = {
      code: 'LLM_INVALID_OUTPUT',
      detail: 'no attempt made',
    };

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const outcome = await this.send(method, jobId, attempt, [...base, ...correction], {
        json: true,
        temperature: this.config.temperature,
      });
      let delayMs = 0;
      switch (outcome.kind) {
        case 'answer': {
          const parsed = parseJsonContent(outcome.content);
          const result = parsed.ok ? call.validate(parsed.value) : parsed;
          if (result.ok) return result.value;
          const cut = outcome.finishReason === 'length' ? ' (the answer was cut off: finish_reason "length")' : '';
          last = { code: 'LLM_INVALID_OUTPUT', detail: `${result.error}${cut}` };
          correction = [
            { role: 'assistant', content: truncate(outcome.content, ECHO_MAX) },
            { role: 'user', content: correctionPrompt(last.detail) },
          ];
          break;
        }
        case 'unusable':
          last = { code: 'LLM_INVALID_OUTPUT', detail: outcome.detail };
          break;
        case 'transient':
          last = {
            code: outcome.code,
            detail: outcome.detail,
            ...(outcome.status !== undefined ? { status: outcome.status } : {}),
          };
          delayMs = outcome.retryAfterMs ?? BACKOFF_STEP_MS * attempt;
          break;
        case 'fatal':
          throw this.error(
            'LLM_HTTP_ERROR',
            `${this.label}: ${method} failed: ${outcome.detail}`,
            method,
            attempt,
            outcome.status,
          );
      }
      if (attempt < maxAttempts) {
        this.logger.warn(
          {
            method,
            jobId,
            attempt,
            maxAttempts,
            code: last.code,
            status: last.status,
            reason: this.redact(truncate(last.detail, 500)),
            delayMs,
          },
          `${this.label}: ${method} attempt ${attempt} failed, retrying`,
        );
        if (delayMs > 0) await sleep(delayMs);
      }
    }

    const n = attemptsText(maxAttempts);
    switch (last.code) {
      case 'LLM_INVALID_OUTPUT':
        throw this.error(
          last.code,
          `${this.label}: ${method} returned invalid output after ${n}: ${truncate(last.detail, 1000)}`,
          method,
          maxAttempts,
        );
      case 'LLM_TIMEOUT':
        throw this.error(
          last.code,
          `${this.label}: ${method} timed out after ${n} (${this.config.timeoutMs} ms each)`,
          method,
          maxAttempts,
        );
      case 'LLM_NETWORK_ERROR':
        throw this.error(
          last.code,
          `${this.label}: ${method} could not reach ${this.endpointLabel} after ${n}: ${last.detail}`,
          method,
          maxAttempts,
        );
      case 'LLM_HTTP_ERROR':
        throw this.error(
          last.code,
          `${this.label}: ${method} failed after ${n}: ${last.detail}`,
          method,
          maxAttempts,
          last.status,
        );
    }
  }

  private error(
    code: LlmAuthorErrorCode,
    message: string,
    method: string,
    attempts: number,
    status?: number,
  ): LlmAuthorError {
    return new LlmAuthorError(code, this.redact(message), {
      method,
      attempts,
      ...(status !== undefined ? { status } : {}),
    });
  }

  private async send(
    method: string,
    jobId: string | undefined,
    attempt: number,
    messages: ChatMessage[],
    options: SendOptions,
  ): Promise<Outcome> {
    const { model, usage: sink } = this.config;
    // Before anything is sent: a job over its budget makes no further call (LlmBudgetExceeded propagates).
    await sink?.beforeCall(jobId, method);
    const call = { endpoint: this.endpoint, model, method, attempt, ...options };
    const outcome = await modelCallSpan(call, () => this.request(method, jobId, attempt, messages, options));
    // Not waited for: the phase's commit waits for the job's rows (UsageSink.settled) and fails on a failed write;
    // a call made for no job has only this log line to say its row is missing.
    sink
      ?.record({
        ...(jobId !== undefined ? { jobId } : {}),
        purpose: method,
        model,
        outcome: outcome.outcome.kind === 'transient' || outcome.outcome.kind === 'fatal' ? 'error' : 'ok',
        promptTokens: tokens(outcome.usage, 'prompt_tokens'),
        completionTokens: tokens(outcome.usage, 'completion_tokens'),
        latencyMs: outcome.durationMs,
      })
      .catch((error: unknown) => {
        if (jobId === undefined)
          this.logger.warn(
            { method, model, error: describeError(error) },
            `${this.label}: ${method} was not accounted`,
          );
      });
    return outcome.outcome;
  }

  /** One HTTP request and what came of it, with the response's usage and the time it took. */
  private async request(
    method: string,
    jobId: string | undefined,
    attempt: number,
    messages: ChatMessage[],
    options: SendOptions,
  ): Promise<{ outcome: Outcome; usage?: Record<string, number>; durationMs: number }> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const outcome = await this.exchange(method, jobId, attempt, messages, options, elapsed);
    return { ...outcome, durationMs: elapsed() };
  }

  private async exchange(
    method: string,
    jobId: string | undefined,
    attempt: number,
    messages: ChatMessage[],
    options: SendOptions,
    elapsed: () => number,
  ): Promise<{ outcome: Outcome; usage?: Record<string, number> }> {
    const { model, timeoutMs, apiKey } = this.config;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (apiKey) headers['authorization'] = `Bearer ${apiKey}`;
    const body = JSON.stringify({
      model,
      temperature: options.temperature,
      messages,
      ...(options.json ? { response_format: { type: 'json_object' } } : {}),
    });
    let response: HttpReply;
    try {
      response = await this.config.post(this.endpoint, { headers, body, timeoutMs });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      const detail = timedOut ? `no response within ${timeoutMs} ms` : this.redact(describeError(err));
      this.logger.debug(
        { method, jobId, attempt, model, durationMs: elapsed(), error: detail },
        `${this.label}: ${method} request failed`,
      );
      return { outcome: { kind: 'transient', code: timedOut ? 'LLM_TIMEOUT' : 'LLM_NETWORK_ERROR', detail } };
    }
    const text = response.body;

    const durationMs = elapsed();
    if (response.status < 200 || response.status > 299) {
      this.logger.debug(
        { method, jobId, attempt, model, durationMs, status: response.status },
        `${this.label}: ${method} request failed`,
      );
      const excerpt = this.redact(truncate(text.trim(), BODY_EXCERPT_MAX));
      const detail = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${this.endpointLabel}${excerpt ? `: ${excerpt}` : ''}`;
      if (response.status === 429 || response.status >= 500) {
        const wait = retryAfterMs(response.header('retry-after'));
        return {
          outcome: {
            kind: 'transient',
            code: 'LLM_HTTP_ERROR',
            detail,
            status: response.status,
            ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          },
        };
      }
      return { outcome: { kind: 'fatal', detail, status: response.status } };
    }

    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
    const choice = isRecord(payload) && Array.isArray(payload['choices']) ? payload['choices'][0] : undefined;
    const message = isRecord(choice) ? choice['message'] : undefined;
    const usage = isRecord(payload) ? pickUsage(payload['usage']) : undefined;
    const finishReason =
      isRecord(choice) && typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined;
    this.logger.debug(
      { method, jobId, attempt, model, durationMs, status: response.status, finishReason, usage },
      `${this.label}: ${method} request`,
    );

    const withUsage = usage ? { usage } : {};
    if (!isRecord(message)) {
      return {
        outcome: {
          kind: 'unusable',
          detail: `the endpoint answered 200 without a chat completion: ${this.redact(truncate(text.trim(), BODY_EXCERPT_MAX))}`,
        },
        ...withUsage,
      };
    }
    const content = contentText(message['content']);
    if (content === undefined || content.trim() === '') {
      const refusal =
        typeof message['refusal'] === 'string'
          ? `the model refused: ${truncate(message['refusal'], BODY_EXCERPT_MAX)}`
          : undefined;
      const detail = refusal ?? `the answer had no content${finishReason ? ` (finish_reason "${finishReason}")` : ''}`;
      return { outcome: { kind: 'unusable', detail }, ...withUsage };
    }
    return {
      outcome: { kind: 'answer', content, ...(finishReason !== undefined ? { finishReason } : {}) },
      ...withUsage,
    };
  }
}
