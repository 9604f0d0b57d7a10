/**
 * baseline_p95_7d from ripcord's records, end to end: outcome events served while no release runs
 * build the control route's hourly latency records; they survive a restart; a release started
 * afterwards freezes their p95 into its gate config, and support-summary's latency-regression gate
 * (`above: "2x", of: baseline_p95_7d`) breaches on a candidate 3× slower and passes on an equal one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '@ripcord/protocol';
import { openPglite } from '../src/db/database.js';
import { BASELINE_MIN_REQUESTS, baselineRowId } from '../src/features/ingest/baseline-records.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';
import { postEvents } from './ingest-support.js';

const scope = { workflow: 'support-summary', environment: 'production' } as const;
const CONTROL = '2026-04-10.1';
const CANDIDATE = '2026-05-02.1';
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The i-th latency of a fixed spread: 500 … 1490 ms, p95 ≈ 1440 ms. */
const latency = (i: number) => 500 + (i % 100) * 10;

let n = 0;
function event(fields: Partial<OutcomeEvent>): OutcomeEvent {
  n += 1;
  return { type: 'outcome', id: `ev-${n}`, ...scope, at: '', requestId: `req-${n}`, ...fields };
}

async function post(t: TestApp, events: OutcomeEvent[]): Promise<{ unattributed: number }> {
  let unattributed = 0;
  for (let i = 0; i < events.length; i += 400) {
    const r = await postEvents(t, events.slice(i, i + 400));
    expect(r.status).toBe(202);
    unattributed += r.body.unattributed as number;
  }
  return { unattributed };
}

/**
 * `count` requests the production bundle served over the last 48 hours with no release running,
 * plus traffic that is not the control route's and must not count: another bundle's (much slower),
 * a candidate arm's, and control requests older than 7 days.
 */
async function serveWithoutRelease(t: TestApp, count: number): Promise<void> {
  const now = t.clock.now().getTime();
  const at = (ms: number) => new Date(ms).toISOString();
  const events = [
    ...Array.from({ length: count }, (_, i) =>
      event({ bundleVersion: CONTROL, latencyMs: latency(i), at: at(now - (i % 48) * HOUR - MINUTE) }),
    ),
    ...Array.from({ length: 300 }, (_, i) =>
      event({ bundleVersion: CANDIDATE, latencyMs: 90_000, at: at(now - i * MINUTE) }),
    ),
    ...Array.from({ length: 300 }, (_, i) =>
      event({ bundleVersion: CONTROL, arm: 'candidate', latencyMs: 90_000, at: at(now - i * MINUTE) }),
    ),
    ...Array.from({ length: 300 }, (_, i) =>
      event({ bundleVersion: CONTROL, latencyMs: 90_000, at: at(now - 8 * 24 * HOUR - (i % 5) * HOUR) }),
    ),
  ];
  const { unattributed } = await post(t, events);
  expect(unattributed).toBe(events.length);
}

/** The app restarted on what its store holds: a new app on a copy of the data directory. */
async function restart(t: TestApp): Promise<TestApp> {
  await t.services.gateSessions.flush();
  const data = await t.database.dump!();
  await t.close();
  const next = await createTestApp('pglite', { database: await openPglite({ loadDataDir: data }) });
  next.clock.set(t.clock.now());
  await next.services.gateSessions.load();
  return next;
}

async function startRelease(t: TestApp): Promise<string> {
  await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
  await t.call('PUT', `/v1/workflows/${scope.workflow}/environments/production/labels/production`, {
    version: CONTROL,
    reason: 'baseline',
  });
  const id = (await t.call('GET', `/v1/releases?workflow=${scope.workflow}`)).body.releases[0].id as string;
  const started = await t.call('POST', `/v1/releases/${id}/start`);
  expect(started.body.started).toBe(true);
  return id;
}

/** 2,000 candidate and 2,000 control requests of the release, at `factor` × the baseline's latencies. */
async function serveRelease(t: TestApp, factor: number): Promise<void> {
  const at = t.clock.now().toISOString();
  const events = Array.from({ length: 4000 }, (_, i) =>
    event({
      release: 'sonnet-5-tier',
      arm: i % 2 ? 'candidate' : 'control',
      bundleVersion: i % 2 ? CANDIDATE : CONTROL,
      latencyMs: i % 2 ? latency(i >> 1) * factor : latency(i >> 1),
      at,
    }),
  );
  await post(t, events);
}

/** Evaluates the release every minute for 40 minutes; the latency gate's last evaluation. */
async function latencyGate(t: TestApp, id: string) {
  let gate;
  for (let minute = 0; minute <= 40; minute++) {
    const evaluation = await t.services.gateSessions.evaluate(id, t.clock.now(), { tickMs: MINUTE });
    gate = evaluation?.gates.find((g) => g.gate === 'latency-regression');
    t.clock.advance(MINUTE);
  }
  return gate;
}

describe('baseline_p95_7d from the records', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('records while no release runs, survives a restart, and freezes the p95 at release start', async () => {
    t = await createTestApp('pglite');
    await serveWithoutRelease(t, 1200);
    t = await restart(t);
    expect(await t.services.stores.gateStates.get(baselineRowId(scope.workflow, scope.environment))).toBeDefined();
    t.clock.advance(10 * MINUTE);
    const id = await startRelease(t);
    const state = await t.services.gateSessions.stateOf(id);
    // p95 of 500 … 1490 ms (DDSketch, 1 % accuracy); the 90 s requests of other routes are not in it.
    expect(state?.config.references?.baselineP95Ms7d).toBeGreaterThan(1440 * 0.98);
    expect(state?.config.references?.baselineP95Ms7d).toBeLessThan(1450 * 1.02);
    const audit = await t.services.stores.audit.list();
    expect(audit.find((e) => e.action === 'release.baseline-recorded' && e.subject === id)?.details).toMatchObject({
      bundleVersion: CONTROL,
      requests: 1200,
    });
  });

  it('breaches latency-regression on a candidate 3× slower than the recorded baseline', async () => {
    t = await createTestApp('pglite');
    await serveWithoutRelease(t, 1200);
    const id = await startRelease(t);
    await serveRelease(t, 3);
    const gate = await latencyGate(t, id);
    expect(gate?.state).toBe('breached');
  });

  it('passes latency-regression on a candidate as fast as the recorded baseline', async () => {
    t = await createTestApp('pglite');
    await serveWithoutRelease(t, 1200);
    const id = await startRelease(t);
    await serveRelease(t, 1);
    const gate = await latencyGate(t, id);
    expect(gate?.state).toBe('passing');
  });

  it(`stays inconclusive, saying why, below ${BASELINE_MIN_REQUESTS} recorded requests`, async () => {
    t = await createTestApp('pglite');
    await serveWithoutRelease(t, BASELINE_MIN_REQUESTS - 1);
    const id = await startRelease(t);
    const state = await t.services.gateSessions.stateOf(id);
    expect(state?.config.references?.baselineP95Ms7d).toBeUndefined();
    const audit = await t.services.stores.audit.list();
    expect(audit.find((e) => e.action === 'release.baseline-recorded')?.details.reason).toMatch(
      /records hold 999 requests of 2026-04-10\.1 .*at least 1000 needed/,
    );
    await serveRelease(t, 3);
    const gate = await latencyGate(t, id);
    expect(gate?.state).toBe('inconclusive');
    expect(gate?.sentence).toMatch(/baseline_p95_7d/);
  });
});
