/**
 * The words of a gate read exactly: a value at its threshold (percentages, multiples, latency from
 * a sketch), what cost per successful task and missing features count, which drift windows exist,
 * that a control precondition blocks every mode, and what the sentences say.
 */
import { describe, expect, it } from 'vitest';
import { emptyMoments, ratioEstimate } from '../../../stats/moments.js';
import { createLatencySketch, sketchQuantile } from '../../../stats/latency-sketch.js';
import { gateSpecSchema } from './gate-spec.js';
import { release } from '../engine/gate-test-release.js';
import {
  atThreshold,
  beyond,
  formatApart,
  formatDuration,
  formatPercent,
  parsePercent,
  parsePoints,
} from './gate-values.js';

describe('a value exactly at its threshold', () => {
  it('reads every one-decimal percentage as its decimal: k of 10,000 at 0.1 %–99.9 % is never above it', () => {
    const flipped: string[] = [];
    for (let t = 1; t <= 999; t++) {
      const text = `${(t / 10).toFixed(1)}%`;
      const threshold = parsePercent(text);
      for (const n of [1_000, 10_000, 100_000]) {
        const m = emptyMoments();
        const k = (t * n) / 1000;
        m.n = n;
        m.sx = k;
        m.sy = n;
        const rate = ratioEstimate(m);
        if (threshold === undefined || beyond(rate, threshold, 1)) flipped.push(`${text} at ${k}/${n}`);
        // One more event is above it.
        if (threshold !== undefined && !beyond((k + 1) / n, threshold, 1)) flipped.push(`${text} at ${k + 1}/${n}`);
      }
    }
    expect(flipped).toEqual([]);
    expect(parsePercent('0.7%')).toBe(0.007);
    expect(parsePoints('5pp')).toBe(0.05);
    expect(parsePercent('-1.5%')).toBe(-0.015);
  });

  it('passes "above 0.7%" at exactly 70 errors in 10,000 requests and breaches at 71', () => {
    for (const [errors, state] of [
      [70, 'passing'],
      [71, 'breached'],
    ] as const) {
      const r = release({ metric: 'error_rate', candidate: { above: '0.7%' }, test: 'literal' });
      r.serve('candidate', 10_000, (j) => ({ error: j < errors }));
      expect(r.evaluate().state).toBe(state);
    }
  });

  it('breaches worseThanControlBy "10%" at exactly 10 % worse, whatever control is (at least, inclusive)', () => {
    for (const controlConversions of [1000, 500, 300, 700, 100]) {
      const r = release({ metric: 'conversion_rate', candidate: { worseThanControlBy: '10%' }, test: 'literal' });
      r.serve('control', 1000, (j) => ({ converted: j < controlConversions }));
      r.serve('candidate', 1000, (j) => ({ converted: j < controlConversions * 0.9 }));
      expect(r.evaluate().state, `control ${controlConversions}/1000`).toBe('breached');
    }
    const r = release({ metric: 'conversion_rate', candidate: { worseThanControlBy: '10%' }, test: 'literal' });
    r.serve('control', 1000, (j) => ({ converted: j < 500 }));
    r.serve('candidate', 1000, (j) => ({ converted: j < 451 }));
    const e = r.evaluate();
    expect(e.state).toBe('passing');
    // The sentence says the threshold itself breaches; a multiple of control stays strict.
    expect(e.sentence).toMatch(/\(breach at or below 45\.0 % = 0\.9x control\)/);
    const strict = release({ metric: 'conversion_rate', candidate: { below: '0.9x', of: 'control' }, test: 'literal' });
    strict.serve('control', 1000, (j) => ({ converted: j < 500 }));
    strict.serve('candidate', 1000, (j) => ({ converted: j < 451 }));
    expect(strict.evaluate().sentence).toMatch(/\(breach below 45\.0 % = 0\.9x control\)/);
  });

  it('breaches "5pp" at exactly 5 points, and "10%" needs a candidate worse than control at all', () => {
    const pp = release({ metric: 'error_rate', candidate: { worseThanControlBy: '5pp' }, test: 'literal' });
    pp.serve('control', 1000, (j) => ({ error: j < 100 }));
    pp.serve('candidate', 1000, (j) => ({ error: j < 150 }));
    expect(pp.evaluate().state).toBe('breached');
    const zero = release({ metric: 'error_rate', candidate: { worseThanControlBy: '10%' }, test: 'literal' });
    zero.serve('control', 1000);
    zero.serve('candidate', 1000);
    expect(zero.evaluate().state).toBe('passing');
  });

  it('keeps "above:" strict: "1.1x of control" at exactly 1.1× control passes', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '1.1x', of: 'control' }, test: 'literal' });
    r.serve('control', 1000, (j) => ({ error: j < 100 }));
    r.serve('candidate', 1000, (j) => ({ error: j < 110 }));
    expect(r.evaluate().state).toBe('passing');
  });

  it('passes a cost of exactly 1.25× the approved estimate', () => {
    const spec = {
      metric: 'cost_per_successful_task',
      candidate: { above: '1.25x', of: 'approved_estimate' },
      approvedEstimateUsd: 0.0042,
      over: { completedTasks: 1000 },
      test: 'literal',
    };
    const r = release(spec);
    r.serve('candidate', 1000, () => ({ costUsd: 0.00525, taskSuccess: true }));
    expect(r.evaluate().state).toBe('passing');
  });

  it('reads a latency quantile within the sketch min and max: every request at the SLA is at it, not above', () => {
    const sketch = createLatencySketch();
    for (let i = 0; i < 2000; i++) sketch.accept(80);
    expect(sketchQuantile(sketch, 0.99)).toBe(80);
    for (const test of ['literal', 'both']) {
      const r = release(
        { metric: 'latency_p99', candidate: { above: 'sla' }, test },
        { references: { slaLatencyMs: 80 } },
      );
      r.serve('candidate', 2000, () => ({ latencyMs: 80 }));
      const g = r.evaluate();
      expect(g, test).toMatchObject({ state: 'passing', statistic: 80 });
    }
    const above = release({ metric: 'latency_p99', candidate: { above: 80 }, test: 'literal' });
    above.serve('candidate', 2000, () => ({ latencyMs: 80.5 }));
    expect(above.evaluate().state).toBe('breached');
  });
});

