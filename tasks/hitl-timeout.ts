// hitl_timeout: scheduled when a prompt is raised (run_at = its timeout); removed when the prompt is answered.
import type { Task } from 'graphile-worker';
import { timeOutPrompt } from '../resolvers/hitl/time-out-prompt';
import { HITL_TIMEOUT, hitlTimeoutPayload } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';
import { inSpan } from '../resolvers/telemetry/spans';
import { taskWithPayload } from './payload';

export function makeHitlTimeoutTask(services: Services): Task {
  return taskWithPayload(HITL_TIMEOUT, hitlTimeoutPayload, async ({ interactionId }) => {
    const attributes = { 'skills_fleet.interaction.id': interactionId };
    const outcome = await inSpan('hitl_timeout', { attributes }, async (span) => {
      const handled = await timeOutPrompt(services, interactionId);
      span.setAttribute('skills_fleet.outcome', handled);
      return handled;
    });
    services.logger.info({ interactionId, outcome }, 'prompt timeout handled');
  });
}
