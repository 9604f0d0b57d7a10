import { afterEach, describe, expect, it } from 'vitest';
import { openStreamClients, type StreamClients } from '../src/testing/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('openStreamClients (propagation benchmark helper)', () => {
  it('opens N streaming clients and records when each applied a revision', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    const fleet: StreamClients = await openStreamClients({
      count: 25,
      client: { server: s.url, token: 'sdk-token', environment: 'production', workflows: ['support-summary'] },
    });
    cleanup.push(() => fleet.close());
    expect(s.streams.size).toBe(25);
    const sentAt = Date.now();
    s.publish(makeSnapshot(2, { provider: 'x' }));
    const times = await fleet.waitForRevision(2, 5000);
    expect(times).toHaveLength(25);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(sentAt - 1);
    expect(fleet.clients.every((c) => c.flag('support-summary', 'ai.route.provider', '') === 'x')).toBe(true);
    await expect(fleet.waitForRevision(3, 50)).rejects.toThrow(/revision 3/);
  });
});
