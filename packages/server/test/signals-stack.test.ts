/**
 * Signals where teams already have them (R4.5), against the real Prometheus and Alertmanager of the
 * Debian packages on loopback: Prometheus scrapes an exporter of per-arm counters and a latency
 * histogram that this test drives, ripcord polls it through the HTTP API at each tick (counts fed
 * into the sequential test, a p99 value read as written, a query with no data inconclusive), and a
 * Prometheus alerting rule fires through Alertmanager's webhook into a `source: alert` gate, which
 * rolls the release back; the incident names the alert, and its resolve is recorded. After each
 * rollback the verification reads those gates again on the restored route (control's series; the
 * alert until it resolves; no data never passes). Then `promtool check metrics` reads ripcord's
 * own `/metrics`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createTestApp, exampleDocuments, type TestApp } from './helpers.js';
import {
  freePort,
  promtoolCheckMetrics,
  stackAvailable,
  startAlertmanager,
  startExporter,
  startPrometheus,
  waitFor,
  type Exporter,
  type RunningProcess,
} from './fixtures/prometheus-stack.js';

const TICK_MS = 10_000;
const BUCKETS = ['0.1', '0.2', '0.5', '1', '2', '+Inf'];

/** ride-pricing's workflow, bundles and release under another workflow name, with `gates`. */
function rideDocs(workflow: string, gates: unknown[]): Record<string, unknown>[] {
  return exampleDocuments('ride-pricing', { includeReleases: true }).map((d) => {
    if (d.kind === 'Workflow') return { ...d, name: workflow };
    if (d.kind === 'Release') return { ...d, workflow, gates };
    return { ...d, workflow };
  });
}

const RULES = `
groups:
  - name: ripcord-test
    interval: 1s
    rules:
      - alert: RideCandidateErrors
        expr: ride_alarm > 0
        labels: { severity: critical, team: pricing, ripcord_workflow: ride-alerts, ripcord_release: demand-gbm-42 }
        annotations: { summary: candidate errors above the budget }
      - alert: DiskAlmostFull
        expr: ride_disk_full > 0
        labels: { severity: warning }
`;

/** Simulated traffic: every 250 ms each arm serves requests with its error rate and latency bucket. */
class Traffic {
  private readonly totals = { candidate: { n: 0, err: 0 }, control: { n: 0, err: 0 } };
  private mode = { errorRate: 0.01, bucket: '0.2' };
  private readonly timer: NodeJS.Timeout;
  private readonly buckets = { candidate: new Map<string, number>(), control: new Map<string, number>() };

  constructor(private readonly exporter: Exporter) {
    this.timer = setInterval(() => this.step(), 250);
    this.step();
  }

  regress(): void {
    this.mode = { errorRate: 0.3, bucket: '2' };
  }

