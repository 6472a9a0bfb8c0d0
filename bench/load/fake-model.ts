// Load process: the fake model of e2e-model, a real chat-completions server (tests/helpers/fake-llm.ts) in a process
// of its own, so its CPU is not the worker's. Every call is answered a fixed time after it arrived (the answer is
// worked out first, then held until then): the author's calls with what the offline author writes for the same
// context, the agent under test and the judge as scripted in tests/helpers/fake-agent.ts. It counts the calls it
// answered, by purpose, and the most it held at once: the ideal of e2e-model is computed from these counts.
import { authorMethodOf } from '../../tests/helpers/fake-author';
import { isAgentRequest, isJudgeRequest } from '../../tests/helpers/fake-agent';
import { startFakeLlm, type FakeProvider } from '../../tests/helpers/fake-llm';
import { fakeModel } from '../../tests/helpers/fake-model';
import { serve } from '../lib/ipc';

export interface FakeModelArgs {
  /** How long after its arrival every call is answered. */
  delayMs: number;
}

export interface FakeModelCounts {
  /** Calls answered with a completion, by purpose (an author method, `agent`, `judge`). */
  byPurpose: Record<string, number>;
  total: number;
  /** Calls that got an error status (the handler could not answer): must be 0 in a valid run. */
  failed: number;
  /** The most calls held at once. */
  maxInFlight: number;
  /** Mean time from arrival to the answer being sent, ms (the delay plus any lateness of this process). */
  meanHeldMs: number;
}

let provider: FakeProvider | null = null;
let counts: FakeModelCounts = emptyCounts();
let inFlight = 0;
let heldMsTotal = 0;

function emptyCounts(): FakeModelCounts {
  return { byPurpose: {}, total: 0, failed: 0, maxInFlight: 0, meanHeldMs: 0 };
}

async function start({ delayMs }: FakeModelArgs): Promise<{ url: string }> {
  if (provider) throw new Error('the fake model is already running');
  provider = await startFakeLlm();
  const { handler } = fakeModel();
  provider.handle(async (request) => {
    const arrived = performance.now();
    inFlight++;
    counts.maxInFlight = Math.max(counts.maxInFlight, inFlight);
    const purpose = isJudgeRequest(request)
      ? 'judge'
      : isAgentRequest(request)
        ? 'agent'
        : (authorMethodOf(request) ?? 'unknown');
    try {
      const step = await handler(request);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, delayMs - (performance.now() - arrived))));
      counts.byPurpose[purpose] = (counts.byPurpose[purpose] ?? 0) + 1;
      counts.total++;
      return step;
    } catch (error) {
      counts.failed++;
      throw error;
    } finally {
      inFlight--;
      heldMsTotal += performance.now() - arrived;
    }
  });
  return { url: provider.url };
}

serve({
  start: (args) => start(args as FakeModelArgs),
  counts: () => ({ ...counts, meanHeldMs: counts.total ? heldMsTotal / (counts.total + counts.failed) : 0 }),
  resetCounts: () => {
    counts = emptyCounts();
    heldMsTotal = 0;
    return { ok: true };
  },
  stop: async () => {
    await provider?.close();
    provider = null;
    return { ok: true };
  },
});
