import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/machine/decision.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
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

function targetsOf(result: { ok: true; targets: any[] } | { ok: false; message: string }) {
  if (!result.ok) throw new Error(result.message);
  return result.targets;
}

describe('notifications of a rollback', () => {
  it('sends signed webhooks for the decision, the rollback and its verification', async () => {
    const { createServer } = await import('node:http');
    const { notifyTarget, verifyWebhookSignature } = await import('../src/features/notifications/index.js');
    const received: { event: string; ok: boolean; body: any }[] = [];
    let clockNow = () => new Date();
    const secret = 'a-webhook-secret-of-at-least-32-characters';
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        // The server signs with its (simulated) clock; verify against the same time.
        const verdict = verifyWebhookSignature({
          header: req.headers['x-ripcord-signature'] as string,
          body,
          secret,
          now: clockNow(),
        });
        received.push({ event: String(req.headers['x-ripcord-event']), ok: verdict.ok, body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    let evaluations: GateEvaluation[] = [];
    const gates: GatePort = {
      start: () => Promise.resolve(),
      startStage: () => Promise.resolve(),
      evaluate: () => Promise.resolve(evaluations),
      stop: () => Promise.resolve(),
    };
    const t = await createTestApp('pglite', {
      gates,
      notify: { targets: targetsOf(notifyTarget('webhook', url)), secret },
    });
    clockNow = () => t.clock.now();
    try {
      await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
      await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
        version: '2026-04-10.1',
        reason: 'baseline',
      });
      const id = (await t.call('GET', '/v1/releases')).body.releases[0].id;
      await t.call('POST', `/v1/releases/${id}/start`);
      evaluations = [
        { gate: 'schema-failure-spike', state: 'breached', severity: 'rapid', metric: 'schema_failure_rate' },
      ];
      await t.services.machine.tick();
      await t.services.notifications.deliverDue();
      const events = received.map((r) => r.event);
      expect(events).toEqual(expect.arrayContaining(['notification.decision', 'notification.executing']));
      expect(received.every((r) => r.ok)).toBe(true);
      expect(JSON.stringify(received.map((r) => r.body))).toMatch(/support-summary/);
    } finally {
      await t.close();
      receiver.close();
    }
  });
});
