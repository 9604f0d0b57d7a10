/**
 * State handling: JSON snapshots and resume without double counting, bounded memory, the request
 * index's bound, manual overrides, and events that do not belong to the release.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { IngestEvent, OutcomeEvent } from '@ripcord/protocol';
import { ManualClock } from '../../../clock.js';
import { gatesSchema, type GateSpec } from '../language/gate-spec.js';
import { applyEvent } from './release-ingest.js';
import { createReleaseState, type ReleaseGateState } from './release-state.js';
import { evaluateRelease } from './release-evaluate.js';
import { clearOverride, overrideGate } from './gate-override.js';
import { restoreReleaseState, snapshotReleaseState } from './state-snapshot.js';
import { seededRandom } from '../../../stats/random.js';

const T0 = new Date('2026-05-02T10:00:00Z');
const text = readFileSync(new URL('../../../../../../examples/support-summary.yaml', import.meta.url), 'utf8');
const gates: GateSpec[] = gatesSchema.parse(
  parseAllDocuments(text)
    .map((d) => d.toJS() as { kind?: string; gates?: unknown })
    .find((d) => d.kind === 'Release')?.gates,
);

/** Event `i` of a fixed pseudo-random stream (outcomes, with a review every third request). */
function eventAt(i: number): IngestEvent {
  const rng = seededRandom(i);
  const at = new Date(T0.getTime() + i * 100).toISOString();
  if (i % 3 === 2)
    return {
      type: 'review',
      id: `v${i}`,
      workflow: 'w',
      environment: 'p',
      at,
      requestId: `q${i - 1}`,
      verdict: rng.next() < 0.1 ? 'rejected' : 'accepted',
    };
  const arm = rng.next() < 0.3 ? 'candidate' : 'control';
  const e: OutcomeEvent = {
    type: 'outcome',
    id: `e${i}`,
    workflow: 'w',
    environment: 'p',
    at,
    requestId: `q${i}`,
    arm,
    latencyMs: 500 + 1000 * rng.next(),
  };
  return {
    ...e,
    schemaValid: rng.next() > 0.005,
    costUsd: 0.004 * rng.next(),
    taskSuccess: rng.next() < 0.9,
    safetyBlocked: rng.next() < 0.01,
  };
}

const fresh = (): ReleaseGateState =>
  createReleaseState({ release: 'r1', gates, references: { baselineP95Ms7d: 1000 } }, T0);
const clockAt = (ms: number): ManualClock => new ManualClock(new Date(T0.getTime() + ms));

describe('snapshots and resume', () => {
  it('round-trips through JSON and evaluates identically', () => {
    const state = fresh();
    for (let i = 0; i < 5000; i++) applyEvent(state, eventAt(i), i);
    const clock = clockAt(600_000);
    const before = evaluateRelease(state, clock).evaluation;
    const restored = restoreReleaseState(
      JSON.parse(JSON.stringify(snapshotReleaseState(state))) as ReturnType<typeof snapshotReleaseState>,
    );
    expect(evaluateRelease(restored, clock).evaluation).toEqual(before);
  });

  it('resumes after a crash mid-stream without double counting (replay from the last snapshot)', () => {
    const straight = fresh();
    for (let i = 0; i < 6000; i++) applyEvent(straight, eventAt(i), i);
    // A process applies 4,000 events, snapshots at 3,000, crashes at 4,000, and replays the log.
    const crashed = fresh();
    let saved = '';
    for (let i = 0; i < 4000; i++) {
      applyEvent(crashed, eventAt(i), i);
      if (i === 2999) saved = JSON.stringify(snapshotReleaseState(crashed));
    }
    const resumed = restoreReleaseState(JSON.parse(saved) as ReturnType<typeof snapshotReleaseState>);
    expect(resumed.applied.lastSeq).toBe(2999);
    for (let i = 0; i < 6000; i++) applyEvent(resumed, eventAt(i), i);
    expect(resumed.applied.events).toBe(straight.applied.events);
    const clock = clockAt(700_000);
    expect(evaluateRelease(resumed, clock).evaluation).toEqual(evaluateRelease(straight, clock).evaluation);
  });

  it('keeps memory bounded by the gates, not the events', () => {
    const noLabels = gates.filter((g) => g.metric !== 'review_rejection_rate' && g.metric !== 'confirmed_complaints');
    const state = createReleaseState({ release: 'r1', gates: noLabels }, T0);
    const size = (): number => JSON.stringify(snapshotReleaseState(state)).length;
    for (let i = 0; i < 10_000; i++) applyEvent(state, eventAt(i));
    const at10k = size();
    for (let i = 10_000; i < 100_000; i++) applyEvent(state, eventAt(i));
    expect(size()).toBeLessThan(at10k * 1.2);
    expect(state.index).toBeNull();
  });

  it('bounds the late-label index and reports evicted requests as unattributed', () => {
    const state = createReleaseState({ release: 'r1', gates, requestIndexCapacity: 10 }, T0);
    for (let i = 0; i < 30; i++)
      applyEvent(state, {
        type: 'outcome',
        id: `e${i}`,
        workflow: 'w',
        environment: 'p',
        at: T0.toISOString(),
        requestId: `q${i}`,
        arm: 'candidate',
      });
    expect(state.index?.entries.size).toBe(10);
    const review = (requestId: string): IngestEvent => ({
      type: 'review',
      id: `v-${requestId}`,
      workflow: 'w',
      environment: 'p',
      at: T0.toISOString(),
      requestId,
      verdict: 'rejected',
    });
    expect(applyEvent(state, review('q0'))).toEqual({ applied: false, reason: 'unknown-request' });
    expect(applyEvent(state, review('q29'))).toEqual({ applied: true, arm: 'candidate' });
  });

  it('ignores other releases, unattributable events and replayed sequence numbers', () => {
    const state = fresh();
    const e = eventAt(0);
    expect(applyEvent(state, { ...e, release: 'other' })).toEqual({ applied: false, reason: 'other-release' });
    expect(
      applyEvent(state, {
        type: 'outcome',
        id: 'x',
        workflow: 'w',
        environment: 'p',
        at: T0.toISOString(),
        requestId: 'x',
      }),
    ).toEqual({ applied: false, reason: 'no-arm' });
    expect(applyEvent(state, e, 5).applied).toBe(true);
    expect(applyEvent(state, e, 5)).toEqual({ applied: false, reason: 'duplicate-seq' });
    // A replayed sequence number was counted the first time; it is neither applied nor ignored.
    expect(state.applied).toEqual({ events: 1, ignored: 2, lastSeq: 5 });
  });
});

