import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { availableEngines, createTestApp, exampleDocuments, openTestDatabase, type TestApp } from './helpers.js';
import { notifyTarget } from '../src/features/notifications/notify-targets.js';
import { ChaosStore } from '../src/features/chaos/chaos-store.js';
import { systemPrincipal } from '../src/features/auth/principal.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';
import { actuatorSecret, ridePricingWithActuators, startHttpApp, type HttpApp } from './rollback-support.js';

const RP = '/v1/workflows/ride-pricing/environments/production';
const SS = '/v1/workflows/support-summary/environments/production';
const staff = { conditions: [{ attribute: 'staff', op: 'eq', value: true }], reason: 'drill segment' };
/** A configuration without its `lastChange` (who changed it last, and why). */
const served = async (t: { services: HttpApp['services'] }, workflow: string) => {
  const { lastChange: _last, ...rest } = (await t.services.config.current('production', workflow))!.config as any;
  return rest;
};

/** Applies support-summary with production on 2026-04-10.1 and the staff segment; sonnet-5-tier stays pending. */
async function supportSummary(t: { call: HttpApp['call'] }) {
  const documents = exampleDocuments('support-summary', { includeReleases: true });
  expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
  await t.call('PUT', `${SS}/labels/production`, { version: '2026-04-10.1', reason: 'test' });
  expect((await t.call('PUT', `${SS}/segments/staff`, staff)).status).toBe(200);
}

/**
 * Chaos runs (R8.1) on the real server over HTTP: a fault injected into a drill release confined
 * to the drill segment, synthetic traffic through the real SDK, the gates' decision, the
 * automatic rollback under the ticket's authority (the executor confined to the segment, the
 * drill marker on actuator calls), its verification, and the restore.
 */
