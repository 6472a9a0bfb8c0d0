// The one write a phase makes itself: a finished scenario run, with its SCENARIO_RUN event, in one statement under
// the same guard as the phase's commit (the job still RUNNING in this phase, nothing else appended). The unique key
// of scenario_runs stores a run at most once; the event exists exactly when the run was stored. The phase's commit
// then checks against the job as the recorder left it.
import type { JudgedRun } from '../agent-tests/types';
import { Prisma, type Job } from '../../prisma/database';
import { applyTransitionRequiring, type RequiredRow } from '../jobs/journal';
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
    if (seen.status !== 'RUNNING' || seen.currentPhase !== phase) throw new Superseded();
    const round = run.withSkill ? `Round ${run.iteration} with the skill` : 'Baseline';
    const message = `${round}: "${run.scenarioTitle}" sample ${run.sample}: ${run.verdict}`;
    // One statement: the job locked if it is as `seen` shows it (any change appends an event, so the columns a
    // transition reads are as `seen` has them), the run stored unless it is already, and then its event.
    const outcome = await applyTransitionRequiring(
      services.prisma,
      seen,
      {
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
      },
      runRow(seen.jobId, run),
    );
    if (!outcome.held) throw new Superseded();
    if (!outcome.written) return; // stored before (a re-run after a crash): nothing written
    storedRuns++;
    seen = outcome.written.job;
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

/** The run's INSERT, when the job is locked as guarded; nothing when the run is stored already. */
function runRow(jobId: string, run: JudgedRun): RequiredRow {
  return {
    name: 'run',
    cte: Prisma.sql`
      INSERT INTO scenario_runs (job_id, scenario_set, iteration, with_skill, scenario_id, scenario_title, sample, answer,
        verdict, rationalization, judge_reason)
      SELECT ${jobId}::uuid, ${run.scenarioSet}, ${run.iteration}, ${run.withSkill}, ${run.scenarioId},
        ${run.scenarioTitle}, ${run.sample}, ${run.answer}, ${run.verdict}::scenario_verdict, ${run.rationalization},
        ${run.reason}
      WHERE EXISTS (SELECT 1 FROM locked)
      ON CONFLICT (job_id, scenario_set, iteration, with_skill, scenario_id, sample) DO NOTHING
      RETURNING run_id AS "run.runId"`,
  };
}
