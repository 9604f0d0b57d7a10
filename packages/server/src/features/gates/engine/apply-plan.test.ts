/**
 * The apply plan caches which gate states an event feeds. It must follow the state: whenever a
 * release's gate-state record is replaced (evaluation, override, restore) the plan holds the new
 * record's gate states, never the old ones.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../clock.js';
import { applyPlan, type ApplyPlan } from './apply-plan.js';
import { gatesSchema } from '../language/gate-spec.js';
import { overrideGate } from './gate-override.js';
import type { GateState } from './gate-state.js';
import { evaluateRelease } from './release-evaluate.js';
import { createReleaseState, type ReleaseGateState } from './release-state.js';
import { restoreReleaseState, snapshotReleaseState } from './state-snapshot.js';

const T0 = new Date('2026-05-02T10:00:00Z');
const gates = gatesSchema.parse([
  { name: 'errors', metric: 'error_rate', candidate: { above: '2%' }, severity: 'rapid' },
  { name: 'p99', metric: 'latency_p99', candidate: { above: 400 }, severity: 'immediate' },
  {
    name: 'drift',
    metric: 'prediction_distribution',
    candidate: { driftFromControl: { method: 'psi', above: 0.2 } },
    severity: 'rapid',
  },
  { name: 'crashes', metric: 'oom_crashes', count: { atLeast: 1, within: '5m' }, severity: 'immediate' },
  { name: 'health', metric: 'health_check', candidate: { failing: true }, severity: 'immediate' },
  { name: 'reviews', metric: 'review_rejection_rate', candidate: { above: '5%' }, severity: 'rapid' },
]);

/** Every gate state the plan feeds, by kind. */
const fed = (plan: ApplyPlan): GateState[][] => [
  plan.latency.map((s) => s.gs),
  plan.measured.map((s) => s.gs),
  plan.drift.map((s) => s.gs),
  plan.crashes.map((s) => s.gs),
  plan.served,
  plan.labels.map((s) => s.gs),
];
const expected = (state: ReleaseGateState): GateState[][] => {
  const g = (name: string) => state.gates[name] as GateState;
  return [
    [g('p99')],
    [g('errors'), g('reviews')],
    [g('drift')],
    [g('crashes')],
    [g('crashes'), g('health')],
    [g('reviews')],
  ];
};

describe('apply plan', () => {
  it('groups the gates by what feeds them and is built once per gate-state record', () => {
    const state = createReleaseState({ release: 'r', gates }, T0);
    const plan = applyPlan(state);
    expect(fed(plan)).toEqual(expected(state));
    for (const [i, list] of fed(plan).entries()) list.forEach((gs, j) => expect(gs).toBe(expected(state)[i]?.[j]));
    expect(applyPlan(state)).toBe(plan);
  });

  it('follows a replaced record: evaluation, override and restore', () => {
    const first = createReleaseState({ release: 'r', gates }, T0);
    const before = applyPlan(first);
    const evaluated = evaluateRelease(first, new ManualClock(T0)).state;
    const forced = overrideGate(evaluated, { gate: 'errors', force: 'breached', actor: 'a', reason: 'r', at: T0 });
    if (!forced.ok) throw new Error(forced.error);
    const restored = restoreReleaseState(snapshotReleaseState(forced.state));
    for (const state of [evaluated, forced.state, restored]) {
      const plan = applyPlan(state);
      expect(plan).not.toBe(before);
      fed(plan).forEach((list, i) => list.forEach((gs, j) => expect(gs).toBe(expected(state)[i]?.[j])));
    }
  });
});
