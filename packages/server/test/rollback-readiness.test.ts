import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { actuatorSecretsFrom } from '../src/features/rollbacks/actuator-schema.js';
import { availableEngines, exampleDocuments, openTestDatabase } from './helpers.js';
import { actuatorSecret, startHttpApp, type HttpApp } from './rollback-support.js';

/**
 * Readiness (R2.3) proves the rollback path's actuators too: a declared actuator whose signing
 * secret the server lacks blocks the release (its step would fail at rollback time), naming the
 * actuator and the variable; the same release is ready on a server that holds the secret.
 */
describe.each(availableEngines())('readiness of declared actuators (%s)', (engine) => {
  let t: HttpApp;
  let database: Database;
  afterEach(async () => {
    await t.stop();
    await database.close();
  });

  const actuators = {
    model: { url: 'https://router.example.com/ripcord' },
    'retrain-model': { url: 'https://jobs.example.com/ripcord', secretEnv: 'RIPCORD_ACTUATOR_SECRET_JOBS' },
  };

  /** ride-pricing with `declared` actuators, its production label on the control, on a server holding `env`'s secrets. */
  async function pendingRelease(env: Record<string, string>, declared: Record<string, unknown> | null = actuators) {
    database = await openTestDatabase(engine);
    t = await startHttpApp(database, undefined, actuatorSecretsFrom(env));
    const documents = exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
      d.kind === 'Workflow' && declared ? { ...d, actuators: declared } : d,
    );
    expect((await t.call('POST', '/v1/apply', { documents })).status).toBe(200);
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    return (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
  }
  /** A restart of the server on the same store, holding `env`'s secrets. */
  const restart = async (env: Record<string, string>) => {
    await t.stop();
    t = await startHttpApp(database, t.clock, actuatorSecretsFrom(env));
  };
  const readiness = async (id: string) => (await t.call('GET', `/v1/releases/${id}/readiness`)).body;

  it('blocks a release whose actuators lack their secrets, naming each, and is ready once they are set', async () => {
    const id = await pendingRelease({});
    const blocked = await readiness(id);
    expect(blocked.ready).toBe(false);
    expect(blocked.blockers).toEqual([
      'the model actuator has no signing secret: set RIPCORD_ACTUATOR_SECRET (or RIPCORD_WEBHOOK_SECRET) on the server, or a rollback step calling it would fail',
      'the retrain-model actuator has no signing secret: set RIPCORD_ACTUATOR_SECRET_JOBS on the server, or a rollback step calling it would fail',
    ]);
    const start = await t.call('POST', `/v1/releases/${id}/start`);
    expect(start.body.started).toBe(false);
    expect((await t.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('pending');

    // The default secret only: the job actuator still blocks.
    await restart({ RIPCORD_ACTUATOR_SECRET: actuatorSecret });
    expect((await readiness(id)).blockers).toEqual([expect.stringMatching(/^the retrain-model actuator .*_JOBS/)]);

    // Both, the default one through the notification secret's fallback: ready, and the release starts.
    await restart({ RIPCORD_WEBHOOK_SECRET: actuatorSecret, RIPCORD_ACTUATOR_SECRET_JOBS: actuatorSecret });
    const ready = await readiness(id);
    expect(ready).toMatchObject({ ready: true, blockers: [] });
    expect((await t.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
  });

  it('does not ask for a secret when no actuator is declared', async () => {
    const id = await pendingRelease({}, null);
    expect(await readiness(id)).toMatchObject({ ready: true, blockers: [] });
  });
});
