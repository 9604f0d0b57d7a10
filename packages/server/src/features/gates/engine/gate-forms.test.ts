/**
 * Unit tests for every gate form (thresholds, control comparisons, windows, sustained): each builds
 * a one-gate release, feeds hand-made events at known times, and evaluates it on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { startStage } from './release-state.js';
import { every, release } from './gate-test-release.js';

describe('absolute thresholds (since the stage began)', () => {
  it('is inconclusive below the minimum sample, then breaches or passes', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '5%' } });
    r.serve('candidate', 50, (j) => ({ error: every(2)(j) }));
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', reason: '50 of the 100 candidate samples needed' });
    r.serve('candidate', 150, (j) => ({ error: every(2)(j) }));
    const g = r.evaluate();
    expect(g).toMatchObject({
      state: 'breached',
      statistic: 0.5,
      threshold: 0.05,
      samples: { candidate: 200, control: null },
    });
    expect(g.sentence).toBe('candidate error rate 50.0 % since the stage began (breach above 5.0 %): breached');
    expect(g.test.sequential?.method).toBe('bernoulli-mixture');
  });

  it('counts errorKind without error=true as an error and passes a healthy arm', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '5%' } });
    r.serve('candidate', 200, (j) => (j === 0 ? { errorKind: 'timeout' } : {}));
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: 0.005 });
  });

  it("with test: both, waits for the sequential test when the words hold on thin evidence; literal doesn't", () => {
    const thin = (test: string) => {
      const r = release({ metric: 'error_rate', candidate: { above: '5%' }, test });
      r.serve('candidate', 100, (j) => ({ error: j < 7 }));
      return r.evaluate();
    };
    const both = thin('both');
    expect(both.state).toBe('inconclusive');
    expect(both.test.literal).toBe('breached');
    // A stage-window gate runs no restarted tests: its one test has the whole α = 0.05.
    expect(both.reason).toMatch(/words hold but the evidence is not yet conclusive \(e-value [\d.]+ of 20 needed\)/);
    expect(thin('literal').state).toBe('breached');
  });

  it('reads lower-is-worse metrics with below:', () => {
    const r = release({
      metric: 'primary_metric',
      primaryMetric: 'precision',
      slo: 0.82,
      candidate: { below: 'slo' },
      test: 'literal',
    });
    r.serve('candidate', 100, () => ({ primaryMetric: 0.8 }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', threshold: 0.82 });
  });

  it('treats a missing reference as inconclusive, and uses one supplied later', () => {
    const r = release({ metric: 'latency_p95', candidate: { above: '2x', of: 'baseline_p95_7d' }, test: 'literal' });
    r.serve('candidate', 200, (j) => ({ latencyMs: 100 + j }));
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', reason: 'no value for baseline_p95_7d is available' });
    expect(r.evaluate({ references: { baselineP95Ms7d: 100 } })).toMatchObject({ state: 'breached', threshold: 200 });
  });
});

describe('relative to control', () => {
  it('ratio: "2x of control" over comparable requests in the same span', () => {
    const r = release({
      metric: 'safety_block_rate',
      candidate: { above: '2x', of: 'control' },
      over: { comparableRequests: 100 },
      test: 'literal',
    });
    r.serve('control', 1000, () => ({ safetyBlocked: true }));
    for (let k = 0; k < 100; k++) {
      r.serve('control', 10, (j) => ({ safetyBlocked: j === 0 && k % 5 === 0 }));
      r.serve('candidate', 1, () => ({ safetyBlocked: k % 20 === 0 }));
    }
    // Control over the candidate's span (2 % blocked), not its blocked-everything past.
    expect(r.evaluate()).toMatchObject({
      state: 'breached',
      statistic: 0.05,
      control: expect.closeTo(0.02, 2),
      samples: { candidate: 100, control: 990 },
    });
  });

  it('needs control data inside the candidate window', () => {
    const r = release({
      metric: 'safety_block_rate',
      candidate: { above: '2x', of: 'control' },
      over: { comparableRequests: 100 },
    });
    r.serve('control', 1000);
    r.serve('candidate', 100);
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', reason: 'control has 0 of the 100 samples needed' });
  });

  it('percentage points: late review verdicts attributed through the request index', () => {
    const r = release({
      metric: 'review_rejection_rate',
      candidate: { worseThanControlBy: '5pp' },
      over: { reviewedOutputs: 100 },
      test: 'literal',
    });
    r.serve('control', 200);
    r.serve('candidate', 100);
    for (let i = 0; i < 100; i++) {
      for (const c of [2 * i, 2 * i + 1])
        expect(
          r.send({ type: 'review', requestId: `q${c}`, verdict: c % 10 === 0 ? 'rejected' : 'accepted' }).applied,
        ).toBe(true);
      r.send({ type: 'review', requestId: `q${200 + i}`, verdict: i % 5 === 0 ? 'rejected' : 'accepted' });
    }
    expect(r.send({ type: 'review', requestId: 'unknown', verdict: 'rejected' })).toEqual({
      applied: false,
      reason: 'unknown-request',
    });
    const g = r.evaluate();
    // Control over the candidate window's span: the 198 control verdicts since its first review.
    expect(g).toMatchObject({
      state: 'breached',
      statistic: 0.2,
      control: 19 / 198,
      samples: { candidate: 100, control: 198 },
    });
    expect(g.sentence).toBe(
      'candidate review rejections 20.0 % over the last 100 reviewed outputs vs control 9.6 % (breach at 14.6 % = control + 5pp): breached',
    );
  });

  it('percentage of control, lower is worse: conversion 10 % worse', () => {
    const r = release({ metric: 'conversion_rate', candidate: { worseThanControlBy: '10%' }, test: 'literal' });
    r.serve('control', 1000, (j) => ({ converted: every(10)(j) }));
    r.serve('candidate', 1000, (j) => ({ converted: every(12)(j) }));
    expect(r.evaluate()).toMatchObject({ state: 'breached', threshold: expect.closeTo(0.09, 10) });
  });

  it('a failed control precondition is inconclusive, never breached', () => {
    const r = release({
      metric: 'schema_failure_rate',
      candidate: { above: '1.0%' },
      control: { below: '0.2%' },
      over: { consecutiveCalls: 100 },
    });
    r.serve('control', 100, (j) => ({ schemaValid: !every(50)(j) }));
    r.serve('candidate', 100, (j) => ({ schemaValid: !every(10)(j) }));
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', test: { literal: 'inconclusive' } });
  });

  it('an over: window slides: old failures leave it', () => {
    const r = release({
      metric: 'schema_failure_rate',
      candidate: { above: '1.0%' },
      over: { consecutiveCalls: 100 },
      test: 'literal',
    });
    r.serve('candidate', 100, () => ({ schemaValid: false }));
    expect(r.evaluate().state).toBe('breached');
    r.serve('candidate', 100, () => ({ schemaValid: true }));
    expect(r.evaluate()).toMatchObject({ state: 'passing', statistic: 0 });
  });
});

describe('windows and stages', () => {
  it('within: 5m keeps only the last five minutes', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '5%' }, within: '5m', test: 'literal' });
    r.serve('candidate', 200, () => ({ error: true }));
    expect(r.evaluate().state).toBe('breached');
    r.clock.advance(6 * 60_000);
    r.serve('candidate', 200);
    expect(r.evaluate()).toMatchObject({ state: 'passing', samples: { candidate: 200 } });
  });

  it('a new stage empties stage windows but not the release-long test', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '5%' }, test: 'literal' });
    r.serve('candidate', 200, () => ({ error: true }));
    startStage(r.state, r.clock.now());
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', samples: { candidate: 0 } });
    expect(r.state.gates.g?.moments.candidate.release.n).toBe(200);
  });
});

describe('sustained', () => {
  it('breaches only after the condition held at every tick for D; one miss restarts the clock', () => {
    const r = release(
      { metric: 'latency_p99', candidate: { above: '1x', of: 'sla' }, sustained: '1m', test: 'literal' },
      { references: { slaLatencyMs: 80 } },
    );
    r.serve('candidate', 200, () => ({ latencyMs: 120 }));
    const first = r.evaluate();
    expect(first).toMatchObject({ state: 'inconclusive', sustained: { requiredMs: 60_000, heldMs: 0 } });
    for (let t = 0; t < 5; t++) {
      r.clock.advance(10_000);
      expect(r.evaluate().state).toBe('inconclusive');
    }
    r.clock.advance(10_000);
    expect(r.evaluate()).toMatchObject({ state: 'breached', sustained: { heldMs: 60_000 } });
    startStage(r.state, r.clock.now());
    r.serve('candidate', 200, () => ({ latencyMs: 20 }));
    r.clock.advance(10_000);
    expect(r.evaluate()).toMatchObject({ state: 'passing', sustained: { holdingSince: null } });
  });

  it('keeps the clock through an inconclusive tick (a stage change leaves no data yet); a passing one restarts it', () => {
    const r = release(
      { metric: 'latency_p99', candidate: { above: '1x', of: 'sla' }, sustained: '1m', test: 'literal' },
      { references: { slaLatencyMs: 80 } },
    );
    r.serve('candidate', 200, () => ({ latencyMs: 120 }));
    const started = r.evaluate().sustained?.holdingSince;
    expect(started).not.toBeNull();
    r.clock.advance(30_000);
    startStage(r.state, r.clock.now());
    const empty = r.evaluate();
    expect(empty.state).toBe('inconclusive');
    expect(empty.sustained).toMatchObject({ holdingSince: started, heldMs: 30_000 });
    r.serve('candidate', 200, () => ({ latencyMs: 120 }));
    r.clock.advance(30_000);
    expect(r.evaluate()).toMatchObject({ state: 'breached', sustained: { holdingSince: started, heldMs: 60_000 } });
  });

  it('bridges up to three missed ticks, or 1/20 of a long duration, and restarts after more', () => {
    const gate = (sustained: string) =>
      release(
        { metric: 'latency_p99', candidate: { above: '1x', of: 'sla' }, sustained, test: 'literal' },
        { references: { slaLatencyMs: 80 } },
      );
    const r = gate('1m');
    r.serve('candidate', 200, () => ({ latencyMs: 120 }));
    r.evaluate();
    r.clock.advance(40_000); // three missed ticks: the fourth evaluation still continues the clock
    expect(r.evaluate()).toMatchObject({ sustained: { heldMs: 40_000 } });
    const day = gate('24h');
    day.serve('candidate', 200, () => ({ latencyMs: 120 }));
    day.evaluate();
    day.clock.advance(60 * 60_000); // an hour without evaluations: within 1/20 of 24 h (72 min)
    expect(day.evaluate()).toMatchObject({ sustained: { heldMs: 60 * 60_000 } });
    day.clock.advance(73 * 60_000);
    expect(day.evaluate()).toMatchObject({ sustained: { heldMs: 0 } });
  });

  it('restarts the clock after more than three missed ticks', () => {
    const r = release(
      { metric: 'latency_p99', candidate: { above: '1x', of: 'sla' }, sustained: '1m', test: 'literal' },
      { references: { slaLatencyMs: 80 } },
    );
    r.serve('candidate', 200, () => ({ latencyMs: 120 }));
    r.evaluate();
    r.clock.advance(120_000);
    expect(r.evaluate()).toMatchObject({ state: 'inconclusive', sustained: { heldMs: 0 } });
  });
});
