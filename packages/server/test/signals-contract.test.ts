/**
 * Contracts without the Prometheus stack: `source: datadog` against a loopback server answering in
 * Datadog's documented metrics query format (v1 `GET /api/v1/query`; contract-tested only, as the
 * docs say), the generic alert webhook's authentication (signature or an alerts token) and shape,
 * Alertmanager's route refusing other roles and payload versions, and `/metrics` when open.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileGate,
  createReleaseState,
  evaluateRelease,
  applySignalReading,
  gateSpecSchema,
} from '../src/features/gates/index.js';
import { verificationState } from '../src/features/gates/engine/verification-state.js';
import { SignalPoller } from '../src/features/signals/signal-poller.js';
import { pollVerification } from '../src/features/signals/signal-verification.js';
import { SignalReadinessChecker } from '../src/features/signals/signal-readiness.js';
import type { SignalSourceConfig } from '../src/features/signals/signal-settings.js';
import { signWebhook } from '../src/features/notifications/webhook-signature.js';
import { adminToken, createTestApp, type TestApp } from './helpers.js';

/** What the fake Datadog was asked. */
interface Asked {
  path: string;
  params: URLSearchParams;
  apiKey: string | undefined;
  appKey: string | undefined;
}

/** Answers like Datadog's v1 metrics query API (documented response and error bodies). */
function fakeDatadog(asked: Asked[]) {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry = {
      path: url.pathname,
      params: url.searchParams,
      apiKey: req.headers['dd-api-key'] as string | undefined,
      appKey: req.headers['dd-application-key'] as string | undefined,
    };
    asked.push(entry);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (entry.apiKey !== 'api-key' || entry.appKey !== 'app-key') return send(403, { errors: ['Forbidden'] });
    if (url.pathname === '/api/v1/validate') return send(200, { valid: true });
    const query = url.searchParams.get('query') ?? '';
    if (query.includes('syntax error'))
      return send(400, { errors: ["Error parsing query: unable to parse 'syntax error'"] });
    const to = Number(url.searchParams.get('to')) * 1000;
    const series = query.includes('nothing')
      ? []
      : [
          {
            metric: 'ride.latency.p99',
            display_name: 'ride.latency.p99',
            unit: null,
            pointlist: [
              [to - 40_000, 300],
              [to - 20_000, query.includes('arm:candidate') ? 950 : 310],
              [to, null],
            ],
            start: to - 40_000,
            end: to,
            interval: 20,
            length: 3,
            aggr: 'avg',
            scope: query.includes('arm:candidate') ? 'arm:candidate' : 'arm:control',
            expression: query,
            tag_set: [],
            query_index: 0,
            attributes: {},
          },
        ];
    return send(200, {
      status: 'ok',
      res_type: 'time_series',
      resp_version: 1,
      query,
      from_date: Number(url.searchParams.get('from')) * 1000,
      to_date: to,
      series,
      values: [],
      times: [],
      message: '',
      group_by: [],
    });
  });
}

