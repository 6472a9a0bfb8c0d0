// hitl_timeout: scheduled when a prompt is raised (run_at = its timeout); removed when the prompt is answered.
import type { Task } from 'graphile-worker';
import { timeOutPrompt } from '../resolvers/hitl/time-out-prompt';
import { HITL_TIMEOUT, hitlTimeoutPayload } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';
import { taskWithPayload } from './payload';

export function makeHitlTimeoutTask(services: Services): Task {
  return taskWithPayload(HITL_TIMEOUT, hitlTimeoutPayload, async ({ interactionId }) => {
    const outcome = await timeOutPrompt(services, interactionId);
    services.logger.info({ interactionId, outcome }, 'prompt timeout handled');
  });
}