  private step(): void {
    for (const [arm, n, rate, bucket] of [
      ['candidate', 40, this.mode.errorRate, this.mode.bucket],
      ['control', 400, 0.01, '0.2'],
    ] as const) {
      const t = this.totals[arm];
      t.n += n;
      t.err += n * rate;
      this.exporter.set(`ride_requests_total{workflow="ride-prom",arm="${arm}"}`, t.n);
      this.exporter.set(`ride_errors_total{workflow="ride-prom",arm="${arm}"}`, Math.floor(t.err));
      const counts = this.buckets[arm];
      for (const le of BUCKETS) {
        const add = Number(le === '+Inf' ? Infinity : le) >= Number(bucket) ? n : 0;
        counts.set(le, (counts.get(le) ?? 0) + add);
        this.exporter.set(`ride_latency_seconds_bucket{arm="${arm}",le="${le}"}`, counts.get(le) ?? 0);
      }
      this.exporter.set(`ride_latency_seconds_count{arm="${arm}"}`, counts.get('+Inf') ?? 0);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const available = stackAvailable();

describe.skipIf(!available)('signals from the real Prometheus and Alertmanager', () => {
  let t: TestApp;
  let http: Server;
  let exporter: Exporter;
  let traffic: Traffic;
  let prometheus: RunningProcess;
  let alertmanager: RunningProcess;

  beforeAll(async () => {
    exporter = await startExporter({
      ride_requests_total: 'counter',
      ride_errors_total: 'counter',
      ride_latency_seconds: 'histogram',
      ride_alarm: 'gauge',
      ride_disk_full: 'gauge',
      ride_candidate_only: 'gauge',
    });
    exporter.set('ride_alarm', 0);
    exporter.set('ride_disk_full', 0);
    traffic = new Traffic(exporter);
    const promPort = await freePort();
    const promUrl = `http://127.0.0.1:${promPort}`;
    t = await createTestApp('pglite', {
      config: {
        signalSources: [{ name: 'main', system: 'prometheus', url: promUrl, auth: { kind: 'none' } }],
        metricsAccess: 'token',
      },
    });
    http = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise<void>((resolve) => http.once('listening', resolve));
    const ripcord = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const created = await t.call('POST', '/v1/tokens', { subject: 'alertmanager', role: 'alerts' });
    alertmanager = await startAlertmanager({
      webhookUrl: `${ripcord}/v1/alerts/alertmanager`,
      token: created.body.token,
    });
    prometheus = await startPrometheus({
      targets: [exporter.target],
      rules: RULES,
      alertmanager: (alertmanager as RunningProcess & { target: string }).target,
      port: promPort,
    });
  }, 120_000);

  afterAll(async () => {
    traffic?.stop();
    await prometheus?.stop();
    await alertmanager?.stop();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await exporter?.close();
    await t?.close();
  });

  async function startRelease(workflow: string, gates: unknown[]): Promise<string> {
    expect((await t.call('POST', '/v1/apply', { documents: rideDocs(workflow, gates) })).status).toBe(200);
    await t.call('PUT', `/v1/workflows/${workflow}/environments/production/labels/production`, {
      version: '41',
      reason: 'baseline',
    });
    const id = (await t.call('GET', `/v1/releases?workflow=${workflow}`)).body.releases[0].id as string;
    const started = (await t.call('POST', `/v1/releases/${id}/start`)).body;
    expect(started.readiness.blockers).toEqual([]);
    expect(started.started).toBe(true);
    return id;
  }

  const tick = async () => {
    t.clock.advance(TICK_MS);
    return t.services.machine.tick();
  };
  const gatesOf = async (id: string) =>
    Object.fromEntries(((await t.call('GET', `/v1/releases/${id}/gates`)).body.gates as any[]).map((g) => [g.gate, g]));
  /** The incident of a release's rollback, and the gates its verification read on the restored route. */
  const incidentOf = async (releaseId: string) => {
    const listed = ((await t.call('GET', '/v1/incidents')).body.incidents as any[]).find(
      (i) => i.releaseId === releaseId,
    );
    const incident = (await t.call('GET', `/v1/incidents/${listed.id}`)).body.incident;
    const read = Object.fromEntries(((incident.verification?.gates ?? []) as any[]).map((g) => [g.gate, g]));
    return { incident, read };
  };
  const promValue = async (query: string) => {
    const body = (await (
      await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`)
    ).json()) as any;
    return Number(body.data.result[0]?.value[1] ?? Number.NaN);
  };

  it('refuses a query Prometheus cannot parse and a source the server does not have, before the start', async () => {
    await t.call('POST', '/v1/apply', {
      documents: rideDocs('ride-badquery', [
        {
          name: 'bad-query',
          metric: 'latency_p99',
          source: 'prometheus',
          prometheus: { server: 'main', value: 'sum(rate(ride_latency_seconds_count{arm="{{arm}}"}[1m]' },
          candidate: { above: 800 },
          severity: 'rapid',
        },
        {
          name: 'elsewhere',
          metric: 'latency_p99',
          source: 'prometheus',
          prometheus: { server: 'nowhere', value: 'ride_p99{arm="{{arm}}"}' },
          candidate: { above: 800 },
          severity: 'rapid',
        },
      ]),
    });
    const id = (await t.call('GET', '/v1/releases?workflow=ride-badquery')).body.releases[0].id as string;
    const readiness = (await t.call('GET', `/v1/releases/${id}/readiness`)).body;
    expect(readiness.ready).toBe(false);
    expect(readiness.blockers).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^gate bad-query: the candidate value query is refused by main: HTTP 400 bad_data: .*parse error/,
        ),
        'gate elsewhere: no prometheus source named nowhere is configured on this server (RIPCORD_SIGNAL_SOURCES)',
      ]),
    );
    expect(readiness.signals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'main', status: 'ok', gates: ['bad-query'] }),
        expect.objectContaining({ source: 'nowhere', status: 'not-configured', gates: ['elsewhere'] }),
      ]),
    );
  });

  it('reads counts into the sequential test and values as written; passes healthy, breaches a regression, rolls back', async () => {
    await waitFor('the first scrapes', async () => (await promValue('ride_requests_total{arm="control"}')) > 0);
    const id = await startRelease('ride-prom', [
      {
        name: 'errors-vs-control',
        metric: 'error_rate',
        source: 'prometheus',
        prometheus: {
          server: 'main',
          numerator: 'ride_errors_total{workflow="{{workflow}}",arm="{{arm}}"}',
          denominator: 'ride_requests_total{workflow="{{workflow}}",arm="{{arm}}"}',
          interval: '10s',
        },
        candidate: { above: '2x', of: 'control' },
        severity: 'rapid',
      },
      {
        name: 'p99',
        metric: 'latency_p99',
        source: 'prometheus',
        prometheus: {
          server: 'main',
          value:
            'histogram_quantile(0.99, sum by (le) (rate(ride_latency_seconds_bucket{arm="{{arm}}"}[{{lookback}}]))) * 1000',
          lookback: '5s',
          interval: '10s',
        },
        candidate: { above: 800 },
        severity: 'rapid',
      },
      {
        name: 'conversion',
        metric: 'conversion_rate',
        source: 'prometheus',
        prometheus: { server: 'main', value: 'ride_conversion_ratio{arm="{{arm}}"}', interval: '10s' },
        candidate: { below: '5%' },
        severity: 'delayed',
      },
    ]);
    const readiness = (await t.call('GET', `/v1/releases/${id}/readiness`)).body;
    expect(readiness.signals).toEqual([expect.objectContaining({ source: 'main', status: 'ok', url: prometheus.url })]);

    await tick(); // the baseline reading of the counters
    let gates = await gatesOf(id);
    expect(gates['errors-vs-control'].reason).toMatch(/the first prometheus reading is the baseline/);
    expect(gates.conversion).toMatchObject({
      state: 'inconclusive',
      reason: 'no prometheus reading: the candidate query returns no data',
    });
    const baseline = await promValue('ride_requests_total{arm="candidate"}');
    await waitFor(
      '1,000 candidate requests since the baseline',
      async () => (await promValue('ride_requests_total{arm="candidate"}')) > baseline + 1_000,
    );
    await tick();
    gates = await gatesOf(id);
    expect(gates['errors-vs-control']).toMatchObject({
      state: 'passing',
      test: { sequential: { method: 'event-share' } },
    });
    expect(gates['errors-vs-control'].samples.candidate).toBeGreaterThan(500);
    expect(gates.p99).toMatchObject({ state: 'passing', threshold: 800 });
    expect(gates.p99.statistic).toBeLessThan(200);
    expect(gates.conversion.state).toBe('inconclusive');

    const errorsBefore = await promValue('ride_errors_total{arm="candidate"}');
    traffic.regress();
    await waitFor(
      '150 candidate errors since the regression',
      async () => (await promValue('ride_errors_total{arm="candidate"}')) > errorsBefore + 150,
    );
    await waitFor(
      'the regressed p99 in Prometheus',
      async () =>
        (await promValue(
          'histogram_quantile(0.99, sum by (le) (rate(ride_latency_seconds_bucket{arm="candidate"}[5s]))) * 1000',
        )) > 1_000,
    );
    const [result] = await tick();
    expect(result).toMatchObject({ release: id, decision: 'rollback-now', action: 'rolled-back' });
    const shown = (await t.call('GET', `/v1/releases/${id}`)).body;
    const evidence = shown.decisions.find((d: any) => d.kind === 'rollback-now').evidence.evidence as any[];
    const p99 = evidence.find((e) => e.gate === 'p99');
    expect(p99.state).toBe('breached');
    expect(p99.sentence).toMatch(
      /^candidate p99 latency \d+ ms at the latest prometheus reading \(breach above 800 ms\): breached$/,
    );
    expect(evidence.find((e) => e.gate === 'errors-vs-control').state).toBe('breached');
    expect(shown.release.status).toBe('rolled-back');

    // Verification (R7.2) reads both gates again on the restored route: control's series in
    // Prometheus, judged with the same thresholds (the counter's first reading is its baseline).
    let verifying = await incidentOf(id);
    expect(verifying.incident.status).toBe('verifying');
    expect(verifying.read.p99).toMatchObject({ state: 'passing', source: 'query' });
    expect(verifying.read.p99.sentence).toMatch(/^candidate p99 latency \d+ ms at the latest prometheus reading/);
    expect(verifying.read['errors-vs-control']).toMatchObject({ state: 'inconclusive', source: 'query' });
    expect(verifying.read['errors-vs-control'].sentence).toMatch(/the first prometheus reading is the baseline/);
    const controlBefore = await promValue('ride_requests_total{arm="control"}');
    await waitFor(
      '4,000 control requests since the restore',
      async () => (await promValue('ride_requests_total{arm="control"}')) > controlBefore + 4_000,
    );
    await tick();
    verifying = await incidentOf(id);
    expect(verifying.read['errors-vs-control']).toMatchObject({ state: 'passing', source: 'query' });
    expect(verifying.read['errors-vs-control'].samples).toBeGreaterThan(2_000);
    t.clock.advance(5 * 60_000);
    await tick();
    const verified = await incidentOf(id);
    expect(verified.incident.status).toBe('verified');
    expect(verified.read.p99.state).toBe('passing');
  });

  it('never verifies a restore on a query with no data: it extends the window, then escalates at the bound', async () => {
    // Only the candidate has the series: on the restored route (control) the query returns nothing.
    exporter.set('ride_candidate_only{arm="candidate"}', 12);
    await waitFor('the candidate-only series', async () => (await promValue('ride_candidate_only')) === 12);
    const id = await startRelease('ride-nodata', [
      {
        name: 'candidate-only',
        metric: 'error_rate',
        source: 'prometheus',
        prometheus: { server: 'main', value: 'ride_candidate_only{arm="{{arm}}"} / 100', interval: '10s' },
        candidate: { above: '5%' },
        severity: 'immediate',
      },
    ]);
    const [result] = (await tick()).filter((r) => r.release === id);
    expect(result).toMatchObject({ decision: 'rollback-now', action: 'rolled-back' });
    let verifying = await incidentOf(id);
    expect(verifying.read['candidate-only']).toMatchObject({
      state: 'inconclusive',
      source: 'query',
      sentence: expect.stringContaining('no prometheus reading: the control query returns no data'),
    });
    t.clock.advance(5 * 60_000);
    await tick();
    verifying = await incidentOf(id);
    expect(verifying.incident.status).toBe('verifying');
    expect(verifying.incident.verification.extension.reason).toMatch(
      /^verification extended: candidate-only waits: .*the control query returns no data/,
    );
    t.clock.advance(60 * 60_000);
    await tick();
    const escalated = (await incidentOf(id)).incident;
    expect(escalated.status).toBe('escalated');
    expect(escalated.verification.failures).toEqual([
      expect.stringMatching(
        /^gate candidate-only did not return to passing within the verification window: .*the control query returns no data/,
      ),
    ]);
    expect(escalated.times.verifiedAt).toBeUndefined();
  });

  it('rolls back on an alert Alertmanager delivers, names it in the incident, records the resolve and the unmatched', async () => {
    const id = await startRelease('ride-alerts', [
      {
        name: 'pager',
        metric: 'error_rate',
        source: 'alert',
        alert: { name: 'RideCandidateErrors', matchers: { team: 'pricing' }, severities: { critical: 'immediate' } },
        severity: 'rapid',
      },
    ]);
    await tick();
    expect((await gatesOf(id)).pager).toMatchObject({ state: 'passing', severity: 'rapid' });
    exporter.set('ride_alarm', 1);
    exporter.set('ride_disk_full', 1);
    const alerts = async () => (await t.call('GET', '/v1/alerts')).body.alerts as any[];
    await waitFor('both alerts delivered by Alertmanager', async () => (await alerts()).length === 2);
    const unmatched = (await t.call('GET', '/v1/alerts?outcome=unmatched')).body.alerts;
    expect(unmatched).toEqual([
      expect.objectContaining({
        name: 'DiskAlmostFull',
        status: 'firing',
        reason: expect.stringContaining('no ripcord_workflow label'),
      }),
    ]);
    const pager = (await gatesOf(id)).pager;
    expect(pager).toMatchObject({ state: 'breached', severity: 'immediate' });
    expect(pager.sentence).toMatch(
      /^candidate error rate: alert RideCandidateErrors firing since .* \(severity critical, fingerprint \w+, via alertmanager\): candidate errors above the budget: breached$/,
    );

    const [result] = (await tick()).filter((r) => r.release === id);
    expect(result).toMatchObject({ decision: 'rollback-now', action: 'rolled-back' });
    const incident = ((await t.call('GET', '/v1/incidents')).body.incidents as any[]).find((i) => i.releaseId === id);
    const view = async () => (await t.call('GET', `/v1/incidents/${incident.id}`)).body;
    expect((await view()).timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'alert.firing',
          summary: expect.stringContaining(
            'alert RideCandidateErrors (severity critical) from alertmanager is firing: it breaches pager of demand-gbm-42',
          ),
        }),
      ]),
    );

    // Verification waits while the alert still fires for the workflow after the restore…
    let verifying = await incidentOf(id);
    expect(verifying.incident.status).toBe('verifying');
    expect(verifying.read.pager).toMatchObject({ state: 'inconclusive', source: 'alert' });
    expect(verifying.read.pager.sentence).toMatch(
      /^alert RideCandidateErrors \(since .*\) still firing for the workflow after the restore: waiting for its resolve$/,
    );
    t.clock.advance(5 * 60_000);
    await tick();
    verifying = await incidentOf(id);
    expect(verifying.incident.status).toBe('verifying');
    expect(verifying.incident.verification.extension.reason).toMatch(/pager waits: alert RideCandidateErrors/);

    exporter.set('ride_alarm', 0);
    await waitFor('the resolve delivered by Alertmanager', async () =>
      (await alerts()).some((a) => a.name === 'RideCandidateErrors' && a.status === 'resolved'),
    );
    // …and passes once it is resolved.
    await tick();
    expect((await incidentOf(id)).read.pager).toMatchObject({ state: 'passing', source: 'alert' });
    t.clock.advance(5 * 60_000);
    await tick();
    expect((await incidentOf(id)).incident.status).toBe('verified');
    const resolved = (await alerts()).find((a) => a.name === 'RideCandidateErrors');
    expect(resolved).toMatchObject({ outcome: 'matched', matches: [{ releaseId: id, gate: 'pager' }] });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await view()).timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'alert.resolved',
          summary: 'alert RideCandidateErrors from alertmanager resolved',
        }),
      ]),
    );
  });

  it("serves ripcord's own metrics that promtool accepts", async () => {
    expect((await t.app.request('/metrics')).status).toBe(401);
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await res.text();
    const check = promtoolCheckMetrics(text);
    expect(check).toEqual({ status: 0, output: '' });
    expect(text).toMatch(/^ripcord_decisions_total\{kind="rollback-now"\} 3$/m);
    expect(text).toMatch(/^ripcord_releases\{status="rolled-back"\} 3$/m);
    expect(text).toMatch(/^ripcord_alerts\{outcome="unmatched",status="firing"\} 1$/m);
    expect(text).toMatch(/^ripcord_signal_polls_total\{system="prometheus",result="ok"\} \d+$/m);
    expect(text).toMatch(/^ripcord_gate_evaluations_total\{state="breached",severity="immediate"\} \d+$/m);
    expect(text).toMatch(/^ripcord_incident_mttd_seconds_count 3$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });
});
