import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lease, LeaderView, Role } from '../src/features/replicas/leadership.js';
import { createTestApp, type TestApp } from './helpers.js';
import { outcome } from './ingest-support.js';

/** A follower's view of leadership, as a test sets it (the election itself runs in replicas.test.ts). */
function view(role: Role, lease: Lease | undefined): LeaderView {
  return { role, isLeader: () => role === 'leader', lease: () => Promise.resolve(lease), holder: 'this-replica' };
}

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/**
 * A follower that cannot hand a write to a leader says so (issue 17, ADR 0014): a 503 with
 * Retry-After, never a 202 for events nobody counted. Reads are served as ever.
 */
describe('a follower without a reachable leader', () => {
  const post = (t: TestApp) =>
    t.app.request('/v1/events', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify([outcome()]),
    });

  it('answers 503 with Retry-After when the leader does not answer', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    app = await createTestApp('pglite', {
      leader: view('follower', { token: 3, holder: 'gone', url, since: new Date() }),
    });
    const res = await post(app);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as any).error.code).toBe('unavailable');
    expect(app.services.ingest.stats().batches).toBe(0);
    expect((await app.call('GET', '/v1/releases')).status).toBe(200);
  });

  it('answers 503 while no replica holds the lease, and while taking over', async () => {
    app = await createTestApp('pglite', { leader: view('follower', undefined) });
    expect((await post(app)).status).toBe(503);
    await app.close();
    app = await createTestApp('pglite', { leader: view('taking-over', undefined) });
    expect((await post(app)).status).toBe(503);
  });

  it('refuses a request another replica forwarded to it (no second hop)', async () => {
    app = await createTestApp('pglite', {
      leader: view('follower', { token: 3, holder: 'other', url: 'http://127.0.0.1:9', since: new Date() }),
    });
    const res = await app.app.request('/v1/events', {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-admin-token-0123456789',
        'content-type': 'application/json',
        'x-ripcord-forwarded-by': 'a-third-replica',
      },
      body: JSON.stringify([outcome()]),
    });
    expect(res.status).toBe(503);
  });
});
