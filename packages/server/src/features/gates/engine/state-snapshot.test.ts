/**
 * The direct serializer against the snapshot it replaces on the commit path: on a release with a
 * gate of every form (the ingest benchmark's 50 gates, with a small request index so its ring
 * wraps), `serializeReleaseState` writes exactly `JSON.stringify(snapshotReleaseState(...))` at
 * every commit-like point, and a state restored from its text evaluates like the original after
 * more events.
 */
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '@ripcord/protocol';
import { batchMaker, benchDocuments } from '../../../../../../bench/ingest-workload.js';
import { ManualClock } from '../../../clock.js';
import { gatesSchema } from '../language/gate-spec.js';
import { overrideGate } from './gate-override.js';
import { evaluateRelease } from './release-evaluate.js';
import { applyEvent } from './release-ingest.js';
import { applyProbe, createReleaseState, startStage, type ReleaseGateState } from './release-state.js';
import {
  restoreReleaseState,
  serializeReleaseState,
  snapshotReleaseState,
  type ReleaseStateSnapshot,
} from './state-snapshot.js';

const T0 = Date.parse('2026-05-02T10:00:00Z');
const FEATURES = ['f1', 'f2', 'f3', 'f4', 'f5'];
const BATCH = 250;

function benchState(): ReleaseGateState {
  const release = benchDocuments().find((d) => d.kind === 'Release');
  return createReleaseState(
    {
      release: 'bench-50',
      gates: gatesSchema.parse(release?.gates),
      criticality: 'business-critical',
      references: { slaLatencyMs: 400 },
      declaredFeatures: { control: FEATURES, candidate: FEATURES },
      bundles: { control: '1', candidate: '2' },
      requestIndexCapacity: 3000,
    },
    new Date(T0),
  );
}

const maker = batchMaker(BATCH, 7);
/** Batch `b`: 250 events, 20 s after the previous one (so sliding-window buckets roll over). */
const batch = (b: number): IngestEvent[] =>
  JSON.parse(maker.make(b, new Date(T0 + b * 20_000)).toString('latin1')) as IngestEvent[];

/** Feeds batches [from, to), evaluating every 5 batches as the release machine's tick would. */
function feed(state: ReleaseGateState, from: number, to: number, onBatch?: (s: ReleaseGateState) => void) {
  let s = state;
  for (let b = from; b < to; b++) {
    for (const e of batch(b)) applyEvent(s, e);
    if (b % 5 === 4) s = evaluateRelease(s, new ManualClock(new Date(T0 + b * 20_000))).state;
    onBatch?.(s);
  }
  return s;
}

describe('serializeReleaseState', () => {
  it('writes exactly the JSON of snapshotReleaseState at every commit, through ticks, stages and overrides', () => {
    let state = benchState();
    let checked = 0;
    const check = (s: ReleaseGateState) => {
      expect(serializeReleaseState(s)).toBe(JSON.stringify(snapshotReleaseState(s)));
      checked += 1;
    };
    check(state);
    state = feed(state, 0, 30, check);
    startStage(state, new Date(T0 + 30 * 20_000));
    applyProbe(state, { arm: 'candidate', ok: false, at: new Date(T0 + 30 * 20_000) });
    const forced = overrideGate(state, {
      gate: state.compiled[0]?.name ?? '',
      force: 'breached',
      actor: 'oncall',
      reason: 'test',
      at: new Date(T0),
    });
    if (!forced.ok) throw new Error(forced.error);
    state = feed(forced.state, 30, 60, check);
    expect(state.index?.evicted).toBeGreaterThan(0);
    expect(checked).toBe(61);
  });

  it('is a copy: later events do not change an earlier snapshot', () => {
    const state = feed(benchState(), 0, 10);
    const snapshot = snapshotReleaseState(state);
    const text = JSON.stringify(snapshot);
    feed(state, 10, 20);
    expect(JSON.stringify(snapshot)).toBe(text);
    expect(serializeReleaseState(state)).not.toBe(text);
  });

  it('restores from its text to a state that evaluates like the original after more events', () => {
    const original = feed(benchState(), 0, 40);
    const restored = restoreReleaseState(JSON.parse(serializeReleaseState(original)) as ReleaseStateSnapshot);
    expect(serializeReleaseState(restored)).toBe(serializeReleaseState(original));
    const a = feed(original, 40, 80);
    const b = feed(restored, 40, 80);
    for (const at of [80, 95]) {
      const clock = new ManualClock(new Date(T0 + at * 20_000));
      expect(evaluateRelease(b, clock).evaluation).toEqual(evaluateRelease(a, clock).evaluation);
    }
    expect(b.applied).toEqual(a.applied);
    expect(JSON.parse(serializeReleaseState(b))).toEqual(JSON.parse(serializeReleaseState(a)));
    // Text written again after more events (cached sketch and index text reused where unchanged)
    // still restores to the live state.
    const again = restoreReleaseState(JSON.parse(serializeReleaseState(a)) as ReleaseStateSnapshot);
    const clock = new ManualClock(new Date(T0 + 95 * 20_000));
    expect(evaluateRelease(again, clock).evaluation).toEqual(evaluateRelease(a, clock).evaluation);
  });
});
