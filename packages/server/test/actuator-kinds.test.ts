import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BundleTargets } from '../src/features/bundles/bundle-targets.js';
import type { RollbackPlan } from '../src/features/releases/planning/rollback-plan.js';
import {
  actuateRestore,
  builtinReadiness,
  dryRunPlan,
  httpFor,
  pollJob,
  startJob,
} from '../src/features/rollbacks/actuators/actuation.js';
import type { BuiltinSpec } from '../src/features/rollbacks/actuators/builtin-kinds.js';
import { sendPatch } from '../src/features/rollbacks/actuators/kubernetes-api.js';
import { kubeObject, startFakeKubernetes, type FakeKubernetes } from './actuator-fakes/kubernetes-fake.js';
import { startFakeMlflow, type FakeMlflow } from './actuator-fakes/mlflow-fake.js';
import { startFakeSql, type FakeSql } from './actuator-fakes/sql-fake.js';

const TOKEN = 'kinds-test-token-0123456789';
const ENV = 'RIPCORD_ACTUATOR_SECRET_TEST';
const deps = { secret: (name: string) => (name === ENV ? TOKEN : undefined), backoffMs: 1 };

const control: BundleTargets = {
  version: '41',
  kubernetes: { service: 'pricing-41', port: 8080 },
  mlflow: { name: 'demand-gbm', version: '7' },
  table: { format: 'delta', name: 'main.pricing.trips', version: 12 },
};
const candidate: BundleTargets = {
  version: '42',
  kubernetes: { service: 'pricing-42', port: 8080 },
  mlflow: { name: 'demand-gbm', version: '8' },
  table: { format: 'delta', name: 'main.pricing.trips', version: 15 },
};
/** The plan parts the actuation reads: its frozen targets and, for dry runs, its steps. */
const plan = (c = control, steps: RollbackPlan['steps'] = []) =>
  ({
    control: c.version,
    candidate: candidate.version,
    targets: { control: c, candidate },
    steps,
  }) as unknown as RollbackPlan;
const bundle = (t: BundleTargets) =>
  ({
    kind: 'Bundle',
    workflow: 'ride-pricing',
    version: t.version,
    components: {
      model: { name: 'demand-gbm', version: t.version, ...(t.mlflow ? { mlflow: t.mlflow } : {}) },
      ...(t.kubernetes ? { serving: { kubernetes: t.kubernetes } } : {}),
      ...(t.table ? { dataSnapshot: { ref: `s${t.version}`, table: t.table } } : {}),
    },
  }) as const;

let k8s: FakeKubernetes;
let mlflow: FakeMlflow;
let sql: FakeSql;
beforeAll(async () => {
  [k8s, mlflow, sql] = await Promise.all([
    startFakeKubernetes(TOKEN),
    startFakeMlflow(TOKEN),
    startFakeSql(TOKEN, 'main.pricing.trips', 'lake.pricing.trips'),
  ]);
});
afterAll(() => Promise.all([k8s.close(), mlflow.close(), sql.close()]));

const kube = (kind: 'gateway-api' | 'istio' | 'kserve', name = 'demand'): BuiltinSpec => ({
  kind,
  server: k8s.url,
  tokenEnv: ENV,
  namespace: 'pricing',
  name,
});
const ROUTE_KEY = 'httproutes/pricing/demand';
const route = (w41: number, w42: number) =>
  kubeObject('gateway.networking.k8s.io/v1', 'HTTPRoute', 'pricing', 'demand', {
    parentRefs: [{ name: 'public' }],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/price' } }],
        backendRefs: [
          { name: 'pricing-41', port: 8080, weight: w41 },
          { name: 'pricing-42', port: 8080, weight: w42 },
          { name: 'pricing-shadow', port: 8080, weight: 10 },
        ],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/health' } }],
        backendRefs: [{ name: 'pricing-41', port: 8080 }],
      },
    ],
  });

/**
 * The built-in kinds against loopback servers that enforce each vendor's published contract
 * (actuator-fakes/): readiness, dry run, idempotent apply, read-back, and the refusals a person
 * sees when the target is unreachable, forbidden, missing or not in shape.
 */
