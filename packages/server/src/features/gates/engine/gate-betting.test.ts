/**
 * The betting test wired into the engine (ADR 0002 §8): which gates get it, that their sequential
 * verdict comes from it — a clear cost regression breaches before the normal mixture's 100-sample
 * minimum, a candidate at or under its tolerance does not — and that snapshots keep its wealth
 * (and snapshots written before it existed still load).
 */
import { describe, expect, it } from 'vitest';
import { logNormalWithMean, seededRandom } from '../../../stats/random.js';
import { emptyBetting } from '../../../stats/betting-mean.js';
import { release } from './gate-test-release.js';
import { evaluateRelease } from './release-evaluate.js';
import { restoreReleaseState, snapshotReleaseState, type ReleaseStateSnapshot } from './state-snapshot.js';
import { applyEvent } from './release-ingest.js';
import type { GateEvaluation } from './gate-evaluate.js';

/** `cost_per_successful_task above 1.15× an approved estimate of $1` (the detection bench's gate). */
const costGate = (extra: Record<string, unknown> = {}) =>
  release({
    metric: 'cost_per_successful_task',
    candidate: { above: '1.15x', of: 'approved_estimate' },
    approvedEstimateUsd: 1,
    test: 'sequential',
    ...extra,
  });

type Gate = ReturnType<typeof costGate>;

/** Serves `tasks` candidate tasks with log-normal costs (σ = 0.5) of mean `mean`, evaluating every 10. */
function run(g: Gate, mean: number, tasks: number, seed: number, success = () => true): GateEvaluation[] {
  const rng = seededRandom(seed);
  const out: GateEvaluation[] = [];
  for (let t = 0; t < tasks; t += 10) {
    g.serve('candidate', 10, () => ({ costUsd: logNormalWithMean(rng, mean, 0.5), taskSuccess: success() }));
    out.push(g.evaluate());
  }
  return out;
}

const firstBreach = (evals: GateEvaluation[]): GateEvaluation | undefined => evals.find((e) => e.state === 'breached');

describe('which gates run the betting test', () => {
  it('freezes the bound at release start for a nonnegative metric above a fixed bound', () => {
    expect(costGate().state.gates.g?.sequential.betting).toEqual(emptyBetting(1.15));
    const mape = release({ metric: 'prediction_error_mape', candidate: { above: 0.2 }, test: 'both' });
    expect(mape.state.gates.g?.sequential.betting).toEqual(emptyBetting(0.2));
  });

  it('leaves comparisons with control, literal gates and signed metrics on their previous tests', () => {
    const cases = [
      { metric: 'cost_per_successful_task', candidate: { worseThanControlBy: '20%' }, test: 'both' },
      { metric: 'cost_per_successful_task', candidate: { above: 2 }, test: 'literal' },
      { metric: 'primary_metric', primaryMetric: 'precision', slo: 0.6, candidate: { below: 'slo' }, test: 'both' },
      { metric: 'missing_feature_rate', candidate: { above: '2%' }, test: 'both' },
    ];
    for (const gate of cases) expect(release(gate).state.gates.g?.sequential.betting, gate.metric).toBeNull();
  });

  it('feeds only the candidate arm', () => {
    const g = costGate();
    g.serve('control', 50, () => ({ costUsd: 5, taskSuccess: true }));
    expect(g.state.gates.g?.sequential.betting?.n).toBe(0);
    g.serve('candidate', 7, () => ({ costUsd: 5, taskSuccess: true }));
    expect(g.state.gates.g?.sequential.betting?.n).toBe(7);
  });
});

describe('a cost gate judged by the betting test', () => {
  it('breaches a clear regression (+100 %) before the normal mixture could even start', () => {
    const evals = run(costGate(), 2, 400, 11);
    const breach = firstBreach(evals);
    expect(breach?.test.sequential?.method).toBe('betting');
    expect(breach?.test.sequential?.samples.candidate).toBeLessThan(100);
    expect(breach?.test.sequential?.eValue).toBeGreaterThanOrEqual(20);
  });

  it('breaches +30 % over an estimate tolerated to +15 %', () => {
    const breach = firstBreach(run(costGate(), 1.3, 3000, 12));
    expect(breach?.test.sequential?.method).toBe('betting');
  });

  it('counts failed tasks in the cost but not in the denominator (cost per successful task)', () => {
    // Mean cost $0.80 per task, but only half succeed: $1.60 per successful task.
    let k = 0;
    const breach = firstBreach(run(costGate(), 0.8, 1000, 13, () => k++ % 2 === 0));
    expect(breach?.test.sequential?.method).toBe('betting');
  });

  it('stays inconclusive, then passing, for a candidate at its tolerance', () => {
    const evals = run(costGate(), 1.15, 3000, 14);
    expect(firstBreach(evals)).toBeUndefined();
    const early = evals[4];
    expect(early?.state).toBe('inconclusive');
    expect(early?.test.sequential?.reason).toBe('fewer than 100 samples to call it passing');
    expect(evals.at(-1)?.state).toBe('passing');
    expect(evals.at(-1)?.test.sequential).toMatchObject({ method: 'betting', samples: { candidate: 3000 } });
  });

  it('passes a healthy candidate under the estimate with the default rule (both)', () => {
    const evals = run(costGate({ test: 'both', over: { completedTasks: 1000 } }), 1, 2000, 15);
    expect(firstBreach(evals)).toBeUndefined();
    expect(evals.at(-1)?.state).toBe('passing');
  });
});

describe('snapshots of the betting test', () => {
  it('round-trips the wealth, and the restored state evaluates like the original after more events', () => {
    const g = costGate();
    run(g, 1.2, 200, 16);
    const snapshot = JSON.parse(JSON.stringify(snapshotReleaseState(g.state))) as ReleaseStateSnapshot;
    expect(snapshot.gates.g?.sequential.betting).toEqual(g.state.gates.g?.sequential.betting);
    const restored = restoreReleaseState(snapshot);
    expect(restored.gates.g?.sequential).toEqual(g.state.gates.g?.sequential);
    const more = (s: typeof restored) => {
      for (let i = 0; i < 50; i++)
        applyEvent(s, {
          type: 'outcome',
          id: `m${i}`,
          workflow: 'w',
          environment: 'prod',
          at: g.clock.now().toISOString(),
          requestId: `m${i}`,
          arm: 'candidate',
          costUsd: 1.5 + (i % 5) / 10,
          taskSuccess: true,
        });
      return evaluateRelease(s, g.clock).evaluation.gates[0]?.test.sequential;
    };
    const a = more(g.state);
    expect(g.state.gates.g?.sequential.betting?.n).toBe(250);
    expect(more(restored)).toEqual(a);
  });

  it('loads a snapshot written before the betting test: the gate keeps the normal mixture', () => {
    const g = costGate();
    run(g, 1, 200, 17);
    const snapshot = JSON.parse(JSON.stringify(snapshotReleaseState(g.state))) as ReleaseStateSnapshot;
    const gate = snapshot.gates.g;
    if (gate === undefined) throw new Error('no gate');
    delete gate.sequential.betting;
    const restored = restoreReleaseState(snapshot);
    expect(restored.gates.g?.sequential.betting).toBeNull();
    const evaluation = evaluateRelease(restored, g.clock).evaluation.gates[0];
    expect(evaluation?.test.sequential?.method).toBe('normal-mixture');
    expect(evaluation?.state).not.toBe('breached');
  });
});
