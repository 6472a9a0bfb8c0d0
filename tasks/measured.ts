// What every task reports to the metrics: how long it waited to be picked up once due (graphile-worker's run_at: the
// enqueue time, or the time a retry or a prompt's timeout was scheduled for) and that it is running until it ends.
import type { Task } from 'graphile-worker';
import { waitedSeconds, type Metrics } from '../resolvers/metrics';

export function measured(metrics: Metrics, name: string, task: Task): Task {
  return async (payload, helpers) => {
    metrics.taskStarted(name, waitedSeconds(helpers.job.run_at));
    try {
      return await task(payload, helpers);
    } finally {
      metrics.taskEnded(name);
    }
  };
}
