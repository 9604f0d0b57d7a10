/**
 * Unit tests for every gate form (latency, cost, labels, counts, health, drift, sequential mode).
 */
import { describe, expect, it } from 'vitest';
import { applyProbe } from './release-state.js';
import { every, release } from './gate-test-release.js';

describe('latency, cost, labels', () => {
  it('reads p99 from the sketch against a multiple of the SLA and tests exceedance', () => {
    const r = release(
      { metric: 'latency_p99', candidate: { above: '5x', of: 'sla' }, severity: 'immediate' },
      { references: { slaLatencyMs: 80 } },
    );
    r.serve('candidate', 300, (j) => ({ latencyMs: j < 30 ? 900 : 50 }));
    const g = r.evaluate();
    expect(g).toMatchObject({
      state: 'breached',
      threshold: 400,
      test: { mode: 'both', sequential: { method: 'bernoulli-mixture', verdict: 'breached' } },
    });
    expect(g.statistic).toBeGreaterThan(880);
  });

  it('cost per successful task is infinite when no task succeeded', () => {
    const r = release({
      metric: 'cost_per_successful_task',
      candidate: { above: '1.25x', of: 'approved_estimate' },
      approvedEstimateUsd: 0.0042,
      over: { completedTasks: 10 },
      test: 'literal',
    });
    r.serve('candidate', 10, () => ({ costUsd: 0.001, taskSuccess: false }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', statistic: Infinity });
  });

  it('MAPE uses the indexed prediction of the labelled request', () => {
    const r = release({
      metric: 'prediction_error_mape',
      candidate: { above: '20%' },
      minSamples: 10,
      test: 'literal',
    });
    r.serve('candidate', 10, () => ({ prediction: 80 }));
    for (let i = 0; i < 10; i++) r.send({ type: 'ground_truth', requestId: `q${i}`, actual: 100 });
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: expect.closeTo(0.2, 10) });
  });

  it('missing-feature rate uses the arm bundle’s declared features, absent = missing', () => {
    const r = release(
      { metric: 'missing_feature_rate', candidate: { above: '2%' }, test: 'literal' },
      { declaredFeatures: { candidate: ['a', 'b', 'c', 'd'] } },
    );
    r.serve('candidate', 100, (j) => ({ features: j < 20 ? { a: 1, b: null, c: 1, d: 1 } : { a: 1, b: 2, c: 3 } }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', statistic: expect.closeTo((20 + 80) / 400, 10) });
  });
});

describe('counts, health and drift', () => {
  it('counts crashes in a sliding 5 minutes', () => {
    const r = release(
      { metric: 'oom_crashes', count: { atLeast: 2, within: '5m' }, severity: 'immediate' },
      { bundles: { candidate: '42' } },
    );
    r.serve('candidate', 100);
    r.send({ type: 'crash', kind: 'oom', bundleVersion: '42' });
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: 1 });
    r.clock.advance(60_000);
    r.serve('candidate', 1, () => ({ error: true, errorKind: 'crash' }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', statistic: 2 });
    r.clock.advance(5 * 60_000);
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: 0 });
  });

  it('counts only complaints about samples the candidate served, with matchingSamples', () => {
    const r = release({
      metric: 'confirmed_complaints',
      count: { atLeast: 2, within: 'release', matchingSamples: true },
    });
    r.serve('control', 10);
    r.serve('candidate', 100);
    r.send({ type: 'complaint', sampleId: 'q0', confirmed: true });
    r.send({ type: 'complaint', sampleId: 'q10', confirmed: false });
    r.send({ type: 'complaint', sampleId: 'gone', confirmed: true, arm: 'candidate' });
    r.send({ type: 'complaint', sampleId: 'q10', confirmed: true });
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: 1 });
    expect(r.state.gates.g?.count).toMatchObject({ unmatched: 1, samples: ['q10'] });
    r.send({ type: 'complaint', sampleId: 'q11', confirmed: true });
    const breached = r.evaluate();
    expect(breached.state).toBe('breached');
    // The evidence travels with the evaluation (gates view, decisions).
    expect(breached.evidence).toEqual({ samples: ['q10', 'q11'], unmatched: 1 });
  });

  it('fails health after three consecutive failed probes', () => {
    const r = release({ metric: 'health_check', candidate: { failing: true }, severity: 'immediate' });
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', reason: 'no probe result yet' });
    applyProbe(r.state, { arm: 'candidate', ok: true, at: r.clock.now() });
    expect(r.evaluate().state).toBe('passing');
    applyProbe(r.state, { arm: 'control', ok: false, at: r.clock.now() });
    for (const expected of ['inconclusive', 'inconclusive', 'breached'] as const) {
      applyProbe(r.state, { arm: 'candidate', ok: false, at: r.clock.now() });
      expect(r.evaluate().state).toBe(expected);
    }
    expect(r.evaluate().sentence).toBe('candidate health check: 3 consecutive failed probes: breached');
  });

  it('freezes drift bins from control, then compares with PSI', () => {
    const r = release({
      metric: 'prediction_distribution',
      candidate: { driftFromControl: { method: 'psi', above: 0.2 } },
    });
    r.serve('candidate', 100, (j) => ({ prediction: 5 + (j % 10) }));
    expect(r.evaluate()).toMatchObject({
      state: 'inconclusive',
      reason: expect.stringContaining('bins for prediction are fixed once control has 100 values'),
    });
    r.serve('control', 200, (j) => ({ prediction: j % 10 }));
    const g = r.evaluate();
    expect(g.state).toBe('breached');
    expect(g.statistic).toBeGreaterThan(1);
  });

  it('is inconclusive when a drift reference was not declared', () => {
    const r = release({
      metric: 'feature_distribution',
      features: ['x'],
      candidate: { driftFromReference: { method: 'kl', above: 0.1 } },
    });
    r.serve('candidate', 200, () => ({ features: { x: 1 } }));
    expect(r.evaluate()).toMatchObject({
      state: 'inconclusive',
      reason: 'no reference distribution is declared for x',
    });
  });
});

describe('sequential mode', () => {
  it('breaches a clear regression on the test alone, and passes a healthy arm', () => {
    const bad = release({ metric: 'error_rate', candidate: { above: '1.5x', of: 'control' }, test: 'sequential' });
    bad.serve('control', 2000, (j) => ({ error: every(100)(j) }));
    bad.serve('candidate', 2000, (j) => ({ error: every(20)(j) }));
    expect(bad.evaluate()).toMatchObject({ state: 'breached', test: { sequential: { method: 'event-share' } } });
    const ok = release({ metric: 'error_rate', candidate: { above: '1.5x', of: 'control' }, test: 'sequential' });
    ok.serve('control', 2000, (j) => ({ error: every(100)(j) }));
    ok.serve('candidate', 2000, (j) => ({ error: every(100)(j) }));
    expect(ok.evaluate().state).toBe('passing');
  });
});