describe('source: datadog (contract-tested against a loopback server in Datadog’s documented format)', () => {
  const asked: Asked[] = [];
  const server = fakeDatadog(asked);
  let source: SignalSourceConfig;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    source = { name: 'dd', system: 'datadog', url, auth: { kind: 'datadog', apiKey: 'api-key', appKey: 'app-key' } };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const gate = (value: string, candidate: Record<string, unknown> = { above: '2x', of: 'control' }) =>
    gateSpecSchema.parse({
      name: 'dd-p99',
      metric: 'latency_p99',
      source: 'datadog',
      datadog: { server: 'dd', value, lookback: '10m' },
      candidate,
      severity: 'rapid',
    });
  const vars = {
    workflow: 'ride-pricing',
    environment: 'production',
    release: 'demand-gbm-42',
    bundles: { control: '41', candidate: '42' },
  };
  const at = new Date('2026-05-02T10:00:00Z');

  it('reads each arm’s latest point over the lookback, with both keys, and breaches as the words say', async () => {
    const spec = gate('avg:ride.latency.p99{arm:{{arm}},release:{{release}}}');
    const reading = await new SignalPoller({ sources: [source] }).read(compileGate(spec), vars, at);
    expect(reading).toEqual({ kind: 'value', at, arms: { candidate: 950, control: 310 } });
    const call = asked.find((a) => a.params.get('query')?.includes('arm:candidate'));
    expect(call?.path).toBe('/api/v1/query');
    expect(call?.params.get('query')).toBe('avg:ride.latency.p99{arm:candidate,release:demand-gbm-42}');
    expect(Number(call?.params.get('to')) - Number(call?.params.get('from'))).toBe(600);
    const state = createReleaseState({ release: 'demand-gbm-42', gates: [spec] }, at);
    applySignalReading(state, 'dd-p99', reading);
    const g = evaluateRelease(state, { now: () => at }).evaluation.gates[0];
    expect(g).toMatchObject({ state: 'breached', statistic: 950, control: 310, threshold: 620 });
    expect(g?.sentence).toBe(
      'candidate p99 latency 950 ms at the latest datadog reading vs control 310 ms (breach above 620 ms = 2x control): breached',
    );
  });

  it('reads an error answer, a query with no series and wrong keys as failures with the reason', async () => {
    const poller = new SignalPoller({ sources: [source] });
    expect(
      await poller.read(compileGate(gate('avg:syntax error{arm:{{arm}}}', { above: 800 })), vars, at),
    ).toMatchObject({
      kind: 'failed',
      reason: "the candidate query is refused: HTTP 400 Error parsing query: unable to parse 'syntax error'",
    });
    expect(await poller.read(compileGate(gate('avg:nothing{arm:{{arm}}}', { above: 800 })), vars, at)).toMatchObject({
      kind: 'failed',
      reason: 'the candidate query returns no data',
    });
    const wrongKeys = new SignalPoller({
      sources: [{ ...source, auth: { kind: 'datadog', apiKey: 'x', appKey: 'y' } }],
    });
    expect(await wrongKeys.read(compileGate(gate('avg:a{arm:{{arm}}}', { above: 800 })), vars, at)).toMatchObject({
      kind: 'failed',
      reason: 'dd HTTP 403 Forbidden: check the API and application keys',
    });
  });

  it('verifies a restore on control’s series, judged against control as it was during the release', async () => {
    const spec = gate('avg:ride.latency.p99{arm:{{arm}},release:{{release}}}');
    const state = createReleaseState({ release: 'demand-gbm-42', gates: [spec], bundles: vars.bundles }, at);
    applySignalReading(
      state,
      'dd-p99',
      await new SignalPoller({ sources: [source] }).read(compileGate(spec), vars, at),
    );
    expect(evaluateRelease(state, { now: () => at }).evaluation.gates[0]?.state).toBe('breached');
    // After a full restore: only control's series are asked for, and read as the restored route.
    const restored = verificationState(state, at, true);
    const release = { id: 'rel_1', name: 'demand-gbm-42', workflow: 'ride-pricing', environment: 'production' };
    const session = { release, endedTraffic: true };
    const sessions = {
      update: <T>(_id: string, fn: (s: typeof restored, v: typeof session) => T) => fn(restored, session),
    };
    const later = new Date(at.getTime() + 60_000);
    const before = asked.length;
    const poller = new SignalPoller({ sources: [source] });
    expect(await pollVerification({ sessions, poller: () => poller }, 'rel_1', later)).toBe(1);
    expect(asked.slice(before).map((a) => a.params.get('query'))).toEqual([
      'avg:ride.latency.p99{arm:control,release:demand-gbm-42}',
    ]);
    const g = evaluateRelease(restored, { now: () => later }).evaluation.gates[0];
    // 310 ms on the restored route vs control's 310 ms during the release: 2x control is 620 ms.
    expect(g).toMatchObject({ state: 'passing', statistic: 310, control: 310, threshold: 620 });
    // Nothing new was read (the next poll is due after the interval): no reading is kept as passing.
    const stale = new Date(at.getTime() + 60 * 60_000);
    expect(evaluateRelease(restored, { now: () => stale }).evaluation.gates[0]?.state).toBe('inconclusive');
  });

  it('reports the source healthy when its keys validate', async () => {
    const checker = new SignalReadinessChecker({ poller: new SignalPoller({ sources: [source] }), now: () => at });
    expect(await checker.configured()).toEqual([
      { source: 'dd', system: 'datadog', url: source.url, status: 'ok', detail: 'HTTP 200', gates: [] },
    ]);
  });
});

