/**
 * The seven gates of examples/support-summary.yaml, parsed from the file and evaluated on generated
 * canaries: a healthy candidate breaches nothing; each seed-004 regression breaches its own gate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Arm, IngestEvent } from '@ripcord/protocol';
import { gatesSchema, type GateSpec } from '../language/gate-spec.js';
import { createReleaseState } from './release-state.js';
import { reviewOf, runStream, type OutcomeFields, type StreamOptions } from './gate-test-streams.js';
import { logNormalWithMean, type Random } from '../../../stats/random.js';

function exampleGates(name: string): GateSpec[] {
  const text = readFileSync(new URL(`../../../../../../examples/${name}.yaml`, import.meta.url), 'utf8');
  const release = parseAllDocuments(text)
    .map((d) => d.toJS() as { kind?: string; gates?: unknown })
    .find((d) => d.kind === 'Release');
  return gatesSchema.parse(release?.gates);
}

const gates = exampleGates('support-summary');

interface Knobs {
  schemaFail: number;
  latencyScale: number;
  cost: number;
  reject: number;
  block: number;
}
const healthy: Knobs = { schemaFail: 0.001, latencyScale: 1, cost: 0.0035, reject: 0.08, block: 0.01 };

function stream(candidate: Partial<Knobs>, extra: Partial<StreamOptions> = {}): ReturnType<typeof runStream> {
  const state = createReleaseState(
    { release: 'sonnet-5-tier', gates, criticality: 'business-critical', references: { baselineP95Ms7d: 1500 } },
    new Date('2026-05-02T10:00:00Z'),
  );
  const knobs = (arm: Arm): Knobs => (arm === 'candidate' ? { ...healthy, ...candidate } : healthy);
  const outcome = (arm: Arm, rng: Random): OutcomeFields => {
    const k = knobs(arm);
    const success = rng.next() < 0.95;
    return {
      latencyMs: k.latencyScale * logNormalWithMean(rng, 800, 0.35),
      schemaValid: rng.next() >= k.schemaFail,
      costUsd: logNormalWithMean(rng, k.cost * 0.95, 0.3),
      taskSuccess: success,
      safetyBlocked: rng.next() < k.block,
    };
  };
  const labels = (arm: Arm, requestId: string, rng: Random, at: Date): IngestEvent[] =>
    rng.next() < 0.5 ? [reviewOf(requestId, rng.next() < knobs(arm).reject, at)] : [];
  return runStream(state, {
    seed: 7,
    seconds: 1800,
    requestsPerSecond: 10,
    candidateShare: 0.25,
    outcome,
    extra: labels,
    ...extra,
  });
}

describe('support-summary gates (examples/support-summary.yaml)', () => {
  it('parses all seven gates as written', () => {
    expect(gates.map((g) => g.name)).toEqual([
      'schema-failure-spike',
      'latency-regression',
      'cost-per-successful-task',
      'review-rejection',
      'safety-blocks',
      'customer-complaints',
      'provider-p99-prometheus',
    ]);
  });

  it('never breaches a healthy candidate, and every gate on its events reaches a verdict', () => {
    const run = stream({});
    expect(run.firstBreach).toEqual({});
    for (const g of run.last.gates.filter((e) => e.gate !== 'provider-p99-prometheus'))
      expect(g.state, g.sentence).toBe('passing');
    // Events never feed a Prometheus gate: without readings it is inconclusive, never passing (R4.4).
    expect(run.last.gates.find((e) => e.gate === 'provider-p99-prometheus')).toMatchObject({
      state: 'inconclusive',
      severity: 'delayed',
      reason: 'no prometheus reading yet',
    });
  });

  it('breaches schema-failure-spike alone when the candidate fails schemas at 3 %', () => {
    const run = stream({ schemaFail: 0.03 });
    expect(Object.keys(run.firstBreach)).toEqual(['schema-failure-spike']);
    const g = run.last.gates.find((e) => e.gate === 'schema-failure-spike');
    expect(g?.sentence).toMatch(
      /^candidate schema failures \d+\.\d % over the last 200 calls vs control 0\.\d+ % \(breach above 1\.0 % while control below 0\.2 %\): breached$/,
    );
  });

  it('breaches latency-regression only after 30 minutes of p95 above 2× the 7-day baseline', () => {
    const run = stream({ latencyScale: 3 }, { seconds: 2400 });
    expect(Object.keys(run.firstBreach)).toEqual(['latency-regression']);
    expect(run.firstBreach['latency-regression']).toBeGreaterThanOrEqual(1800);
    expect(run.firstBreach['latency-regression']).toBeLessThan(1900);
  });

  it('breaches cost-per-successful-task at 1.5× the approved estimate, with its action', () => {
    const run = stream({ cost: 0.0063 });
    expect(Object.keys(run.firstBreach)).toEqual(['cost-per-successful-task']);
    expect(run.last.gates.find((g) => g.gate === 'cost-per-successful-task')?.action).toEqual({
      rollout: 'previous-stage',
    });
  });

  it('breaches review-rejection at +15pp, not at +2pp', () => {
    expect(Object.keys(stream({ reject: 0.23 }).firstBreach)).toEqual(['review-rejection']);
    expect(stream({ reject: 0.1 }).firstBreach).toEqual({});
  });

  it('breaches safety-blocks when the block rate quadruples', () => {
    expect(Object.keys(stream({ block: 0.04 }).firstBreach)).toEqual(['safety-blocks']);
  });

  it('breaches customer-complaints on the third confirmed complaint about a candidate sample, ignoring control samples', () => {
    const complainer = (candidateComplaints: number) => {
      const made = { candidate: 0, control: 0 };
      return (arm: Arm, requestId: string, _rng: Random, at: Date, i: number): IngestEvent[] => {
        const limit = arm === 'candidate' ? candidateComplaints : 5;
        if (i < 500 || i % 7 !== 0 || made[arm] >= limit) return [];
        made[arm] += 1;
        return [
          {
            type: 'complaint',
            id: `c${i}`,
            workflow: 'w',
            environment: 'production',
            at: at.toISOString(),
            sampleId: requestId,
            confirmed: true,
          },
        ];
      };
    };
    const two = stream({}, { extra: complainer(2), seconds: 600 }).last.gates.find(
      (e) => e.gate === 'customer-complaints',
    );
    expect(two?.state).toBe('passing');
    expect(two?.statistic).toBe(2);
    const three = stream({}, { extra: complainer(3), seconds: 600 }).last.gates.find(
      (e) => e.gate === 'customer-complaints',
    );
    expect(three?.state).toBe('breached');
    expect(three?.sentence).toBe(
      '3 confirmed complaints with matching samples since the release started (breach at 3): breached',
    );
  });
});
