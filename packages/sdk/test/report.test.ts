import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  decisionFields,
  type ClientErrorEvent,
  type ReportOptions,
  type RipcordClient,
} from '../src/index.js';
import { FakeServer } from './helpers/fake-server.js';
import { makeSnapshot } from './helpers/snapshots.js';
import { waitFor } from './helpers/wait.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(
  report: ReportOptions = {},
  url?: string,
): Promise<{ s: FakeServer; c: RipcordClient; errors: ClientErrorEvent[] }> {
  const s = await FakeServer.start({ snapshot: makeSnapshot(1) });
  cleanup.push(() => s.stop());
  const c = createClient({
    server: url ?? s.url,
    token: 'sdk-token',
    environment: 'production',
    workflows: ['support-summary'],
    streaming: false,
    pollIntervalMs: 60_000,
    readyTimeoutMs: 1000,
    random: () => 0.5,
    report: { flushIntervalMs: 60_000, retryBaseMs: 1, retryMaxMs: 5, closeTimeoutMs: 2000, ...report },
  });
  cleanup.push(async () => void (await c.close()));
  const errors: ClientErrorEvent[] = [];
  c.on('error', (e) => errors.push(e));
  return { s, c, errors };
}

const outcome = (i: number) => ({ type: 'outcome' as const, workflow: 'support-summary', requestId: `req-${i}` });

describe('report()', () => {
  it('batches events, fills id/at/environment, and gives each batch its own idempotency key', async () => {
    const { s, c } = await setup({ batchSize: 10 });
    for (let i = 0; i < 25; i++) expect(c.report(outcome(i))).toBe(true);
    await c.flush();
    expect(s.batches.map((b) => b.events.length)).toEqual([10, 10, 5]);
    expect(new Set(s.batches.map((b) => b.idempotencyKey)).size).toBe(3);
    expect(s.events.map((e) => 'requestId' in e && e.requestId)).toEqual(
      Array.from({ length: 25 }, (_, i) => `req-${i}`),
    );
    const first = s.events[0]!;
    expect(first.environment).toBe('production');
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(first.at))).toBe(false);
    expect(c.stats()).toMatchObject({ sent: 25, buffered: 0, dropped: 0, failed: 0 });
  });

  it('sends a full batch without waiting for the flush interval', async () => {
    const { s, c } = await setup({ batchSize: 5 });
    for (let i = 0; i < 5; i++) c.report(outcome(i));
    await waitFor(() => s.events.length === 5, 'a full batch to be sent');
  });

  it('retries 5xx and 429 with the same idempotency key and body', async () => {
    const { s, c } = await setup();
    s.ingestScript.push({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    c.report(outcome(1));
    c.report(outcome(2));
    await c.flush();
    expect(s.batches).toHaveLength(3);
    expect(new Set(s.batches.map((b) => b.idempotencyKey)).size).toBe(1);
    expect(new Set(s.batches.map((b) => b.body)).size).toBe(1);
    expect(c.stats()).toMatchObject({ sent: 2, failed: 0 });
  });

  it('gives up after maxAttempts and counts the batch as failed', async () => {
    const { s, c, errors } = await setup({ maxAttempts: 3 });
    s.ingestScript.push({ status: 500 }, { status: 500 }, { status: 500 });
    c.report(outcome(1));
    await c.flush();
    expect(s.batches).toHaveLength(3);
    expect(c.stats()).toMatchObject({ sent: 0, failed: 1 });
    expect(errors.some((e) => e.code === 'REPORT_FAILED')).toBe(true);
  });

  it('does not retry a permanent 4xx', async () => {
    const { s, c, errors } = await setup();
    s.ingestScript.push({ status: 400, body: { error: { code: 'VALIDATION' } } });
    c.report(outcome(1));
    await c.flush();
    expect(s.batches).toHaveLength(1);
    expect(c.stats().failed).toBe(1);
    expect(errors.find((e) => e.code === 'REPORT_FAILED')?.status).toBe(400);
  });

  it('counts events the server rejects individually', async () => {
    const { s, c, errors } = await setup();
    s.ingestScript.push({
      status: 202,
      body: { accepted: 1, rejected: [{ index: 1, code: 'INVALID_EVENT', message: 'latencyMs < 0' }] },
    });
    c.report(outcome(1));
    c.report(outcome(2));
    await c.flush();
    expect(c.stats()).toMatchObject({ sent: 1, rejected: 1 });
    expect(errors.find((e) => e.code === 'REPORT_REJECTED')?.message).toContain('INVALID_EVENT');
  });

  it('bounds the buffer, dropping the oldest events and counting them', async () => {
    const { s, c, errors } = await setup({ maxBufferedEvents: 5, batchSize: 100 });
    for (let i = 0; i < 8; i++) c.report(outcome(i));
    expect(c.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    expect(errors.filter((e) => e.code === 'REPORT_DROPPED')).toHaveLength(1);
    await c.flush();
    expect(s.events.map((e) => 'requestId' in e && e.requestId)).toEqual(['req-3', 'req-4', 'req-5', 'req-6', 'req-7']);
  });

  it('flushes on close() and refuses events afterwards', async () => {
    const { s, c } = await setup();
    c.report(outcome(1));
    c.report(outcome(2));
    await c.close();
    expect(s.events).toHaveLength(2);
    expect(c.report(outcome(3))).toBe(false);
  });

  it('close() gives up within its deadline when the server is unreachable', async () => {
    const { c } = await setup(
      { closeTimeoutMs: 100, retryBaseMs: 20, retryMaxMs: 20, maxAttempts: 1000 },
      'http://127.0.0.1:9',
    );
    c.report(outcome(1));
    await c.close();
    expect(c.stats()).toMatchObject({ sent: 0, failed: 1, buffered: 0, inFlight: 0 });
  });

  it('copies a route decision into an outcome event with decisionFields()', async () => {
    const { s, c } = await setup();
    await c.ready();
    const d = c.route('support-summary', { key: 'user-7', plan: 'enterprise' });
    c.report({ ...outcome(1), ...decisionFields(d), latencyMs: 120 });
    await c.flush();
    expect(s.events[0]).toMatchObject({
      arm: d.arm,
      release: 'sonnet-5-tier',
      bundleVersion: d.bundleVersion,
      segments: ['enterprise'],
      latencyMs: 120,
    });
  });
});
