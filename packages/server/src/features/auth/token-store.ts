import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { tokens } from '../../db/schema.js';

/**
 * What a token may do. `sdk` tokens only read configuration and send events; `alerts` tokens only
 * deliver alerts (Alertmanager's webhook, R4.5); `jobs` tokens only report the progress of level
 * 3/4 rollback jobs (`POST /v1/rollbacks/{run}/jobs/{step}`).
 */
export type Role = 'admin' | 'operator' | 'viewer' | 'sdk' | 'alerts' | 'jobs';
/** All roles, most powerful first. */
export const roles: readonly Role[] = ['admin', 'operator', 'viewer', 'sdk', 'alerts', 'jobs'];

/** Limits on what a token reaches: workflows (all when absent) and one environment (all when absent). */
export interface TokenScope {
  workflows?: string[];
  environment?: string;
}

/** A stored token (only its hash). */
export interface TokenRecord {
  id: string;
  subject: string;
  role: Role;
  hash: string;
  scope: TokenScope | null;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** Lock key serialising revokes of admin tokens, so two cannot each remove "the other" last admin. */
const adminLockKey = 7_400_002;

/** Storage for API tokens. */
export class TokenStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Inserts a token. */
  async insert(record: TokenRecord): Promise<void> {
    await this.deps.db.insert(tokens).values(record);
  }

  /** The token whose hash is `hash`, revoked or not. */
  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.deps.db.select().from(tokens).where(eq(tokens.hash, hash));
    return row && toToken(row);
  }

  /** The token `id`. */
  async get(id: string): Promise<TokenRecord | undefined> {
    const [row] = await this.deps.db.select().from(tokens).where(eq(tokens.id, id));
    return row && toToken(row);
  }

  /** All tokens, oldest first; revoked ones only when asked. */
  async list(options: { includeRevoked?: boolean } = {}): Promise<TokenRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(tokens)
      .where(options.includeRevoked ? undefined : isNull(tokens.revokedAt))
      .orderBy(asc(tokens.createdAt), asc(tokens.id));
    return rows.map(toToken);
  }

  /** Marks a token revoked. */
  async revoke(id: string, by: string, at: Date): Promise<void> {
    await this.deps.db.update(tokens).set({ revokedAt: at, revokedBy: by }).where(eq(tokens.id, id));
  }

  /** Serialises changes to the set of admin tokens (call inside a transaction). */
  async lockAdmins(): Promise<void> {
    await this.deps.db.execute(sql`select pg_advisory_xact_lock(${adminLockKey})`);
  }

  /** Unrevoked admin tokens without a scope: the ones that can always recover everything else. */
  async unscopedAdmins(): Promise<TokenRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(tokens)
      .where(and(eq(tokens.role, 'admin'), isNull(tokens.revokedAt), isNull(tokens.scope)));
    return rows.map(toToken);
  }

  /** Clears a token's revocation (the documented recovery through RIPCORD_ADMIN_TOKEN). */
  async readmit(id: string): Promise<void> {
    await this.deps.db.update(tokens).set({ revokedAt: null, revokedBy: null }).where(eq(tokens.id, id));
  }

  /** How many tokens exist (revoked included): zero means a first start. */
  async count(): Promise<number> {
    const rows = await this.deps.db.select({ id: tokens.id }).from(tokens).limit(1);
    return rows.length;
  }
}

function toToken(row: typeof tokens.$inferSelect): TokenRecord {
  return { ...row, role: row.role as Role, scope: row.scope as TokenScope | null };
}
