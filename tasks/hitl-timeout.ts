// hitl_timeout: scheduled when a prompt is raised (run_at = its timeout); removed when the prompt is answered.
import type { Task } from 'graphile-worker';
import { timeOutPrompt } from '../resolvers/hitl/time-out-prompt';
import { hitlTimeoutPayload } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';

export function makeHitlTimeoutTask(services: Services): Task {
  return async (payload, helpers) => {
    const parsed = hitlTimeoutPayload.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`dropping hitl_timeout with an invalid payload: ${parsed.error.message}`);
      return;
    }
    const outcome = await timeOutPrompt(services, parsed.data.interactionId);
    services.logger.info({ interactionId: parsed.data.interactionId, outcome }, 'prompt timeout handled');
  };
}
