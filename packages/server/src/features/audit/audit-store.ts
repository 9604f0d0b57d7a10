import { and, asc, desc, eq, gt, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { auditHead, auditLog } from '../../db/schema.js';
import { sha256Canonical } from '../bundles/bundle-model.js';

/** One audit entry as written by a service. */
export interface AuditInput {
  at: Date;
  actor: string;
  /** What happened, e.g. `bundle.created`, `label.moved`, `token.revoked`. */
  action: string;
  /** What it happened to, e.g. `support-summary/2026-05-02.1`. */
  subject: string;
  details: Record<string, unknown>;
}

/** A stored audit entry with its place in the hash chain. */
export interface AuditEntry extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash the chain starts from. */
export const genesisHash = '0'.repeat(64);

/** Lock key serialising appends, so two writers cannot both extend the same head. */
const auditLockKey = 7_400_001;

/** The hash of an entry: sha256 over its canonical JSON including the previous entry's hash. */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Canonical({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

/** Append-only, hash-chained audit log (R7.3). Appends must run inside the caller's transaction. */
export class AuditStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Appends an entry after the current head. Call inside a transaction. */
  async append(input: AuditInput): Promise<AuditEntry> {
    const { db } = this.deps;
    await db.execute(sql`select pg_advisory_xact_lock(${auditLockKey})`);
    const [head] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const base = { ...input, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? genesisHash };
    const entry: AuditEntry = { ...base, hash: auditHash(base) };
    await db.insert(auditLog).values(entry);
    // The head outside the log table: deleting the newest rows leaves it ahead (audit verify).
    const anchor = { seq: entry.seq, hash: entry.hash, at: entry.at };
    await db
      .insert(auditHead)
      .values({ id: 1, ...anchor })
      .onConflictDoUpdate({ target: auditHead.id, set: anchor });
    return entry;
  }

  /** The head recorded with the last append, or undefined before the first. */
  async head(): Promise<{ seq: number; hash: string; at: Date } | undefined> {
    const [row] = await this.deps.db.select().from(auditHead).where(eq(auditHead.id, 1));
    return row && { seq: row.seq, hash: row.hash, at: row.at };
  }

  /** The entry `seq`, if present. */
  async get(seq: number): Promise<AuditEntry | undefined> {
    const [row] = await this.deps.db.select().from(auditLog).where(eq(auditLog.seq, seq));
    return row && { ...row, details: row.details as Record<string, unknown> };
  }

  /** Entries in order, optionally since a time, at most `limit`. */
  async list(options: { since?: Date; limit?: number; afterSeq?: number } = {}): Promise<AuditEntry[]> {
    const { db } = this.deps;
    const where = and(
      options.since ? gte(auditLog.at, options.since) : undefined,
      options.afterSeq !== undefined ? gt(auditLog.seq, options.afterSeq) : undefined,
    );
    const rows = await db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(asc(auditLog.seq))
      .limit(options.limit ?? 1000);
    return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> }));
  }
}