describe('Gateway API HTTPRoute', () => {
  beforeEach(() => {
    k8s.objects.clear();
    k8s.writes.length = 0;
    k8s.requests.length = 0;
    k8s.denied.clear();
    k8s.objects.set(ROUTE_KEY, route(85, 5));
  });

  it('moves the candidate’s weight to the control once, keeps every other backend and rule, and reads it back', async () => {
    const spec = kube('gateway-api');
    expect(await builtinReadiness({ serving: spec }, bundle(control), bundle(candidate), deps)).toEqual([]);
    expect(k8s.requests.some((r) => r.includes('dryRun=All') && r.startsWith('PATCH'))).toBe(true);
    expect(k8s.writes).toHaveLength(0);

    const done = await actuateRestore('serving', spec, plan(), deps);
    expect(done).toMatchObject({ ok: true });
    expect(done.ok && done.detail).toMatch(/pricing-42.*5 → 0.*pricing-41.*85 → 90.*read back/);
    const rules = k8s.objects.get(ROUTE_KEY)!.spec.rules;
    expect(rules[0].backendRefs.map((b: any) => b.weight)).toEqual([90, 0, 10]);
    expect(rules[0].matches).toEqual(route(0, 0).spec.rules[0]!.matches);
    expect(rules[1]).toEqual(route(0, 0).spec.rules[1]);
    expect(k8s.writes).toHaveLength(1);
    // Sent with the version it was computed from, as a merge patch.
    expect(k8s.writes[0]!.patch.metadata).toEqual({ resourceVersion: '1000' });

    expect(await actuateRestore('serving', spec, plan(), deps)).toMatchObject({ ok: true });
    expect(k8s.writes).toHaveLength(1);
  });

  it('dry-runs the exact calls without writing', async () => {
    const step = { kind: 'restore', component: 'serving', level: 'level2', from: '42', to: '41', gates: [], text: '' };
    const [dry] = await dryRunPlan(
      plan(control, [step as RollbackPlan['steps'][number]]),
      () => kube('gateway-api'),
      deps,
    );
    expect(dry!.calls.map((c) => `${c.purpose} ${c.method}`)).toEqual(['read GET', 'apply PATCH', 'read-back GET']);
    const patch = dry!.calls[1]!;
    expect(patch.url).toBe(
      `${k8s.url}/apis/gateway.networking.k8s.io/v1/namespaces/pricing/httproutes/demand?fieldManager=ripcord&fieldValidation=Strict`,
    );
    expect(patch.headers).toEqual({ 'content-type': 'application/merge-patch+json', authorization: `Bearer $${ENV}` });
    expect((patch.body as any).spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([90, 0, 10]);
    expect(JSON.stringify(dry)).not.toContain(TOKEN);
    expect(k8s.writes).toHaveLength(0);
  });

  it('recomputes after a concurrent change (409) instead of overwriting it', async () => {
    // Someone else edits the route right after the actuator first reads it.
    k8s.afterRead = (key) => {
      k8s.afterRead = undefined;
      const changed = structuredClone(k8s.objects.get(key)!);
      changed.spec.rules[1].backendRefs[0].weight = 3;
      changed.metadata.resourceVersion = '1001';
      k8s.objects.set(key, changed);
    };
    expect(await actuateRestore('serving', kube('gateway-api'), plan(), deps)).toMatchObject({ ok: true });
    expect(k8s.requests.filter((r) => r.startsWith('PATCH'))).toHaveLength(2);
    const rules = k8s.objects.get(ROUTE_KEY)!.spec.rules;
    expect(rules[0].backendRefs.map((b: any) => b.weight)).toEqual([90, 0, 10]);
    expect(rules[1].backendRefs[0].weight).toBe(3);
  });

  it('is checked by the fake against the CRD schema and the CEL port rule (so passing means something)', async () => {
    const spec = kube('gateway-api') as never;
    const r = { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', kind: 'HTTPRoute' };
    const http = httpFor('serving', kube('gateway-api'), deps);
    const bad = (backendRefs: unknown[]) => sendPatch(http, spec, r, { spec: { rules: [{ backendRefs }] } });
    await expect(bad([{ name: 'pricing-41', port: 8080, weight: -1 }])).rejects.toThrow(/HTTP 422.*weight/);
    await expect(bad([{ name: 'pricing-41', port: 8080, wieght: 1 }])).rejects.toThrow(
      /strict decoding error: unknown field/,
    );
    await expect(bad([{ name: 'pricing-41', weight: 1 }])).rejects.toThrow(/Must have port for Service reference/);
  });

  it('says what blocks it: no permission, no such route, a rule without the control, a bundle without a Service', async () => {
    const ready = (spec: BuiltinSpec, c = control) =>
      builtinReadiness({ serving: spec }, bundle(c), bundle(candidate), deps);
    k8s.denied.add('patch httproutes');
    expect((await ready(kube('gateway-api')))[0]).toMatch(
      /not permitted \(HTTP 403\).*cannot patch resource "httproutes".*needs patch on httproutes/,
    );
    expect((await ready(kube('gateway-api', 'nope')))[0]).toMatch(
      /HTTPRoute pricing\/nope does not exist \(HTTP 404\)/,
    );
    k8s.objects.get(ROUTE_KEY)!.spec.rules[0].backendRefs.shift();
    expect((await ready(kube('gateway-api')))[0]).toMatch(
      /rule 1 routes to the candidate's pricing-42 but not to the control's pricing-41/,
    );
    const { kubernetes: _k, ...bare } = control;
    expect((await ready(kube('gateway-api'), bare))[0]).toMatch(/control bundle 41 names no Kubernetes Service/);
    const noToken = { ...deps, secret: () => undefined };
    expect(await actuateRestore('serving', kube('gateway-api'), plan(), noToken)).toEqual({
      ok: false,
      error: `the serving actuator (gateway-api) has no credential: set ${ENV} on the server`,
    });
  });
});

describe('Istio VirtualService', () => {
  it('moves subset weights on one host, once, within Istio’s weight rules', async () => {
    const key = 'virtualservices/pricing/demand';
    k8s.objects.set(
      key,
      kubeObject('networking.istio.io/v1', 'VirtualService', 'pricing', 'demand', {
        hosts: ['pricing'],
        http: [
          {
            route: [
              { destination: { host: 'pricing', subset: 'v41' }, weight: 90 },
              { destination: { host: 'pricing', subset: 'v42' }, weight: 10 },
            ],
          },
        ],
      }),
    );
    k8s.writes.length = 0;
    const subsets = (c: BundleTargets, subset: string): BundleTargets => ({
      ...c,
      kubernetes: { service: 'pricing', subset },
    });
    const p = {
      ...plan(),
      targets: { control: subsets(control, 'v41'), candidate: subsets(candidate, 'v42') },
    } as RollbackPlan;
    const spec = kube('istio');
    expect(
      await builtinReadiness(
        { serving: spec },
        bundle(subsets(control, 'v41')),
        bundle(subsets(candidate, 'v42')),
        deps,
      ),
    ).toEqual([]);
    expect(await actuateRestore('serving', spec, p, deps)).toMatchObject({ ok: true });
    expect(k8s.objects.get(key)!.spec.http[0].route.map((d: any) => d.weight)).toEqual([100, 0]);
    expect(await actuateRestore('serving', spec, p, deps)).toMatchObject({ ok: true });
    expect(k8s.writes).toHaveLength(1);
  });
});

describe('KServe InferenceService', () => {
  const key = 'inferenceservices/pricing/demand-gbm';
  const predictorStatus = (rolledOut?: string) => ({
    components: {
      predictor: {
        latestReadyRevision: 'demand-gbm-predictor-00002',
        ...(rolledOut ? { latestRolledoutRevision: rolledOut } : {}),
      },
    },
    observedGeneration: 1,
  });
  const isvc = (rolledOut?: string) =>
    kubeObject(
      'serving.kserve.io/v1beta1',
      'InferenceService',
      'pricing',
      'demand-gbm',
      {
        predictor: {
          canaryTrafficPercent: 10,
          model: { modelFormat: { name: 'xgboost' }, storageUri: 's3://models/demand-gbm/42' },
        },
      },
      predictorStatus(rolledOut),
    );

  it('sends the canary to 0 % once; KServe routes the previous revision 100 %, and the read-back says so', async () => {
    k8s.objects.set(key, isvc('demand-gbm-predictor-00001'));
    k8s.writes.length = 0;
    const spec = kube('kserve', 'demand-gbm');
    expect(await builtinReadiness({ serving: spec }, bundle(control), bundle(candidate), deps)).toEqual([]);
    const done = await actuateRestore('serving', spec, plan(), deps);
    expect(done.ok && done.detail).toMatch(
      /canaryTrafficPercent 10 → 0.*KServe routes 100% to demand-gbm-predictor-00001/,
    );
    expect(k8s.writes.map((w) => w.patch)).toEqual([{ spec: { predictor: { canaryTrafficPercent: 0 } } }]);
    expect(k8s.objects.get(key)!.spec.predictor.model.storageUri).toBe('s3://models/demand-gbm/42');
    expect(await actuateRestore('serving', spec, plan(), deps)).toMatchObject({ ok: true });
    expect(k8s.writes).toHaveLength(1);
  });

  it('is checked by the fake against KServe’s full upstream CRD (so passing means something)', async () => {
    k8s.objects.set(key, isvc('demand-gbm-predictor-00001'));
    const spec = kube('kserve', 'demand-gbm') as never;
    const r = { group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', kind: 'InferenceService' };
    const http = httpFor('serving', kube('kserve', 'demand-gbm'), deps);
    const patch = (predictor: unknown) => sendPatch(http, spec, r, { spec: { predictor } });
    await expect(patch({ canaryTrafficPercent: 'zero' })).rejects.toThrow(/HTTP 422.*canaryTrafficPercent/);
    await expect(patch({ canaryTrafic: 0 })).rejects.toThrow(/strict decoding error: unknown field/);
    // Deep in the PodSpec the CRD carries: a container's port must be an integer.
    await expect(
      patch({ containers: [{ name: 'kserve-container', ports: [{ containerPort: 'http' }] }] }),
    ).rejects.toThrow(/HTTP 422.*containerPort/);
    await expect(patch({ canaryTrafficPercent: 150 })).rejects.toThrow(/not between 0 and 100/);
  });

  it('is not ready without a rolled-out revision to return to', async () => {
    k8s.objects.set(key, isvc());
    expect(
      (await builtinReadiness({ serving: kube('kserve', 'demand-gbm') }, bundle(control), bundle(candidate), deps))[0],
    ).toMatch(/no rolled-out revision/);
  });
});

describe('MLflow Model Registry', () => {
  const spec: BuiltinSpec = { kind: 'mlflow', url: '', alias: 'champion', tokenEnv: ENV };
  beforeEach(() => {
    spec.url = mlflow.url;
    mlflow.versions.set(
      'demand-gbm',
      new Map([
        ['7', 'READY'],
        ['8', 'READY'],
      ]),
    );
    mlflow.aliases.set('demand-gbm@champion', '8');
    mlflow.writes.length = 0;
    mlflow.readOnly = false;
  });

  it('moves the alias to the control’s version once and reads it back', async () => {
    expect(await builtinReadiness({ model: spec }, bundle(control), bundle(candidate), deps)).toEqual([]);
    const done = await actuateRestore('model', spec, plan(), deps);
    expect(done.ok && done.detail).toBe(
      'MLflow demand-gbm@champion: version 8 → 7; read back MLflow demand-gbm@champion: version 7',
    );
    expect(mlflow.writes).toEqual([{ name: 'demand-gbm', alias: 'champion', version: '7' }]);
    expect(await actuateRestore('model', spec, plan(), deps)).toMatchObject({ ok: true });
    expect(mlflow.writes).toHaveLength(1);
  });

  it('sets an alias that was never set', async () => {
    mlflow.aliases.clear();
    expect(await actuateRestore('model', spec, plan(), deps)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/version unset → 7/),
    });
  });

  it('names the actuator once when its target cannot be reached', async () => {
    const [blocker] = await builtinReadiness(
      { model: { ...spec, url: 'http://127.0.0.1:1', attempts: 1 } },
      bundle(control),
      bundle(candidate),
      deps,
    );
    expect(blocker).toMatch(/^the model actuator \(mlflow\) \(GET \/api\/2\.0\/mlflow\/[^)]*\): /);
    expect(blocker!.split('model actuator')).toHaveLength(2);
  });

  it('is not ready when the version does not exist or is not READY; a read-only token fails the step', async () => {
    const seven = { ...control, mlflow: { name: 'demand-gbm', version: '70' } };
    expect((await builtinReadiness({ model: spec }, bundle(seven), bundle(candidate), deps))[0]).toMatch(
      /MLflow model demand-gbm version 70 does not exist \(HTTP 404\)/,
    );
    mlflow.versions.get('demand-gbm')!.set('7', 'PENDING_REGISTRATION');
    expect((await builtinReadiness({ model: spec }, bundle(control), bundle(candidate), deps))[0]).toMatch(
      /is "PENDING_REGISTRATION", not READY/,
    );
    mlflow.readOnly = true;
    expect(await actuateRestore('model', spec, plan(), deps)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not permitted \(HTTP 403\)/),
    });
  });
});

