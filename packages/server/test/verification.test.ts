/**
 * R7.2 end to end on real gate sessions: after a rollback, the gates that fired are read again on
 * what the restored route serves, and verification passes only when they return to passing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { outcome, postEvents } from './ingest-support.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const minutes = (n: number) => n * 60_000;

describe('verification of a restore reads the fired gates on the restored route', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  /** Events at the test clock's now: `n` of an arm, every `failEvery`-th with an invalid schema. */
  function events(
    n: number,
    fields: { arm?: 'control' | 'candidate'; failEvery?: number; restored?: boolean; refundEvery?: number },
  ) {
    const at = t.clock.now().toISOString();
    return Array.from({ length: n }, (_, i) => {
      const schemaValid = fields.failEvery === undefined || i % fields.failEvery !== 0;
      const refund = fields.refundEvery !== undefined && i % fields.refundEvery === 0;
      const e = outcome({
        at,
        schemaValid,
        arm: fields.arm ?? 'control',
        key: `user-${i % 250}`,
        ...(refund ? { toolCalls: [{ name: 'issue_refund', sideEffects: 'write' as const, ok: true }] } : {}),
      });
      // After a full restore the SDK names no release: everyone is on the control bundle.
      if (fields.restored) delete (e as { release?: string }).release;
      return e;
    });
  }

  /** POSTs events in batches under the test server's body limit; true when every batch was taken. */
  async function post(list: unknown[]): Promise<boolean> {
    for (let i = 0; i < list.length; i += 500)
      if ((await postEvents(t, list.slice(i, i + 500))).status !== 202) return false;
    return true;
  }

  /** Runs support-summary to its 5 % stage, breaks the candidate's schema, and lets the tick roll it back. */
  async function rolledBack(): Promise<{ releaseId: string; incidentId: string }> {
    t = await createTestApp('pglite');
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const releaseId = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${releaseId}/start`)).status).toBe(200);
    await t.call('POST', `/v1/releases/${releaseId}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await t.services.machine.tick();
    t.clock.advance(minutes(1));
    // Interleaved, as traffic is: the schema gate compares the last 200 candidate calls with control over the same span.
    for (let round = 0; round < 4; round++) {
      expect(await post(events(750, { arm: 'control', failEvery: 1000 }))).toBe(true);
      expect(await post(events(100, { arm: 'candidate', failEvery: 5, refundEvery: 10 }))).toBe(true);
    }
    t.clock.advance(minutes(1));
    const [tick] = await t.services.machine.tick();

    expect(tick).toMatchObject({ decision: 'rollback-now', action: 'rolled-back' });
    const incidents = (await t.call('GET', '/v1/incidents')).body.incidents;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].status).toBe('verifying');
    return { releaseId, incidentId: incidents[0].id as string };
  }

  it('plans with the write side effects ingest counted and records the blast radius', async () => {
    const { releaseId, incidentId } = await rolledBack();
    const executed = (await t.call('GET', `/v1/releases/${releaseId}`)).body.timeline.find(
      (e: { kind: string }) => e.kind === 'rollback.executed',
    );
    // 4 rounds × 10 refunds by the candidate: they stay done after the rollback (R5.4).
    expect(executed.details.cannotUndo.join('\n')).toMatch(
      /40 issue_refund call\(s\) with write side effects made by 2026-05-02\.1 stay done \(e\.g\. req-/,
    );
    const shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    // 400 candidate requests over keys user-0 … user-99 (each round's 100 calls reuse them).
    expect(shown.incident.blastRadius).toMatchObject({ requests: 400 });
    expect(shown.incident.blastRadius.distinctKeys).toBeGreaterThanOrEqual(97);
    expect(shown.incident.blastRadius.distinctKeys).toBeLessThanOrEqual(103);
  });

  /** `n` outcomes of an arm, each reviewed, every `rejectEvery`-th review rejected. */
  function reviewed(n: number, arm: 'control' | 'candidate', rejectEvery: number) {
    const at = t.clock.now().toISOString();
    return Array.from({ length: n }, (_, i) => {
      const e = outcome({ at, arm });
      const review = {
        type: 'review',
        id: `review-${e.id}`,
        workflow: e.workflow,
        environment: e.environment,
        release: e.release,
        at,
        requestId: e.requestId,
        verdict: i % rejectEvery === 0 ? 'rejected' : 'accepted',
      };
      return [e, review];
    }).flat();
  }

  it('after a flag-only rollback, reads the candidate under the restored flags against live control', async () => {
    t = await createTestApp('pglite');
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const releaseId = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
    await t.call('POST', `/v1/releases/${releaseId}/start`);
    await t.call('POST', `/v1/releases/${releaseId}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await t.services.machine.tick();
    t.clock.advance(minutes(1));
    // Reviewers reject a third of the candidate's outputs and 5 % of control's: review-rejection breaches.
    for (let round = 0; round < 4; round++) {
      expect(await post(reviewed(200, 'control', 20))).toBe(true);
      expect(await post(reviewed(60, 'candidate', 3))).toBe(true);
    }
    t.clock.advance(minutes(1));
    const [tick] = await t.services.machine.tick();
    expect(tick).toMatchObject({ decision: 'rollback-now', action: 'paused' });
    // Its action is flags only: draft-only and a pause; the candidate keeps its 5 %.
    const config = (await t.call('GET', '/v1/workflows/support-summary/environments/production/config')).body.config;
    expect(config.split).toMatchObject({ percent: 5 });
    const [incident] = (await t.call('GET', '/v1/incidents')).body.incidents;
    t.clock.advance(minutes(1));
    for (let round = 0; round < 4; round++) {
      expect(await post(reviewed(200, 'control', 20))).toBe(true);
      expect(await post(reviewed(60, 'candidate', 20))).toBe(true);
    }
    t.clock.advance(minutes(5));
    await t.services.machine.tick();
    const shown = (await t.call('GET', `/v1/incidents/${incident.id}`)).body;
    expect(shown.incident.verification.gates).toEqual([
      expect.objectContaining({ gate: 'review-rejection', state: 'passing', samples: 200 }),
    ]);
    expect(shown.incident.status).toBe('verified');
  });

  it('verifies once the schema gate passes on the control bundle after the restore', async () => {
    const { incidentId } = await rolledBack();
    t.clock.advance(minutes(1));
    // The candidate's stragglers (an SDK not yet switched) are not the restored route's: they are left out.
    expect(await post(events(100, { arm: 'candidate', failEvery: 2 }))).toBe(true);
    expect(await post(events(600, { restored: true }))).toBe(true);
    await t.services.machine.tick();
    let shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    // Passing already, but the window has not ended: still verifying.
    expect(shown.incident.status).toBe('verifying');
    expect(shown.incident.verification.gates).toEqual([
      expect.objectContaining({ gate: 'schema-failure-spike', state: 'passing', samples: 200 }),
    ]);
    t.clock.advance(minutes(5));
    await t.services.machine.tick();
    shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(shown.incident.status).toBe('verified');
    expect(shown.incident.verification.failures).toEqual([]);
  });

  it('keeps a new release of the workflow from starting while the rollback is verified', async () => {
    const { incidentId } = await rolledBack();
    const docs = exampleDocuments('support-summary', { includeReleases: true }).map((d) =>
      d.kind === 'Release' ? { ...d, name: 'sonnet-5-tier-b' } : d,
    );
    expect((await t.call('POST', '/v1/apply', { documents: docs })).status).toBe(200);
    const next = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
      (r: any) => r.name === 'sonnet-5-tier-b',
    ).id as string;
    const blocked = await t.call('POST', `/v1/releases/${next}/start`);
    expect(blocked.body.started).toBe(false);
    expect(blocked.body.readiness.blockers).toContainEqual(
      expect.stringMatching(
        new RegExp(`^the rollback of release sonnet-5-tier is being verified until .* \\(incident ${incidentId}\\)`),
      ),
    );
    t.clock.advance(minutes(1));
    expect(await post(events(600, { restored: true }))).toBe(true);
    t.clock.advance(minutes(5));
    await t.services.machine.tick();
    expect((await t.call('GET', `/v1/incidents/${incidentId}`)).body.incident.status).toBe('verified');
    expect((await t.call('POST', `/v1/releases/${next}/start`)).body.started).toBe(true);
  });

  it('escalates when the restored route still fails the schema gate, and never reports success', async () => {
    const { releaseId, incidentId } = await rolledBack();
    t.clock.advance(minutes(1));
    expect(await post(events(400, { restored: true, failEvery: 10 }))).toBe(true);
    await t.services.machine.tick();
    const shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(shown.incident.status).toBe('escalated');
    const gate = shown.incident.verification.gates[0];
    expect(gate).toMatchObject({ gate: 'schema-failure-spike', state: 'breached', samples: 200 });
    expect(shown.incident.verification.failures.join('\n')).toMatch(
      /gate schema-failure-spike is still breached on the restored route/,
    );
    const timeline = (await t.call('GET', `/v1/releases/${releaseId}`)).body.timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('verification.failed');
    expect(timeline.map((e: { kind: string }) => e.kind)).not.toContain('verification.passed');
  });

  it('extends a window short of samples up to its bound, then fails a gate that never got enough traffic', async () => {
    const { incidentId } = await rolledBack();
    t.clock.advance(minutes(1));
    expect(await post(events(20, { restored: true }))).toBe(true);
    t.clock.advance(minutes(5));
    await t.services.machine.tick();
    const extended = (await t.call('GET', `/v1/incidents/${incidentId}`)).body.incident;
    // 20 of 200 samples in 6 minutes: the traffic would need about an hour, so the window goes to the bound.
    expect(extended.status).toBe('verifying');
    expect(extended.verification.extension.reason).toMatch(
      /verification extended: schema-failure-spike has 20 of 200 samples at 3\.\d\/min, capped at the bound/,
    );
    expect(extended.times.verifyUntil).toBe(extended.verification.extension.bound);
    t.clock.advance(minutes(60));
    await t.services.machine.tick();
    const shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(shown.incident.status).toBe('escalated');
    expect(shown.incident.verification.failures.join('\n')).toMatch(
      /gate schema-failure-spike did not return to passing within the verification window/,
    );
  });

  it('sizes the window to the traffic of the restored route: a slow route is verified, nobody is paged', async () => {
    const { incidentId } = await rolledBack();
    // 30 requests a minute on the restored route: after the 5-minute window 150 of the gate's 200.
    for (let minute = 0; minute < 5; minute++) {
      t.clock.advance(minutes(1));
      expect(await post(events(30, { restored: true }))).toBe(true);
    }
    t.clock.advance(minutes(0.5));
    await t.services.machine.tick();
    const extended = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(extended.incident.status).toBe('verifying');
    const until = Date.parse(extended.incident.verification.extension.until);
    // 50 more samples at ~27/min (measured since the restore), plus a quarter: a few minutes, far below the bound.
    expect(until - t.clock.now().getTime()).toBeGreaterThan(minutes(2));
    expect(until - t.clock.now().getTime()).toBeLessThan(minutes(4));
    expect(extended.timeline.map((e: { kind: string }) => e.kind)).toContain('verification.extended');
    for (let minute = 0; minute < 3; minute++) {
      t.clock.advance(minutes(1));
      expect(await post(events(30, { restored: true }))).toBe(true);
    }
    t.clock.advance(minutes(1));
    await t.services.machine.tick();
    const shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(shown.incident.status).toBe('verified');
    expect(shown.incident.verification.gates[0]).toMatchObject({ state: 'passing', needed: 200 });
  });

  it('keeps the verification evidence across a restart', async () => {
    const { incidentId } = await rolledBack();
    t.clock.advance(minutes(1));
    expect(await post(events(150, { restored: true }))).toBe(true);
    await t.services.machine.tick();
    // A new server on the same store (the old one is dropped, as after a crash).
    const restarted = await createTestApp('pglite', { database: t.database });
    restarted.clock.set(t.clock.now());
    t = restarted;
    expect(await t.services.incidents.resume()).toBe(1); // as the server does at boot
    // 150 + 100 fill the gate's 200-call window only if the evidence before the restart was kept.
    expect(await post(events(100, { restored: true }))).toBe(true);
    t.clock.advance(minutes(5));
    await t.services.machine.tick();
    const shown = (await t.call('GET', `/v1/incidents/${incidentId}`)).body;
    expect(shown.incident.status).toBe('verified');
    expect(shown.incident.verification.gates[0]).toMatchObject({ state: 'passing', samples: 200 });
  });
});
