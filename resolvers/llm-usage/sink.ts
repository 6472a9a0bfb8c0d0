// What a chat client tells the accounting about its requests: asked before each one (the budget may refuse it), told
// after each one (tokens from the response's `usage`, latency). The chat client knows nothing about the database.

export type LlmPurpose = string;

export interface LlmCallRecord {
  jobId?: string;
  /** The author's method (refine, draft, ...), `agent` (a scenario run) or `judge`. */
  purpose: LlmPurpose;
  model: string;
  /** ok: an answer came back (usable or not); error: HTTP error, network error or timeout. */
  outcome: 'ok' | 'error';
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

export interface UsageSink {
  /** Throws (LlmBudgetExceeded) when the job may not make another call. */
  beforeCall(jobId: string | undefined, purpose: LlmPurpose): Promise<void>;
  /**
   * Accounts a finished request; resolves once it is written, rejects when it could not be. The caller need not
   * wait for it (a model call's caller goes on): `settled` reports the job's writes.
   */
  record(call: LlmCallRecord): Promise<void>;
  /** Waits until the job's recorded calls are written; throws the first write of them that failed. */
  settled(jobId: string): Promise<void>;
}

/** A job spent its LLM_MAX_TOKENS_PER_JOB: no further call is made, the job fails with this message. */
export class LlmBudgetExceeded extends Error {
  override readonly name = 'LlmBudgetExceeded';
  constructor(
    readonly spent: number,
    readonly limit: number,
  ) {
    super(
      `LLM token budget exceeded: the job used ${spent} tokens of LLM_MAX_TOKENS_PER_JOB=${limit}; no further model call was made`,
    );
  }
}
