// What every subscription stream reports to the metrics, in one place so that each stream (and any new one) measures
// alike: `opened` when it starts (the skills_fleet_subscriptions gauge, per kind) and `delivered` after its
// subscriber took a live item (skills_fleet_event_delivery_seconds, per kind). Live means committed after the stream
// began: the replay of history at the start, or an item offered again, is not a delivery.
import { waitedSeconds, type SubscriptionKind } from '../metrics';
import type { Services } from '../services';

/** Counts an open stream of `kind`; the function it returns (cancellable's onClose) counts it closed. */
export function opened(services: Services, kind: SubscriptionKind): () => void {
  services.metrics.subscriptionOpened(kind);
  return () => services.metrics.subscriptionClosed(kind);
}

/**
 * A live item of a `kind` stream reached its subscriber; `writtenAt` is when its row was written (inside the
 * committing transaction). Call it after the `yield` returns: the transport asks for the next item once it wrote this
 * one to its client.
 */
export function delivered(services: Services, kind: SubscriptionKind, writtenAt: Date): void {
  services.metrics.eventDelivered(kind, waitedSeconds(writtenAt));
}
