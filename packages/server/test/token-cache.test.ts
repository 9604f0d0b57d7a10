/**
 * The principal cache in front of the token look-up: hits skip the store, entries expire after
 * the TTL (monotonic clock), a revoke through the service takes effect at once in this process,
 * a second service sharing the store honours the revoked token until its entry expires, unknown
 * tokens are never cached, and a look-up racing a revoke does not re-fill the cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { bindStores, transactor, type Stores } from '../src/stores.js';
import { ManualClock } from '../src/clock.js';
import { TokenService } from '../src/features/auth/token-service.js';
import { openTestDatabase } from './helpers.js';

const admin = { subject: 'admin', role: 'admin' as const, tokenId: 'boot', scope: null };

describe('token principal cache', () => {
  let database: Database;
  let stores: Stores;
  let now = 0;
  let lookups = 0;
  /** While set, look-ups read the store at once but answer only when it resolves. */
  let hold: Promise<void> | null = null;
  const service = (ttl?: number) =>
    new TokenService({
      stores,
      transact: transactor(database.db),
      clock: new ManualClock(),
      monotonicNow: () => now,
      ...(ttl === undefined ? {} : { principalCacheMs: ttl }),
    });
  beforeEach(async () => {
    database = await openTestDatabase('pglite');
    const s = bindStores(database.db);
    lookups = 0;
    now = 0;
    // Count store look-ups by hash.
    stores = {
      ...s,
      tokens: Object.assign(Object.create(Object.getPrototypeOf(s.tokens) as object) as typeof s.tokens, s.tokens, {
        findByHash: async (h: string) => {
          lookups += 1;
          const r = await s.tokens.findByHash(h);
          if (hold) await hold;
          return r;
        },
      }),
    };
  });
  afterEach(async () => database.close());

  it('serves a valid token from memory until the TTL, then asks again', async () => {
    const a = service();
    const { token, record } = await a.create({ subject: 'ci', role: 'operator' }, admin);
    expect(await a.authenticate(token)).toMatchObject({ subject: 'ci', role: 'operator', tokenId: record.id });
    expect(lookups).toBe(1);
    now = 4_999;
    expect(await a.authenticate(token)).toMatchObject({ tokenId: record.id });
    expect(lookups).toBe(1);
    now = 5_000;
    expect(await a.authenticate(token)).toMatchObject({ tokenId: record.id });
    expect(lookups).toBe(2);
  });

  it('never caches unknown tokens; ttl 0 turns the cache off', async () => {
    const a = service();
    expect(await a.authenticate('rc_nope')).toBeUndefined();
    expect(await a.authenticate('rc_nope')).toBeUndefined();
    expect(lookups).toBe(2);
    const off = service(0);
    const { token } = await off.create({ subject: 'x', role: 'viewer' }, admin);
    await off.authenticate(token);
    await off.authenticate(token);
    expect(lookups).toBe(4);
  });

  it('honours a revoke at once in this process, and within the TTL in another', async () => {
    const a = service();
    const b = service();
    const { token, record } = await a.create({ subject: 'ci', role: 'operator' }, admin);
    expect(await a.authenticate(token)).toBeDefined();
    expect(await b.authenticate(token)).toBeDefined();
    await a.revoke(record.id, admin);
    expect(await a.authenticate(token)).toBeUndefined();
    // The other process still has the principal cached: honoured until its entry expires.
    now = 4_000;
    expect(await b.authenticate(token)).toBeDefined();
    now = 5_001;
    expect(await b.authenticate(token)).toBeUndefined();
  });

  it('does not cache a look-up that was in flight during a revoke', async () => {
    const a = service();
    const { token, record } = await a.create({ subject: 'ci', role: 'operator' }, admin);
    let release = () => {};
    hold = new Promise<void>((r) => (release = r));
    const inFlight = a.authenticate(token); // reads the token as valid, answers after the revoke
    await new Promise((r) => setTimeout(r, 50));
    hold = null;
    await a.revoke(record.id, admin);
    release();
    expect(await inFlight).toBeDefined();
    expect(await a.authenticate(token)).toBeUndefined();
  });
});
