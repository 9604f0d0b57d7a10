import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, exited, freePort, prepareLevel2Template, startFixture } from './kill-support.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';

const admin = 'crash-test-admin-token';
const secret = 'settle-kill-actuator-secret-0123456789abcdef';
const startServer = (dataDir: string, port: number, crashAt?: string) =>
  startFixture('rollback-server', dataDir, port, { RIPCORD_ACTUATOR_SECRET: secret, CRASH_AT: crashAt });
const call = (url: string, method: string, p: string, body?: unknown, token = admin): Promise<any> =>
  callJson(url, method, p, token, body);

/**
 * Settling is atomic (issue 12, R7.1): a level-2 rollback is killed with SIGKILL over the moments
 * after its last actuator acknowledgement — at fixed delays after it, and just before and after the
 * transaction that ends the run. Whatever the moment, the restarted server shows a run that
 * succeeded with its release rolled back, one incident, one team-lead notification, and a retried
 * rollback request is answered with that run, never a 409. (Before, a kill 10–50 ms after the last
 * acknowledgement left the run `succeeded` and the release stuck in `rolling-back`.)
 */
describe('a level-2 rollback killed while it settles', { timeout: 600_000 }, () => {
  let template: string;
  let releaseId: string;
  let oncallToken: string;
  let lastRestore: number;
  let lastStep: number;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver({ secret });
    const prepared = await prepareLevel2Template({
      prefix: 'settle',
      admin,
      secret,
      receiverUrl: receiver.url,
    });
    ({ template, releaseId, oncallToken } = prepared);
    const plan = prepared.plan;
    lastRestore = plan.steps.map((s: any) => s.kind).lastIndexOf('restore');
    lastStep = plan.steps.length - 1;
    expect(lastRestore).toBeGreaterThanOrEqual(0);
  }, 180_000);
  afterAll(async () => {
    fs.rmSync(template, { recursive: true, force: true });
    await receiver.close();
  });

  it('ends either with the run still to resume or with all of it, wherever it dies', async () => {
    const points = [
      ...[0, 10, 25, 50].map((ms) => `${lastRestore}:applied+${ms}`),
      `${lastStep}:closing`,
      `${lastStep}:closed`,
    ];
    for (let i = 0; i < points.length; i += 2) await Promise.all(points.slice(i, i + 2).map(killAndRestart));
  });

  async function killAndRestart(point: string): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-settle-'));
    fs.cpSync(template, dir, { recursive: true });
    const port = await freePort();
    const first = await startServer(dir, port, point);
    await fetch(`${first.url}/v1/releases/${releaseId}/rollback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${oncallToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'settle kill', level: 2 }),
    }).catch(() => undefined);
    await exited(first.child);
    expect(first.child.signalCode, point).toBe('SIGKILL');
    const second = await startServer(dir, port);
    try {
      const shown = await call(second.url, 'GET', `/v1/releases/${releaseId}`);
      const [run, ...others] = (await call(second.url, 'GET', `/v1/rollbacks?release=${releaseId}`)).runs;
      expect(others, point).toEqual([]);
      expect(run.status, point).toBe('succeeded');
      expect(shown.release.status, point).toBe('rolled-back');
      const notified = shown.timeline.filter((e: any) => e.kind === 'notify.team-lead' && e.details.run === run.id);
      expect(notified, point).toHaveLength(1);
      const incidents = (await call(second.url, 'GET', '/v1/incidents')).incidents.filter(
        (x: any) => x.runId === run.id,
      );
      expect(incidents, point).toHaveLength(1);
      const retry = await fetch(`${second.url}/v1/releases/${releaseId}/rollback`, {
        method: 'POST',
        headers: { authorization: `Bearer ${oncallToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'retry after the kill', level: 2 }),
      });
      const answer = await retry.json();
      expect(retry.status, `${point}: ${JSON.stringify(answer)}`).toBe(200);
      expect(answer, point).toMatchObject({ status: 'joined', runId: run.id });
      expect((await call(second.url, 'GET', '/v1/audit/verify')).ok, point).toBe(true);
    } finally {
      second.child.kill('SIGKILL');
      await exited(second.child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
