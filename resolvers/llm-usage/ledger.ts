// The accounting of model calls: one llm_calls row per request (tokens from the response's usage, latency), the
// LLM metrics, and the per-job budget checked before each request. Usage is written as it happens, outside the
// phase's commit: the tokens were spent whether or not the phase's output is later committed. The rows of calls
// that end at about the same time are written by one statement (../group-commit.ts): a worker running 64 jobs
// answers ~250 calls a second, and one INSERT through Prisma each was a quarter of its statements.
import type { PrismaClient } from '../../prisma/database';
import type { Metrics } from '../metrics';
import { groupCommit, written, type ItemOutcome } from '../group-commit';
import { currentPhase } from './scope';
import { LlmBudgetExceeded, type LlmCallRecord, type UsageSink } from './sink';
import { tokensSpent } from './totals';

/** An llm_calls row as the statement takes it (jsonb_to_recordset's column names). */
interface CallRow {
  job_id: string | null;
  phase: string | null;
  purpose: string;
  model: string;
  outcome: string;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  /** When the call ended, not when its batch was written. */
  created_at: string;
}

async function insertCalls(prisma: PrismaClient, rows: CallRow[]): Promise<Array<ItemOutcome<void>>> {
  await prisma.$executeRaw`
    INSERT INTO llm_calls (job_id, phase, purpose, model, outcome, prompt_tokens, completion_tokens, latency_ms, created_at)
    SELECT r.job_id, r.phase, r.purpose, r.model, r.outcome, r.prompt_tokens, r.completion_tokens, r.latency_ms, r.created_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(job_id uuid, phase workflow_phase, purpose text, model text,
      outcome text, prompt_tokens int, completion_tokens int, latency_ms int, created_at timestamptz)`;
  return rows.map(() => written(undefined));
}

export function makeLlmLedger(prisma: PrismaClient, metrics: Metrics, maxTokensPerJob?: number): UsageSink {
  const calls = groupCommit<CallRow, void>((rows) => insertCalls(prisma, rows));
  return {
    async beforeCall(jobId) {
      if (maxTokensPerJob === undefined || jobId === undefined) return;
      const spent = await tokensSpent(prisma, jobId);
      if (spent >= maxTokensPerJob) throw new LlmBudgetExceeded(spent, maxTokensPerJob);
    },
    async record(call: LlmCallRecord) {
      metrics.llmCall?.(call);
      await calls.write({
        job_id: call.jobId ?? null,
        phase: currentPhase(),
        purpose: call.purpose,
        model: call.model,
        outcome: call.outcome,
        prompt_tokens: call.promptTokens,
        completion_tokens: call.completionTokens,
        latency_ms: call.latencyMs,
        created_at: new Date().toISOString(),
      });
    },
  };
}
