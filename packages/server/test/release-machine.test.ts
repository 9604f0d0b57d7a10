import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/machine/decision.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/** Gates whose evaluations the test scripts, standing in for the gate sessions. */
function scriptedGates() {
  const calls: string[] = [];
  let evaluations: GateEvaluation[] = [];
  const port: GatePort = {
    start: (r) => (calls.push(`start ${r.name}`), Promise.resolve()),
    startStage: () => (calls.push('stage'), Promise.resolve()),
    evaluate: () => Promise.resolve(evaluations),
    stop: () => (calls.push('stop'), Promise.resolve()),
  };
  return { port, calls, set: (e: GateEvaluation[]) => (evaluations = e) };
}

const passing = (gate: string, severity: GateEvaluation['severity'] = 'rapid'): GateEvaluation => ({
  gate,
  state: 'passing',
  severity,
});
const minutes = (n: number) => n * 60_000;

describe('the release state machine', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function setUp(name: 'support-summary' | 'ride-pricing') {
    const gates = scriptedGates();
    t = await createTestApp('pglite', { gates: gates.port });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments(name, { includeReleases: true }) });
    const list = (await t.call('GET', `/v1/releases?workflow=${name}`)).body.releases;
    return { gates, id: list[0].id as string, spec: list[0].spec };
  }
  const labelProduction = (wf: string, version: string) =>
    t.call('PUT', `/v1/workflows/${wf}/environments/production/labels/production`, { version, reason: 'baseline' });
  const split = async (wf: string) =>
    (await t.call('GET', `/v1/workflows/${wf}/environments/production/config`)).body.config.split;

  it('blocks a release whose rollback path is not proven, with the reasons', async () => {
    const { id } = await setUp('support-summary');
    const r = await t.call('POST', `/v1/releases/${id}/start`);
    expect(r.body.started).toBe(false);
    expect(r.body.readiness.blockers.join('\n')).toMatch(
      /production in production serves nothing, not the control 2026-04-10.1/,
    );
    expect(r.body.release.status).toBe('pending');
    const timeline = (await t.call('GET', `/v1/releases/${id}`)).body.timeline;
    expect(timeline.at(-1).kind).toBe('release.readiness-blocked');
  });

  it('walks a healthy support-summary release through offline, 5 %, 25 % and promotion', async () => {
    const { gates, id } = await setUp('support-summary');
    await labelProduction('support-summary', '2026-04-10.1');
    gates.set(
      [
        'schema-failure-spike',
        'latency-regression',
        'cost-per-successful-task',
        'review-rejection',
        'safety-blocks',
        'customer-complaints',
      ].map((g) => passing(g)),
    );
    const started = await t.call('POST', `/v1/releases/${id}/start`);
    expect(started.body).toMatchObject({ started: true, release: { status: 'running', stage: 0 } });
    expect(started.body.readiness.plan.estimate.text).toBeTruthy();
    // Offline stage: no traffic, and no advance until its evidence is recorded.
    expect(await split('support-summary')).toBeUndefined();
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'none' });
    await t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 997 });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'advanced' });
    expect(await split('support-summary')).toEqual({ release: 'sonnet-5-tier', percent: 5 });
    // The bake holds the stage for 60 minutes.
    t.clock.advance(minutes(59));
    expect((await t.services.machine.tick())[0]!.action).toBe('none');
    t.clock.advance(minutes(1));
    expect((await t.services.machine.tick())[0]!.action).toBe('advanced');
    expect((await split('support-summary')).percent).toBe(25);
    t.clock.advance(minutes(60));
    expect((await t.services.machine.tick())[0]!.action).toBe('promoted');
    const release = (await t.call('GET', `/v1/releases/${id}`)).body;
    expect(release.release.status).toBe('promoted');
    const labels = (await t.call('GET', '/v1/workflows/support-summary/labels?environment=production')).body.labels;
    expect(Object.fromEntries(labels.map((l: any) => [l.label, l.bundleVersion]))).toEqual({
      production: '2026-05-02.1',
      previous: '2026-04-10.1',
    });
    expect(await split('support-summary')).toBeUndefined();
    // The old control is kept for the release's cool-down (72 h).
    const retention = (await t.call('GET', '/v1/workflows/support-summary/bundles/2026-04-10.1/retention')).body;
    expect(retention.reasons.map((r: any) => r.message).join('\n')).toMatch(
      /cooldown hold until 2026-05-05T11:00:00.000Z/,
    );
    expect(gates.calls).toEqual(['start sonnet-5-tier', 'stage', 'stage', 'stage', 'stop']);
    expect(release.decisions.map((d: any) => d.kind)).toContain('continue');
  });

  it('rolls a support-summary schema regression back by its firstRollback, automatically', async () => {
    const { gates, id } = await setUp('support-summary');
    await labelProduction('support-summary', '2026-04-10.1');
    gates.set([passing('schema-failure-spike')]);
    await t.call('POST', `/v1/releases/${id}/start`);
    await t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await t.services.machine.tick();
    expect((await split('support-summary')).percent).toBe(5);
    gates.set([
      {
        gate: 'schema-failure-spike',
        state: 'breached',
        severity: 'rapid',
        metric: 'schema_failure_rate',
        statistic: 0.016,
        threshold: 0.01,
        sentence: 'candidate schema failures 1.6 % over the last 200 calls vs control 0.1 %: breached',
      },
    ]);
    t.clock.advance(minutes(3));
    expect((await t.services.machine.tick())[0]).toMatchObject({ decision: 'rollback-now', action: 'rolled-back' });
    const config = (await t.call('GET', '/v1/workflows/support-summary/environments/production/config')).body.config;
    expect(config.split).toBeUndefined();
    expect(config.flags['ai.action.mode'].variants).toEqual({ 'draft-only': 'draft-only' });
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.status).toBe('rolled-back');
    const decision = shown.decisions.find((d: any) => d.kind === 'rollback-now');
    expect(decision.reasoning).toMatch(/schema-failure-spike/);
    const executed = shown.timeline.find((e: any) => e.kind === 'rollback.executed');
    expect(executed.actor).toBe('ripcord');
    expect(executed.details.steps.join('\n')).toMatch(/restore modelRoute: claude-sonnet-5 → claude-sonnet-4-5/);
    expect(gates.calls.at(-1)).toBe('stop');
  });

  it('refuses a level-1 rollback of ride-pricing (model 41 needs fp-12) and runs level 2 instead', async () => {
    const { gates, id } = await setUp('ride-pricing');
    await labelProduction('ride-pricing', '41');
    gates.set([passing('prediction-shift')]);
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    expect((await split('ride-pricing')).percent).toBe(1);
    const dry = (await t.call('GET', `/v1/releases/${id}/rollback-plan`)).body;
    expect(dry.level).toBe('level2');
    expect(dry.refusals[0].reason).toMatch(/fp-12/);
    gates.set([
      {
        gate: 'prediction-shift',
        state: 'breached',
        severity: 'rapid',
        metric: 'prediction_distribution',
        statistic: 0.31,
        threshold: 0.2,
      },
    ]);
    expect((await t.services.machine.tick())[0]).toMatchObject({ decision: 'rollback-now', action: 'rolled-back' });
    const executed = (await t.call('GET', `/v1/releases/${id}`)).body.timeline.find(
      (e: any) => e.kind === 'rollback.executed',
    );
    expect(executed.details.level).toBe('level2');
    expect(executed.details.refusals.join('\n')).toMatch(/41.*fp-12|fp-12.*fp-13/);
    expect(await split('ride-pricing')).toBeUndefined();
  });

  it('waits for approvals when the plan is beyond the ticket’s automatic list, and pauses the release', async () => {
    const gates = scriptedGates();
    t = await createTestApp('pglite', { gates: gates.port });
    const docs = exampleDocuments('ride-pricing', { includeReleases: true });
    const release = { ...docs[3], automatic: ['flags'] };
    await t.call('POST', '/v1/apply', { documents: [...docs.slice(0, 3), release] });
    const id = (await t.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id;
    await labelProduction('ride-pricing', '41');
    await t.call('POST', `/v1/releases/${id}/start`);
    gates.set([
      {
        gate: 'serving-errors',
        state: 'breached',
        severity: 'immediate',
        metric: 'error_rate',
        statistic: 0.09,
        threshold: 0.05,
      },
    ]);
    expect((await t.services.machine.tick())[0]).toMatchObject({
      decision: 'rollback-now',
      action: 'awaiting-approval',
    });
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.status).toBe('paused');
    const waiting = shown.timeline.find((e: any) => e.kind === 'rollback.awaiting-approval');
    expect(waiting.details.level).toBe('level2');
    expect(waiting.details.summary).toMatch(/level-2 rollback needs on-call approval/);
    // Nothing was executed: the candidate still has its 1 % until a person acts.
    expect((await split('ride-pricing')).percent).toBe(1);
  });

  it('runs a waiting rollback once an on-call engineer approves, then tracks the team lead’s 15-minute acknowledgement', async () => {
    const gates = scriptedGates();
    t = await createTestApp('pglite', { gates: gates.port });
    const docs = exampleDocuments('ride-pricing', { includeReleases: true });
    await t.call('POST', '/v1/apply', { documents: [...docs.slice(0, 3), { ...docs[3], automatic: ['flags'] }] });
    const id = (await t.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id;
    const token = async (subject: string) =>
      (await t.call('POST', '/v1/tokens', { subject, role: 'operator' })).body.token as string;
    const [oncall, lead, stranger] = [
      await token('team-pricing'),
      await token('lead-pricing'),
      await token('someone-else'),
    ];
    await labelProduction('ride-pricing', '41');
    await t.call('POST', `/v1/releases/${id}/start`);
    gates.set([{ gate: 'serving-errors', state: 'breached', severity: 'immediate', metric: 'error_rate' }]);
    await t.services.machine.tick();
    const approve = (tok: string) =>
      t.call('POST', `/v1/releases/${id}/approvals`, { verdict: 'grant', reason: 'errors at 9 %' }, tok);
    // Someone who is not on call for ride-pricing may not approve: 403, and the rollback still waits.
    expect((await approve(stranger)).status).toBe(403);
    const ran = await approve(oncall);
    expect(ran.body).toMatchObject({ status: 'executed', releaseStatus: 'rolled-back' });
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    expect(shown.release.state.teamLead.ackBy).toBe(new Date(t.clock.now().getTime() + 15 * 60_000).toISOString());
    expect(shown.timeline.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['approval.granted', 'rollback.executed', 'notify.team-lead']),
    );
    // The team lead misses the deadline: recorded and escalated; a late acknowledgement is still kept.
    expect((await t.call('POST', `/v1/releases/${id}/acknowledge`, undefined, oncall)).status).toBe(403);
    t.clock.advance(16 * 60_000);
    await t.services.machine.tick();
    const missed = (await t.call('GET', `/v1/releases/${id}`)).body.timeline.find(
      (e: any) => e.kind === 'notify.team-lead-missed',
    );
    expect(missed.details.escalation).toMatch(/incident commander/);
    expect(
      (await t.call('POST', `/v1/releases/${id}/acknowledge`, undefined, lead)).body.state.teamLead.at,
    ).toBeTruthy();
  });

  it('lets only the incident commander override the plan, and needs two distinct leads for a level-4 rollback', async () => {
    const { id } = await setUp('ride-pricing');
    const token = async (subject: string) =>
      (await t.call('POST', '/v1/tokens', { subject, role: 'operator' })).body.token as string;
    const [oncall, dataLead, mlLead, ic] = [
      await token('team-pricing'),
      await token('lead-data-eng'),
      await token('lead-ml-eng'),
      await token('oncall-ic'),
    ];
    await labelProduction('ride-pricing', '41');
    await t.call('POST', `/v1/releases/${id}/start`);
    const override = { set: { 'ai.action.mode': 'human-review' } };
    const denied = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'x', override }, oncall);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/only the incident commander/);
    const byIc = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'IC: review mode now', override }, ic);
    expect(byIc.body).toMatchObject({
      status: 'executed',
      releaseStatus: 'paused',
      plan: { override: { by: 'oncall-ic', reason: 'IC: review mode now' } },
    });
    const asked = await t.call(
      'POST',
      `/v1/releases/${id}/rollback`,
      { reason: 'retrain on the old snapshot', level: 4 },
      oncall,
    );
    expect(asked.body.status).toBe('awaiting-approval');
    expect(asked.body.authority.remaining.map((r: any) => r.requirement).sort()).toEqual([
      'dataEngineeringLead',
      'mlEngineeringLead',
    ]);
    const grant = (tok: string) =>
      t.call('POST', `/v1/releases/${id}/approvals`, { verdict: 'grant', reason: 'ok' }, tok);
    expect((await grant(dataLead)).body.status).toBe('awaiting-approval');
    // The same lead approving twice is still one person: the second lead is still missing.
    expect((await grant(dataLead)).body.status).toBe('awaiting-approval');
    const done = await grant(mlLead);
    expect(done.body).toMatchObject({ status: 'executed', plan: { level: 'level4' } });
  });

  it('resumes exactly after a restart: same stage, same bake timer', async () => {
    const { gates, id } = await setUp('support-summary');
    await labelProduction('support-summary', '2026-04-10.1');
    gates.set([passing('schema-failure-spike')]);
    await t.call('POST', `/v1/releases/${id}/start`);
    await t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    await t.services.machine.tick();
    const before = (await t.call('GET', `/v1/releases/${id}`)).body.release;
    // A new process on the same store: fresh services and caches, nothing kept in memory.
    const restarted = await createTestApp('pglite', { database: t.database, gates: gates.port });
    restarted.clock.set(t.clock.now());
    const after = await restarted.call('GET', `/v1/releases/${id}`);
    expect(after.body.release, JSON.stringify(after.body)).toMatchObject({
      status: 'running',
      stage: 1,
      state: { stage: { bakeEndsAt: before.state.stage.bakeEndsAt } },
    });
    restarted.clock.advance(minutes(59));
    expect((await restarted.services.machine.tick())[0]!.action).toBe('none');
    restarted.clock.advance(minutes(1));
    expect((await restarted.services.machine.tick())[0]!.action).toBe('advanced');
  });

  it('keeps waiting for approval across a restart, and the deadline still expires on time', async () => {
    const gates = scriptedGates();
    t = await createTestApp('pglite', { gates: gates.port });
    const docs = exampleDocuments('ride-pricing', { includeReleases: true });
    await t.call('POST', '/v1/apply', { documents: [...docs.slice(0, 3), { ...docs[3], automatic: ['flags'] }] });
    const id = (await t.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id;
    await labelProduction('ride-pricing', '41');
    await t.call('POST', `/v1/releases/${id}/start`);
    gates.set([{ gate: 'serving-errors', state: 'breached', severity: 'immediate', metric: 'error_rate' }]);
    await t.services.machine.tick();
    const pending = (await t.call('GET', `/v1/releases/${id}`)).body.release.state.pendingRollback;
    expect(pending).toMatchObject({ level: 'level2', remaining: ['on-call'] });
    const restarted = await createTestApp('pglite', { database: t.database, gates: gates.port });
    restarted.clock.set(t.clock.now());
    restarted.clock.advance(29 * 60_000);
    await restarted.services.machine.tick();
    expect((await restarted.call('GET', `/v1/releases/${id}`)).body.release.state.pendingRollback).toEqual(pending);
    restarted.clock.advance(60_000);
    await restarted.services.machine.tick();
    const after = (await restarted.call('GET', `/v1/releases/${id}`)).body;
    expect(after.release.state.pendingRollback).toBeUndefined();
    expect(after.timeline.find((e: any) => e.kind === 'approval.expired').details).toMatchObject({
      level: 'level2',
      escalation: 'incident commander paged',
    });
  });

  it('makes one run of 20 simultaneous rollback requests; the others get its id', async () => {
    const { id } = await setUp('ride-pricing');
    const oncall = (await t.call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token as string;
    await labelProduction('ride-pricing', '41');
    await t.call('POST', `/v1/releases/${id}/start`);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call('POST', `/v1/releases/${id}/rollback`, { reason: `operator ${i}`, level: 2 }, oncall),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const runs = await t.services.stores.runs.forRelease(id);
    expect(runs).toHaveLength(1);
    expect(responses.filter((r) => r.body.status === 'executed')).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.runId))).toEqual(new Set([runs[0]!.id]));
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('rolled-back');
  });
});
