// What a job's model calls cost so far (Job.llmUsage, the budget check).
import type { PrismaClient } from '../../prisma/database';

export interface LlmUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export async function llmUsageOf(prisma: PrismaClient, jobId: string): Promise<LlmUsage> {
  const totals = await prisma.llmCall.aggregate({
    where: { jobId },
    _count: { _all: true },
    _sum: { promptTokens: true, completionTokens: true },
  });
  return {
    calls: totals._count._all,
    promptTokens: totals._sum.promptTokens ?? 0,
    completionTokens: totals._sum.completionTokens ?? 0,
  };
}

/** The totals of some calls' token counts (Job.llmUsage sums the job's calls as loaded with a page of jobs). */
export function sumUsage(calls: readonly { promptTokens: number; completionTokens: number }[]): LlmUsage {
  return calls.reduce<LlmUsage>(
    (sum, c) => ({
      calls: sum.calls + 1,
      promptTokens: sum.promptTokens + c.promptTokens,
      completionTokens: sum.completionTokens + c.completionTokens,
    }),
    { calls: 0, promptTokens: 0, completionTokens: 0 },
  );
}

export async function tokensSpent(prisma: PrismaClient, jobId: string): Promise<number> {
  const usage = await llmUsageOf(prisma, jobId);
  return usage.promptTokens + usage.completionTokens;
}
