import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocuments } from './helpers.js';

const admin = 'kill-test-admin-token';
const fixture = path.join(import.meta.dirname, 'fixtures/release-server.ts');
/** The servers' own evaluation timer: fast enough for a test, slow enough not to pile up on a loaded machine. */
const tickMs = '500';
/** Process start (tsx + PGlite) and ticks on a busy 2-core machine: generous, never an assertion. */
const patience = 45_000;

interface TickResult {
  release: string;
  decision: string | null;
  action: string;
}

/** A fixture server process and the ticks it reported. */
interface Server {
  child: ChildProcess;
  url: string;
  /** Resolves with the results of the first tick reported after the call that `match` accepts. */
  nextTick(match?: (results: TickResult[]) => boolean): Promise<TickResult[]>;
}

const running = new Set<ChildProcess>();
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-release-kill-'));
  dirs.push(dir);
  return dir;
}

/** Starts the real server on `dataDir` (any free port on 127.0.0.1); resolves once it listens. */
function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, '0'], {
    env: { ...process.env, RIPCORD_TICK_MS: tickMs, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const waiting: { match: (r: TickResult[]) => boolean; resolve: (r: TickResult[]) => void }[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not listen in time')), patience);
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) {
        clearTimeout(timer);
        resolve({ child, url: line.slice('ready '.length), nextTick });
      } else if (line.startsWith('tick ')) {
        const results = JSON.parse(line.slice('tick '.length)) as TickResult[];
        for (const w of waiting.splice(0)) {
          if (w.match(results)) w.resolve(results);
          else waiting.push(w);
        }
      }
    });
  });

  function nextTick(match: (r: TickResult[]) => boolean = () => true): Promise<TickResult[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching tick in time')), patience);
      waiting.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }
}

/** SIGKILL: no shutdown hook runs, nothing is flushed. */
async function kill(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await exited;
  expect(server.child.signalCode).toBe('SIGKILL');
}

