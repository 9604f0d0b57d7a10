/**
 * The health gate on a real server (gate sessions, release machine, injected probe): a candidate
 * that declares two health endpoints, one of which fails while the other passes, is rolled back
 * on the third tick, and the decision names the endpoint that failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const SERVING = 'http://127.0.0.1:18043/healthz';
const TICK_MS = 10_000;

describe('the health gate of a candidate with two health endpoints', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  /** ride-pricing with bundle 42 declaring a second health endpoint on its serving component. */
  async function start(down: Set<string>) {
    t = await createTestApp('pglite', {
      probe: (url) =>
        Promise.resolve(down.has(url) ? { ok: false, detail: 'HTTP 503' } : { ok: true, detail: 'HTTP 200' }),
    });
    const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) => {
      if (d.kind !== 'Bundle' || d.version !== '42') return d;
      const components = d.components as Record<string, Record<string, unknown>>;
      return { ...d, components: { ...components, serving: { ...components.serving, healthCheck: SERVING } } };
    });
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases?workflow=ride-pricing')).body.releases[0].id as string;
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    const tick = async () => {
      t.clock.advance(TICK_MS);
      return (await t.services.machine.tick())[0];
    };
    const health = async () => {
      const decisions = (await t.call('GET', `/v1/releases/${id}`)).body.decisions as any[];
      return decisions.at(-1).evidence.evidence.find((e: any) => e.gate === 'health');
    };
    return { id, tick, health };
  }

  it('rolls back on the third tick in which the serving endpoint failed and the model endpoint passed', async () => {
    const { id, tick, health } = await start(new Set([SERVING]));
    expect(await tick()).toMatchObject({ action: 'none' });
    expect(await health()).toMatchObject({ state: 'inconclusive', statistic: 1 });
    expect((await tick())?.action).toBe('none');
    expect(await tick()).toMatchObject({ decision: 'rollback-now' });
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    const decision = shown.decisions.find((d: any) => d.kind === 'rollback-now');
    expect(decision.reasoning).toMatch(/gate health breached/);
    const gate = decision.evidence.evidence.find((e: any) => e.gate === 'health');
    expect(gate).toMatchObject({ state: 'breached', statistic: 3 });
    expect(gate.sentence).toBe(
      'candidate health check: 3 consecutive failed probes: breached — ' +
        `failed this tick: serving health check ${SERVING}: HTTP 503`,
    );
  });

  it('passes while every endpoint answers: probed at every tick, never stale between ticks', async () => {
    const { id, tick } = await start(new Set());
    const viewed = async () =>
      ((await t.call('GET', `/v1/releases/${id}/gates`)).body.gates as any[]).find((g) => g.gate === 'health');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10 * 60_000);
      expect((await tick())?.decision).not.toBe('rollback-now');
      expect(await viewed()).toMatchObject({ state: 'passing', statistic: 0 });
      // Read between ticks, just before the next one is due.
      t.clock.advance(TICK_MS - 1);
      expect(await viewed()).toMatchObject({ state: 'passing', statistic: 0 });
    }
  });
});
