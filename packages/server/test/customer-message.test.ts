/**
 * An incident's customer message (R7.4) through the API: ripcord's suggestion, versions recorded
 * by an operator of the workflow (draft, then sent) with an audit entry each, refusals in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { availableEngines, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const breach = {
  gate: 'serving-errors',
  state: 'breached' as const,
  severity: 'immediate' as const,
  metric: 'error_rate',
  statistic: 0.08,
  threshold: 0.05,
};

describe.each(availableEngines())('the customer message of an incident (%s)', (engine) => {
  let t: TestApp;
  let path: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    let breached = false;
    const gates: GatePort = {
      start: () => Promise.resolve(),
      startStage: () => Promise.resolve(),
      evaluate: () => Promise.resolve(breached ? [breach] : []),
      stop: () => Promise.resolve(),
    };
    t = await createTestApp(engine, { gates, probe: () => Promise.resolve({ ok: true, detail: 'HTTP 200' }) });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('ride-pricing', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id;
    await t.call('POST', `/v1/releases/${id}/start`);
    t.clock.advance(4 * 60_000);
    breached = true;
    await t.services.machine.tick();
    path = `/v1/incidents/${(await t.call('GET', '/v1/incidents')).body.incidents[0].id}/customer-message`;
    for (const [name, body] of Object.entries({
      operator: { subject: 'team-pricing', role: 'operator' },
      viewer: { subject: 'auditor', role: 'viewer' },
      other: { subject: 'team-support-ai', role: 'operator', scope: { workflows: ['support-summary'] } },
    }))
      tokens[name] = (await t.call('POST', '/v1/tokens', body)).body.token;
  });
  afterAll(() => t?.close());

  it('suggests one from the incident and keeps every recorded version, audited', async () => {
    const first = await t.call('GET', path, undefined, tokens.viewer);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      workflow: 'ride-pricing',
      environment: 'production',
      current: null,
      history: [],
    });
    expect(first.body.suggestion.why).toMatch(/blast radius/);
    await t.services.changes.poll();
    const draft = await t.call('PUT', path, { text: 'Prices may look off.', state: 'draft' }, tokens.operator);
    expect(draft.status).toBe(200);
    // The dashboard's live feed names the incident (from the audit entry: exact, whatever the clock says).
    expect(await t.services.changes.poll()).toContainEqual(
      expect.objectContaining({ kind: 'incident', id: draft.body.incident, workflow: 'ride-pricing' }),
    );
    expect(draft.body.current).toMatchObject({ version: 1, state: 'draft', by: 'team-pricing', reason: 'draft' });
    t.clock.advance(1000);
    const sent = await t.call(
      'PUT',
      path,
      {
        text: 'Prices were briefly off; fixed now.',
        state: 'sent',
        template: 'known-issue',
        reason: 'support sent it',
      },
      tokens.operator,
    );
    expect(sent.body.current).toMatchObject({ version: 2, state: 'sent', template: 'known-issue' });
    expect(sent.body.history.map((m: { version: number }) => m.version)).toEqual([1, 2]);
    const { entries } = (await t.call('GET', '/v1/audit?limit=5000')).body;
    const recorded = entries.filter((e: { action: string }) => e.action === 'incident.customer-message.recorded');
    expect(recorded.map((e: { details: { version: number; text: string } }) => e.details.text).sort()).toEqual([
      'Prices may look off.',
      'Prices were briefly off; fixed now.',
    ]);
    expect((await t.call('GET', '/v1/audit/verify')).body.ok).toBe(true);
  });

  it('refuses in words: a viewer, another workflow’s operator, bad input, an unknown incident', async () => {
    const body = { text: 'x', state: 'sent' };
    const viewer = await t.call('PUT', path, body, tokens.viewer);
    expect(viewer.status).toBe(403);
    const other = await t.call('PUT', path, body, tokens.other);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/not scoped to ride-pricing/);
    for (const bad of [
      { text: '  ', state: 'sent' },
      { text: 'x', state: 'posted' },
      { text: 'x', state: 'sent', template: 'sorry' },
    ]) {
      const res = await t.call('PUT', path, bad, tokens.operator);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const missing = await t.call('GET', '/v1/incidents/inc_000000000000/customer-message');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/incident inc_000000000000/);
  });
});
