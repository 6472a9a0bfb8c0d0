// What every task does first: check its payload. One that does not parse is logged and dropped, because a retry
// would read the same payload.
import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';

export function taskWithPayload<T>(
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
    await run(parsed.data, helpers);
  };
}
