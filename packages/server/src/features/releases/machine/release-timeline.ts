import type { AuditStore } from '../../audit/audit-store.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { NotificationOutboxStore } from '../../notifications/outbox-store.js';
import { notificationForReleaseEvent } from '../../notifications/release-notifications.js';
import type { ReleaseEvent, ReleaseRecord, ReleaseStore } from '../release-store.js';

/** What enqueues a release event's notification (the notification service). */
export type Notifier = Pick<NotificationService, 'notify'>;

/** The stores a timeline entry writes, bound to the caller's transaction. */
export interface TimelineStores {
  releases: Pick<ReleaseStore, 'addEvent'>;
  audit: Pick<AuditStore, 'append'>;
  notifications: Pick<NotificationOutboxStore, 'enqueue'>;
}

/**
 * Appends one entry to a release's timeline and its audit entry, and enqueues the notification
 * the entry calls for (R7.4), all in the caller's transaction: an event is never recorded without
 * its notification, nor notified without being recorded.
 */
export async function recordReleaseEvent(
  stores: TimelineStores,
  notifier: Notifier | undefined,
  release: Pick<ReleaseRecord, 'id' | 'name' | 'workflow' | 'environment'>,
  entry: Omit<ReleaseEvent, 'id' | 'releaseId'>,
): Promise<ReleaseEvent> {
  const stored = await stores.releases.addEvent({ releaseId: release.id, ...entry });
  await stores.audit.append({
    at: entry.at,
    actor: entry.actor,
    action: entry.kind,
    subject: release.id,
    details: entry.details,
  });
  const notification = notifier && notificationForReleaseEvent(release, stored);
  if (notification) await notifier.notify(stores, notification);
  return stored;
}