describe('Delta / Iceberg table restore (level-4 job)', () => {
  const spec = (): BuiltinSpec => ({
    kind: 'table-restore',
    url: sql.url,
    warehouseId: sql.warehouseId,
    tokenEnv: ENV,
  });

  it('Delta: checks the version exists, starts RESTORE once, reports progress, and reads the history back', async () => {
    expect(await builtinReadiness({ 'restore-snapshot': spec() }, bundle(control), bundle(candidate), deps)).toEqual(
      [],
    );
    const started = await startJob('restore-snapshot', spec(), plan(), deps);
    expect(started).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/RESTORE TABLE `main`.`pricing`.`trips` TO VERSION AS OF 12/),
    });
    const handle = started.ok ? started.handle! : '';
    expect(await pollJob('restore-snapshot', spec(), plan(), handle, deps)).toMatchObject({
      kind: 'running',
      progress: 0.5,
    });
    expect(await pollJob('restore-snapshot', spec(), plan(), handle, deps)).toMatchObject({
      kind: 'finished',
      message: expect.stringMatching(/read back main.pricing.trips: at Delta version 12/),
    });
    // Started again (a resumed step that lost its handle): the history shows it done; nothing is submitted.
    expect(await startJob('restore-snapshot', spec(), plan(), deps)).toMatchObject({ ok: true, handle: null });
    expect(sql.restores).toHaveLength(1);
    const missing = { ...control, table: { format: 'delta' as const, name: 'main.pricing.trips', version: 99 } };
    expect(
      (await builtinReadiness({ 'restore-snapshot': spec() }, bundle(missing), bundle(candidate), deps))[0],
    ).toMatch(/has no Delta version 99 in its history/);
  });

  it('Iceberg: rolls back to the snapshot through the catalog’s procedure', async () => {
    const t = { ...control, table: { format: 'iceberg' as const, name: 'lake.pricing.trips', snapshotId: '88412' } };
    expect(await builtinReadiness({ 'restore-snapshot': spec() }, bundle(t), bundle(candidate), deps)).toEqual([]);
    const started = await startJob('restore-snapshot', spec(), plan(t), deps);
    const handle = started.ok ? started.handle! : '';
    expect(sql.restores.at(-1)).toBe("CALL `lake`.system.rollback_to_snapshot('pricing.trips', 88412)");
    await pollJob('restore-snapshot', spec(), plan(t), handle, deps);
    expect(await pollJob('restore-snapshot', spec(), plan(t), handle, deps)).toMatchObject({ kind: 'finished' });
    expect(sql.iceberg.current).toBe('88412');
  });
});
