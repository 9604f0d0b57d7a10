import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../errors.js';
import { tokenWithin, type Principal } from './principal.js';
import type { Role, TokenRecord, TokenScope, TokenStore } from './token-store.js';
import type { Transact } from '../../db/transaction.js';
import type { AuditStore } from '../audit/audit-store.js';

/** The stores the token service reads and writes (in `transact`, bound to its transaction). */
export interface TokenStores {
  tokens: TokenStore;
  audit: Pick<AuditStore, 'append'>;
}

/** A token as shown to callers: never the secret, never the hash. */
export type TokenView = Omit<TokenRecord, 'hash'>;

/** SHA-256 of a token; tokens are 256-bit random, so a fast hash is enough (no dictionary to guess). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh token: `rc_` + 43 base64url characters (256 bits). */
export function generateToken(): string {
  return `rc_${randomBytes(32).toString('base64url')}`;
}

/** What the first start did about the admin token. */
export type BootstrapResult =
  { kind: 'generated'; token: string } | { kind: 'from-env' } | { kind: 'readmitted' } | { kind: 'existing' };

/** How long a token's principal is served from memory before the store is asked again. */
export const PRINCIPAL_CACHE_MS = 5_000;
/** Most principals remembered at once; beyond it the cache starts over (it only saves look-ups). */
export const PRINCIPAL_CACHE_SIZE = 10_000;

interface CachedPrincipal {
  principal: Principal;
  /** `performance.now()` after which the store is asked again. */
  expiresAt: number;
}

/**
 * Issues, lists, revokes and checks API tokens.
 *
 * `authenticate` runs on every request, and a store look-up per request was the largest single
 * cost of ingest (~3.4 ms under PGlite; BENCHMARKS.md "Ingest"). So the principals of valid
 * tokens are remembered for {@link PRINCIPAL_CACHE_MS}, keyed by the token's hash. A revoke
 * through this service drops the token's entry at once, so this process stops honouring it
 * immediately; **another server process sharing the store may honour a revoked token for up to
 * {@link PRINCIPAL_CACHE_MS}** after the revoke, until its own entry expires. Unknown and revoked
 * tokens are never remembered: a token created elsewhere works at once, and garbage tokens cannot
 * fill the cache. Expiry uses the monotonic clock, not the injected one: it bounds staleness in
 * real time, and a stopped or stepped wall clock must not keep a revoked token alive.
 */
export class TokenService {
  private readonly principals = new Map<string, CachedPrincipal>();
  /** Bumped by every revoke: a look-up that started before it must not fill the cache. */
  private revocations = 0;

  constructor(
    private readonly deps: {
      stores: TokenStores;
      transact: Transact<TokenStores>;
      clock: Clock;
      /** Principal cache lifetime in ms (default {@link PRINCIPAL_CACHE_MS}; 0 turns it off). */
      principalCacheMs?: number;
      /** Monotonic milliseconds (default `performance.now`); injectable for tests. */
      monotonicNow?: () => number;
    },
  ) {}

  /** The principal a bearer token stands for, or undefined when unknown or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const now = this.monotonicNow();
    const cached = this.principals.get(hash);
    if (cached !== undefined) {
      if (now < cached.expiresAt) return cached.principal;
      this.principals.delete(hash);
    }
    const revocations = this.revocations;
    const record = await this.deps.stores.tokens.findByHash(hash);
    if (!record || record.revokedAt) return undefined;
    const principal: Principal = {
      subject: record.subject,
      role: record.role,
      tokenId: record.id,
      scope: record.scope,
    };
    const ttl = this.deps.principalCacheMs ?? PRINCIPAL_CACHE_MS;
    // A revoke that committed while this look-up was in flight may have read the token as valid.
    if (ttl > 0 && revocations === this.revocations) {
      if (this.principals.size >= PRINCIPAL_CACHE_SIZE) this.principals.clear();
      this.principals.set(hash, { principal, expiresAt: now + ttl });
    }
    return principal;
  }

  private monotonicNow(): number {
    return (this.deps.monotonicNow ?? performance.now.bind(performance))();
  }

  /** Forgets a token's cached principal (this process honours a revoke at once). */
  private forget(tokenId: string): void {
    this.revocations += 1;
    for (const [hash, cached] of this.principals)
      if (cached.principal.tokenId === tokenId) this.principals.delete(hash);
  }

  /** Creates a token and returns its secret, which is shown this once and stored only hashed. */
  async create(
    input: { subject: string; role: Role; scope?: TokenScope },
    actor: Principal,
  ): Promise<{ token: string; record: TokenView }> {
    if (input.role === 'sdk' && !input.scope?.environment) {
      throw new AppError('validation_failed', 'an sdk token must be scoped to one environment', [
        { path: 'scope.environment', message: 'required for role sdk' },
      ]);
    }
    if (!tokenWithin(actor, input.role, input.scope)) {
      throw new AppError(
        'forbidden',
        `the token of ${actor.subject} can only create tokens within its own role (${actor.role}) and scope ` +
          `(${JSON.stringify(actor.scope ?? 'unscoped')})`,
      );
    }
    const token = generateToken();
    const record = this.newRecord(input, token, actor.subject);
    await this.deps.transact(async (s) => {
      await s.tokens.insert(record);
      await s.audit.append({
        at: record.createdAt,
        actor: actor.subject,
        action: 'token.created',
        subject: record.id,
        details: { subject: record.subject, role: record.role, scope: record.scope },
      });
    });
    return { token, record: view(record) };
  }

