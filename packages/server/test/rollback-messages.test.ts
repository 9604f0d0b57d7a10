import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { availableEngines, openTestDatabase } from './helpers.js';
import { ridePricingWithActuators, startHttpApp, startRidePricing, type HttpApp } from './rollback-support.js';

/**
 * What a rollback request says when the release is not running (pending, rolled back, promoted,
 * aborted), checked before authority so nothing is written for an impossible rollback; and an
 * approval by someone without authority: 403, recorded as denied (never as granted).
 */
describe.each(availableEngines())('rollback refusals and approvals without authority (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  afterEach(async () => {
    await t.stop();
    await database.close();
  });

  async function setUp() {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database);
  }
  const token = async (subject: string) =>
    (await t.call('POST', '/v1/tokens', { subject, role: 'operator' })).body.token as string;
  const shown = async (id: string) => (await t.call('GET', `/v1/releases/${id}`)).body;
  const rollback = (id: string, tok: string, level = 2) =>
    t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'errors up', level }, tok);

  it('says a pending release has not started, for anyone, and records nothing', async () => {
    await setUp();
    await t.call('POST', '/v1/apply', { documents: ridePricingWithActuators('http://127.0.0.1:9', []) });
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    const before = (await shown(id)).timeline.length;
    for (const tok of [await token('team-pricing'), await token('nobody-here')]) {
      const answer = await rollback(id, tok);
      expect(answer.status).toBe(409);
      expect(answer.body.error.message).toMatch(/has not started \(it is pending\): there is nothing to roll back/);
      expect(answer.body.error.message).not.toMatch(/ended|already running/);
    }
    const after = await shown(id);
    expect(after.release.status).toBe('pending');
    expect(after.timeline).toHaveLength(before);
  });

  it('names the run that already rolled the release back and its outcome, never "already running"', async () => {
    await setUp();
    const { id, oncall } = await startRidePricing(t, 'http://127.0.0.1:9', []);
    const first = await rollback(id, oncall);
    expect(first.body).toMatchObject({ status: 'executed', runStatus: 'succeeded', releaseStatus: 'rolled-back' });
    const runId = first.body.runId as string;
    const finishedAt = (await t.call('GET', `/v1/rollbacks/${runId}`)).body.run.finishedAt as string;
    const before = (await shown(id)).timeline.length;
    t.clock.advance(3_600_000);
    for (const tok of [oncall, await token('nobody-here')]) {
      const again = await rollback(id, tok);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'joined', runId, runStatus: 'succeeded' });
      expect(again.body.summary).toBe(
        `release demand-gbm-42 was already rolled back by run ${runId} (succeeded at ${finishedAt}); there is nothing left to roll back`,
      );
      expect(again.body.summary).not.toMatch(/already running/);
    }
    expect((await shown(id)).timeline).toHaveLength(before);
  });

  it('says a promoted release past its cool-down or an aborted release has ended, with when, and records nothing', async () => {
    await setUp();
    const { id, oncall } = await startRidePricing(t, 'http://127.0.0.1:9', []);
    const promoted = await t.call('POST', `/v1/releases/${id}/promote`, { reason: 'all good' });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    const cooldownEndsAt = (await shown(id)).release.state.cooldownEndsAt as string;
    const before = (await shown(id)).timeline.length;
    // Within the cool-down the previous bundle may be restored (cooldown-watch.test.ts); after it, not.
    t.clock.advance(73 * 3_600_000);
    const answer = await rollback(id, oncall);
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toBe(
      `release demand-gbm-42 was promoted and its cool-down ended at ${cooldownEndsAt}: the previous bundle 41 is no longer kept warm; restoring it is a new release (or \`ripcord labels set ride-pricing production 41 --env production\`)`,
    );
    expect((await shown(id)).timeline).toHaveLength(before);

    await t.stop();
    await database.close();
    await setUp();
    const second = await startRidePricing(t, 'http://127.0.0.1:9', []);
    expect((await t.call('POST', `/v1/releases/${second.id}/abort`, { reason: 'wrong build' })).status).toBe(200);
    const abortedAt = (await shown(second.id)).release.finishedAt as string;
    const refused = await rollback(second.id, await token('nobody-here'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `release demand-gbm-42 was aborted at ${abortedAt}; it has ended and its candidate serves no traffic`,
    );
  });

  it('answers 403 to an approval by someone without authority and records it as denied, never granted', async () => {
    await setUp();
    const { id, oncall } = await startRidePricing(t, 'http://127.0.0.1:9', []);
    const asked = await rollback(id, oncall, 3);
    expect(asked.body.status).toBe('awaiting-approval');
    const approvals = (tok: string, verdict: 'grant' | 'refuse') =>
      t.call('POST', `/v1/releases/${id}/approvals`, { verdict, reason: 'ok' }, tok);
    const stranger = await token('nobody-here');
    const denied = await approvals(stranger, 'grant');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'nobody-here may not approve the level3 rollback of demand-gbm-42: nobody-here holds no role in ride-pricing; ' +
        'this rollback needs dataEngineeringLead approval (dataEngineeringLead: lead-data-eng)',
    );
    // An on-call engineer holds a role, but not the one a level-3 approval needs.
    const oncallDenied = await approvals(oncall, 'grant');
    expect(oncallDenied.status).toBe(403);
    expect(oncallDenied.body.error.message).toMatch(/team-pricing holds only engineering in ride-pricing/);
    // Nor may they refuse (cancel) it.
    expect((await approvals(stranger, 'refuse')).status).toBe(403);

    const after = await shown(id);
    const kinds = after.timeline.map((e: any) => e.kind);
    expect(kinds).not.toContain('approval.granted');
    expect(kinds).not.toContain('approval.refused');
    expect(kinds).not.toContain('rollback.refused');
    const deniedEntries = after.timeline.filter((e: any) => e.kind === 'approval.denied');
    expect(deniedEntries.map((e: any) => [e.actor, e.details.verdict])).toEqual([
      ['nobody-here', 'grant'],
      ['team-pricing', 'grant'],
      ['nobody-here', 'refuse'],
    ]);
    expect(deniedEntries[0].details.reason).toMatch(/^approval denied: nobody-here holds no role/);
    const audit = (await t.call('GET', '/v1/audit')).body;
    expect(JSON.stringify(audit)).not.toMatch(/approval\.granted/);
    // The rollback still waits, and the lead's approval runs it.
    expect(after.release.state.pendingRollback).toBeDefined();
    const granted = await approvals(await token('lead-data-eng'), 'grant');
    expect(granted.status).toBe(200);
    expect(granted.body.status).toBe('executed');
  });

  it('records an approval the token role or scope refuses in the HTTP layer as denied, with 403', async () => {
    await setUp();
    const { id, oncall } = await startRidePricing(t, 'http://127.0.0.1:9', []);
    expect((await rollback(id, oncall, 3)).body.status).toBe('awaiting-approval');
    const make = async (subject: string, role: string, scope?: unknown) =>
      (await t.call('POST', '/v1/tokens', { subject, role, ...(scope ? { scope } : {}) })).body.token as string;
    const viewer = await make('lead-data-eng', 'viewer');
    const elsewhere = await make('other-team', 'operator', { workflows: ['support-summary'] });
    const approve = (tok: string, verdict: 'grant' | 'refuse') =>
      t.call('POST', `/v1/releases/${id}/approvals`, { verdict, reason: 'looks fine' }, tok);
    const byViewer = await approve(viewer, 'grant');
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.error.message).toMatch(/needs the operator role/);
    expect((await approve(elsewhere, 'refuse')).status).toBe(403);
    const denied = (await shown(id)).timeline.filter((e: any) => e.kind === 'approval.denied');
    expect(denied.map((e: any) => [e.actor, e.details.verdict, e.details.level])).toEqual([
      ['lead-data-eng', 'grant', 'level3'],
      ['other-team', 'refuse', 'level3'],
    ]);
    expect(denied[1].details.reason).toMatch(/^refusal denied: the token of other-team is not scoped to ride-pricing/);
    const audit = (await t.call('GET', '/v1/audit')).body.entries.filter((e: any) => e.action === 'approval.denied');
    expect(audit).toHaveLength(2);
    expect((await shown(id)).release.state.pendingRollback).toBeDefined();
  });
  it('records a rollback request refused with 403 (role, scope, an override not by the incident commander) as denied', async () => {
    await setUp();
    const { id, oncall } = await startRidePricing(t, 'http://127.0.0.1:9', []);
    const make = async (subject: string, role: string, scope?: unknown) =>
      (await t.call('POST', '/v1/tokens', { subject, role, ...(scope ? { scope } : {}) })).body.token as string;
    const viewer = await make('lead-data-eng', 'viewer');
    const elsewhere = await make('other-team', 'operator', { workflows: ['support-summary'] });
    const byViewer = await rollback(id, viewer);
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.error.message).toMatch(/needs the operator role/);
    expect((await rollback(id, elsewhere)).status).toBe(403);
    const override = { set: { 'ai.action.mode': 'human-review' } };
    const overridden = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'my way', override }, oncall);
    expect(overridden.status).toBe(403);
    const after = await shown(id);
    const denied = after.timeline.filter((e: any) => e.kind === 'approval.denied');
    expect(denied.map((e: any) => [e.actor, e.details.verdict, e.details.given])).toEqual([
      ['lead-data-eng', 'rollback', 'errors up'],
      ['other-team', 'rollback', 'errors up'],
      ['team-pricing', 'rollback', 'my way'],
    ]);
    expect(denied[0].details.reason).toMatch(/^rollback request denied: .*needs the operator role/);
    expect(denied[2].details.reason).toMatch(/^rollback request denied: .*only the incident commander/);
    const audit = (await t.call('GET', '/v1/audit')).body.entries.filter((e: any) => e.action === 'approval.denied');
    expect(audit.map((e: any) => e.actor)).toEqual(['lead-data-eng', 'other-team', 'team-pricing']);
    // Nothing ran and nothing was held: the release is still running.
    expect(after.release.status).toBe('running');
    expect(after.timeline.map((e: any) => e.kind)).not.toContain('rollback.executed');
  });
});
