// What a WebSocket subscriber that joined another's execution loop (ws-fanout.ts) records in place of the plugins
// and the stream that did not run for it: its own operation log lines (started, ended with its event count) and its
// place in the skills_fleet_subscriptions gauge. Its events are not observed again in
// skills_fleet_event_delivery_seconds: that histogram has one observation per loop delivery.
import { getOperationAST, Kind, type ExecutionArgs } from 'graphql';
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from '../resolvers/metrics';
import type { GraphQLContext } from './builder';
import { failureOutcome, startSubscriptionLog } from './plugins/use-operation-log';
import type { JoinedSubscriber } from './ws-transport';

/** The stream a subscription operation reads: its root field, when it is one of ours. */
function kindOf(args: ExecutionArgs): SubscriptionKind | null {
  const field = getOperationAST(args.document, args.operationName)?.selectionSet.selections[0];
  const name = field?.kind === Kind.FIELD ? field.name.value : null;
  return SUBSCRIPTION_KINDS.find((kind) => kind === name) ?? null;
}

export function joinedSubscriber(args: ExecutionArgs): JoinedSubscriber {
  const { services } = args.contextValue as GraphQLContext;
  const log = startSubscriptionLog(services.logger, args);
  const kind = kindOf(args);
  if (kind) services.metrics.subscriptionOpened(kind);
  let open = true;
  const close = () => {
    if (!open) return false;
    open = false;
    if (kind) services.metrics.subscriptionClosed(kind);
    return true;
  };
  return {
    delivered: () => log.delivered(),
    ended(error) {
      if (close()) log.ended(error === undefined ? 'ok' : failureOutcome(error));
    },
    refused(result) {
      if (close()) log.refused(result);
    },
  };
}
