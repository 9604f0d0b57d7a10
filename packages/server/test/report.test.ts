import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/machine/decision.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { availableEngines, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const RP = '/v1/workflows/ride-pricing/environments/production';
const breach: GateEvaluation = {
  gate: 'serving-errors',
  state: 'breached',
  severity: 'immediate',
  metric: 'error_rate',
  statistic: 0.08,
  threshold: 0.05,
};

/**
 * The effectiveness report (R8.2) from real incidents: two ride-pricing rollbacks at level 2 —
 * one verified and reviewed, one whose verification failed — measured against the targets, over
 * the API and on /metrics.
 */
describe.each(availableEngines())('the effectiveness report (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('measures MTTD, MTTR per level, first-try success, drills and root causes against their targets', async () => {
    let evaluations: GateEvaluation[] = [];
    const healthy = { ok: true };
    const gates: GatePort = {
      start: () => Promise.resolve(),
      startStage: () => Promise.resolve(),
      evaluate: () => Promise.resolve(evaluations),
      stop: () => Promise.resolve(),
    };
    t = await createTestApp(engine, {
      gates,
      probe: () => Promise.resolve(healthy.ok ? { ok: true, detail: 'HTTP 200' } : { ok: false, detail: 'HTTP 503' }),
      config: { metricsAccess: 'open' },
    });
    const documents = exampleDocuments('ride-pricing', { includeReleases: true });
    const second = { ...documents.find((d) => d.kind === 'Release')!, name: 'demand-gbm-42-b' };
    expect((await t.call('POST', '/v1/apply', { documents: [...documents, second] })).status).toBe(200);
    await t.call('PUT', `${RP}/labels/production`, { version: '41', reason: 'baseline' });
    const releases = (await t.call('GET', '/v1/releases')).body.releases as { id: string; name: string }[];
    const idOf = (name: string) => releases.find((r) => r.name === name)!.id;

    /** Starts a release, breaches 4 minutes later (the tick rolls back), and lets verification run 5 minutes. */
    const rollBack = async (name: string, restoredHealthy = true) => {
      const started = await t.call('POST', `/v1/releases/${idOf(name)}/start`);
      expect(started.body.started, JSON.stringify(started.body.readiness?.blockers)).toBe(true);
      t.clock.advance(4 * 60_000);
      healthy.ok = restoredHealthy;
      evaluations = [breach];
      await t.services.machine.tick();
      evaluations = [];
      t.clock.advance(5 * 60_000);
      await t.services.machine.tick();
    };
    await rollBack('demand-gbm-42');
    const [first] = (await t.call('GET', '/v1/incidents')).body.incidents;
    expect(first.status).toBe('verified');
    const reviewed = await t.call('POST', `/v1/incidents/${first.id}/review`, {
      rootCause: 'fp-13 features fed to model 42',
      remediation: 'restored 41 with fp-12',
      prevention: 'pair model and pipeline in one bundle',
      cause: 'feature-pipeline',
    });
    expect(reviewed.body.review).toMatchObject({ cause: 'feature-pipeline' });
    expect(
      (await t.call('POST', `/v1/incidents/${first.id}/review`, { ...reviewed.body.review, cause: 'gremlins' })).status,
    ).toBe(400);
    await rollBack('demand-gbm-42-b', false);
    expect((await t.call('GET', '/v1/incidents')).body.incidents.map((i: any) => i.status)).toEqual([
      'escalated',
      'closed',
    ]);

    const r = await t.call('GET', '/v1/report?since=30d&workflow=ride-pricing');
    expect(r.status).toBe(200);
    const [section] = r.body.workflows;
    expect(r.body.workflow).toBe('ride-pricing');
    expect(section).toMatchObject({
      workflow: 'ride-pricing',
      incidents: 2,
      rollbacks: { count: 2, byLevel: { level2: 2 } },
      mttd: { count: 2, p50Seconds: 240, p90Seconds: 240, targetSeconds: 1800, met: true },
      mttr: [{ level: 'level2', count: 1, p50Seconds: 300, p90Seconds: 300, targetSeconds: 900, met: true }],
      firstTry: { successes: 1, finished: 2, rate: 0.5, target: 0.99, met: false },
      drills: { expected: 1, passed: 0, rate: 0, met: false },
      rootCauses: [{ cause: 'feature-pipeline', count: 1 }],
      unreviewed: 1,
    });
    // A period that ends before them has nothing.
    const empty = await t.call('GET', '/v1/report?since=1m');
    expect(empty.body.overall).toMatchObject({ incidents: 0, mttd: { count: 0, p50Seconds: null, met: null } });
    expect(empty.body.workflows.map((w: any) => w.workflow)).toEqual(['ride-pricing']);
    expect((await t.call('GET', '/v1/report?since=yesterday')).status).toBe(400);
    expect((await t.call('GET', '/v1/report?workflow=nope')).status).toBe(404);

    const metrics = await t.app.request('/metrics');
    const text = await metrics.text();
    expect(text).toContain('ripcord_report_mttd_seconds{workflow="ride-pricing",percentile="p50"} 240');
    expect(text).toContain('ripcord_report_mttr_seconds{workflow="ride-pricing",level="level2",percentile="p90"} 300');
    expect(text).toContain('ripcord_report_first_try_ratio{workflow="ride-pricing"} 0.5');
    expect(text).toContain('ripcord_report_root_causes{workflow="ride-pricing",cause="feature-pipeline"} 1');
    expect(text).toContain('ripcord_report_drill_completion_ratio{workflow="ride-pricing"} 0');
  });
});
