// The accounting of model calls: one llm_calls row per request (tokens from the response's usage, latency), the
// LLM metrics, and the per-job budget checked before each request. Usage is written as it happens, outside the
// phase's commit: the tokens were spent whether or not the phase's output is later committed.
import type { PrismaClient } from '../../prisma/database';
import type { Metrics } from '../metrics';
import { currentPhase } from './scope';
import { LlmBudgetExceeded, type LlmCallRecord, type UsageSink } from './sink';
import { tokensSpent } from './totals';

export function makeLlmLedger(prisma: PrismaClient, metrics: Metrics, maxTokensPerJob?: number): UsageSink {
  return {
    async beforeCall(jobId) {
      if (maxTokensPerJob === undefined || jobId === undefined) return;
      const spent = await tokensSpent(prisma, jobId);
      if (spent >= maxTokensPerJob) throw new LlmBudgetExceeded(spent, maxTokensPerJob);
    },
    async record(call: LlmCallRecord) {
      metrics.llmCall?.(call);
      await prisma.llmCall.create({
        data: {
          jobId: call.jobId ?? null,
          phase: currentPhase(),
          purpose: call.purpose,
          model: call.model,
          outcome: call.outcome,
          promptTokens: call.promptTokens,
          completionTokens: call.completionTokens,
          latencyMs: call.latencyMs,
        },
      });
    },
  };
}
