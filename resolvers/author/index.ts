// Which author writes the skills: an OpenAI-compatible endpoint when LLM_BASE_URL is configured, otherwise the
// deterministic offline author (no network at all). BENCH_AUTHOR=instant (benchmarks only, refused in production)
// selects the instant author.
import type { Config } from '../config';
import type { UsageSink } from '../llm-usage/sink';
import type { Logger } from '../logger';
import { LlmAuthor } from './llm';
import { makeInstantAuthor } from './instant';
import { makeOfflineAuthor } from './offline';
import type { SkillAuthor } from './types';

export function makeAuthor(
  config: Pick<Config, 'llm' | 'benchAuthor'>,
  logger: Logger,
  usage?: UsageSink,
): SkillAuthor {
  if (config.benchAuthor === 'instant') return makeInstantAuthor();
  if (!config.llm) return makeOfflineAuthor();
  return new LlmAuthor({
    baseUrl: config.llm.baseUrl,
    model: config.llm.model,
    apiKey: config.llm.apiKey,
    timeoutMs: config.llm.timeoutMs,
    logger,
    ...(usage ? { usage } : {}),
  });
}
