import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { availableEngines, createTestApp, exampleDocuments, openTestDatabase, type TestApp } from './helpers.js';
import { notifyTarget } from '../src/features/notifications/notify-targets.js';
import { DrillStore } from '../src/features/drills/drill-store.js';
import { systemPrincipal } from '../src/features/auth/principal.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';
import { actuatorSecret, ridePricingWithActuators, startHttpApp, type HttpApp } from './rollback-support.js';

const RP = '/v1/workflows/ride-pricing/environments/production';
const SS = '/v1/workflows/support-summary/environments/production';
/** A configuration without its `lastChange` (who changed it last, and why). */
const served = async (t: HttpApp) => {
  const { lastChange: _last, ...rest } = (await t.services.config.current('production', 'ride-pricing'))!.config as any;
  return rest;
};
const staff = { conditions: [{ attribute: 'staff', op: 'eq', value: true }], reason: 'drill segment' };

/**
 * Rollback drills (R8.1) on the real server over HTTP: the planner's rollback for the level, run by
 * the rollback executor with every effect confined to the drill segment and the drill marker on
 * each actuator call (a real loopback receiver), then restored and verified; drills feed readiness
 * (stale drills, R2.4, measured rollback times).
 */
describe.each(availableEngines())('rollback drills (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await t.stop();
    await receiver?.close();
    receiver = undefined;
    await database.close();
  });

  async function ridePricing(script?: (n: number) => number) {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    t.clock.now = () => new Date();
    receiver = await startReceiver({ secret: actuatorSecret, ...(script ? { script } : {}) });
    const documents = ridePricingWithActuators(receiver.url, ['model']).filter((d) => d.kind !== 'Release');
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    for (const version of ['41', '42'])
      expect((await t.call('PUT', `${RP}/labels/production`, { version, reason: 'test' })).status).toBe(200);
    expect((await t.call('PUT', `${RP}/segments/staff`, staff)).status).toBe(200);
  }

  it('runs a level-2 drill for the staff segment only, marks the actuator call, restores and verifies', async () => {
    await ridePricing();
    const before = await served(t);
    // Level 1 would run model 41 on features from fp-13: the planner escalates, so it cannot be drilled.
    const l1 = await t.call('POST', `${RP}/drills`, { level: 1 });
    expect(l1.status).toBe(409);
    expect(l1.body.error.message).toMatch(/^a level-1 rollback from 42 to 41 cannot be drilled: /);

    const r = await t.call('POST', `${RP}/drills`, { level: 2, reason: 'monthly drill' });
    expect(r.status).toBe(200);
    const drill = r.body;
    expect(drill).toMatchObject({
      workflow: 'ride-pricing',
      level: 2,
      status: 'passed',
      trigger: 'manual',
      segment: 'staff',
      production: '42',
      target: '41',
      failure: null,
      verification: { ok: true },
      restoreVerification: { ok: true },
    });
    expect(drill.runId).toMatch(/^run_/);
    expect(drill.rollbackMs).toBeGreaterThanOrEqual(0);
    expect(drill.steps.map((s: any) => s.phase)).toEqual([
      ...drill.steps.filter((s: any) => s.phase === 'rollback').map(() => 'rollback'),
      'verify',
      'restore',
      'verify-restore',
    ]);
    expect(drill.steps.every((s: any) => s.status === 'done' && s.ms >= 0)).toBe(true);
    // The model actuator was called once, marked as a drill in its header and body.
    expect(receiver!.requests).toHaveLength(1);
    const call = receiver!.requests[0]!;
    expect(call.headers['x-ripcord-drill']).toBe(drill.id);
    expect(JSON.parse(call.body)).toMatchObject({ action: 'restore', component: 'model', drill: { id: drill.id } });
    // The only revisions the drill made were for the staff segment; the configuration is as before.
    const history = await t.services.config.history('production', 'ride-pricing', 20);
    const drillRevisions = history.filter((h) => h.reason.includes('drill'));
    expect(drillRevisions.length).toBeGreaterThanOrEqual(2);
    for (const h of drillRevisions.filter((x) => x.change.kind === 'split.set'))
      expect(h.config.split).toMatchObject({ eligibleSegment: 'staff', percent: 100 });
    for (const h of drillRevisions.filter((x) => x.change.kind === 'flag.set' && !x.reason.includes('restore')))
      expect((h.change as any).definition.rules.at(-1)).toMatchObject({ segment: 'staff' });
    expect(await served(t)).toEqual(before);
    // Recorded: listed and readable.
    expect((await t.call('GET', `/v1/drills/${drill.id}`)).body).toEqual(drill);
    expect((await t.call('GET', '/v1/drills?workflow=ride-pricing')).body.drills.map((d: any) => d.id)).toEqual([
      drill.id,
    ]);
  });

  it('records a failed drill when the actuator refuses, and still restores the segment', async () => {
    await ridePricing(() => 400);
    const before = await served(t);
    const r = await t.call('POST', `${RP}/drills`, { level: 2 });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('failed');
    expect(r.body.failure).toMatch(/failed: model actuator answered HTTP 400/);
    expect(r.body.restoreVerification.ok).toBe(true);
    expect(await served(t)).toEqual(before);
  });

  it('restores the segment of a drill a restart interrupted, and records it failed', async () => {
    await ridePricing();
    const before = await served(t);
    const flagsBefore = (await t.services.config.current('production', 'ride-pricing'))!.config.flags;
    const id = 'drill_0123456789ab';
    const at = new Date();
    await new DrillStore({ db: database.db }).save({
      id,
      workflow: 'ride-pricing',
      environment: 'production',
      level: 2,
      status: 'running',
      trigger: 'manual',
      actor: 'admin',
      reason: 'interrupted',
      runId: null,
      startedAt: at,
      finishedAt: null,
      detail: {
        segment: 'staff',
        production: '42',
        target: '41',
        steps: [],
        rollbackMs: null,
        verification: null,
        restoreVerification: null,
        failure: null,
        flagsBefore,
      },
    });
    // What the drill had done when the process died: the staff segment on 41, a flag set for it.
    const target = { environment: 'production', workflow: 'ride-pricing' };
    const admin = { subject: 'admin', role: 'admin' as const, tokenId: 't', scope: null };
    await t.services.config.setSplit(
      target,
      { release: 'drill-0123456789ab', candidate: '41', percent: 100, eligibleSegment: 'staff' },
      admin,
      'drill',
    );
    await t.services.config.setFlag(
      { ...target, key: 'ai.action.mode' },
      { value: 'human-review', segment: 'staff' },
      admin,
      'drill',
    );
    expect(await served(t)).not.toEqual(before);
    const recovered = await t.services.drills.recoverInterrupted(systemPrincipal);
    expect(recovered.map((d) => [d.id, d.status, d.detail.failure])).toEqual([
      [id, 'failed', 'interrupted by a restart; the drill segment was restored at the next start'],
    ]);
    expect(await served(t)).toEqual(before);
    expect(await t.services.drills.recoverInterrupted(systemPrincipal)).toEqual([]);
  });

  it('refuses without a drill segment, with a release in progress, and for levels 3 and 4', async () => {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    const documents = exampleDocuments('ride-pricing', { includeReleases: false });
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    expect((await t.call('POST', `${RP}/drills`, {})).body.error.message).toMatch(/^nothing to drill: /);
    for (const version of ['41', '42']) await t.call('PUT', `${RP}/labels/production`, { version, reason: 'test' });
    const noSegment = await t.call('POST', `${RP}/drills`, { level: 2 });
    expect(noSegment.status).toBe(409);
    expect(noSegment.body.error.message).toMatch(/^the drill segment staff is not defined in ride-pricing\/production/);
    const l3 = await t.call('POST', `${RP}/drills`, { level: 3 });
    expect(l3.status).toBe(400);
    expect((await t.call('POST', `${RP}/drills`, { level: 7 })).status).toBe(400);
    expect((await t.call('POST', '/v1/workflows/nope/environments/production/drills', {})).status).toBe(404);
    expect((await t.call('GET', '/v1/drills/drill_000000000000')).status).toBe(404);
  });

  it('R2.3/R2.4: a Workflow declaring drills blocks a business-critical release until a drill passes; estimates use drill times', async () => {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    t.clock.now = () => new Date();
    const documents = exampleDocuments('support-summary', { includeReleases: true }).map((d) =>
      d.kind === 'Workflow' ? { ...d, drills: { every: '30d', segment: 'staff' } } : d,
    );
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', `${SS}/labels/production`, { version: '2026-05-02.1', reason: 'test' });
    await t.call('PUT', `${SS}/labels/production`, { version: '2026-04-10.1', reason: 'test' });
    await t.call('PUT', `${SS}/segments/staff`, staff);
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    const blocked = await t.call('POST', `/v1/releases/${id}/start`);
    expect(blocked.body.started).toBe(false);
    expect(blocked.body.readiness.blockers).toEqual([
      'no rollback drill of support-summary has passed (schedule: every 30d): run `ripcord drills run support-summary`',
      'the first live stage exceeds 1 % without a segment and no rollback drill of this workflow has passed: R2.4 keeps a change behind a staff-only segment or a 1 % canary until one does; run `ripcord drills run support-summary`, or start with a segment or at most 1 %',
    ]);
    expect(blocked.body.readiness.drills).toMatchObject({ due: true, enforced: true, lastPassed: null });
    // A drill of what production serves (2026-04-10.1, back to 2026-05-02.1) passes: the release may start.
    const drill = await t.call('POST', `${SS}/drills`, { level: 1 });
    expect(drill.body).toMatchObject({ status: 'passed', level: 1, production: '2026-04-10.1' });
    const readiness = await t.call('GET', `/v1/releases/${id}/readiness`);
    expect(readiness.body.blockers).toEqual([]);
    expect(readiness.body.drills).toMatchObject({ due: false, lastPassed: { id: drill.body.id, level: 1 } });
    expect(readiness.body.plan.estimate).toMatchObject({ level: 'level1', drills: [drill.body.id] });
    expect(readiness.body.plan.estimate.text).toContain(`measured by 1 drill: ${drill.body.id}`);
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
  });
});

