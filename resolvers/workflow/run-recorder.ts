// The one write a phase makes itself: a finished scenario run, with its SCENARIO_RUN event, in one transaction under
// the same guard as the phase's commit (the job still RUNNING in this phase, nothing else appended). The unique key
// of scenario_runs stores a run at most once; the event exists exactly when the run was stored. The phase's commit
// then checks against the job as the recorder left it.
import type { Job } from '../../prisma/database';
import type { JudgedRun } from '../agent-tests/types';
import { applyTransition, lockJob } from '../jobs/journal';
import type { Services } from '../services';
import { Superseded } from './commit';
import type { Phase } from './machine';

export interface RunRecorder {
  record(run: JudgedRun): Promise<void>;
  /** The job as the last recorded run left it (what the phase's commit must find unchanged). */
  seen(): Job;
  /** How many runs were stored through this recorder. */
  stored(): number;
}

export function makeRunRecorder(services: Services, start: Job, phase: Phase): RunRecorder {
  let seen = start;
  let storedRuns = 0;
  // Runs finish concurrently; their writes go one after the other, each guarded by the job as the previous left it.
  let chain: Promise<void> = Promise.resolve();
  const write = async (run: JudgedRun) => {
    seen = await services.prisma.$transaction(async (tx) => {
      const job = await lockJob(tx, seen.jobId);
      if (!job || job.status !== 'RUNNING' || job.currentPhase !== phase || job.lastSequence !== seen.lastSequence)
        throw new Superseded();
      const stored = await tx.scenarioRun.createMany({
        data: [
          {
            jobId: job.jobId,
            scenarioSet: run.scenarioSet,
            iteration: run.iteration,
            withSkill: run.withSkill,
            scenarioId: run.scenarioId,
            scenarioTitle: run.scenarioTitle,
            sample: run.sample,
            answer: run.answer,
            verdict: run.verdict,
            rationalization: run.rationalization,
            judgeReason: run.reason,
          },
        ],
        skipDuplicates: true,
      });
      if (stored.count === 0) return job;
      storedRuns++;
      const round = run.withSkill ? `Round ${run.iteration} with the skill` : 'Baseline';
      const message = `${round}: "${run.scenarioTitle}" sample ${run.sample}: ${run.verdict}`;
      return applyTransition(tx, job, {
        message,
        events: [
          {
            type: 'SCENARIO_RUN',
            message,
            data: {
              scenarioId: run.scenarioId,
              withSkill: run.withSkill,
              verdict: run.verdict,
              iteration: run.iteration,
              sample: run.sample,
            },
          },
        ],
      });
    });
  };
  return {
    record(run) {
      const next = chain.then(() => write(run));
      chain = next.catch(() => undefined);
      return next;
    },
    seen: () => seen,
    stored: () => storedRuns,
  };
}
