// What every task does first: check its payload. One that does not parse is logged and dropped, because a retry
// would read the same payload. The task then runs in its job's trace (the payload's traceparent), so its spans
// join the trace the job's createSkillJob request started.
import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';
import { withTraceParent } from '../resolvers/telemetry/trace-context';

export function taskWithPayload<T extends { traceparent?: string }>(
  name: string,
  schema: z.ZodType<T>,
  run: (payload: T, helpers: JobHelpers) => Promise<void>,
): Task {
  return async (payload, helpers) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`dropping ${name} with an invalid payload: ${parsed.error.message}`);
      return;
    }
    await withTraceParent(parsed.data.traceparent, () => run(parsed.data, helpers));
  };
}
