import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/decision.js';
import type { GatePort } from '../src/features/releases/gate-port.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

function scriptedGates() {
  let evaluations: GateEvaluation[] = [];
  const port: GatePort = {
    start: () => Promise.resolve(),
    startStage: () => Promise.resolve(),
    evaluate: () => Promise.resolve(evaluations),
    stop: () => Promise.resolve(),
  };
  return { port, set: (e: GateEvaluation[]) => (evaluations = e) };
}

describe('incidents', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function rollBackRidePricing(healthy: { ok: boolean }) {
    const gates = scriptedGates();
    t = await createTestApp('pglite', {
      gates: gates.port,
      probe: () => Promise.resolve(healthy.ok ? { ok: true, detail: 'HTTP 200' } : { ok: false, detail: 'HTTP 503' }),
    });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('ride-pricing', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id;
    await t.call('POST', `/v1/releases/${id}/start`);
    t.clock.advance(4 * 60_000);
    gates.set([
      {
        gate: 'serving-errors',
        state: 'breached',
        severity: 'immediate',
        metric: 'error_rate',
        statistic: 0.08,
        threshold: 0.05,
      },
    ]);
    return { id, tick: () => t.services.machine.tick() };
  }

  it('opens an incident per rollback, verifies the restore over its window, and measures MTTD and MTTR', async () => {
    const { id, tick } = await rollBackRidePricing({ ok: true });
    await tick();
    const list = (await t.call('GET', '/v1/incidents')).body.incidents;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ releaseId: id, status: 'verifying' });
    t.clock.advance(5 * 60_000);
    await tick();
    const shown = (await t.call('GET', `/v1/incidents/${list[0].id}`)).body;
    expect(shown.incident.status).toBe('verified');
    expect(shown.incident.verification).toMatchObject({ configServesControl: true, failures: [] });
    expect(shown.incident.verification.checks.map((c: any) => c.component)).toEqual(['model']);
    // Exposed when the 1 % stage started, detected 4 minutes later; decision → verified restore = the 5-minute window.
    expect(shown.metrics).toMatchObject({ mttdMs: 4 * 60_000, mttrMs: 5 * 60_000, firstTry: true, level: 'level2' });
    expect(shown.timeline.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining([
        'release.started',
        'decision',
        'rollback.executed',
        'verification.started',
        'verification.passed',
      ]),
    );
    const early = await t.call('POST', `/v1/incidents/${list[0].id}/review`, {
      rootCause: 'fp-13 features',
      remediation: 'restored 41 with fp-12',
      prevention: 'pair model and pipeline in one bundle',
    });
    expect(early.body.status).toBe('closed');
    expect(early.body.review).toMatchObject({ rootCause: 'fp-13 features', by: 'admin (RIPCORD_ADMIN_TOKEN)' });
  });

  it('escalates a failed verification and never reports it as a success', async () => {
    const health = { ok: true };
    const { tick } = await rollBackRidePricing(health);
    health.ok = false;
    await tick();
    const [incident] = (await t.call('GET', '/v1/incidents')).body.incidents;
    expect(incident.status).toBe('escalated');
    expect(incident.verification.failures.join('\n')).toMatch(
      /model health check http:\/\/127\.0\.0\.1:18041\/healthz: HTTP 503/,
    );
    expect(incident.times.verifiedAt).toBeUndefined();
    const shown = (await t.call('GET', `/v1/incidents/${incident.id}`)).body;
    expect(shown.metrics.firstTry).toBe(false);
    expect(shown.metrics.mttrMs).toBeNull();
    expect(shown.timeline.find((e: any) => e.kind === 'verification.failed')).toBeDefined();
    t.clock.advance(10 * 60_000);
    health.ok = true;
    await tick();
    expect((await t.call('GET', `/v1/incidents/${incident.id}`)).body.incident.status).toBe('escalated');
  });
});
