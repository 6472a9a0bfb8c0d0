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

export async function tokensSpent(prisma: PrismaClient, jobId: string): Promise<number> {
  const usage = await llmUsageOf(prisma, jobId);
  return usage.promptTokens + usage.completionTokens;
}
