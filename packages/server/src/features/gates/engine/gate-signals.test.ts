/**
 * Gates fed from outside ripcord (R4.5): the words of `source:` and their rules, counts readings
 * turned into increments (baseline, new series, resets), value readings, failed and stale polls
 * (inconclusive, never passing: R4.4), alert gates, and their snapshots.
 */
import { describe, expect, it } from 'vitest';
import { gateSpecSchema } from '../language/gate-spec.js';
import { release, T0 } from './gate-test-release.js';
import { applyAlert, applySignalReading, dueQueryGates } from './release-signals.js';
import { increase, type AlertSignal, type SignalReading } from './signal-state.js';
import { restoreReleaseState, snapshotReleaseState } from './state-snapshot.js';

const prom = (extra: Record<string, unknown> = {}) => ({ server: 'main', ...extra });
const counts = prom({
  numerator: 'sum(errors_total{arm="{{arm}}"})',
  denominator: 'sum(requests_total{arm="{{arm}}"})',
});

function firstIssue(input: Record<string, unknown>): string {
  const result = gateSpecSchema.safeParse({ name: 'g', severity: 'rapid', ...input });
  if (result.success) return 'ok';
  const issue = result.error.issues[0];
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`;
}

describe('gate language: source', () => {
  it.each([
    [
      'counts',
      { metric: 'error_rate', source: 'prometheus', prometheus: counts, candidate: { above: '2x', of: 'control' } },
    ],
    [
      'value',
      {
        metric: 'latency_p99',
        source: 'prometheus',
        prometheus: prom({
          value: 'histogram_quantile(0.99, rate(l_bucket{arm="{{arm}}"}[{{lookback}}]))',
          interval: '30s',
        }),
        candidate: { above: 800 },
        sustained: '5m',
      },
    ],
    [
      'datadog',
      {
        metric: 'latency_p95',
        source: 'datadog',
        datadog: { server: 'dd', value: 'avg:lat{arm:{{arm}}}' },
        candidate: { above: 500 },
      },
    ],
    [
      'alert',
      { metric: 'error_rate', source: 'alert', alert: { name: 'HighErrors', severities: { critical: 'immediate' } } },
    ],
  ])('accepts %s', (_name, gate) => {
    expect(firstIssue(gate)).toBe('ok');
  });

  it.each([
    [
      { metric: 'error_rate', prometheus: counts, candidate: { above: '5%' } },
      'prometheus: prometheus: is read only with source: prometheus',
    ],
    [
      { metric: 'error_rate', source: 'prometheus', candidate: { above: '5%' } },
      'prometheus: source: prometheus needs a prometheus: block',
    ],
    [
      { metric: 'latency_p99', source: 'prometheus', prometheus: counts, candidate: { above: 5 } },
      'metric: the counts form applies to rates of 0/1 outcomes',
    ],
    [
      {
        metric: 'error_rate',
        source: 'prometheus',
        prometheus: counts,
        candidate: { above: '5%' },
        over: { consecutiveCalls: 100 },
      },
      'over: a Prometheus counts gate reads since the stage began',
    ],
    [
      {
        metric: 'latency_p99',
        source: 'prometheus',
        prometheus: prom({ value: 'x{arm="{{arm}}"}' }),
        candidate: { above: 5 },
        within: '5m',
      },
      "within: a query's window is in the query itself",
    ],
    [
      {
        metric: 'latency_p99',
        source: 'prometheus',
        prometheus: prom({ value: 'x{arm="{{arm}}"}' }),
        candidate: { above: 5 },
        test: 'both',
      },
      'test: a value reading is one number',
    ],
    [
      { metric: 'latency_p99', source: 'prometheus', prometheus: prom({ value: 'x' }), candidate: { above: 5 } },
      'prometheus.value: the query must select one arm',
    ],
    [
      {
        metric: 'latency_p99',
        source: 'prometheus',
        prometheus: prom({ value: 'x{a="{{arms}}"}' }),
        candidate: { above: 5 },
      },
      'prometheus.value: unknown placeholder {{arms}}',
    ],
    [
      { metric: 'error_rate', source: 'alert', alert: { name: 'A' }, candidate: { above: '5%' } },
      'candidate: an alert gate breaches while a matching alert fires',
    ],
    [
      {
        metric: 'error_rate',
        source: 'prometheus',
        prometheus: { ...counts, value: 'x{arm="{{arm}}"}' },
        candidate: { above: '5%' },
      },
      'prometheus: write either value: or numerator:',
    ],
  ])('refuses %j', (gate, message) => {
    expect(firstIssue(gate)).toContain(message);
  });
});

const reading = (at: Date, candidate: [number, number], control?: [number, number]): SignalReading => ({
  kind: 'counts',
  at,
  arms: {
    candidate: { numerator: { a: candidate[0] }, denominator: { a: candidate[1] } },
    ...(control ? { control: { numerator: { a: control[0] }, denominator: { a: control[1] } } } : {}),
  },
});

describe('counts readings', () => {
  it('counts increments after the baseline, by Prometheus’ counter rule', () => {
    expect(increase({ a: 10, b: 5 }, { a: 15, b: 2, c: 4 })).toBe(5 + 2 + 4); // b was reset, c is new
    expect(increase({ a: 10 }, { a: Number.NaN })).toBe(0);
  });

  it('takes the first reading as the baseline and feeds the sequential test with what follows', () => {
    const r = release({ metric: 'error_rate', source: 'prometheus', prometheus: counts, candidate: { above: '5%' } });
    expect(dueQueryGates(r.state, r.clock.now()).map((g) => g.name)).toEqual(['g']);
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', reason: 'no prometheus reading yet' });
    applySignalReading(r.state, 'g', reading(r.clock.now(), [500, 10_000]));
    expect(r.evaluate().reason).toContain('the first prometheus reading is the baseline');
    r.clock.advance(15_000);
    expect(dueQueryGates(r.state, r.clock.now())).toHaveLength(1);
    applySignalReading(r.state, 'g', reading(r.clock.now(), [500 + 40, 10_000 + 400]));
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', statistic: 0.1, samples: { candidate: 400, control: null } });
    expect(g.test.sequential?.method).toBe('bernoulli-mixture');
    expect(g.sentence).toBe(
      'candidate error rate 10.0 % since the stage began (counted by prometheus) (breach above 5.0 %): breached',
    );
  });

  it('compares with control through the event-share test, and never counts more events than trials', () => {
    const r = release({
      metric: 'error_rate',
      source: 'prometheus',
      prometheus: counts,
      candidate: { above: '2x', of: 'control' },
    });
    applySignalReading(r.state, 'g', reading(T0, [0, 0], [0, 0]));
    applySignalReading(r.state, 'g', reading(new Date(T0.getTime() + 10_000), [60, 1_000], [100, 10_000]));
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', statistic: 0.06, control: 0.01 });
    expect(g.test.sequential?.method).toBe('event-share');
    applySignalReading(r.state, 'g', reading(new Date(T0.getTime() + 20_000), [2_000, 1_010], [100, 10_000]));
    expect(r.state.gates.g?.moments.candidate.release).toMatchObject({ n: 1_010, sx: 1_010 });
  });

  it('reads a failed poll as inconclusive with its reason, in every test mode', () => {
    const r = release({
      metric: 'error_rate',
      source: 'prometheus',
      prometheus: counts,
      candidate: { above: '5%' },
      test: 'literal',
    });
    applySignalReading(r.state, 'g', reading(T0, [0, 0]));
    applySignalReading(r.state, 'g', reading(T0, [50, 500]));
    expect(r.evaluate().state).toBe('breached');
    applySignalReading(r.state, 'g', { kind: 'failed', at: T0, reason: 'HTTP 422 execution: query timed out' });
    expect(r.evaluate()).toMatchObject({
      state: 'inconclusive',
      reason: 'no prometheus reading: HTTP 422 execution: query timed out',
    });
  });
});

describe('value readings', () => {
  const valueGate = (extra: Record<string, unknown>) =>
    release({
      metric: 'latency_p99',
      source: 'prometheus',
      prometheus: prom({ value: 'p99{arm="{{arm}}"}' }),
      ...extra,
    });

  it('compares the latest value with the words, and goes stale when polls stop', () => {
    const r = valueGate({ candidate: { above: 800 } });
    applySignalReading(r.state, 'g', { kind: 'value', at: T0, arms: { candidate: 912 } });
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', statistic: 912, threshold: 800, test: { mode: 'literal' } });
    expect(g.sentence).toBe(
      'candidate p99 latency 912 ms at the latest prometheus reading (breach above 800 ms): breached',
    );
    r.clock.advance(46_000); // 3 × the 15 s interval
    expect(r.evaluate()).toMatchObject({
      state: 'inconclusive',
      reason: expect.stringContaining('no prometheus reading for 46s'),
    });
  });

  it('compares with control when the words do', () => {
    const r = valueGate({ candidate: { above: '2x', of: 'control' }, sustained: '1m' });
    applySignalReading(r.state, 'g', { kind: 'value', at: T0, arms: { candidate: 700 } });
    expect(r.evaluate().reason).toBe('no control value yet');
    applySignalReading(r.state, 'g', { kind: 'value', at: T0, arms: { candidate: 700, control: 300 } });
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', computedState: 'inconclusive', threshold: 600 });
    for (let tick = 1; tick <= 6; tick++) {
      r.clock.advance(10_000);
      applySignalReading(r.state, 'g', { kind: 'value', at: r.clock.now(), arms: { candidate: 700, control: 300 } });
      expect(r.evaluate().state).toBe(tick < 6 ? 'inconclusive' : 'breached');
    }
  });
});

const alert = (status: 'firing' | 'resolved', extra: Partial<AlertSignal> = {}): AlertSignal => ({
  status,
  at: T0,
  fingerprint: 'f1',
  name: 'HighErrors',
  severity: 'critical',
  arm: null,
  startsAt: '2026-05-02T09:59:00.000Z',
  source: 'alertmanager',
  summary: null,
  ...extra,
});

describe('alert gates', () => {
  const alertGate = () =>
    release({
      metric: 'error_rate',
      source: 'alert',
      alert: { name: 'HighErrors', severities: { critical: 'immediate' } },
    });

  it('breaches while a candidate alert fires, with the mapped severity, and passes once it resolves', () => {
    const r = alertGate();
    expect(r.evaluate()).toMatchObject({ state: 'passing', severity: 'rapid' });
    applyAlert(r.state, 'g', alert('firing'));
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', severity: 'immediate', evidence: { samples: ['HighErrors f1'] } });
    expect(g.sentence).toBe(
      'candidate error rate: alert HighErrors firing since 2026-05-02T09:59:00.000Z (severity critical, fingerprint f1, via alertmanager): breached',
    );
    applyAlert(r.state, 'g', alert('resolved'));
    expect(r.evaluate()).toMatchObject({
      state: 'passing',
      sentence: expect.stringContaining('1 resolved since the release started'),
    });
  });

  it('keeps an alert about control without breaching, and survives a snapshot', () => {
    const r = alertGate();
    applyAlert(r.state, 'g', alert('firing', { arm: 'control', severity: 'warning' }));
    expect(r.evaluate()).toMatchObject({ state: 'passing', sentence: expect.stringContaining('control only') });
    applyAlert(r.state, 'g', alert('firing', { fingerprint: 'f2' }));
    const restored = restoreReleaseState(JSON.parse(JSON.stringify(snapshotReleaseState(r.state))));
    expect(restored.gates.g?.alerts?.firing.map((f) => f.fingerprint)).toEqual(['f1', 'f2']);
    const { gates } = JSON.parse(JSON.stringify(snapshotReleaseState(r.state))) as { gates: Record<string, object> };
    const old = { ...snapshotReleaseState(r.state), gates: { g: { ...gates.g, alerts: undefined, query: undefined } } };
    expect(restoreReleaseState(old as never).gates.g?.query).toBeNull();
  });
});
