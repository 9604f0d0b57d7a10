import type { Stores } from '../../../db/stores.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import { notificationForReleaseEvent } from '../../notifications/release-notifications.js';
import type { ReleaseEvent, ReleaseRecord } from '../release-store.js';

/**
 * Appends one entry to a release's timeline and its audit entry, and enqueues the notification
 * the entry calls for (R7.4), all in the caller's transaction: an event is never recorded without
 * its notification, nor notified without being recorded.
 */
export async function recordReleaseEvent(
  stores: Stores,
  notifications: NotificationService | undefined,
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
  const notification = notifications && notificationForReleaseEvent(release, stored);
  if (notification) await notifications.notify(stores, notification);
  return stored;
}