describe('cost per successful task', () => {
  const gate = {
    metric: 'cost_per_successful_task',
    candidate: { above: '1.25x', of: 'approved_estimate' },
    approvedEstimateUsd: 0.0042,
  };

  it('counts the cost of calls that report no task result (total cost / successes)', () => {
    const r = release({ ...gate, over: { completedTasks: 1000 } });
    r.serve('candidate', 1000, () => ({ costUsd: 0.004, taskSuccess: true }));
    r.serve('candidate', 3000, () => ({ costUsd: 0.01, error: true }));
    const g = r.evaluate();
    expect(g.statistic).toBeCloseTo(0.034, 10);
    expect(g.state).toBe('breached');
    expect(g.test.sequential?.method).toBe('betting');
    // The window is still the last 1000 completed tasks: calls without a task result join them.
    expect(g.samples.candidate).toBe(1000);
  });

  it('since the stage began, divides all cost by the successes', () => {
    const r = release({ ...gate, test: 'literal' });
    r.serve('candidate', 200, (j) => ({ costUsd: 0.002, taskSuccess: j % 2 === 0 }));
    r.serve('candidate', 100, () => ({ costUsd: 0.001 }));
    r.serve('candidate', 100, () => ({ error: true }));
    expect(r.evaluate().statistic).toBeCloseTo((200 * 0.002 + 100 * 0.001) / 100, 12);
  });
});

describe('missing_feature_rate', () => {
  const gate = { metric: 'missing_feature_rate', candidate: { above: '2%' }, test: 'literal' };

  it('is inconclusive (blocking) when no feature list is declared, instead of passing on the keys sent', () => {
    for (const test of ['literal', 'both', 'sequential']) {
      const r = release({ ...gate, test });
      r.serve('candidate', 300, (j) => ({ features: j % 5 === 0 ? { a: 1 } : { a: 1, b: 2 } }));
      const g = r.evaluate();
      expect(g.state, test).toBe('inconclusive');
      expect(g.reason, test).toMatch(/no features are declared for the candidate/);
      expect(g.sentence, test).toMatch(/no features are declared/);
    }
  });

  it("counts absent features against the bundle's list or the gate's own", () => {
    const bundle = release(gate, { declaredFeatures: { candidate: ['a', 'b'] } });
    bundle.serve('candidate', 300, (j) => ({ features: j % 5 === 0 ? { a: 1 } : { a: 1, b: 2 } }));
    expect(bundle.evaluate()).toMatchObject({ state: 'breached', statistic: 0.1 });
    const own = release({ ...gate, features: ['a', 'b'] });
    own.serve('candidate', 300, () => ({ features: { a: 1, b: 2 } }));
    expect(own.evaluate()).toMatchObject({ state: 'passing', statistic: 0 });
  });
});

