import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';
import { outcome, persistedApplied, postEvents, startExampleRelease } from './ingest-support.js';

describe('release gates over HTTP and the gate session lifecycle', () => {
  let t: TestApp;
  let id: string;
  beforeEach(async () => {
    t = await createTestApp();
    id = await startExampleRelease(t);
  });
  afterEach(async () => t.close());

  const override = (gate: string, body: unknown, token?: string) =>
    t.call('POST', `/v1/releases/${id}/gates/${gate}/override`, body, token);
  const gateState = async (gate: string) =>
    (await t.call('GET', `/v1/releases/${id}/gates`)).body.gates.find((g: any) => g.gate === gate);

  it('shows every gate with its state, numbers, sentence, severity and criticality', async () => {
    await postEvents(t, [outcome({ schemaValid: false }), outcome()]);
    const r = await t.call('GET', `/v1/releases/${id}/gates`);
    expect(r.status).toBe(200);
    expect(r.body.release).toEqual({
      id,
      workflow: 'support-summary',
      environment: 'production',
      name: 'sonnet-5-tier',
      status: 'running',
    });
    expect(r.body.live).toBe(true);
    expect(r.body.counts).toEqual({ passing: 0, breached: 0, inconclusive: 7 });
    const schema = r.body.gates[0];
    expect(schema).toMatchObject({
      gate: 'schema-failure-spike',
      state: 'inconclusive',
      severity: 'rapid',
      criticality: 'business-critical',
      samples: { candidate: 2, control: 0 },
    });
    expect(schema.sentence).toMatch(/schema failures.*inconclusive/);
    expect((await t.call('GET', '/v1/releases/rel_nope/gates')).status).toBe(404);
  });

  it('forces a gate breached and passing and clears it, each audited with actor and reason', async () => {
    const breach = await override('schema-failure-spike', { force: 'breach', reason: 'parser logs show garbage' });
    expect(breach.status).toBe(200);
    expect(breach.body).toMatchObject({
      gate: 'schema-failure-spike',
      state: 'breached',
      computedState: 'inconclusive',
      override: { force: 'breached', actor: 'admin (RIPCORD_ADMIN_TOKEN)', reason: 'parser logs show garbage' },
    });
    expect((await gateState('schema-failure-spike')).state).toBe('breached');
    const pass = await override('schema-failure-spike', { force: 'pass', reason: 'known parser change, accepted' });
    expect(pass.body.state).toBe('passing');
    const clear = await override('schema-failure-spike', { force: 'clear', reason: 'let the data decide' });
    expect(clear.body).toMatchObject({ state: 'inconclusive', override: null });

    const audit = (await t.call('GET', '/v1/audit')).body.entries.filter((e: any) => e.subject === id);
    const overrides = audit.filter((e: any) => e.action.startsWith('gate.'));
    expect(overrides.map((e: any) => [e.action, e.actor, e.details.force, e.details.reason])).toEqual([
      ['gate.overridden', 'admin (RIPCORD_ADMIN_TOKEN)', 'breach', 'parser logs show garbage'],
      ['gate.overridden', 'admin (RIPCORD_ADMIN_TOKEN)', 'pass', 'known parser change, accepted'],
      ['gate.override.cleared', 'admin (RIPCORD_ADMIN_TOKEN)', 'clear', 'let the data decide'],
    ]);
    expect(overrides[1].details.previous).toMatchObject({ force: 'breached' });
  });

  it('keeps an override across a restart', async () => {
    await override('latency-regression', { force: 'breach', reason: 'p95 doubled on the dashboard' });
    const restarted = await createTestApp('pglite', { database: t.database });
    await restarted.services.gateSessions.load();
    const gates = (await restarted.call('GET', `/v1/releases/${id}/gates`)).body.gates;
    expect(gates.find((g: any) => g.gate === 'latency-regression').state).toBe('breached');
  });

  it('refuses overrides without a reason, for unknown gates, from viewers, and on stopped releases', async () => {
    const noReason = await override('schema-failure-spike', { force: 'breach', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect((await override('schema-failure-spike', { force: 'explode', reason: 'x' })).status).toBe(400);
    expect((await override('no-such-gate', { force: 'breach', reason: 'x' })).status).toBe(404);
    const viewer = (await t.call('POST', '/v1/tokens', { subject: 'v', role: 'viewer' })).body.token as string;
    expect((await override('schema-failure-spike', { force: 'breach', reason: 'x' }, viewer)).status).toBe(403);
    expect((await t.call('GET', `/v1/releases/${id}/gates`, undefined, viewer)).status).toBe(200);
    await t.services.gateSessions.stop(id);
    const stopped = await override('schema-failure-spike', { force: 'breach', reason: 'x' });
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.code).toBe('conflict');
  });

  it('evaluates at a tick, restarts stage windows, and keeps the final state readable after stop', async () => {
    await postEvents(t, [outcome(), outcome(), outcome({ arm: 'control' })]);
    const tick = await t.services.gateSessions.evaluate(id, t.clock.now());
    expect(tick?.gates.map((g) => g.state)).toEqual(Array(7).fill('inconclusive'));
    expect(await t.services.gateSessions.evaluate('rel_unknown', t.clock.now())).toBeUndefined();

    // Latency reads "since the stage began"; schema failures read "the last 200 calls".
    expect((await gateState('latency-regression')).samples.candidate).toBe(2);
    expect(await t.services.gateSessions.startStage(id, t.clock.now())).toBe(true);
    expect((await gateState('latency-regression')).samples.candidate).toBe(0);
    expect((await gateState('schema-failure-spike')).samples.candidate).toBe(2);

    await t.services.gateSessions.stop(id);
    expect(t.services.gateSessions.isLive(id)).toBe(false);
    const after = await t.call('GET', `/v1/releases/${id}/gates`);
    expect(after.body.live).toBe(false);
    expect(after.body.applied.events).toBe(3);
    // Events for a stopped release are still accepted, but no longer attributed.
    expect((await postEvents(t, [outcome()])).body).toMatchObject({ accepted: 1, unattributed: 1 });
    expect(await persistedApplied(t, id)).toBe(3);
  });

  it('resumes a persisted session on start instead of starting over', async () => {
    await postEvents(t, [outcome(), outcome()]);
    const record = (await t.services.stores.releases.get(id))!;
    const restarted = await createTestApp('pglite', { database: t.database });
    await restarted.services.gateSessions.start(record, restarted.clock.now());
    expect((await restarted.call('GET', `/v1/releases/${id}/gates`)).body.applied.events).toBe(2);
  });
});
