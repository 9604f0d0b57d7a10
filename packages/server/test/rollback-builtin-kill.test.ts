import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, TOKEN_ENV, kserveExample, seedFakes } from './actuator-builtin-support.js';
import { startFakeKubernetes, type FakeKubernetes } from './actuator-fakes/kubernetes-fake.js';
import { startFakeMlflow, type FakeMlflow } from './actuator-fakes/mlflow-fake.js';

const admin = 'crash-test-admin-token';
const fixture = path.join(import.meta.dirname, 'fixtures/rollback-server.ts');
/** Process start (tsx + PGlite) on a busy 2-core machine: generous, never an assertion. */
const patience = 60_000;

/** The newest server process (a kill may come before it listens: it resumes runs on start). */
let latest: ChildProcess | undefined;

/** Starts the real server on `dataDir` (a free port); resolves once it listens. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, '0'], {
    env: { ...process.env, ...TOKEN_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  latest = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not listen in time')), patience);
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, url: line.replace(/^ready /, '') });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));

async function call(url: string, method: string, p: string, body?: unknown, token = admin): Promise<any> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/**
 * Issue 19: a level-2 rollback with Gateway API + MLflow actuators survives kill -9 at the worst
 * moments — after the registry stored the alias move, and after the API server stored the new
 * weights, each time before the server could record the call. The restarted server resumes the
 * run from its frozen plan and declarations, reads each target first, finds the effect in place,
 * and makes no second write.
 */
describe('built-in actuators across kill -9', { timeout: 240_000 }, () => {
  let k8s: FakeKubernetes;
  let mlflow: FakeMlflow;
  let dir: string;
  beforeAll(async () => {
    [k8s, mlflow] = await Promise.all([startFakeKubernetes(FAKE_TOKEN), startFakeMlflow(FAKE_TOKEN)]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-builtin-kill-'));
  });
  afterAll(async () => {
    latest?.kill('SIGKILL');
    await Promise.all([k8s.close(), mlflow.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after each kill and applies every effect exactly once', async () => {
    seedFakes(k8s, mlflow);
    let server = await startServer(dir);
    const documents = kserveExample(k8s, mlflow, 'gateway-api');
    expect((await call(server.url, 'POST', '/v1/apply', { documents })).results).toHaveLength(documents.length);
    await call(server.url, 'PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await call(server.url, 'GET', '/v1/releases')).releases[0].id as string;
    const oncall = (await call(server.url, 'POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).token;
    expect((await call(server.url, 'POST', `/v1/releases/${id}/start`)).started).toBe(true);

    // Kill 1: the alias is stored in MLflow; the server dies before it hears so.
    const kill = (target: { onWrite?: (k: string) => Promise<void> }) => {
      target.onWrite = async () => {
        target.onWrite = undefined as never;
        latest!.kill('SIGKILL');
        await exited(latest!);
      };
    };
    kill(mlflow);
    await call(server.url, 'POST', `/v1/releases/${id}/rollback`, { reason: 'bad prices', level: 2 }, oncall).catch(
      () => undefined,
    );
    await exited(server.child);
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(mlflow.writes).toHaveLength(1);
    expect(k8s.writes).toHaveLength(0);

    // Kill 2: the restarted server resumes; the weights are stored; it dies again before recording them.
    kill(k8s);
    // Killed while resuming, before or after it listens.
    await startServer(dir).catch(() => undefined);
    await exited(latest!);
    expect(latest!.signalCode).toBe('SIGKILL');
    expect(k8s.writes).toHaveLength(1);

    server = await startServer(dir);
    try {
      const shown = await call(server.url, 'GET', `/v1/releases/${id}`);
      expect(shown.release.status).toBe('rolled-back');
      // The server killed mid-resume recorded no resumption of its own; the last one did.
      expect(shown.timeline.some((e: any) => e.kind === 'rollback.resumed')).toBe(true);
      const [run] = (await call(server.url, 'GET', `/v1/rollbacks?release=${id}`)).runs;
      expect(run.status).toBe('succeeded');
      expect(run.actuators.serving).toMatchObject({ kind: 'gateway-api', server: k8s.url });
      // One write each, though each was made by a process that died before recording it.
      expect(mlflow.writes).toEqual([{ name: 'demand-gbm', alias: 'champion', version: '7' }]);
      expect(k8s.writes).toHaveLength(1);
      expect(mlflow.aliases.get('demand-gbm@champion')).toBe('7');
      const weights = k8s.objects
        .get('httproutes/pricing/demand-gbm')!
        .spec.rules[0].backendRefs.map((b: any) => b.weight);
      expect(weights).toEqual([100, 0]);
      const results = run.steps.map((s: any) => s.result).join('\n');
      expect(results).toMatch(/MLflow demand-gbm@champion already is version 7; read back/);
      expect(results).toMatch(/HTTPRoute pricing\/demand-gbm already routes nothing to the candidate; read back/);
      expect((await call(server.url, 'GET', '/v1/audit/verify')).ok).toBe(true);
    } finally {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
  });
});
