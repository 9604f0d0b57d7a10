import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, exited, freePort, prepareLevel2Template, startFixture } from './kill-support.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';

const admin = 'crash-test-admin-token';
const secret = 'crash-test-actuator-secret-0123456789abcdef';

/** Starts the fixture server; resolves with its URL once it listens. */
const startServer = (dataDir: string, port: number, crashAt?: string) =>
  startFixture('rollback-server', dataDir, port, { RIPCORD_ACTUATOR_SECRET: secret, CRASH_AT: crashAt });
const call = (url: string, method: string, p: string, body?: unknown): Promise<any> =>
  callJson(url, method, p, admin, body);

/**
 * R7.1: a rollback is a recorded procedure that survives a crash. The server is killed with
 * SIGKILL at every step boundary of a level-2 rollback in turn; each time the restarted server
 * finishes the run, and every step's effect exists exactly once: a configuration revision tagged
 * with the step's idempotency key, and — the workflow declares a signed-webhook actuator for
 * every component — one call per restore step at a receiver on loopback.
 */
describe('a level-2 rollback killed at every step boundary', { timeout: 600_000 }, () => {
  let template: string;
  let releaseId: string;
  let oncallToken: string;
  let boundaries: string[] = [];
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver({ secret });
    const prepared = await prepareLevel2Template({
      prefix: 'crash',
      admin,
      secret,
      receiverUrl: receiver.url,
    });
    ({ template, releaseId, oncallToken } = prepared);
    const plan = prepared.plan;
    // Before the first step, right after each step's effect but before it is marked done (where a
    // careless executor would repeat the effect after a restart; resuming there also crosses the
    // boundary to the next step), and after the last step is done but before the run is closed.
    const n = plan.steps.length;
    boundaries = ['0:started', ...Array.from({ length: n }, (_s, i) => `${i}:applied`), `${n - 1}:done`];
  });
  afterAll(async () => {
    fs.rmSync(template, { recursive: true, force: true });
    await receiver.close();
  });

  it('resumes and completes the run, with each effect exactly once, whichever boundary it died at', async () => {
    expect(boundaries.length).toBeGreaterThanOrEqual(4);
    // Two boundaries at a time: each is its own copy of the store, its own port and processes.
    for (let i = 0; i < boundaries.length; i += 2) await Promise.all(boundaries.slice(i, i + 2).map(crashAndResume));
  });

  /** The receiver saw one signed call per restore step of this store's run, each under its own key. */
  async function expectEachActuationOnce(url: string, boundary: string): Promise<void> {
    const [run] = (await call(url, 'GET', `/v1/rollbacks?release=${releaseId}`)).runs;
    expect(run.status, boundary).toBe('succeeded');
    const expected = run.steps.filter((s: any) => s.kind === 'restore').map((s: any) => `${s.key}:actuator`);
    expect(expected.length, boundary).toBeGreaterThan(0);
    const mine = receiver.requests.filter((r) => String(r.headers['idempotency-key']).startsWith(`${run.id}:`));
    expect(
      mine.every((r) => r.signature?.ok),
      boundary,
    ).toBe(true);
    // Each call was made once (recorded before the step is marked done), so each effect applied once.
    expect(mine.map((r) => r.headers['idempotency-key']).sort(), boundary).toEqual([...expected].sort());
    for (const key of expected) expect(JSON.parse(receiver.deliveries.get(key)!).run, boundary).toBe(run.id);
  }

  async function crashAndResume(boundary: string): Promise<void> {
    {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-crash-'));
      fs.cpSync(template, dir, { recursive: true });
      const port = await freePort();
      const first = await startServer(dir, port, boundary);
      await fetch(`${first.url}/v1/releases/${releaseId}/rollback`, {
        method: 'POST',
        headers: { authorization: `Bearer ${oncallToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'crash test', level: 2 }),
      }).catch(() => undefined);
      await exited(first.child);
      expect(first.child.signalCode, boundary).toBe('SIGKILL');
      const second = await startServer(dir, port);
      try {
        const shown = await call(second.url, 'GET', `/v1/releases/${releaseId}`);
        expect(shown.release.status, boundary).toBe('rolled-back');
        expect(
          shown.timeline.some((e: any) => e.kind === 'rollback.resumed'),
          boundary,
        ).toBe(true);
        const history = (
          await call(second.url, 'GET', '/v1/workflows/ride-pricing/environments/production/config/history?limit=1000')
        ).revisions;
        const keys = history.map((r: any) => r.change.key).filter(Boolean);
        expect(new Set(keys).size, `${boundary}: ${keys.join(',')}`).toBe(keys.length);
        const config = (await call(second.url, 'GET', '/v1/workflows/ride-pricing/environments/production/config'))
          .config;
        expect(config.split, boundary).toBeUndefined();
        expect((await call(second.url, 'GET', '/v1/audit/verify')).ok).toBe(true);
        await expectEachActuationOnce(second.url, boundary);
      } finally {
        second.child.kill('SIGKILL');
        await exited(second.child);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
});