describe('manual override', () => {
  it('forces both ways with actor and reason, keeps the computed state visible, and clears', () => {
    const state = fresh();
    const clock = clockAt(1000);
    const forced = overrideGate(state, {
      gate: 'safety-blocks',
      force: 'breached',
      actor: 'oncall-ic',
      reason: 'users report unsafe refusals',
      at: clock.now(),
    });
    if (!forced.ok) throw new Error(forced.error);
    expect(state.gates['safety-blocks']?.override).toBeNull();
    const g = evaluateRelease(forced.state, clock).evaluation.gates.find((e) => e.gate === 'safety-blocks');
    expect(g).toMatchObject({ state: 'breached', computedState: 'inconclusive', override: { actor: 'oncall-ic' } });
    expect(g?.sentence).toContain('breached — forced breached by oncall-ic: users report unsafe refusals');
    const passed = overrideGate(forced.state, {
      gate: 'safety-blocks',
      force: 'passing',
      actor: 'lead',
      reason: 'known vendor blip',
      at: clock.now(),
    });
    if (!passed.ok) throw new Error(passed.error);
    expect(passed.previous?.force).toBe('breached');
    expect(evaluateRelease(passed.state, clock).evaluation.gates.find((e) => e.gate === 'safety-blocks')?.state).toBe(
      'passing',
    );
    const cleared = clearOverride(passed.state, 'safety-blocks');
    expect(
      cleared.ok &&
        evaluateRelease(cleared.state, clock).evaluation.gates.find((e) => e.gate === 'safety-blocks')?.state,
    ).toBe('inconclusive');
  });

  it('refuses unknown gates and overrides without actor or reason', () => {
    const state = fresh();
    const at = T0;
    expect(overrideGate(state, { gate: 'nope', force: 'passing', actor: 'a', reason: 'r', at })).toEqual({
      ok: false,
      error: 'unknown_gate',
    });
    expect(overrideGate(state, { gate: 'safety-blocks', force: 'passing', actor: ' ', reason: 'r', at })).toEqual({
      ok: false,
      error: 'actor_required',
    });
    expect(overrideGate(state, { gate: 'safety-blocks', force: 'passing', actor: 'a', reason: '', at })).toEqual({
      ok: false,
      error: 'reason_required',
    });
  });
});

describe('the release budget', () => {
  it('splits α over the rapid sequential gates of support-summary (five of seven; complaints are a count, the Prometheus gate is delayed)', () => {
    const { evaluation } = evaluateRelease(fresh(), clockAt(0));
    expect(evaluation.alpha).toBe(0.05);
    expect(evaluation.alphaByGate).toEqual({
      'schema-failure-spike': 0.01,
      'latency-regression': 0.01,
      'cost-per-successful-task': 0.01,
      'review-rejection': 0.01,
      'safety-blocks': 0.01,
    });
  });
});
