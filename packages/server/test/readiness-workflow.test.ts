import { afterEach, describe, expect, it } from 'vitest';
import type { HealthProbe } from '../src/features/releases/readiness/readiness.js';
import { estimateFor } from '../src/features/releases/planning/rollback-levels.js';
import { availableEngines, createTestApp, exampleDocuments, type TestApp } from './helpers.js';

/**
 * R2.3: readiness answers "how long would a rollback take right now?" for every workflow — with
 * an active release, that release's readiness; without one, the rollback path of what production
 * serves (the previous label, else the label history), proven like a release's control, with the
 * planner's estimate at each level; and plainly when there is nothing to roll back to.
 */
describe.each(availableEngines())('readiness of a workflow (%s)', (engine) => {
  let t: TestApp;
  afterEach(async () => t.close());

  const label = (name: string, version: string, reason = 'test') =>
    t.call('PUT', `/v1/workflows/ride-pricing/environments/production/labels/${name}`, { version, reason });
  const readiness = (workflow = 'ride-pricing', environment = 'production') =>
    t.call('GET', `/v1/workflows/${workflow}/environments/${environment}/readiness`);

  async function ridePricing(options: { probe?: HealthProbe; releases?: boolean; actuators?: object } = {}) {
    t = await createTestApp(engine, options.probe ? { probe: options.probe } : {});
    const documents = exampleDocuments('ride-pricing', { includeReleases: options.releases ?? false }).map((d) =>
      d.kind === 'Workflow' && options.actuators ? { ...d, actuators: options.actuators } : d,
    );
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
  }

  it('answers 404 for a workflow that does not exist', async () => {
    await ridePricing();
    const r = await readiness('no-such-wf');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not_found', message: 'workflow no-such-wf not found' });
  });

  it('says plainly when there is nothing to roll back to', async () => {
    await ridePricing();
    const unset = await readiness();
    expect(unset.body).toMatchObject({
      release: null,
      ready: false,
      blockers: ['production in production serves nothing (no production label): nothing to roll back'],
      rollback: { production: null, target: null, levels: [], estimate: null, command: null },
    });
    await label('production', '41');
    const first = await readiness();
    expect(first.body.blockers).toEqual([
      'production in production serves 41 and nothing to roll back to: no previous label, and the label history shows no bundle production served before 41',
    ]);
    expect(first.body.rollback).toMatchObject({ production: '41', target: null, estimate: null });
    // The previous label on the bundle production serves: nothing older.
    await label('previous', '41');
    expect((await readiness()).body.blockers).toEqual([
      'production in production serves 41, which is also the previous label: nothing older to roll back to',
    ]);
  });

  it('times the rollback to the bundle production served before, level by level', async () => {
    const probed: string[] = [];
    await ridePricing({
      probe: (url) => {
        probed.push(url);
        return Promise.resolve({ ok: true, detail: 'HTTP 200' });
      },
    });
    await label('production', '41');
    await label('production', '42');
    const r = await readiness();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ release: null, ready: true, blockers: [], plan: null });
    expect(probed).toEqual(['http://127.0.0.1:18041/healthz']);
    expect(r.body.checks).toEqual([
      { component: 'model', url: 'http://127.0.0.1:18041/healthz', ok: true, detail: 'HTTP 200' },
    ]);
    const { rollback } = r.body;
    expect(rollback).toMatchObject({
      production: '42',
      target: '41',
      targetFrom: 'label-history',
      command: 'ripcord ops restore-route ride-pricing -r REASON',
    });
    // Model 41 needs fp-12 (42 runs fp-13): level 1 alone is unsafe, level 2 is the fastest. Its
    // training snapshot is provenance, not a serving input, so it is not the reason (docs/bundles.md).
    expect(rollback.levels.map((l: { level: string; status: string }) => [l.level, l.status])).toEqual([
      ['level1', 'escalated'],
      ['level2', 'available'],
      ['level3', 'available'],
      ['level4', 'available'],
    ]);
    expect(rollback.levels[0].reason).toMatch(
      /^level 1 \(restore model\) refused: model 41 requires featurePipeline fp-12 but the live featurePipeline would be fp-13\. Escalated to level 2/,
    );
    expect(rollback.levels[0].steps).toEqual([]);
    expect(rollback.levels[1].steps).toContain(
      'move the production label in production: 42 → 41 (the flag configuration serves 41)',
    );
    expect(rollback.levels[3].steps).toContain('retrain model demand-gbm@41 (orchestrated job)');
    expect(rollback.levels.map((l: { estimate: unknown }) => l.estimate)).toEqual(
      (['level1', 'level2', 'level3', 'level4'] as const).map((l) => estimateFor(l)),
    );
    expect(rollback.estimate).toEqual(estimateFor('level2'));
  });

  it('ops restore-route restores what readiness names: the label history without a previous label', async () => {
    await ridePricing();
    await label('production', '41');
    const owner = (await t.call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token as string;
    const restore = () =>
      t.call(
        'POST',
        '/v1/workflows/ride-pricing/environments/production/operations/restore-route',
        { reason: 'drill' },
        owner,
      );
    const nothing = await restore();
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message).toMatch(/label history shows no bundle production served before 41/);
    await label('production', '42');
    expect((await readiness()).body.rollback).toMatchObject({ target: '41', targetFrom: 'label-history' });
    const restored = await restore();
    expect(restored.status).toBe(200);
    expect(restored.body.summary).toBe('production: 42 → 41 (from the label history)');
  });

  it('blocks on a failing health check, an archived bundle, and missing actuator secrets', async () => {
    await ridePricing({
      probe: () => Promise.resolve({ ok: false, detail: 'unreachable (ECONNREFUSED)' }),
      actuators: { model: { url: 'https://router.example.com/ripcord' } },
    });
    await label('production', '41');
    await label('production', '42');
    const failing = await readiness();
    expect(failing.body.ready).toBe(false);
    expect(failing.body.blockers).toEqual([
      "41's model health check http://127.0.0.1:18041/healthz failed: unreachable (ECONNREFUSED)",
      'the model actuator has no signing secret: set RIPCORD_ACTUATOR_SECRET (or RIPCORD_WEBHOOK_SECRET) on the server, or a rollback step calling it would fail',
    ]);
    await t.services.stores.registry.archiveBundle('ride-pricing', '41', 'test', t.clock.now());
    const archived = await readiness();
    expect(archived.body.blockers[0]).toBe('the bundle to roll back to, 41, is missing or archived');
    expect(archived.body.rollback).toMatchObject({ target: '41', levels: [], estimate: null });
  });

  it("answers with the active release's readiness, then with production's rollback path once it is promoted", async () => {
    await ridePricing({ releases: true });
    await label('production', '41');
    const { id, name } = (await t.call('GET', '/v1/releases')).body.releases[0];
    const pending = await readiness();
    expect(pending.body).toMatchObject({ release: { id, name, status: 'pending' }, rollback: null });
    const own = (await t.call('GET', `/v1/releases/${id}/readiness`)).body;
    expect(pending.body).toMatchObject({ ...own, release: { id } });
    expect(pending.body.plan).not.toBeNull();

    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
    expect((await readiness()).body.release).toMatchObject({ id, status: 'running' });
    expect((await t.call('POST', `/v1/releases/${id}/promote`, { reason: 'done' })).status).toBe(200);

    const after = await readiness();
    expect(after.body).toMatchObject({
      release: null,
      ready: true,
      plan: null,
      rollback: {
        production: '42',
        target: '41',
        targetFrom: 'previous-label',
        command: 'ripcord ops restore-route ride-pricing -r REASON',
        estimate: estimateFor('level2'),
      },
    });
    // Other environments are answered too.
    expect((await readiness('ride-pricing', 'staging')).body.blockers).toEqual([
      'production in staging serves nothing (no production label): nothing to roll back',
    ]);
  });
});
