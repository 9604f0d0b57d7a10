/**
 * Shared causes beyond gates measured over events (docs/gates.md "Shared causes"): a Prometheus or
 * Datadog value read for both arms, Prometheus counts per arm, an alert labelled for control as
 * well as the candidate, and a count gate (crashes) counted on both arms at their traffic. The gate engine reads control against the gate's own words; the decision
 * then investigates a cause both arms share instead of rolling the candidate back, and still rolls
 * back when only the candidate is bad.
 */
import { describe, expect, it } from 'vitest';
import { release, T0 } from '../../gates/engine/gate-test-release.js';
import { applyAlert, applySignalReading } from '../../gates/engine/release-signals.js';
import type { AlertSignal } from '../../gates/engine/signal-state.js';
import { armsOf } from '../../signals/signal-poller.js';
import { compileGate } from '../../gates/language/gate-compile.js';
import { gateSpecSchema } from '../../gates/language/gate-spec.js';
import { decide } from './decision.js';
import type { GateEvaluation } from './decision-types.js';

const stage = { next: null, bakeEndsAt: null };
const decideOn = (e: GateEvaluation) => decide({ evaluations: [e], stage, now: T0 });

const valueGate = () =>
  release({
    metric: 'latency_p99',
    severity: 'immediate',
    source: 'prometheus',
    prometheus: { server: 'main', value: 'p99{arm="{{arm}}"}' },
    candidate: { above: 800 },
  });

describe('shared causes on signal-fed gates', () => {
  it('polls control for absolute query gates too, so the arms can be compared', () => {
    const spec = gateSpecSchema.parse({
      name: 'g',
      severity: 'rapid',
      metric: 'latency_p99',
      source: 'prometheus',
      prometheus: { server: 'main', value: 'p99{arm="{{arm}}"}' },
      candidate: { above: 800 },
    });
    expect(armsOf(compileGate(spec))).toEqual(['candidate', 'control']);
  });

  it('investigates a value breached on both arms, and rolls back a breach on the candidate alone', () => {
    const both = valueGate();
    applySignalReading(both.state, 'g', { kind: 'value', at: T0, arms: { candidate: 1900, control: 1750 } });
    const shared = both.evaluate();
    expect(shared).toMatchObject({ state: 'breached', controlArm: { value: 1750, breached: true } });
    const decision = decideOn(shared);
    expect(decision.kind).toBe('investigate');
    expect(decision.shared).toMatchObject([{ gate: 'g', candidate: 1900, control: 1750, threshold: 800 }]);

    const alone = valueGate();
    applySignalReading(alone.state, 'g', { kind: 'value', at: T0, arms: { candidate: 1900, control: 300 } });
    const own = alone.evaluate();
    expect(own.controlArm).toMatchObject({ value: 300, breached: false });
    expect(decideOn(own).kind).toBe('rollback-now');
  });

  it('investigates Prometheus counts that breach on both arms', () => {
    const r = release({
      metric: 'error_rate',
      severity: 'immediate',
      test: 'literal',
      source: 'prometheus',
      prometheus: {
        server: 'main',
        numerator: 'sum(errors_total{arm="{{arm}}"})',
        denominator: 'sum(requests_total{arm="{{arm}}"})',
      },
      candidate: { above: '5%' },
    });
    const series = (v: number) => ({ a: v });
    const poll = (k: number, n: number, kc: number, nc: number, at: Date) =>
      applySignalReading(r.state, 'g', {
        kind: 'counts',
        at,
        arms: {
          candidate: { numerator: series(k), denominator: series(n) },
          control: { numerator: series(kc), denominator: series(nc) },
        },
      });
    poll(0, 0, 0, 0, T0);
    r.clock.advance(15_000);
    poll(30, 200, 270, 1800, r.clock.now());
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', controlArm: { breached: true } });
    expect(decideOn(g).kind).toBe('investigate');
  });
});

const alert = (extra: Partial<AlertSignal> = {}): AlertSignal => ({
  status: 'firing',
  at: T0,
  fingerprint: 'f1',
  name: 'HighErrors',
  severity: 'critical',
  arm: 'candidate',
  startsAt: '2026-05-02T09:59:00.000Z',
  source: 'alertmanager',
  summary: null,
  ...extra,
});

describe('shared causes on alert gates', () => {
  const alertGate = () =>
    release({ metric: 'error_rate', source: 'alert', alert: { name: 'HighErrors' }, severity: 'immediate' });

  it('investigates an alert firing for control as well as the candidate', () => {
    const r = alertGate();
    applyAlert(r.state, 'g', alert());
    applyAlert(r.state, 'g', alert({ fingerprint: 'f2', arm: 'control' }));
    const g = r.evaluate();
    expect(g).toMatchObject({ state: 'breached', controlArm: { value: 1, breached: true } });
    expect(g.sentence).toMatch(/also firing for control/);
    const decision = decideOn(g);
    expect(decision.kind).toBe('investigate');
    expect(decision.reasoning).toMatch(/g is breached on both arms/);
  });

  it('rolls back an alert firing for the candidate alone, or with no arm label', () => {
    for (const arm of ['candidate', null] as const) {
      const r = alertGate();
      applyAlert(r.state, 'g', alert({ arm }));
      const g = r.evaluate();
      expect(g.controlArm ?? null).toBeNull();
      expect(decideOn(g).kind).toBe('rollback-now');
    }
  });
});

describe('shared causes on count gates', () => {
  /** 100 candidate and 900 control requests, then crashes of each arm. */
  function crashes(candidate: number, control: number) {
    const r = release({ metric: 'oom_crashes', count: { atLeast: 2, within: '5m' }, severity: 'immediate' });
    r.serve('candidate', 100);
    r.serve('control', 900);
    r.serve('candidate', candidate, () => ({ error: true, errorKind: 'oom' }));
    for (let i = 0; i < control; i++) r.send({ type: 'crash', arm: 'control', kind: 'oom' });
    return r.evaluate();
  }

  it('investigates crashes both arms have at their traffic (the region’s nodes are out of memory)', () => {
    const g = crashes(3, 27);
    // Control's 27 crashes over 900 requests are 3.1 at the candidate's 103 requests: as bad.
    expect(g).toMatchObject({ state: 'breached', controlArm: { samples: 27, breached: true } });
    expect(decideOn(g).kind).toBe('investigate');
  });

  it('rolls back crashes of the candidate alone, or far above control’s at its traffic', () => {
    // 4 control crashes are 0.5 at the candidate's traffic; 20 are 2.3, below the candidate's 3 ÷ 1.25.
    for (const control of [0, 4, 20]) {
      const g = crashes(3, control);
      expect(g.state).toBe('breached');
      expect(decideOn(g).kind).toBe('rollback-now');
    }
  });
});