describe.each(availableEngines())('chaos runs (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await t.stop();
    await receiver?.close();
    receiver = undefined;
    await database.close();
  });

  async function start() {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    t.clock.now = () => new Date();
  }

  it('bad-model on support-summary: the schema gate breaches, level 1 rolls back the staff segment only, verified and restored', async () => {
    await start();
    await supportSummary(t);
    const before = await served(t, 'support-summary');
    const r = await t.call('POST', `${SS}/chaos`, { fault: 'bad-model', reason: 'quarterly chaos' });
    expect(r.status).toBe(200);
    const run = r.body;
    expect(run).toMatchObject({
      workflow: 'support-summary',
      fault: 'bad-model',
      status: 'passed',
      actor: 'admin (RIPCORD_ADMIN_TOKEN)',
      segment: 'staff',
      ticket: 'sonnet-5-tier',
      control: '2026-04-10.1',
      candidate: '2026-05-02.1',
      decision: { kind: 'rollback-now' },
      rollback: { level: 'level1', automatic: true },
      verification: { ok: true },
      restoreVerification: { ok: true },
      failures: [],
    });
    expect(run.id).toMatch(/^chaos_[0-9a-f]{12}$/);
    expect(run.release).toBe(`chaos-${run.id.slice(6)}`);
    expect(run.decision.gates).toContain('schema-failure-spike');
    expect(run.gates.find((g: any) => g.gate === 'schema-failure-spike').state).toBe('breached');
    expect(run.traffic.candidate).toBeGreaterThan(0);
    expect(run.traffic.control).toBeGreaterThan(0);
    expect(run.detect).toMatchObject({ targetMs: 30 * 60_000, met: true });
    expect(run.detect.ms).toBeGreaterThan(0);
    expect(run.restore).toMatchObject({ targetMs: 5 * 60_000, met: true });
    expect(run.runId).toMatch(/^run_/);
    expect(run.verification.checks.map((c: any) => c.what)).toContain(
      'SDK: 200 requests of staff routed to 2026-04-10.1, none to the candidate',
    );
    expect(run.steps.map((s: any) => s.phase)).toEqual([
      ...run.steps.filter((s: any) => s.phase === 'rollback').map(() => 'rollback'),
      'verify',
      'restore',
      'verify-restore',
    ]);
    // Only the staff segment moved: the split was for staff only, the rollback's flag was set for staff only.
    const history = await t.services.config.history('production', 'support-summary', 30);
    const chaosRevisions = history.filter((h) => h.reason.includes('chaos'));
    expect(chaosRevisions.map((h) => h.change.kind)).toContain('split.set');
    for (const h of chaosRevisions.filter((x) => x.change.kind === 'split.set'))
      expect(h.config.split).toMatchObject({ release: run.release, eligibleSegment: 'staff', percent: 100 });
    const flagSets = chaosRevisions.filter((x) => x.change.kind === 'flag.set' && !x.reason.includes('restore'));
    expect(flagSets.length).toBeGreaterThan(0);
    for (const h of flagSets) expect((h.change as any).definition.rules.at(-1)).toMatchObject({ segment: 'staff' });
    expect(await served(t, 'support-summary')).toEqual(before);
    // The real release was never touched; the run's SDK token is revoked.
    expect((await t.call('GET', '/v1/releases')).body.releases[0]).toMatchObject({
      name: 'sonnet-5-tier',
      status: 'pending',
    });
    const tokens = (await t.call('GET', '/v1/tokens?includeRevoked=true')).body.tokens;
    expect(tokens.find((k: any) => k.subject === `chaos-${run.id.slice(6)}`)).toMatchObject({ role: 'sdk' });
    expect((await t.call('GET', '/v1/tokens')).body.tokens.some((k: any) => k.subject.startsWith('chaos-'))).toBe(
      false,
    );
    // Recorded: listed and readable.
    expect((await t.call('GET', `/v1/chaos/${run.id}`)).body).toEqual(run);
    expect((await t.call('GET', '/v1/chaos?workflow=support-summary')).body.runs.map((c: any) => c.id)).toEqual([
      run.id,
    ]);
    expect((await t.call('GET', '/v1/chaos?workflow=ride-pricing')).body.runs).toEqual([]);
  });

  it('provider-outage on ride-pricing: serving-errors breaches, level 1 is refused, level 2 runs with the drill marker', async () => {
    await start();
    receiver = await startReceiver({ secret: actuatorSecret });
    const documents = ridePricingWithActuators(receiver.url, ['model']);
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', `${RP}/labels/production`, { version: '41', reason: 'test' });
    await t.call('PUT', `${RP}/segments/staff`, staff);
    const before = await served(t, 'ride-pricing');
    const run = (await t.call('POST', `${RP}/chaos`, { fault: 'provider-outage' })).body;
    expect(run).toMatchObject({
      status: 'passed',
      ticket: 'demand-gbm-42',
      rollback: { level: 'level2', automatic: true },
    });
    expect(run.decision.gates).toContain('serving-errors');
    expect(run.restore.targetMs).toBe(15 * 60_000);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-ripcord-drill']).toBe(run.id);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ drill: { id: run.id } });
    expect(await served(t, 'ride-pricing')).toEqual(before);
  });

  it('refuses what it cannot run with a clear 4xx', async () => {
    await start();
    await supportSummary(t);
    const bad = await t.call('POST', `${SS}/chaos`, { fault: 'gremlins' });
    expect(bad.status).toBe(400);
    const none = await t.call('POST', `${SS}/chaos`, { fault: 'bad-model', ticket: 'no-such-release' });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe('release no-such-release of support-summary in production not found');
    await t.call('DELETE', `${SS}/segments/staff?reason=test`);
    const noSegment = await t.call('POST', `${SS}/chaos`, { fault: 'bad-model' });
    expect(noSegment.status).toBe(409);
    expect(noSegment.body.error.message).toMatch(
      /^the drill segment staff is not defined in support-summary\/production/,
    );
    const viewer = (await t.call('POST', '/v1/tokens', { subject: 'someone', role: 'viewer' })).body.token;
    expect((await t.call('POST', `${SS}/chaos`, { fault: 'bad-model' }, viewer)).status).toBe(403);
    const stranger = (await t.call('POST', '/v1/tokens', { subject: 'someone', role: 'operator' })).body.token;
    const forbidden = await t.call('POST', `${SS}/chaos`, { fault: 'bad-model' }, stranger);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/^someone is not on call for support-summary/);
    expect((await t.call('GET', '/v1/chaos/chaos_000000000000')).status).toBe(404);
    expect((await t.call('GET', '/v1/chaos/nope')).status).toBe(400);
    expect((await t.call('GET', '/v1/chaos')).body.runs).toEqual([]);
  });

  it('restores the segment of a chaos run a restart interrupted, and records it failed', async () => {
    await start();
    await supportSummary(t);
    const before = await served(t, 'support-summary');
    const flagsBefore = (await t.services.config.current('production', 'support-summary'))!.config.flags;
    const id = 'chaos_0123456789ab';
    await t.services.config.setSplit(
      { environment: 'production', workflow: 'support-summary' },
      { release: 'chaos-0123456789ab', candidate: '2026-05-02.1', percent: 100, eligibleSegment: 'staff' },
      systemPrincipal,
      'chaos before a crash',
    );
    await t.services.config.setFlag(
      { environment: 'production', workflow: 'support-summary', key: 'ai.action.mode' },
      { value: 'draft-only', segment: 'staff' },
      systemPrincipal,
      'chaos before a crash',
    );
    const detail = { release: 'chaos-0123456789ab', segment: 'staff', flagsBefore, failures: [] } as any;
    await new ChaosStore({ db: database.db }).save({
      ...{ id, workflow: 'support-summary', environment: 'production', fault: 'bad-model', status: 'running' },
      ...{ actor: 'admin', reason: 'interrupted', runId: null, startedAt: new Date(), finishedAt: null, detail },
    });
    const recovered = await t.services.chaos.recoverInterrupted(systemPrincipal);
    expect(recovered.map((c) => [c.id, c.status, c.detail.failures])).toEqual([
      [id, 'failed', ['interrupted by a restart; the drill segment was restored at the next start']],
    ]);
    expect(await served(t, 'support-summary')).toEqual(before);
  });
});

/** A fault no gate of the ticket watches: the run fails, is recorded with what failed, and is notified. */
describe.each(availableEngines())('a chaos check that fails (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('latency-spike on support-summary: no gate catches it within the budget; recorded failed, notified, restored', async () => {
    const found = notifyTarget('webhook', 'http://127.0.0.1:9/unused');
    if (!found.ok) throw new Error(found.message);
    t = await createTestApp(engine, { notify: { targets: found.targets, secret: 'chaos-secret-0123456789abcdef' } });
    t.clock.now = () => new Date();
    await supportSummary(t);
    const before = await served(t, 'support-summary');
    const r = await t.call('POST', `${SS}/chaos`, { fault: 'latency-spike', requests: 600 });
    expect(r.status).toBe(200);
    // support-summary's latency gate compares with a 7-day baseline the server does not have yet, sustained 30m.
    expect(r.body).toMatchObject({
      status: 'failed',
      decision: null,
      rollback: null,
      runId: null,
      traffic: { requests: 600, budget: 600 },
      restoreVerification: { ok: true },
      failures: [
        expect.stringMatching(/^no gate caught latency-spike within 600 synthetic requests \(\d+ on the candidate\)$/),
      ],
    });
    expect(await served(t, 'support-summary')).toEqual(before);
    const notes = (await t.services.notifications.outbox()).filter((n) => n.kind === 'chaos');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('chaos check failed: no gate caught latency-spike');
  });
});
