/**
 * A tick and a person's request on the same release never interleave: the request made while a
 * slow tick evaluates the gates waits for it, and neither writes a stale copy over the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GateEvaluation } from '../src/features/releases/machine/decision.js';
import type { GatePort } from '../src/features/releases/machine/gate-port.js';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/** Gates whose evaluation waits until the test lets it go. */
function slowGates() {
  let release: () => void = () => undefined;
  let entered: () => void = () => undefined;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const evaluations: GateEvaluation[] = [{ gate: 'schema-failure-spike', state: 'passing', severity: 'rapid' }];
  const port: GatePort = {
    start: () => Promise.resolve(),
    startStage: () => Promise.resolve(),
    evaluate: async () => {
      entered();
      await gate;
      return evaluations;
    },
    stop: () => Promise.resolve(),
  };
  return { port, inside, letGo: () => release() };
}

describe('one change at a time per release', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('keeps offline evidence posted while a tick is evaluating, and the next tick advances on it', async () => {
    const gates = slowGates();
    t = await createTestApp('pglite', { gates: gates.port });
    await t.call('POST', '/v1/apply', { documents: exampleDocuments('support-summary', { includeReleases: true }) });
    await t.call('PUT', '/v1/workflows/support-summary/environments/production/labels/production', {
      version: '2026-04-10.1',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases?workflow=support-summary')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${id}/start`)).status).toBe(200);
    const ticking = t.services.machine.tick();
    await gates.inside; // the tick has read the release and waits in the gates
    const posting = t.call('POST', `/v1/releases/${id}/offline-evidence`, { tasks: 1000, passed: 1000 });
    // Give the request every chance to write while the tick holds its stale copy (unlocked, it would).
    await Promise.race([posting, new Promise((resolve) => setTimeout(resolve, 1000))]);
    gates.letGo();
    const [[result], posted] = await Promise.all([ticking, posting]);
    expect(result).toMatchObject({ release: id, action: 'none' });
    expect(posted.status).toBe(200);
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    // Both writes are there: the request's evidence and the tick's gate clocks.
    expect(shown.release.state.stage.evidenceAt).toBeDefined();
    expect(shown.release.state.gateSince).toMatchObject({ 'schema-failure-spike': { state: 'passing' } });
    expect((await t.services.machine.tick())[0]).toMatchObject({ action: 'advanced' });
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.stage).toBe(1);
  });
});
