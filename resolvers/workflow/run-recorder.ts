// The one write a phase makes itself: a finished scenario run, with its SCENARIO_RUN event, in one transaction under
// the same guard as the phase's commit (the job still RUNNING in this phase, nothing else appended). The unique key
// of scenario_runs stores a run at most once; the event exists exactly when the run was stored. The phase's commit
// then checks against the job as the recorder left it.
import type { JudgedRun } from '../agent-tests/types';
import type { Job, Tx } from '../../prisma/database';
import { applyTransition } from '../jobs/journal';
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
      const { running, stored } = await storeRunIfUnchanged(tx, seen, phase, run);
      if (!running) throw new Superseded();
      if (!stored) return seen;
      storedRuns++;
      const round = run.withSkill ? `Round ${run.iteration} with the skill` : 'Baseline';
      const message = `${round}: "${run.scenarioTitle}" sample ${run.sample}: ${run.verdict}`;
      return applyTransition(tx, seen, {
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

/**
 * The guard and the run's INSERT in one statement (one round trip where a lock, then an insert took two): locks the
 * job if it is still as `seen` shows it (RUNNING in this phase, nothing appended since: any change appends an event,
 * so the columns a transition reads are as `seen` has them), and only then stores the run, unless it is stored
 * already. Nothing is written when the job changed.
 */
async function storeRunIfUnchanged(
  tx: Tx,
  seen: Job,
  phase: Phase,
  run: JudgedRun,
): Promise<{ running: boolean; stored: boolean }> {
  const [row] = await tx.$queryRaw<Array<{ running: boolean; stored: boolean }>>`
    WITH job AS (
      SELECT 1 FROM jobs
      WHERE job_id = ${seen.jobId}::uuid AND status = 'RUNNING'::job_status
        AND current_phase = ${phase}::workflow_phase AND last_sequence = ${seen.lastSequence}
      FOR UPDATE
    ), run AS (
      INSERT INTO scenario_runs (job_id, scenario_set, iteration, with_skill, scenario_id, scenario_title, sample, answer,
        verdict, rationalization, judge_reason)
      SELECT ${seen.jobId}::uuid, ${run.scenarioSet}, ${run.iteration}, ${run.withSkill}, ${run.scenarioId},
        ${run.scenarioTitle}, ${run.sample}, ${run.answer}, ${run.verdict}::scenario_verdict, ${run.rationalization},
        ${run.reason}
      WHERE EXISTS (SELECT 1 FROM job)
      ON CONFLICT (job_id, scenario_set, iteration, with_skill, scenario_id, sample) DO NOTHING
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM job) AS running, EXISTS (SELECT 1 FROM run) AS stored`;
  return row ?? { running: false, stored: false };
}