async function call(server: Server, method: string, p: string, body?: unknown, token = admin): Promise<any> {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const get = async (server: Server, p: string) => (await call(server, 'GET', p)).body;

/** Polls the release until `ready` accepts it (the server moves it on its own timer). */
async function releaseWhen(server: Server, id: string, ready: (release: any) => boolean): Promise<any> {
  const deadline = Date.now() + patience;
  for (;;) {
    const { release } = await get(server, `/v1/releases/${id}`);
    if (ready(release)) return release;
    if (Date.now() > deadline) throw new Error(`release not as expected in time: ${JSON.stringify(release)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const stageStarts = (timeline: any[], stage: number) =>
  timeline.filter((e) => e.kind === 'release.stage-started' && e.details.stage === stage);

/** What a restart must keep exactly: the release as stored, and what the SDK is served. */
async function snapshot(server: Server, id: string, workflow: string) {
  const shown = await get(server, `/v1/releases/${id}`);
  // The SDK snapshot as served, less the time it was generated at.
  const { generatedAt: _at, ...sdk } = await get(server, `/v1/sdk/config?environment=production&workflows=${workflow}`);
  return {
    release: shown.release,
    timeline: shown.timeline,
    config: await get(server, `/v1/workflows/${workflow}/environments/production/config`),
    sdk,
  };
}

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Restart tests with a real process kill (issue 5): the server is killed with SIGKILL in the middle
 * of a canary stage and while a rollback waits for approval, and started again on the same data
 * directory. Every timer is a stored timestamp, so the restarted server resumes exactly.
 */
describe('a release survives a SIGKILL of the server', { timeout: 180_000 }, () => {
  it('mid-stage: same stage, same stored state, same split served; the stage goes on without restarting', async () => {
    const dir = tempDir();
    const first = await startServer(dir);
    const documents = exampleDocuments('support-summary', { includeReleases: true });
    expect((await call(first, 'POST', '/v1/apply', { documents })).status).toBe(200);
    await call(first, 'PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const id = (await get(first, '/v1/releases?workflow=support-summary')).releases[0].id as string;
    expect((await call(first, 'POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    // The offline stage's first tick has judged it (its writes are done) before the evidence comes.
    await releaseWhen(first, id, (r) => r.state.lastDecision !== undefined);
    const advanced = first.nextTick((r) => r.some((x) => x.release === id && x.action === 'advanced'));
    const evidence = { tasks: 1000, passed: 1000 };
    expect((await call(first, 'POST', `/v1/releases/${id}/offline-evidence`, evidence)).status).toBe(200);
    await advanced;
    // A tick in the new stage judges its gates and stores since when each is in its state.
    await releaseWhen(first, id, (r) => r.stage === 1 && Object.keys(r.state.gateSince ?? {}).length > 0);
    const before = await snapshot(first, id, 'support-summary');
    expect(before.release).toMatchObject({ status: 'running', stage: 1 });
    const { stage: clock, gateSince } = before.release.state;
    expect(Date.parse(clock.bakeEndsAt) - Date.parse(clock.startedAt)).toBe(60 * 60_000);
    expect(Object.keys(gateSince)).toHaveLength(7);
    expect(before.config.config.split).toEqual({ release: 'sonnet-5-tier', percent: 5 });
    expect(stageStarts(before.timeline, 1)).toHaveLength(1);

    await kill(first);
    const second = await startServer(dir);
    const after = await snapshot(second, id, 'support-summary');
    expect(after.release).toEqual(before.release);
    expect(after.config).toEqual(before.config);
    expect(after.sdk).toEqual(before.sdk);

    // The restarted server's own ticks judge the same stage against the same stored bake end.
    const [ticked] = (await second.nextTick((r) => r.some((x) => x.release === id))).filter((x) => x.release === id);
    expect(ticked).toMatchObject({ decision: 'continue', action: 'none' });
    const resumed = await snapshot(second, id, 'support-summary');
    expect(resumed.release.state).toEqual(before.release.state);
    expect(resumed.release).toMatchObject({ status: 'running', stage: 1 });
    expect(stageStarts(resumed.timeline, 1)).toHaveLength(1);
    expect(resumed.timeline.map((e: any) => e.kind)).toEqual(before.timeline.map((e: any) => e.kind));
    expect(resumed.config).toEqual(before.config);
    await kill(second);
  });

  it('mid-approval: the request and its deadline are kept; one approval after the restart runs it once', async () => {
    const dir = tempDir();
    // The candidate's health endpoint (port 18042 in the example) fails: an immediate gate.
    const env = { FAIL_PROBES_MATCHING: ':18042/' };
    const first = await startServer(dir, env);
    const docs = exampleDocuments('ride-pricing', { includeReleases: true });
    // Automatic rollbacks limited to flags: the level-2 plan needs an on-call engineer's approval.
    const documents = docs.map((d) => (d.kind === 'Release' ? { ...d, automatic: ['flags'] } : d));
    expect((await call(first, 'POST', '/v1/apply', { documents })).status).toBe(200);
    await call(first, 'PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const oncall = (await call(first, 'POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token as string;
    const id = (await get(first, '/v1/releases?workflow=ride-pricing')).releases[0].id as string;
    const waiting = first.nextTick((r) => r.some((x) => x.release === id && x.action === 'awaiting-approval'));
    expect((await call(first, 'POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    await waiting;
    const before = await snapshot(first, id, 'ride-pricing');
    expect(before.release.status).toBe('paused');
    const pending = before.release.state.pendingRollback;
    expect(pending).toMatchObject({ level: 'level2', remaining: ['on-call'], requestedBy: 'ripcord' });
    expect(Date.parse(pending.expiresAt) - Date.parse(pending.at)).toBe(30 * 60_000);
    expect(before.config.config.split.percent).toBe(1);
    expect((await get(first, `/v1/rollbacks?release=${id}`)).runs).toEqual([]);

    await kill(first);
    const second = await startServer(dir, env);
    expect((await snapshot(second, id, 'ride-pricing')).release).toEqual(before.release);
    // A tick of the restarted server (which expires approvals whose deadline passed) keeps it waiting.
    await second.nextTick();
    const kept = await snapshot(second, id, 'ride-pricing');
    expect(kept.release.state.pendingRollback).toEqual(pending);
    expect(kept.release.status).toBe('paused');
    expect(kept.config).toEqual(before.config);

    // Two grants at once from the on-call engineer: the rollback runs once.
    const grant = () =>
      call(second, 'POST', `/v1/releases/${id}/approvals`, { verdict: 'grant', reason: 'health failing' }, oncall);
    const answers = await Promise.all([grant(), grant()]);
    // One grant runs it; the other finds nothing waiting any more, or joins the run already going.
    const outcomes = answers.map((a) => a.body.status ?? a.body.error.code);
    expect(
      outcomes.filter((o) => o === 'executed'),
      JSON.stringify(answers),
    ).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'executed')[0], JSON.stringify(answers)).toMatch(/^(conflict|joined)$/);
    const runs = (await get(second, `/v1/rollbacks?release=${id}`)).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('succeeded');
    const done = await snapshot(second, id, 'ride-pricing');
    expect(done.release.status).toBe('rolled-back');
    expect(done.release.state.pendingRollback).toBeUndefined();
    expect(done.timeline.filter((e: any) => e.kind === 'rollback.executed')).toHaveLength(1);
    expect(done.config.config.split).toBeUndefined();
    await kill(second);
  });
});
