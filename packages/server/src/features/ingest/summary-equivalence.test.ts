/**
 * Edge summaries give the verdicts raw events give (issue 17): the same traffic — a healthy
 * minute, then a candidate regression on errors, latency, schema, safety, conversion and cost,
 * plus crashes and stamped complaints sent as events in both modes — fed once as raw outcomes and
 * once through the SDK's summarizer, evaluated at the same ticks; every gate evaluation (state,
 * numbers, sentence, sequential reading, evidence) and the gate state itself must be equal.
 */
import { describe, expect, it } from 'vitest';
import type { Arm, IngestEvent, OutcomeEvent, SummaryEvent } from '@ripcord/protocol';
import { ManualClock } from '../../clock.js';
import { gatesSchema } from '../gates/language/gate-spec.js';
import { applyEvent } from '../gates/engine/release-ingest.js';
import { createReleaseState, type ReleaseGateState } from '../gates/engine/release-state.js';
import { evaluateRelease } from '../gates/engine/release-evaluate.js';
import { snapshotReleaseState } from '../gates/engine/state-snapshot.js';
import { seededRandom, logNormalWithMean } from '../../stats/random.js';
import { Summarizer } from '../../../../sdk/src/report/summarizer.js';
import { applySummary } from './summary-apply.js';

const T0 = new Date('2026-05-02T10:00:00Z');

const GATES = gatesSchema.parse([
  { name: 'errors', metric: 'error_rate', candidate: { above: '4%' }, severity: 'immediate' },
  {
    name: 'errors-vs-control',
    metric: 'error_rate',
    candidate: { worseThanControlBy: '2pp' },
    within: '1m',
    severity: 'rapid',
  },
  { name: 'p95', metric: 'latency_p95', candidate: { above: '1.3x', of: 'control' }, severity: 'rapid' },
  { name: 'p99-sla', metric: 'latency_p99', candidate: { above: 450 }, within: '2m', severity: 'rapid' },
  { name: 'schema', metric: 'schema_failure_rate', candidate: { above: '3%' }, sustained: '20s', severity: 'rapid' },
  { name: 'safety', metric: 'safety_block_rate', candidate: { above: '2%' }, severity: 'rapid' },
  { name: 'conversion', metric: 'conversion_rate', candidate: { worseThanControlBy: '10%' }, severity: 'rapid' },
  { name: 'cost', metric: 'cost_per_successful_task', candidate: { above: '1.2x', of: 'control' }, severity: 'rapid' },
  {
    name: 'quality',
    metric: 'primary_metric',
    primaryMetric: 'precision',
    slo: 0.8,
    candidate: { below: 'slo' },
    severity: 'rapid',
  },
  {
    name: 'missing',
    metric: 'missing_feature_rate',
    features: ['zone'],
    candidate: { above: '50%' },
    severity: 'rapid',
  },
  { name: 'crashes', metric: 'oom_crashes', count: { atLeast: 3, within: '5m' }, severity: 'immediate' },
  {
    name: 'complaints',
    metric: 'confirmed_complaints',
    count: { atLeast: 2, within: '5m', matchingSamples: true },
    severity: 'rapid',
  },
]);

const CONFIG = {
  release: 'r1',
  gates: GATES,
  bundles: { control: 'v1', candidate: 'v2' },
  evidence: ['traceIds', 'parserLogs', 'costSample'],
};

/** One second of traffic: outcomes of both arms (integer-ms latencies, quarter-dollar costs), and events. */
function second(t: number, rng: ReturnType<typeof seededRandom>): { outcomes: OutcomeEvent[]; events: IngestEvent[] } {
  const outcomes: OutcomeEvent[] = [];
  const events: IngestEvent[] = [];
  const bad = t >= 60;
  for (const [arm, n] of [
    ['control', 150],
    ['candidate', 50],
  ] as [Arm, number][]) {
    const worse = bad && arm === 'candidate';
    for (let i = 0; i < n; i++) {
      const at = new Date(T0.getTime() + t * 1000 + Math.floor((i * 1000) / n)).toISOString();
      const id = `${arm[1]}${t}-${i}`;
      const e: OutcomeEvent = {
        type: 'outcome',
        id,
        requestId: `q${id}`,
        workflow: 'w',
        environment: 'prod',
        at,
        release: 'r1',
        arm,
        bundleVersion: arm === 'control' ? 'v1' : 'v2',
        key: `u${Math.floor(rng.next() * 500)}`,
        latencyMs: Math.round(logNormalWithMean(rng, worse ? 300 : 200, 0.4)),
        traceId: `t${id}`,
      };
      const err = rng.next() < (worse ? 0.08 : 0.01);
      if (err) Object.assign(e, { error: true, errorKind: rng.next() < 0.5 ? 'timeout' : 'http_5xx' });
      if (rng.next() < 0.7) e.schemaValid = rng.next() >= (worse ? 0.06 : 0.01);
      if (e.schemaValid === false) e.parserError = `bad json at ${i}`;
      if (rng.next() < (worse ? 0.03 : 0.005)) e.safetyBlocked = true;
      if (rng.next() < 0.5) e.converted = rng.next() < (worse ? 0.08 : 0.12);
      if (rng.next() < 0.6) e.primaryMetric = rng.next() < (worse ? 0.7 : 0.9) ? 1 : 0;
      if (rng.next() < 0.4) {
        e.taskSuccess = rng.next() < 0.9;
        e.costUsd = Math.round(rng.next() * (worse ? 12 : 8)) / 4;
      } else if (rng.next() < 0.1) e.costUsd = 0.25;
      outcomes.push(e);
    }
  }
  const base = { workflow: 'w', environment: 'prod', at: new Date(T0.getTime() + t * 1000 + 500).toISOString() };
  if (bad && t % 20 === 0) events.push({ ...base, type: 'crash', id: `crash${t}`, arm: 'candidate', kind: 'oom' });
  if (bad && t % 15 === 0) {
    const sample = `qa${t}-3`;
    events.push({
      ...base,
      type: 'complaint',
      id: `cmp${t}`,
      sampleId: sample,
      confirmed: true,
      arm: 'candidate',
      bundleVersion: 'v2',
    });
  }
  return { outcomes, events };
}