describe('alerts in: authentication and shapes', () => {
  const secret = 'a'.repeat(40);
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { config: { alertWebhookSecret: secret, metricsAccess: 'open' } });
  });
  afterAll(async () => t.close());

  const generic = {
    source: 'grafana',
    alerts: [
      { name: 'HighErrors', status: 'firing', labels: { ripcord_workflow: 'support-summary' }, severity: 'critical' },
    ],
  };
  const post = (body: string, headers: Record<string, string>) =>
    t.app.request('/v1/alerts/webhook', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('takes a signed generic delivery, records it as unmatched with the reason, and refuses a bad signature', async () => {
    const body = JSON.stringify(generic);
    const signed = await post(body, { 'x-ripcord-signature': signWebhook(secret, body, t.clock.now()) });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({
      alerts: [
        expect.objectContaining({
          name: 'HighErrors',
          status: 'firing',
          outcome: 'unmatched',
          matches: [],
          reason: 'no running release of support-summary',
        }),
      ],
    });
    expect((await post(body, { 'x-ripcord-signature': signWebhook('b'.repeat(40), body, t.clock.now()) })).status).toBe(
      401,
    );
    expect((await post(body, {})).status).toBe(401);
    const listed = (await t.call('GET', '/v1/alerts?outcome=unmatched')).body.alerts;
    expect(listed).toEqual([
      expect.objectContaining({ source: 'grafana', name: 'HighErrors', severity: 'critical', deliveries: 1 }),
    ]);
    const audit = (await t.call('GET', '/v1/audit')).body.entries as { action: string }[];
    expect(audit.map((e) => e.action)).toContain('alert.firing');
  });

  it('takes an alerts token instead of a signature; refuses other roles, bad shapes and other payload versions', async () => {
    const alerts = (await t.call('POST', '/v1/tokens', { subject: 'grafana', role: 'alerts' })).body.token as string;
    const sdk = (
      await t.call('POST', '/v1/tokens', { subject: 'app', role: 'sdk', scope: { environment: 'production' } })
    ).body.token as string;
    expect((await post(JSON.stringify(generic), { authorization: `Bearer ${alerts}` })).status).toBe(200);
    expect((await post(JSON.stringify(generic), { authorization: `Bearer ${sdk}` })).status).toBe(403);
    const bad = await post(JSON.stringify({ source: 'grafana', alerts: [{ status: 'firing' }] }), {
      authorization: `Bearer ${alerts}`,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/alerts\[0\]\.name/);
    const am = { version: '3', groupKey: 'g', status: 'firing', receiver: 'r', alerts: [] };
    expect((await t.call('POST', '/v1/alerts/alertmanager', am, alerts)).status).toBe(400);
    expect((await t.call('POST', '/v1/alerts/alertmanager', { ...am, version: '4' }, sdk)).status).toBe(403);
    expect((await t.call('POST', '/v1/alerts/alertmanager', { ...am, version: '4' }, alerts)).body).toEqual({
      alerts: [],
    });
    // An alerts token does nothing else.
    expect((await t.call('GET', '/v1/alerts', undefined, alerts)).status).toBe(403);
  });

  it('serves /metrics without a token when open, and lists every new route in the OpenAPI document', async () => {
    const event = {
      type: 'outcome',
      id: 'ev-1',
      workflow: 'support-summary',
      environment: 'production',
      at: t.clock.now().toISOString(),
      requestId: 'r-1',
    };
    const ingested = await t.call('POST', '/v1/events', [event, { ...event, id: 'ev-2', at: 'not a time' }]);
    expect(ingested.status).toBe(202);
    const res = await t.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/^ripcord_alerts\{outcome="unmatched",status="firing"\} 1$/m);
    expect(text).toMatch(/^ripcord_ingest_events_total\{result="accepted"\} 1$/m);
    expect(text).toMatch(/^ripcord_ingest_events_total\{result="rejected"\} 1$/m);
    const doc = (await t.call('GET', '/v1/openapi.json', undefined, adminToken)).body;
    expect(doc.paths['/v1/alerts/alertmanager'].post.operationId).toBe('receiveAlertmanagerAlerts');
    expect(doc.paths['/v1/alerts/webhook'].post.operationId).toBe('receiveWebhookAlerts');
    expect(doc.paths['/v1/alerts'].get.operationId).toBe('listAlerts');
    expect(doc.paths['/metrics'].get.operationId).toBe('getMetrics');
  });
});
