import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import type { Database } from '../src/db/database.js';
import { FAKE_TOKEN, TOKEN_ENV, kserveExample, seedFakes } from './actuator-builtin-support.js';
import { startFakeKubernetes, type FakeKubernetes } from './actuator-fakes/kubernetes-fake.js';
import { startFakeMlflow, type FakeMlflow } from './actuator-fakes/mlflow-fake.js';
import { startFakeSql, type FakeSql } from './actuator-fakes/sql-fake.js';
import { openTestDatabase } from './helpers.js';
import { startHttpApp, type HttpApp } from './rollback-support.js';

/**
 * Issue 19 end to end in one process: the ride-pricing example declares KServe and MLflow
 * actuators and the dry run shows their exact calls; with a Gateway API route instead, a level-2
 * rollback moves the weights and the alias, reads both back, and the run succeeds.
 */
describe('built-in actuators in a rollback', { timeout: 60_000 }, () => {
  let k8s: FakeKubernetes;
  let mlflow: FakeMlflow;
  let sql: FakeSql;
  beforeAll(async () => {
    [k8s, mlflow, sql] = await Promise.all([
      startFakeKubernetes(FAKE_TOKEN),
      startFakeMlflow(FAKE_TOKEN),
      startFakeSql(FAKE_TOKEN, 'main.pricing.trips', 'lake.pricing.trips'),
    ]);
  });
  afterAll(() => Promise.all([k8s.close(), mlflow.close(), sql.close()]));

  async function started(
    serving: 'kserve' | 'gateway-api',
    withSql = false,
  ): Promise<{ t: HttpApp; database: Database; id: string; oncall: string }> {
    seedFakes(k8s, mlflow);
    k8s.writes.length = 0;
    mlflow.writes.length = 0;
    const database = await openTestDatabase('pglite');
    const t = await startHttpApp(database, new ManualClock('2026-05-02T09:00:00.000Z'), TOKEN_ENV);
    const documents = kserveExample(
      k8s,
      mlflow,
      serving,
      withSql ? { url: sql.url, warehouseId: sql.warehouseId } : undefined,
    );
    const applied = await t.call('POST', '/v1/apply', { documents });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
    const oncall = (await t.call('POST', '/v1/tokens', { subject: 'team-pricing', role: 'operator' })).body
      .token as string;
    const start = await t.call('POST', `/v1/releases/${id}/start`);
    expect(start.body.started, JSON.stringify(start.body.readiness?.blockers)).toBe(true);
    return { t, database, id, oncall };
  }

  it('KServe + MLflow: the dry run shows the exact calls and changes nothing; readiness names a missing model version', async () => {
    const { t, database, id } = await started('kserve');
    try {
      const dry = await t.call('GET', `/v1/rollbacks/dry-run?release=${id}&level=2`);
      expect(dry.status).toBe(200);
      expect(dry.body.plan.level).toBe('level2');
      const byActuator = Object.fromEntries(dry.body.actuations.map((a: any) => [a.actuator, a]));
      expect(byActuator.serving.kind).toBe('kserve');
      expect(byActuator.serving.calls[1]).toEqual({
        method: 'PATCH',
        url: `${k8s.url}/apis/serving.kserve.io/v1beta1/namespaces/pricing/inferenceservices/demand-gbm?fieldManager=ripcord&fieldValidation=Strict`,
        headers: {
          'content-type': 'application/merge-patch+json',
          authorization: 'Bearer $RIPCORD_ACTUATOR_SECRET_K8S',
        },
        body: { spec: { predictor: { canaryTrafficPercent: 0 } } },
        purpose: 'apply',
      });
      expect(byActuator.model.calls[1]).toEqual({
        method: 'POST',
        url: `${mlflow.url}/api/2.0/mlflow/registered-models/alias`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer $RIPCORD_ACTUATOR_SECRET_MLFLOW' },
        body: { name: 'demand-gbm', alias: 'champion', version: '7' },
        purpose: 'apply',
      });
      expect(k8s.writes).toHaveLength(0);
      expect(mlflow.writes).toHaveLength(0);

      mlflow.versions.get('demand-gbm')!.delete('7');
      const readiness = await t.call('GET', `/v1/releases/${id}/readiness`);
      expect(readiness.body.blockers.join('\n')).toMatch(
        /the model actuator \(mlflow\): MLflow model demand-gbm version 7 does not exist/,
      );
    } finally {
      await t.stop();
      await database.close();
    }
  });

  it('Gateway API + MLflow: a level-2 rollback moves the weights and the alias once and verifies both by read-back', async () => {
    const { t, database, id, oncall } = await started('gateway-api');
    try {
      const r = await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'bad prices', level: 2 }, oncall);
      expect(r.body.runStatus, JSON.stringify(r.body)).toBe('succeeded');
      const [run] = (await t.call('GET', `/v1/rollbacks?release=${id}`)).body.runs;
      const results = run.steps.map((s: any) => s.result).join('\n');
      expect(results).toMatch(
        /MLflow demand-gbm@champion: version 8 → 7; read back MLflow demand-gbm@champion: version 7/,
      );
      expect(results).toMatch(
        /HTTPRoute pricing\/demand-gbm: rule 1: backendRef "demand-gbm-42":8080 weight 5 → 0.*read back HTTPRoute/,
      );
      expect(k8s.writes).toHaveLength(1);
      expect(mlflow.writes).toEqual([{ name: 'demand-gbm', alias: 'champion', version: '7' }]);
      expect(
        k8s.objects.get('httproutes/pricing/demand-gbm')!.spec.rules[0].backendRefs.map((b: any) => b.weight),
      ).toEqual([100, 0]);
      expect((await t.call('GET', `/v1/releases/${id}`)).body.release.status).toBe('rolled-back');
    } finally {
      await t.stop();
      await database.close();
    }
  });

  it('table-restore: the level-4 job restores the Delta version once, polled on each pass, and reads it back', async () => {
    const { t, database, id, oncall } = await started('kserve', true);
    try {
      await t.call('POST', `/v1/releases/${id}/rollback`, { reason: 'training data drifted', level: 4 }, oncall);
      for (const lead of ['lead-data-eng', 'lead-ml-eng']) {
        const token = (await t.call('POST', '/v1/tokens', { subject: lead, role: 'operator' })).body.token as string;
        await t.call('POST', `/v1/releases/${id}/approvals`, { verdict: 'grant', reason: 'ok' }, token);
      }
      const runOf = async () => (await t.call('GET', `/v1/rollbacks?release=${id}`)).body.runs[0];
      const restoreStep = (run: any) => run.steps.find((s: any) => s.text.startsWith('restore table'));
      let step = restoreStep(await runOf());
      expect(step.text).toBe(
        'restore table main.pricing.trips to Delta version 12 (iceberg://warehouse.trips@snapshot-88412; orchestrated job)',
      );
      expect(step).toMatchObject({
        status: 'waiting',
        job: { status: 'running', progress: 0, actuator: 'restore-snapshot' },
      });
      expect(sql.restores).toEqual(['RESTORE TABLE `main`.`pricing`.`trips` TO VERSION AS OF 12']);
      const runId = (await runOf()).id as string;
      // Each pass polls the statement: RUNNING, then SUCCEEDED and read back.
      await t.services.machine.continueRun(runId);
      step = restoreStep(await runOf());
      expect(step).toMatchObject({
        status: 'waiting',
        job: { status: 'running', progress: 0.5, handle: step.job.handle },
      });
      await t.services.machine.continueRun(runId);
      step = restoreStep(await runOf());
      expect(step.status).toBe('done');
      expect(step.result).toMatch(
        /job succeeded: statement .* succeeded; read back main.pricing.trips: at Delta version 12/,
      );
      expect(sql.restores).toHaveLength(1);
      expect(sql.delta.history.at(-1)).toMatchObject({ operation: 'RESTORE' });
    } finally {
      await t.stop();
      await database.close();
    }
  });
});