/**
 * The drill schedule: a Workflow declaring `drills:` is announced to its owners once per due
 * period, or drilled by the scheduler itself with `automatic: true` — and not again until due.
 */
describe.each(availableEngines())('the drill schedule (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function app(drills: Record<string, unknown>) {
    const found = notifyTarget('webhook', 'http://127.0.0.1:9/unused');
    if (!found.ok) throw new Error(found.message);
    t = await createTestApp(engine, { notify: { targets: found.targets, secret: 'drill-schedule-secret-0123456789' } });
    const documents = exampleDocuments('ride-pricing').map((d) => (d.kind === 'Workflow' ? { ...d, drills } : d));
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    for (const version of ['41', '42']) await t.call('PUT', `${RP}/labels/production`, { version, reason: 'test' });
    await t.call('PUT', `${RP}/segments/staff`, staff);
  }
  const drillNotes = async () => (await t.services.notifications.outbox()).filter((n) => n.kind === 'drill');

  it('notifies the owners once per due period with the command', async () => {
    await app({ every: '7d', level: 2 });
    expect(await t.services.drillSchedule.tick()).toEqual({ ran: [], notified: ['ride-pricing/production'] });
    await t.services.drillSchedule.tick();
    const notes = await drillNotes();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(
      'a rollback drill is due (every 7d; last passed: never): run `ripcord drills run ride-pricing`',
    );
    // A drill passes: not due again until 7 days later, then announced once more.
    expect((await t.call('POST', `${RP}/drills`, { level: 2 })).body.status).toBe('passed');
    expect(await t.services.drillSchedule.tick()).toEqual({ ran: [], notified: [] });
    t.clock.advance(8 * 86_400_000);
    expect((await t.services.drillSchedule.tick()).notified).toEqual(['ride-pricing/production']);
    expect(await drillNotes()).toHaveLength(2);
  });

  it('runs a due drill itself when the Workflow allows it', async () => {
    await app({ every: '30d', level: 2, automatic: true });
    const pass = await t.services.drillSchedule.tick();
    expect(pass.ran.map((d) => [d.status, d.trigger, d.actor, d.level])).toEqual([
      ['passed', 'schedule', 'ripcord', 2],
    ]);
    expect((await drillNotes())[0]!.body).toContain(`scheduled rollback drill ${pass.ran[0]!.id} passed`);
    expect((await t.services.drillSchedule.tick()).ran).toEqual([]);
  });

  it('runs the post-deployment rollback test of a promoted release once, recorded as a drill of it', async () => {
    t = await createTestApp(engine);
    const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
      d.kind === 'Release' ? { ...d, postDeployTest: true } : d,
    );
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', `${RP}/labels/production`, { version: '41', reason: 'baseline' });
    await t.call('PUT', `${RP}/segments/staff`, staff);
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    // Not promoted yet: nothing to test.
    expect((await t.services.drillSchedule.tick()).ran).toEqual([]);
    expect((await t.call('POST', `/v1/releases/${id}/promote`, { reason: 'test' })).status).toBe(200);
    const pass = await t.services.drillSchedule.tick();
    expect(pass.ran.map((d) => [d.trigger, d.status, d.level, d.detail.production, d.detail.target])).toEqual([
      ['post-deploy', 'passed', 2, '42', '41'],
    ]);
    const shown = (await t.call('GET', `/v1/drills/${pass.ran[0]!.id}`)).body;
    expect(shown.release).toEqual({ id, name: 'demand-gbm-42' });
    expect((await t.services.drillSchedule.tick()).ran).toEqual([]);
  });
});
