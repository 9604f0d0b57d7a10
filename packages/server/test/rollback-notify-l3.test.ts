import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { createApp } from '../src/create-app.js';
import type { Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { availableEngines, openTestDatabase } from './helpers.js';
import { startReceiver, type Receiver } from './notifications-receiver.js';
import { actuatorSecret, startHttpApp, startRidePricing, type HttpApp } from './rollback-support.js';

const seconds = (n: number) => n * 1000;
const minutes = (n: number) => n * 60_000;

/**
 * A level-3 rollback that waits for its approval, then for its job: the team lead is notified
 * once (R6.1, as for level 2) when it runs, also across a restart and the job's completion; the
 * incident's detection and decision are the request, not the approval (MTTD, MTTR).
 */
describe.each(availableEngines())('level-3 rollback: team lead and incident times (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  let receiver: Receiver;
  afterEach(async () => {
    await t.stop();
    await receiver.close();
    await database.close();
  });

  it('notifies the team lead once with the deadline, and measures MTTD and MTTR from the request', async () => {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
    receiver = await startReceiver({ secret: actuatorSecret, now: () => t.clock.now() });
    const names = ['model', 'featurePipeline', 'recompute-features', 'restore-snapshot', 'retrain-model'];
    const { id, oncall, token } = await startRidePricing(t, receiver.url, names);
    t.clock.advance(seconds(11));
    const requestedAt = t.clock.now().toISOString();
    const asked = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'features drifted', level: 3 }, oncall);
    expect(asked.body.status).toBe('awaiting-approval');

    t.clock.advance(seconds(26));
    const approvedAt = t.clock.now();
    const approved = await t.call(
      'POST',
      `/v1/releases/${id}/approvals`,
      { verdict: 'grant', reason: 'ok' },
      await token('lead-data-eng'),
    );
    expect(approved.body).toMatchObject({ status: 'executed', runStatus: 'running', releaseStatus: 'rolling-back' });
    const runId = approved.body.runId as string;
    const ackBy = new Date(approvedAt.getTime() + minutes(15)).toISOString();
    const notices = async () =>
      (await t.call('GET', `/v1/releases/${id}`)).body.timeline.filter((e: any) => e.kind === 'notify.team-lead');
    // Notified while the run waits for its job, exactly like level 2.
    expect(await notices()).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({
          run: runId,
          level: 'level3',
          principals: ['lead-pricing'],
          acknowledgeBy: ackBy,
        }),
      }),
    ]);
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.state.teamLead.ackBy).toBe(ackBy);

    // A restart resumes the waiting run; the job's report finishes it: still one notification.
    await t.stop();
    const clock = t.clock;
    t = await startHttpApp(database, clock);
    await t.services.machine.resumeRuns();
    t.clock.advance(minutes(1));
    await t.services.machine.tick();
    const run = (await t.call('GET', `/v1/rollbacks/${runId}`)).body.run;
    const index = run.steps.find((s: any) => s.kind === 'job').index as number;
    const done = await t.call('POST', `/v1/rollbacks/${runId}/jobs/${index}`, { status: 'succeeded' }, oncall);
    expect(done.body.run.status).toBe('succeeded');
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('rolled-back');
    expect(await notices()).toHaveLength(1);
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.state.teamLead.ackBy).toBe(ackBy);

    // The incident: detected and decided at the request; MTTR includes the wait for the approval.
    const listed = (await t.call('GET', '/v1/incidents')).body.incidents.find((i: any) => i.runId === runId);
    t.clock.advance(minutes(6));
    await t.services.machine.tick();
    const incident = (await t.call('GET', `/v1/incidents/${listed.id}`)).body;
    expect(incident.incident.times).toMatchObject({ detectedAt: requestedAt, decidedAt: requestedAt });
    const times = incident.incident.times;
    expect(incident.metrics.mttdMs).toBe(Date.parse(requestedAt) - Date.parse(times.exposedAt));
    expect(incident.incident.status).toBe('verified');
    expect(incident.metrics.mttrMs).toBe(Date.parse(times.verifiedAt) - Date.parse(requestedAt));
    expect(Date.parse(times.verifiedAt) - Date.parse(requestedAt)).toBeGreaterThan(
      Date.parse(times.verifiedAt) - approvedAt.getTime(),
    );
  });

  it('notifies once when a run a crash interrupted before its notification resumes, and keeps the request time', async () => {
    database = await openTestDatabase(engine);
    const clock = new ManualClock('2026-05-02T09:00:00.000Z');
    t = await startHttpApp(database, clock);
    receiver = await startReceiver({ secret: actuatorSecret, now: () => clock.now() });
    const names = ['model', 'featurePipeline', 'recompute-features', 'restore-snapshot', 'retrain-model'];
    const { id, oncall, token } = await startRidePricing(t, receiver.url, names);
    const requestedAt = clock.now().toISOString();
    const asked = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'features drifted', level: 3 }, oncall);
    expect(asked.body.status).toBe('awaiting-approval');
    const lead = await token('lead-data-eng');
    await t.stop();

    // A process that dies once the job is dispatched: the run waits, nothing after it is recorded.
    clock.advance(seconds(40));
    const { app } = createApp({
      database,
      clock,
      logger: createLogger({ level: 'silent' }),
      config: { bodyLimitBytes: 256 * 1024, cooldownMs: 72 * 3600e3 },
      probe: () => Promise.resolve({ ok: true, detail: 'HTTP 200 (test probe)' }),
      actuators: { secrets: { RIPCORD_ACTUATOR_SECRET: actuatorSecret }, actuatorBackoffMs: 5 },
      onRollbackStep: (_run, step, phase) => {
        if (step.kind === 'job' && phase === 'applied') throw new Error('killed after the job was dispatched');
      },
    });
    const crashed = await app.request(`/v1/releases/${id}/approvals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'grant', reason: 'ok' }),
    });
    expect(crashed.status).toBe(500);

    t = await startHttpApp(database, clock);
    const timeline = async () => (await t.call('GET', `/v1/releases/${id}`)).body.timeline as any[];
    expect((await timeline()).map((e) => e.kind)).not.toContain('notify.team-lead');
    clock.advance(seconds(5));
    const [resumed] = await t.services.machine.resumeRuns();
    const runId = resumed!.runId as string;
    const ackBy = new Date(clock.now().getTime() + minutes(15)).toISOString();
    const notices = async () => (await timeline()).filter((e) => e.kind === 'notify.team-lead');
    expect(await notices()).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ run: runId, level: 'level3', acknowledgeBy: ackBy }),
      }),
    ]);
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.state.teamLead.ackBy).toBe(ackBy);

    const index = resumed!.executed.findIndex((text) => text.startsWith('recompute features'));
    const done = await t.call('POST', `/v1/rollbacks/${runId}/jobs/${index}`, { status: 'succeeded' }, oncall);
    expect(done.body.run.status).toBe('succeeded');
    expect(await notices()).toHaveLength(1);
    const incident = (await t.call('GET', '/v1/incidents')).body.incidents.find((i: any) => i.runId === runId);
    expect(incident.times).toMatchObject({ detectedAt: requestedAt, decidedAt: requestedAt });
  });
});
