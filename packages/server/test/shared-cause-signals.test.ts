/**
 * Shared causes beyond measured gates, end to end on the real server (issue 13 part 1, docs/gates.md
 * "Shared causes"): an alert gate's alert arrives over the webhook labelled for the candidate and,
 * from the same rule, for control. The release machine's tick records `investigate` naming the
 * shared cause — both arms alerting — instead of rolling the candidate back to a route that alerts
 * too; the engine and decision tests (`releases/machine/shared-signals.test.ts`) cover the
 * candidate-only case, Prometheus values and counts, and count gates.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocuments } from './helpers.js';
import { startRealServer, type RealServer } from './real-server.js';

let server: RealServer;
afterEach(async () => server.stop());

const release = {
  kind: 'Release',
  workflow: 'support-summary',
  environment: 'production',
  name: 'shared-alert',
  control: '2026-04-10.1',
  candidate: '2026-05-02.1',
  plan: [{ canary: { percent: 50, bake: '1h' } }, { promote: {} }],
  gates: [
    {
      name: 'provider-errors',
      metric: 'error_rate',
      source: 'alert',
      alert: { name: 'ProviderErrors', severities: { critical: 'immediate' } },
      severity: 'rapid',
    },
  ],
  firstRollback: { restore: ['modelRoute'] },
  automatic: ['level1', 'flags'],
  authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
};

const alert = (arm: 'candidate' | 'control') => ({
  name: 'ProviderErrors',
  status: 'firing',
  labels: { ripcord_workflow: 'support-summary', ripcord_arm: arm, region: 'us-east-1' },
  severity: 'critical',
});

describe('shared causes on alert gates, on the real server', () => {
  it('investigates an alert firing for both arms instead of rolling the candidate back', async () => {
    server = await startRealServer();
    const applied = await server.call('POST', '/v1/apply', {
      documents: [...exampleDocuments('support-summary'), release],
    });
    expect(applied.status).toBe(200);
    const id = (await server.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
      (r: { name: string }) => r.name === 'shared-alert',
    ).id as string;
    expect((await server.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    const token = (await server.call('POST', '/v1/tokens', { subject: 'grafana', role: 'alerts' })).body.token;
    const delivered = await server.call(
      'POST',
      '/v1/alerts/webhook',
      { source: 'grafana', alerts: [alert('candidate'), alert('control')] },
      token,
    );
    expect(delivered.status).toBe(200);

    const gate = (await server.call('GET', `/v1/releases/${id}/gates`)).body.gates[0];
    expect(gate).toMatchObject({ state: 'breached', severity: 'immediate', controlArm: { breached: true } });
    expect(gate.sentence).toMatch(/also firing for control/);

    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'investigate', action: 'none' });
    const shown = (await server.call('GET', `/v1/releases/${id}`)).body;
    const decision = shown.decisions.at(-1);
    expect(decision.kind).toBe('investigate');
    expect(decision.evidence.shared).toMatchObject([{ gate: 'provider-errors', candidate: 1, control: 1 }]);
    expect(decision.reasoning).toMatch(/provider-errors is breached on both arms/);
    expect(shown.release.status).toBe('running');
    expect(shown.timeline.some((e: { kind: string }) => e.kind === 'rollback.executed')).toBe(false);
  });
});
