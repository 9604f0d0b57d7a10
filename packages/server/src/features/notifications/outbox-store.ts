import { and, asc, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { notificationOutbox } from '../../db/schema.js';
import type { NotificationKind } from './notification-model.js';

/** Where a delivery is: waiting (or being attempted), done, or given up. */
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** One notification for one target. */
export interface OutboxEntry {
  id: string;
  /** The notification's Idempotency-Key, shared by its rows for every target. */
  key: string;
  /** The target's id (never its URL). */
  target: string;
  kind: NotificationKind;
  releaseId: string | null;
  /** The exact body sent on every attempt. */
  body: string;
  status: OutboxStatus;
  /** Attempts claimed so far (a claim counts even if the process died before the answer). */
  attempts: number;
  /** When the next attempt is due; while an attempt is in flight, the end of its lease. */
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

/**
 * The notification outbox. Rows are enqueued in the caller's transaction (with the state change
 * they report); the sender claims due rows by moving `nextAttemptAt` to a lease's end and counting
 * the attempt, so a claim that dies with the process is simply due again later. Every outcome is
 * written only if the row is still at the claimed attempt (a fence against a late, stale sender).
 */
export class NotificationOutboxStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Adds rows; a (key, target) already present is left alone. Returns how many were added. */
  async enqueue(entries: readonly OutboxEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const rows = await this.deps.db
      .insert(notificationOutbox)
      .values([...entries])
      .onConflictDoNothing()
      .returning({ id: notificationOutbox.id });
    return rows.length;
  }

  /** Claims up to `limit` due rows until `leaseUntil`, counting the attempt; rows locked elsewhere are skipped. */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxEntry[]> {
    const isDue = and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, now));
    const due = this.deps.db
      .select({ id: notificationOutbox.id })
      .from(notificationOutbox)
      .where(isDue)
      .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.deps.db
      .update(notificationOutbox)
      .set({ attempts: sql`${notificationOutbox.attempts} + 1`, nextAttemptAt: leaseUntil, updatedAt: now })
      .where(and(inArray(notificationOutbox.id, due), isDue))
      .returning();
    return rows.map(toEntry).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  /** Records a delivery. */
  async delivered(id: string, attempt: number, at: Date): Promise<boolean> {
    return this.settle(id, attempt, { status: 'delivered', deliveredAt: at, updatedAt: at, lastError: null });
  }

  /** Records a failed attempt and when to try again. */
  async retryAt(id: string, attempt: number, nextAttemptAt: Date, error: string, at: Date): Promise<boolean> {
    return this.settle(id, attempt, { nextAttemptAt, lastError: error, updatedAt: at });
  }

  /** Gives up on a row, keeping the last error. */
  async failed(id: string, attempt: number, error: string, at: Date): Promise<boolean> {
    return this.settle(id, attempt, { status: 'failed', lastError: error, updatedAt: at });
  }

  /** Undoes a claim whose attempt was interrupted by a stop: due now, and the attempt not counted. */
  async unclaim(id: string, attempt: number, at: Date): Promise<boolean> {
    return this.settle(id, attempt, { attempts: attempt - 1, nextAttemptAt: at, updatedAt: at });
  }

  /** Rows, newest first, optionally filtered. */
  async list(filter: { status?: OutboxStatus; releaseId?: string; key?: string } = {}): Promise<OutboxEntry[]> {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(notificationOutbox.status, filter.status));
    if (filter.releaseId) conditions.push(eq(notificationOutbox.releaseId, filter.releaseId));
    if (filter.key) conditions.push(eq(notificationOutbox.key, filter.key));
    const rows = await this.deps.db
      .select()
      .from(notificationOutbox)
      .where(and(...conditions))
      .orderBy(desc(notificationOutbox.createdAt), asc(notificationOutbox.id));
    return rows.map(toEntry);
  }

  /** One row by id. */
  async get(id: string): Promise<OutboxEntry | undefined> {
    const [row] = await this.deps.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
    return row && toEntry(row);
  }

  private async settle(
    id: string,
    attempt: number,
    fields: Partial<typeof notificationOutbox.$inferInsert>,
  ): Promise<boolean> {
    const rows = await this.deps.db
      .update(notificationOutbox)
      .set(fields)
      .where(
        and(
          eq(notificationOutbox.id, id),
          eq(notificationOutbox.status, 'pending'),
          eq(notificationOutbox.attempts, attempt),
        ),
      )
      .returning({ id: notificationOutbox.id });
    return rows.length === 1;
  }
}

function toEntry(row: typeof notificationOutbox.$inferSelect): OutboxEntry {
  return { ...row, kind: row.kind as NotificationKind, status: row.status as OutboxStatus };
}
