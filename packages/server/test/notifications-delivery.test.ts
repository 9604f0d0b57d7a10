import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { openPglite, type Database } from '../src/db/database.js';
import { bindStores, inTransaction } from '../src/stores.js';
import type { NotificationEvent, NotifyTarget } from '../src/features/notifications/notification-model.js';
import { NotificationService, type DeliveryOptions } from '../src/features/notifications/notification-service.js';
import { notifyTarget } from '../src/features/notifications/notify-targets.js';
import { createLogger } from '../src/logger.js';
import { availableEngines, openTestDatabase, type Engine } from './helpers.js';
import { startReceiver, until, type Receiver, type Script } from './notifications-receiver.js';

const secret = 'whsec-test-0123456789abcdef0123456789';
const delivery: Partial<DeliveryOptions> = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  timeoutMs: 5_000,
  maxAttempts: 5,
  leaseMs: 120_000,
};

const event = (over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'executing',
  release: 'sonnet-5-tier',
  workflow: 'support-summary',
  environment: 'production',
  summary: 'level2 rollback ran: traffic to control',
  details: { releaseId: 'rel_1', level: 'level2' },
  ...over,
});

function target(kind: NotifyTarget['kind'], url: string): NotifyTarget {
  const result = notifyTarget(kind, url);
  if (!result.ok) throw new Error(result.message);
  return result.targets[0]!;
}

