// One round of runs (the baseline, or the skill's draft of that round): every missing run, at most `concurrency`
// at once, each stored as soon as it is judged, so a crash loses only the runs in flight.
import { missingRuns, plannedRuns, type SetScenario, type StoredRun } from './runs';
import type { AgentTester } from './tester';
import type { JudgedRun, RecordRun } from './types';

export interface RoundSpec {
  jobId: string;
  scenarios: readonly SetScenario[];
  /** 0: baseline, without the skill. */
  iteration: number;
  /** The SKILL.md given to the agent; null for the baseline. */
  skill: string | null;
  /** Runs already stored for the job. */
  stored: readonly StoredRun[];
}

/** Runs what the round is missing; returns the runs it stored now. The first failure stops the round and is thrown. */
export async function runRound(tester: AgentTester, record: RecordRun, spec: RoundSpec): Promise<JudgedRun[]> {
  const planned = plannedRuns(spec.scenarios, spec.iteration, tester.settings.samples);
  const queue = missingRuns(planned, spec.stored);
  const byId = new Map(spec.scenarios.map((s) => [s.id, s]));
  const done: JudgedRun[] = [];
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    for (let key = queue.shift(); key && !failure; key = queue.shift()) {
      try {
        const { scenarioSet, ...runKey } = key;
        const run = await tester.run(spec.jobId, scenarioSet, byId.get(key.scenarioId)!, spec.skill, runKey);
        if (failure) return; // another lane failed: the phase is over, nothing more is written
        await record(run);
        done.push(run);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(tester.settings.concurrency, Math.max(1, queue.length)) }, lane));
  if (failure) throw failure.error;
  return done;
}
