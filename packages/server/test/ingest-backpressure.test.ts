import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { createApp } from '../src/create-app.js';
import type { IngestOptions } from '../src/features/ingest/ingest-service.js';
import { createLogger } from '../src/logger.js';
import { adminToken, openTestDatabase, type TestApp } from './helpers.js';
import { outcome, persistedApplied, postEvents, startExampleRelease } from './ingest-support.js';

/** A test app with small ingest bounds. */
async function appWith(ingest: Partial<IngestOptions>): Promise<TestApp> {
  const database = await openTestDatabase('pglite');
  const clock = new ManualClock('2026-05-02T09:00:00.000Z');
  const { app, services } = createApp({
    database,
    clock,
    logger: createLogger({ level: 'silent' }),
    config: { bodyLimitBytes: 256 * 1024, cooldownMs: 72 * 3600e3 },
    ingest,
  });
  await services.tokens.bootstrap(adminToken);
  const call: TestApp['call'] = async (method, path, body) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { app, services, clock, database, call, close: () => database.close() };
}

/**
 * Holds the group commit before it opens its transaction, until released: the store is "slow"
 * but still answers other queries (token look-ups).
 */
function holdCommits(t: TestApp) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sessions = t.services.gateSessions as unknown as { write(items: readonly unknown[]): Promise<void> };
  const write = sessions.write.bind(sessions);
  vi.spyOn(sessions, 'write').mockImplementation(async (items) => {
    await gate;
    return write(items);
  });
  return { release };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('ingest under a slow store', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('answers 429 with Retry-After while too many events wait for their commit', async () => {
    t = await appWith({ maxPendingEvents: 2 });
    const id = await startExampleRelease(t);
    const held = holdCommits(t);
    const first = postEvents(t, [outcome(), outcome()]);
    await until(() => t!.services.ingest.pending === 2);
    const refused = await postEvents(t, [outcome()]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error.code).toBe('rate_limited');
    held.release();
    expect((await first).status).toBe(202);
    expect((await postEvents(t, [outcome()])).status).toBe(202);
    expect(await persistedApplied(t, id)).toBe(3);
    expect(t.services.ingest.stats().rateLimited).toBe(1);
  });

  it('answers 503 when the commit is late, and the retry with the same key learns it was counted once', async () => {
    t = await appWith({ commitTimeoutMs: 50 });
    const id = await startExampleRelease(t);
    const held = holdCommits(t);
    const batch = [outcome(), outcome(), outcome()];
    const late = await postEvents(t, batch, { key: 'late-batch' });
    expect(late.status).toBe(503);
    expect(late.body.error.message).toMatch(/retry with the same Idempotency-Key/);
    held.release();
    const retry = await postEvents(t, batch, { key: 'late-batch' });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await persistedApplied(t, id)).toBe(3);
  });
});