describe.each(availableEngines())('notification delivery on %s', (engine: Engine) => {
  let database: Database;
  let clock: ManualClock;
  const open: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    database = await openTestDatabase(engine);
    clock = new ManualClock('2026-05-02T09:00:00.000Z');
  });
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    await database.close();
  });

  const receiver = async (script?: Script): Promise<Receiver> => {
    const r = await startReceiver({ secret, now: () => clock.now(), ...(script ? { script } : {}) });
    open.push(r);
    return r;
  };
  const service = (db: Database, targets: NotifyTarget[], over: Partial<DeliveryOptions> = {}) =>
    new NotificationService({
      stores: bindStores(db.db),
      clock,
      logger: createLogger({ level: 'silent' }),
      targets,
      secret,
      incidentChannel: '#inc-ai',
      delivery: { ...delivery, ...over },
      random: () => 0.5,
    });
  /** The store after a restart: PGlite reopened from a dump of its data; PostgreSQL as it is. */
  const restart = async (db: Database): Promise<Database> => {
    if (engine === 'postgres') return db;
    const reopened = await openPglite({ loadDataDir: await db.dump!() });
    open.push(reopened);
    return reopened;
  };

  it("enqueues in the caller's transaction: committed with it, or not at all, and once per key", async () => {
    const r = await receiver();
    const svc = service(database, [target('webhook', r.url), target('slack', r.url.replace('/hook', '/slack'))]);
    const result = await inTransaction(database.db, (s) => svc.notify(s, event({ key: 'k-commit' })));
    expect(result).toEqual({ key: 'k-commit', enqueued: 2 });
    await expect(
      inTransaction(database.db, async (s) => {
        await svc.notify(s, event({ key: 'k-rolled-back' }));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await svc.notify(bindStores(database.db), event({ key: 'k-commit' }))).toEqual({
      key: 'k-commit',
      enqueued: 0,
    });
    const rows = await svc.outbox();
    expect(rows.map((x) => [x.key, x.kind, x.releaseId, x.status, x.attempts]).sort()).toEqual([
      ['k-commit', 'executing', 'rel_1', 'pending', 0],
      ['k-commit', 'executing', 'rel_1', 'pending', 0],
    ]);
    // The outbox stores target ids, never URLs.
    expect(rows.some((x) => JSON.stringify(x).includes(r.url))).toBe(false);
  });

  it('retries after 500s with backoff and the receiver processes the notification once', async () => {
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    const svc = service(database, [target('webhook', r.url)]);
    await svc.notify(bindStores(database.db), event({ key: 'k-retry' }));
    expect(await svc.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    const [afterFirst] = await svc.outbox({ key: 'k-retry' });
    const wait = afterFirst!.nextAttemptAt.getTime() - clock.now().getTime();
    expect([wait >= 500, wait <= 1_000, afterFirst!.lastError]).toEqual([true, true, 'HTTP 500: nope']);
    expect((await svc.deliverDue()).attempted).toBe(0); // the backoff is not over
    clock.advance(60_000);
    expect(await svc.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    clock.advance(60_000);
    expect(await svc.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    const deliveredAt = clock.now();
    clock.advance(600_000);
    expect((await svc.deliverDue()).attempted).toBe(0);

    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual(['k-retry', 'k-retry', 'k-retry']);
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    expect(r.requests.map((q) => q.signature)).toEqual(r.requests.map(() => expect.objectContaining({ ok: true })));
    // Standard Webhooks headers too, checked by the standardwebhooks package; webhook-id is the key.
    expect(r.requests.map((q) => q.standard)).toEqual(r.requests.map(() => true));
    expect(r.requests[0]!.headers['webhook-id']).toBe(r.requests[0]!.headers['idempotency-key']);
    expect(r.requests[0]!.headers['x-ripcord-event']).toBe('notification.executing');
    expect([...r.deliveries.keys()]).toEqual(['k-retry']);
    expect(JSON.parse(r.deliveries.get('k-retry')!)).toMatchObject({
      type: 'ripcord.notification',
      id: 'k-retry',
      kind: 'executing',
      fields: { whatHappened: 'level2 rollback ran: traffic to control', incidentChannel: '#inc-ai' },
    });
    expect(await svc.outbox({ key: 'k-retry' })).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 3, lastError: null, deliveredAt }),
    ]);
  });

  it('gives up after the last attempt and records why; a 4xx is not retried', async () => {
    const r = await receiver((_n, req) => (req.headers['idempotency-key'] === 'k-gone' ? 410 : 503));
    const svc = service(database, [target('webhook', r.url)], { maxAttempts: 3 });
    await svc.notify(bindStores(database.db), event({ key: 'k-down' }));
    await svc.notify(bindStores(database.db), event({ key: 'k-gone' }));
    const passes = [];
    for (let i = 0; i < 4; i++) {
      passes.push(await svc.deliverDue());
      clock.advance(60_000);
    }
    expect(passes).toEqual([
      { attempted: 2, delivered: 0, retrying: 1, failed: 1 },
      { attempted: 1, delivered: 0, retrying: 1, failed: 0 },
      { attempted: 1, delivered: 0, retrying: 0, failed: 1 },
      { attempted: 0, delivered: 0, retrying: 0, failed: 0 },
    ]);
    const byKey = Object.fromEntries((await svc.outbox()).map((x) => [x.key, [x.status, x.attempts, x.lastError]]));
    expect(byKey).toEqual({
      'k-down': ['failed', 3, 'gave up after 3 attempts: HTTP 503: nope'],
      'k-gone': ['failed', 1, 'HTTP 410: nope'],
    });
    expect(r.deliveries.size).toBe(0);
  });

  it('redelivers a notification whose answer was lost (timeout) under the same key; processed once', async () => {
    const r = await receiver((n) => (n === 1 ? 'process-then-hang' : 200));
    const svc = service(database, [target('webhook', r.url)], { timeoutMs: 300 });
    await svc.notify(bindStores(database.db), event({ key: 'k-slow' }));
    expect(await svc.deliverDue()).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await svc.outbox())[0]!.lastError).toBe('no answer within 300 ms');
    expect([...r.deliveries.keys()]).toEqual(['k-slow']); // processed, but the answer never came
    clock.advance(60_000);
    expect(await svc.deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual(['k-slow', 'k-slow']);
    expect([...r.deliveries.keys()]).toEqual(['k-slow']);
  });

  it('posts Slack targets as { text, blocks } without a signature', async () => {
    const r = await receiver();
    const svc = service(database, [target('slack', r.url)]);
    await svc.notify(
      bindStores(database.db),
      event({ kind: 'verified', key: 'k-slack', summary: 'restored <ok> & verified' }),
    );
    expect(await svc.deliverDue()).toMatchObject({ delivered: 1 });
    const [req] = r.requests;
    expect(req!.headers['x-ripcord-signature']).toBeUndefined();
    expect([req!.headers['idempotency-key'], req!.headers['x-ripcord-event']]).toEqual([
      'k-slack',
      'notification.verified',
    ]);
    const body = JSON.parse(req!.body);
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Rollback verified: support-summary (production)' },
    });
    expect(body.blocks[1].text.text).toBe('*What happened*\nrestored &lt;ok&gt; &amp; verified');
  });

  it('survives a restart: a new service on the same store delivers everything still pending', async () => {
    let up = false;
    const r = await receiver(() => (up ? 200 : 503));
    const targets = [target('webhook', r.url)];
    const before = service(database, targets);
    await before.notify(bindStores(database.db), event({ key: 'k-attempted' }));
    expect(await before.deliverDue()).toMatchObject({ retrying: 1 });
    await before.notify(bindStores(database.db), event({ key: 'k-never-attempted', kind: 'verified' }));

    const store = await restart(database);
    up = true;
    const after = service(store, targets);
    clock.advance(60_000);
    expect(await after.deliverDue()).toMatchObject({ attempted: 2, delivered: 2 });
    expect([...r.deliveries.keys()].sort()).toEqual(['k-attempted', 'k-never-attempted']);
    expect((await after.outbox()).map((x) => x.status)).toEqual(['delivered', 'delivered']);
  });

  it('a sender that dies mid-request leaves the row leased; after the lease it is redelivered once, same key', async () => {
    const r = await receiver((n) => (n === 1 ? 'process-then-hang' : 200));
    const targets = [target('webhook', r.url)];
    const crashed = service(database, targets);
    await crashed.notify(bindStores(database.db), event({ key: 'k-crash' }));
    const inFlight = crashed.deliverDue();
    await until(() => r.requests.length === 1, 'the first attempt to arrive');

    const store = await restart(database); // what a kill -9 now would leave on disk
    const revived = service(store, targets);
    expect((await revived.deliverDue()).attempted).toBe(0); // still leased to the dead sender
    clock.advance(120_001);
    expect(await revived.deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    expect((await revived.outbox({ key: 'k-crash' }))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual(['k-crash', 'k-crash']);
    expect([...r.deliveries.keys()]).toEqual(['k-crash']);
    r.release(200);
    await inFlight;
  });

  it('the loop delivers by itself; stop() aborts an attempt in flight and leaves it due, uncounted', async () => {
    const r = await receiver((n) => (n === 2 ? 'hang' : 200));
    const svc = service(database, [target('webhook', r.url)], { pollMs: 20 });
    svc.start();
    await svc.notify(bindStores(database.db), event({ key: 'k-loop' }));
    await until(() => r.deliveries.has('k-loop'), 'the loop to deliver');
    await svc.notify(bindStores(database.db), event({ key: 'k-stop' }));
    await until(() => r.requests.length === 2, 'the second attempt to arrive');
    await svc.stop();
    const [row] = await svc.outbox({ key: 'k-stop' });
    expect([row!.status, row!.attempts, row!.nextAttemptAt.getTime() <= clock.now().getTime()]).toEqual([
      'pending',
      0,
      true,
    ]);
    expect(await svc.deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    expect([...r.deliveries.keys()]).toEqual(['k-loop', 'k-stop']);
  });

  it('fails rows whose target is no longer configured, saying so', async () => {
    const r = await receiver();
    const old = service(database, [target('webhook', r.url)]);
    await old.notify(bindStores(database.db), event({ key: 'k-orphan' }));
    const reconfigured = service(database, [target('webhook', r.url.replace('/hook', '/other'))]);
    expect(await reconfigured.deliverDue()).toMatchObject({ attempted: 1, failed: 1 });
    expect((await reconfigured.outbox())[0]!.lastError).toMatch(/^target webhook_[0-9a-f]{12} is no longer configured/);
    expect(r.requests).toHaveLength(0);
  });
});
