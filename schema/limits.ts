/**
 * Request limits. A jobs page of 50 with nested prompts, events and state (the richest query the UI sends) costs
 * about 27,000 and is 8 deep; see tests/api-limits.test.ts, which checks that it passes and that abusive requests do
 * not.
 */
export const LIMITS = {
  /** Bytes of a request body; a 200,000-character validateSkill document still fits. */
  maxRequestBodyBytes: 512 * 1024,
  /** Characters of a GET URL (query string included). */
  maxUrlLength: 16 * 1024,
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 20,
  maxTokens: 4_000,
  maxCost: 50_000,
} as const;