describe('a control precondition', () => {
  const gate = {
    metric: 'schema_failure_rate',
    candidate: { above: '1.0%' },
    control: { below: '0.2%' },
    over: { consecutiveCalls: 200 },
    test: 'sequential',
  };

  it('makes test: sequential inconclusive, never breached, also before the window is full', () => {
    const r = release(gate);
    // Interleaved traffic: control fails 5 % (the precondition is false), the candidate 10 %.
    for (let i = 0; i < 150; i++) {
      r.serve('control', 20, (j) => ({ schemaValid: j !== 0 }));
      r.serve('candidate', 1, () => ({ schemaValid: i % 10 !== 0 }));
    }
    const early = r.evaluate();
    expect(early.test.sequential?.verdict).toBe('breached');
    expect(early.state).toBe('inconclusive');
    expect(early.reason).toMatch(/control is not below the precondition/);
    for (let i = 0; i < 100; i++) {
      r.serve('control', 20, (j) => ({ schemaValid: j !== 0 }));
      r.serve('candidate', 1, () => ({ schemaValid: i % 10 !== 0 }));
    }
    expect(r.evaluate().state).toBe('inconclusive');
  });

  it('lets test: sequential breach when control holds the precondition, showing the numbers so far', () => {
    const r = release(gate);
    for (let i = 0; i < 150; i++) {
      r.serve('control', 20, () => ({ schemaValid: true }));
      r.serve('candidate', 1, () => ({ schemaValid: i % 10 !== 0 }));
    }
    const g = r.evaluate();
    expect(g.state).toBe('breached');
    expect(g.sentence).toMatch(
      /^candidate schema failures 10\.0 % over the last 200 calls \(150 so far\) vs control 0\.0 % \(breach above 1\.0 % while control below 0\.2 %\): breached/,
    );
  });

  it('blocks while control has too few samples to check it', () => {
    const r = release(gate);
    r.serve('control', 3000, (j) => ({ schemaValid: j % 20 !== 0 }));
    r.serve('candidate', 150, (j) => ({ schemaValid: j % 10 !== 0 }));
    const g = r.evaluate();
    expect(g.test.sequential?.verdict).toBe('breached');
    expect(g).toMatchObject({ state: 'inconclusive', reason: expect.stringMatching(/to check the precondition/) });
  });
});

describe('drift windows', () => {
  const drift = {
    name: 'input-drift',
    metric: 'feature_distribution',
    features: ['rain_mm'],
    candidate: { driftFromControl: { method: 'psi', above: 0.2 } },
    severity: 'rapid',
  };

  it('refuses a sliding or over: window, naming the gate and what is supported', () => {
    for (const extra of [{ within: '5m' }, { over: { consecutiveCalls: 200 } }]) {
      const parsed = gateSpecSchema.safeParse({ ...drift, ...extra });
      expect(parsed.success).toBe(false);
      const message = parsed.error?.issues.map((i) => i.message).join('; ') ?? '';
      expect(message).toMatch(/drift gate "input-drift"/);
      expect(message).toMatch(/within: release/);
    }
  });

  it('accepts the stage (no window) and within: release', () => {
    expect(gateSpecSchema.safeParse(drift).success).toBe(true);
    expect(gateSpecSchema.safeParse({ ...drift, within: 'release' }).success).toBe(true);
  });
});

describe('sentences', () => {
  it('names the primary metric as the gate declares it', () => {
    const r = release({
      metric: 'primary_metric',
      primaryMetric: 'precision_at_surge',
      slo: 0.82,
      candidate: { below: 'slo' },
      test: 'literal',
    });
    r.serve('candidate', 200, () => ({ primaryMetric: 0.7 }));
    expect(r.evaluate().sentence).toBe(
      'candidate precision_at_surge 0.7 since the stage began (breach below 0.82 = 1x slo): breached',
    );
  });

  it('never shows a breached value that reads the same as its threshold', () => {
    const r = release({ metric: 'error_rate', candidate: { above: '1.0%' }, test: 'literal' });
    r.serve('candidate', 100_000, (j) => ({ error: j < 1001 }));
    const g = r.evaluate();
    expect(g.state).toBe('breached');
    expect(g.sentence).toBe('candidate error rate 1.001 % since the stage began (breach above 1.000 %): breached');
    expect(formatApart(0.007, 0.007, (v, e) => formatPercent(v, e))).toEqual(['0.7 %', '0.7 %']);
    expect(atThreshold(0.1 + 0.2, 0.3)).toBe(true);
  });

  it('says a clock that has just started held for 0s, not 0ms', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(300_000)).toBe('5m');
  });
});
