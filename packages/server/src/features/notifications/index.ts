/**
 * Notifications (R7.4): what the release state machine and the incident service call.
 *
 *   const n = notificationForReleaseEvent(release, storedEvent, { plan });  // or build an event
 *   if (n) await services.notifications.notify(txStores, n);               // in the same transaction
 *
 * The server starts the delivery loop (`start()`) after boot and stops it before closing the store.
 */
export {
  NotificationService,
  DEFAULT_DELIVERY,
  type DeliveryOptions,
  type DeliveryPass,
  type NotifyResult,
} from './notification-service.js';
export {
  notificationKinds,
  type NotificationEvent,
  type NotificationKind,
  type NotificationDetails,
  type NotifyTarget,
} from './notification-model.js';
export {
  notificationForReleaseEvent,
  releaseEventNotifications,
  type ReleaseRef,
  type TimelineEvent,
} from './release-notifications.js';
export {
  internalMessage,
  slackMessage,
  webhookPayload,
  customerMessage,
  customerMessagesFor,
  customerImpactFromPlan,
  customerTemplateIds,
  type InternalMessage,
  type SlackMessage,
  type WebhookPayload,
  type CustomerImpact,
  type CustomerMessage,
  type CustomerTemplateId,
} from './message-templates.js';
export { parseNotifyTargets, checkWebhookSecret, notifyTarget } from './notify-targets.js';
export {
  verifyWebhookSignature,
  signWebhook,
  SIGNATURE_HEADER,
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  type SignatureCheck,
} from './webhook-signature.js';
