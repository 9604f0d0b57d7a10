import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { internalMessage, slackMessage, webhookPayload } from './message-templates.js';
import type { NotificationEvent, NotifyTarget } from './notification-model.js';
import type { NotificationOutboxStore, OutboxEntry, OutboxStatus } from './outbox-store.js';
import { sendNotification, type AttemptResult } from './webhook-sender.js';

/** The stores notifications read and write. */
export interface NotificationStores {
  notifications: NotificationOutboxStore;
}

/** How the sender loop delivers. */
export interface DeliveryOptions {
  /** One attempt's limit, connect to last byte. */
  timeoutMs: number;
  /** Attempts before a notification is given up (and recorded as failed). */
  maxAttempts: number;
  /** Backoff: the first retry waits about this long, doubling each time, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often the loop looks for due rows when nothing wakes it. */
  pollMs: number;
  /** Rows claimed (and sent concurrently) per pass. */
  batchSize: number;
  /** How long a claim holds a row; a row whose sender died is due again after it. */
  leaseMs: number;
}

/** Defaults: 10 s timeout, 8 attempts over roughly 10 minutes, 1 s poll. */
export const DEFAULT_DELIVERY: Readonly<Omit<DeliveryOptions, 'leaseMs'>> = {
  timeoutMs: 10_000,
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 1_000,
  batchSize: 20,
};

/** Dependencies of the notification service. */
export interface NotificationServiceDeps {
  /** NotificationStores bound to the pool (delivery runs outside any caller's transaction). */
  stores: NotificationStores;
  clock: Clock;
  logger: Logger;
  /** Where notifications go (RIPCORD_NOTIFY_URLS). */
  targets: readonly NotifyTarget[];
  /** Signs generic webhooks (RIPCORD_WEBHOOK_SECRET). */
  secret: string | undefined;
  /** Shown in every internal message (RIPCORD_INCIDENT_CHANNEL). */
  incidentChannel?: string | undefined;
  /** Further literal secrets scrubbed from messages (e.g. the admin token). */
  secrets?: readonly string[];
  delivery?: Partial<DeliveryOptions>;
  /** Jitter source in [0, 1) (tests make it fixed). */
  random?: () => number;
}

/** What `notify` did: the notification's Idempotency-Key, and how many target rows were added. */
export interface NotifyResult {
  key: string;
  enqueued: number;
}

/** What one delivery pass did. */
export interface DeliveryPass {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Internal notifications (R7.4) through a transactional outbox. `notify` renders an event once
 * per target and enqueues it in the caller's transaction, so a notification exists exactly when
 * the state change it reports does. The delivery loop sends due rows with a timeout, retries with
 * jittered exponential backoff, and gives up after `maxAttempts`, recording the error. Delivery is
 * at least once; every attempt of a notification carries the same body and Idempotency-Key.
 */
export class NotificationService {
  private readonly delivery: DeliveryOptions;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private controller: AbortController | undefined;

  constructor(private readonly deps: NotificationServiceDeps) {
    const d = { ...DEFAULT_DELIVERY, ...deps.delivery };
    this.delivery = { ...d, leaseMs: deps.delivery?.leaseMs ?? d.timeoutMs + 30_000 };
  }

  /** The configured targets, as they may be shown (no URL paths). */
  get targets(): { id: string; kind: NotifyTarget['kind']; display: string }[] {
    return this.deps.targets.map((t) => ({ id: t.id, kind: t.kind, display: t.display }));
  }

  /** Renders `event` for every target and enqueues it with `stores` (the caller's transaction). */
  async notify(
    stores: { notifications: Pick<NotificationOutboxStore, 'enqueue'> },
    event: NotificationEvent,
  ): Promise<NotifyResult> {
    const key = event.key ?? `ntf_${randomBytes(9).toString('hex')}`;
    if (this.deps.targets.length === 0) return { key, enqueued: 0 };
    const now = this.deps.clock.now();
    const message = internalMessage(event, {
      incidentChannel: this.deps.incidentChannel,
      secrets: [...(this.deps.secret ? [this.deps.secret] : []), ...(this.deps.secrets ?? [])],
      at: now,
    });
    const rows: OutboxEntry[] = this.deps.targets.map((target) => ({
      id: `out_${randomBytes(9).toString('hex')}`,
      key,
      target: target.id,
      kind: event.kind,
      releaseId: event.details?.releaseId ?? null,
      body: JSON.stringify(target.kind === 'slack' ? slackMessage(message) : webhookPayload(message, key)),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
    }));
    const enqueued = await stores.notifications.enqueue(rows);
    this.wake();
    return { key, enqueued };
  }