  /** Tokens without their hashes; a scoped actor sees only the tokens within its own scope. */
  async list(actor: Principal, includeRevoked = false): Promise<TokenView[]> {
    const all = await this.deps.stores.tokens.list({ includeRevoked });
    return all.filter((t) => tokenWithin(actor, t.role, t.scope)).map(view);
  }

  /** Revokes a token; revoking one already revoked is a no-op. */
  async revoke(id: string, actor: Principal): Promise<TokenView> {
    try {
      return await this.revokeInStore(id, actor);
    } finally {
      // After the commit (or a failure, which forgets for nothing): a look-up from now on reads
      // the revoked record, and one already in flight is kept out of the cache by the counter.
      this.forget(id);
    }
  }

  private async revokeInStore(id: string, actor: Principal): Promise<TokenView> {
    return this.deps.transact(async (s) => {
      const record = await s.tokens.get(id);
      // A scoped actor cannot see tokens beyond its scope, so it cannot revoke them either.
      if (!record || !tokenWithin(actor, record.role, record.scope)) throw notFound(`token ${id}`);
      if (record.revokedAt) return view(record);
      if (record.role === 'admin' && record.scope === null) await this.refuseLastAdmin(s.tokens, id);
      const at = this.deps.clock.now();
      await s.tokens.revoke(id, actor.subject, at);
      await s.audit.append({ at, actor: actor.subject, action: 'token.revoked', subject: id, details: {} });
      return view({ ...record, revokedAt: at, revokedBy: actor.subject });
    });
  }

  /** Throws 409 when `id` is the last unrevoked unscoped admin token: revoking it would lock everyone out. */
  private async refuseLastAdmin(tokens: TokenStore, id: string): Promise<void> {
    await tokens.lockAdmins();
    const others = (await tokens.unscopedAdmins()).filter((t) => t.id !== id);
    if (others.length === 0) {
      throw new AppError(
        'conflict',
        `token ${id} is the last unscoped admin token: create another admin token before revoking it ` +
          '(recovery if locked out: restart with RIPCORD_ADMIN_TOKEN, docs/operations.md)',
      );
    }
  }

  /**
   * On a first start, creates the admin token: the one given in the environment, or a generated
   * one returned to be printed once. A given token missing from a non-empty store is added, so
   * automation that always passes RIPCORD_ADMIN_TOKEN keeps working. A given token that exists
   * but was revoked is re-admitted, audited as `token.readmitted` with `recovery: true`: this is
   * the documented way back in when every admin token is lost (docs/operations.md).
   */
  async bootstrap(envToken: string | undefined): Promise<BootstrapResult> {
    const empty = (await this.deps.stores.tokens.count()) === 0;
    if (envToken !== undefined) {
      const existing = await this.deps.stores.tokens.findByHash(hashToken(envToken));
      if (!existing) await this.insertAdmin(envToken, 'admin (RIPCORD_ADMIN_TOKEN)');
      else if (existing.revokedAt) {
        await this.readmit(existing);
        return { kind: 'readmitted' };
      }
      return { kind: 'from-env' };
    }
    if (!empty) return { kind: 'existing' };
    const token = generateToken();
    await this.insertAdmin(token, 'admin (first start)');
    return { kind: 'generated', token };
  }

  private async readmit(record: TokenRecord): Promise<void> {
    await this.deps.transact(async (s) => {
      await s.tokens.readmit(record.id);
      await s.audit.append({
        at: this.deps.clock.now(),
        actor: 'ripcord',
        action: 'token.readmitted',
        subject: record.id,
        details: { subject: record.subject, role: record.role, recovery: true, revokedBy: record.revokedBy },
      });
    });
    this.forget(record.id);
  }

  private async insertAdmin(token: string, subject: string): Promise<void> {
    const record = this.newRecord({ subject, role: 'admin' }, token, 'ripcord');
    await this.deps.transact(async (s) => {
      await s.tokens.insert(record);
      await s.audit.append({
        at: record.createdAt,
        actor: 'ripcord',
        action: 'token.created',
        subject: record.id,
        details: { subject, role: 'admin', bootstrap: true },
      });
    });
  }

  private newRecord(
    input: { subject: string; role: Role; scope?: TokenScope },
    token: string,
    by: string,
  ): TokenRecord {
    return {
      id: `tok_${randomBytes(6).toString('hex')}`,
      subject: input.subject,
      role: input.role,
      hash: hashToken(token),
      scope: input.scope ?? null,
      createdAt: this.deps.clock.now(),
      createdBy: by,
      revokedAt: null,
      revokedBy: null,
    };
  }
}

function view(record: TokenRecord): TokenView {
  const { hash: _hash, ...rest } = record;
  return rest;
}
