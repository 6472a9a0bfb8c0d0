// Errors of the LLM author. Messages are meant to be shown to a person (job error field, logs): they name the
// phase method and what went wrong, and never contain the API key (see redact in chat.ts).

export type LlmAuthorErrorCode =
  /** The model answered, but never with JSON matching the phase's schema within maxAttempts. */
  | 'LLM_INVALID_OUTPUT'
  /** The last attempt ran out of time (timeoutMs). */
  | 'LLM_TIMEOUT'
  /** The endpoint answered with an HTTP error: a non-retryable 4xx at once, or 429/5xx on the last attempt. */
  | 'LLM_HTTP_ERROR'
  /** The endpoint could not be reached on the last attempt (connection refused, reset, DNS, ...). */
  | 'LLM_NETWORK_ERROR';

export interface LlmAuthorErrorDetails {
  /** The SkillAuthor method that failed: refine, ask, understand, scenarios, draft, refactor, assess. */
  method: string;
  /** Requests sent for this call. */
  attempts: number;
  /** HTTP status for LLM_HTTP_ERROR. */
  status?: number;
}

export class LlmAuthorError extends Error {
  override readonly name = 'LlmAuthorError';
  readonly code: LlmAuthorErrorCode;
  readonly method: string;
  readonly attempts: number;
  readonly status?: number;

  constructor(code: LlmAuthorErrorCode, message: string, details: LlmAuthorErrorDetails) {
    super(message);
    this.code = code;
    this.method = details.method;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
  }
}