  /** Outbox rows, newest first (for the CLI and tests). */
  outbox(filter: { status?: OutboxStatus; releaseId?: string; key?: string } = {}): Promise<OutboxEntry[]> {
    return this.deps.stores.notifications.list(filter);
  }

  /** Claims the rows due now and attempts each once. The loop calls this; tests may too. */
  async deliverDue(): Promise<DeliveryPass> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.stores.notifications.claimDue(
      now,
      new Date(now.getTime() + this.delivery.leaseMs),
      this.delivery.batchSize,
    );
    const results = await Promise.all(claimed.map((entry) => this.deliverOne(entry)));
    return {
      attempted: claimed.length,
      delivered: results.filter((r) => r === 'delivered').length,
      retrying: results.filter((r) => r === 'pending').length,
      failed: results.filter((r) => r === 'failed').length,
    };
  }

  /**
   * Starts the delivery loop (pending rows from before a restart go first). Without targets there
   * is nothing to send and the store is not polled; rows left by an earlier configuration wait.
   */
  start(): void {
    if (this.controller || this.deps.targets.length === 0) return;
    this.controller = new AbortController();
    this.schedule(0);
  }

  /** Stops the loop: in-flight requests are aborted and their rows left due, uncounted. */
  async stop(): Promise<void> {
    const controller = this.controller;
    this.controller = undefined;
    clearTimeout(this.timer);
    controller?.abort();
    await this.pass;
  }

  /** Asks the loop for a pass soon (after an enqueue). */
  wake(): void {
    if (!this.controller) return;
    if (this.pass) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runPass(), ms);
    this.timer.unref();
  }

  private runPass(): void {
    if (!this.controller || this.pass) return;
    this.again = false;
    this.pass = this.deliverDue()
      .then((result) => {
        if (result.attempted === this.delivery.batchSize) this.again = true;
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'notification delivery pass failed'))
      .finally(() => {
        this.pass = undefined;
        if (this.controller) this.schedule(this.again ? 0 : this.delivery.pollMs);
      });
  }

  private async deliverOne(entry: OutboxEntry): Promise<OutboxStatus> {
    const store = this.deps.stores.notifications;
    const target = this.deps.targets.find((t) => t.id === entry.target);
    const log = { notification: entry.key, target: target?.display ?? entry.target, attempt: entry.attempts };
    if (!target) {
      const error = `target ${entry.target} is no longer configured (RIPCORD_NOTIFY_URLS)`;
      await store.failed(entry.id, entry.attempts, error, this.deps.clock.now());
      this.deps.logger.error({ ...log, error }, 'notification dropped');
      return 'failed';
    }
    const result: AttemptResult = await sendNotification(
      { target, key: entry.key, kind: entry.kind, body: entry.body },
      {
        secret: this.deps.secret,
        at: this.deps.clock.now(),
        timeoutMs: this.delivery.timeoutMs,
        ...(this.controller ? { signal: this.controller.signal } : {}),
      },
    );
    const now = this.deps.clock.now();
    switch (result.outcome) {
      case 'delivered':
        await store.delivered(entry.id, entry.attempts, now);
        this.deps.logger.debug({ ...log, status: result.status }, 'notification delivered');
        return 'delivered';
      case 'aborted':
        await store.unclaim(entry.id, entry.attempts, now);
        return 'pending';
      case 'rejected':
        await store.failed(entry.id, entry.attempts, result.error, now);
        this.deps.logger.error({ ...log, error: result.error }, 'notification rejected by its receiver; not retried');
        return 'failed';
      case 'retry': {
        if (entry.attempts >= this.delivery.maxAttempts) {
          const error = `gave up after ${entry.attempts} attempts: ${result.error}`;
          await store.failed(entry.id, entry.attempts, error, now);
          this.deps.logger.error({ ...log, error }, 'notification not delivered');
          return 'failed';
        }
        const delay = Math.min(
          this.delivery.maxDelayMs,
          Math.max(this.backoff(entry.attempts), result.retryAfterMs ?? 0),
        );
        await store.retryAt(entry.id, entry.attempts, new Date(now.getTime() + delay), result.error, now);
        this.deps.logger.warn(
          { ...log, error: result.error, retryInMs: delay },
          'notification attempt failed; retrying',
        );
        return 'pending';
      }
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.delivery.maxDelayMs, this.delivery.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (this.deps.random ?? Math.random)() * (cap / 2));
  }
}
