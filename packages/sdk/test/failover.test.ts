import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type LossEvent, type RipcordClient } from '../src/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const outcome = (i: number) => ({ type: 'outcome' as const, workflow: 'support-summary', requestId: `req-${i}` });

function client(servers: string[], extra: Partial<Parameters<typeof createClient>[0]> = {}): RipcordClient {
  const c = createClient({
    server: servers,
    token: 'sdk-token',
    environment: 'production',
    workflows: ['support-summary'],
    readyTimeoutMs: 5000,
    reconnectBaseMs: 20,
    reconnectMaxMs: 300,
    pollIntervalMs: 10_000,
    ...extra,
  });
  cleanup.push(() => c.close());
  return c;
}

describe('several servers (issue 17)', () => {
  it('moves its stream and its reports to the next server when one dies, and misses no revision', async () => {
    const a = await FakeServer.start({ snapshot: makeSnapshot(1) });
    const b = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(
      () => a.stop(),
      () => b.stop(),
    );
    const c = client([a.url, b.url], { report: { flushIntervalMs: 10, retryBaseMs: 10, retryMaxMs: 50 } });
    await c.ready();
    await waitFor(() => a.streams.size === 1, 'the stream on the first server');
    await a.stop();
    // Revisions committed while the client moves: the snapshot it gets from the next server has them.
    b.publish(makeSnapshot(2));
    await waitFor(() => b.streams.size === 1, 'the stream on the second server');
    await waitFor(() => c.revision === 2, 'revision 2 from the second server');
    b.publish(makeSnapshot(3));
    await waitFor(() => c.revision === 3, 'revision 3 streamed by the second server');
    for (let i = 0; i < 20; i++) c.report(outcome(i));
    await waitFor(() => c.stats().sent === 20, 'the events sent to the second server');
    expect(b.events).toHaveLength(20);
  });

  it('restarts the stream as soon as a poll succeeds after an outage', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    // A reconnect backoff of 60 s: only a poll-triggered restart can bring the stream back in time.
    const c = client([s.url], { reconnectBaseMs: 60_000, reconnectMaxMs: 60_000, pollIntervalMs: 50 });
    await c.ready();
    await s.stop();
    await new Promise((r) => setTimeout(r, 300));
    await s.listen();
    await waitFor(() => s.streams.size === 1, 'the stream reopened after the first good poll', 5000);
    s.publish(makeSnapshot(2));
    await waitFor(() => c.revision === 2, 'a revision streamed after the outage');
  });
});

describe('reporting through an outage (issue 17)', () => {
  it('loses nothing within the buffer: a 10-minute outage scaled down 100 times', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    // Scaled 1:100 — 10 min of outage is 6 s, the 30 s retry ceiling 300 ms; 4,000 events in it.
    const c = client([s.url], {
      streaming: false,
      report: { flushIntervalMs: 10, retryBaseMs: 3, retryMaxMs: 300, maxBufferedEvents: 10_000 },
    });
    await c.ready();
    await s.stop();
    const total = 4000;
    for (let i = 0; i < total; i++) {
      c.report(outcome(i));
      if (i % 40 === 39) await new Promise((r) => setTimeout(r, 60));
    }
    await s.listen();
    await waitFor(() => c.stats().sent === total, 'every event delivered after the outage', 30_000);
    const ids = new Set(s.events.map((e) => e.id));
    expect(ids.size).toBe(total);
    expect(c.stats()).toMatchObject({ sent: total, dropped: 0, failed: 0, buffered: 0 });
  });

  it('counts and announces what a full buffer drops', async () => {
    const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
    cleanup.push(() => s.stop());
    const c = client([s.url], {
      streaming: false,
      report: { flushIntervalMs: 10, retryBaseMs: 3, retryMaxMs: 50, maxBufferedEvents: 100, batchSize: 50 },
    });
    const losses: LossEvent[] = [];
    c.on('loss', (e) => losses.push(e));
    await c.ready();
    await s.stop();
    for (let i = 0; i < 300; i++) c.report(outcome(i));
    await s.listen();
    await waitFor(() => c.stats().buffered === 0 && c.stats().inFlight === 0, 'the buffer drained', 10_000);
    const { sent, dropped, failed } = c.stats();
    expect(dropped).toBeGreaterThan(0);
    expect(sent + dropped).toBe(300);
    expect(failed).toBe(0);
    expect(losses.length).toBeGreaterThan(0);
    expect(losses[0]).toMatchObject({ capacity: 100 });
  });
});

describe('ready() and close() with nothing else keeping the process alive', () => {
  it('rejects ready(), resolves flush() and close() with what is left, instead of exiting silently', async () => {
    const entry = new URL('../src/index.ts', import.meta.url).pathname;
    const script = `
      import { createClient } from ${JSON.stringify(entry)};
      const c = createClient({ server: ['http://127.0.0.1:9', 'http://127.0.0.1:10'], token: 't', environment: 'production',
        workflows: ['w'], readyTimeoutMs: 300, report: { closeTimeoutMs: 300 } });
      c.report({ type: 'outcome', workflow: 'w', requestId: 'r1' });
      try { await c.ready(); console.log('ready'); } catch (e) { console.log('rejected ' + e.code); }
      console.log('flushed, pending ' + (await c.flush({ timeoutMs: 300 })).pending);
      const r = await c.close();
      console.log('closed ' + r.undelivered);`;
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        (error, stdout) => resolve({ code: child.exitCode ?? (error ? 1 : 0), stdout }),
      );
    });
    expect(out.stdout).toBe('rejected READY_TIMEOUT\nflushed, pending 1\nclosed 1\n');
    expect(out.code).toBe(0);
  });
});