/** The JSON state minus the request index, which only raw outcomes feed (labels carry stamps). */
const comparable = (s: ReleaseGateState) => ({ ...snapshotReleaseState(s), index: null });

describe('edge summaries', () => {
  it('give the same gate evaluations and state as the raw events they summarise', () => {
    const clock = new ManualClock(T0);
    let raw = createReleaseState(CONFIG, T0);
    let summed = createReleaseState(CONFIG, T0);
    let ids = 0;
    const sent: SummaryEvent[] = [];
    const summarizer = new Summarizer({
      intervalMs: 1000,
      maxValues: 5000,
      id: () => `s${ids++}`,
      emit: (s) => {
        sent.push(s);
        expect(applySummary(summed, s)).toEqual({ applied: true, arm: s.arm });
      },
    });
    const rng = seededRandom(17);
    const verdicts = new Set<string>();
    let outcomes = 0;
    for (let t = 0; t < 180; t++) {
      const traffic = second(t, rng);
      for (const e of traffic.outcomes) {
        applyEvent(raw, e);
        expect(summarizer.add(e)).toBe(true);
      }
      for (const e of [...traffic.events]) {
        applyEvent(raw, e);
        applyEvent(summed, e);
      }
      outcomes += traffic.outcomes.length;
      clock.set(new Date(T0.getTime() + (t + 1) * 1000));
      summarizer.flush(clock.now().getTime());
      if ((t + 1) % 10 !== 0) continue;
      const a = evaluateRelease(raw, clock);
      const b = evaluateRelease(summed, clock);
      raw = a.state;
      summed = b.state;
      expect(b.evaluation).toEqual(a.evaluation);
      for (const g of a.evaluation.gates) verdicts.add(`${g.gate}:${g.state}`);
    }
    expect(comparable(summed)).toEqual(comparable(raw));
    // The test can fail: the regression breached gates; 200 outcomes a second became 2 summaries.
    for (const g of [
      'errors',
      'errors-vs-control',
      'p95',
      'p99-sla',
      'schema',
      'cost',
      'quality',
      'crashes',
      'complaints',
    ])
      expect(verdicts).toContain(`${g}:breached`);
    expect(verdicts).toContain('errors:passing');
    expect(sent.length).toBe(360);
    expect(sent.reduce((n, s) => n + s.count, 0)).toBe(outcomes);
  });

  it('fill an over: N window worst last: at least as many bad calls as any real order', () => {
    const gates = gatesSchema.parse([
      {
        name: 'last-100',
        metric: 'error_rate',
        candidate: { above: '10%' },
        over: { consecutiveCalls: 100 },
        severity: 'immediate',
      },
    ]);
    const clock = new ManualClock(new Date(T0.getTime() + 1000));
    const raw = createReleaseState({ release: 'r1', gates }, T0);
    const summed = createReleaseState({ release: 'r1', gates }, T0);
    const summarizer = new Summarizer({
      intervalMs: 1000,
      maxValues: 5000,
      id: () => 's',
      emit: (s) => applySummary(summed, s),
    });
    // 150 calls in one interval, the 15 errors first: the real order leaves them out of the last 100.
    for (let i = 0; i < 150; i++) {
      const e: OutcomeEvent = {
        type: 'outcome',
        id: `e${i}`,
        requestId: `q${i}`,
        workflow: 'w',
        environment: 'prod',
        release: 'r1',
        arm: 'candidate',
        at: new Date(T0.getTime() + i).toISOString(),
        error: i < 15,
      };
      applyEvent(raw, e);
      summarizer.add(e);
    }
    summarizer.flush();
    const a = evaluateRelease(raw, clock).evaluation.gates[0]!;
    const b = evaluateRelease(summed, clock).evaluation.gates[0]!;
    expect(a.statistic).toBe(0);
    expect(b.statistic).toBeCloseTo(0.15, 10);
    expect([a.test.literal, b.test.literal]).toEqual(['passing', 'breached']);
  });
});
