/**
 * The gate state that verifies a restore (R7.2): "the gates that fired must return to passing
 * against the restored route". It is a copy of the release's gate state at the restore in which
 * every candidate-side aggregate starts empty, while the control side keeps what control showed
 * during the release. Fed with what the restored route serves after the restore (as the
 * `candidate` arm), the same engine then reads each gate exactly as its words say: absolute gates
 * against their thresholds, relative gates against control as it was (so a restored route that is
 * still worse than control was, e.g. an old model on new features, does not pass).
 *
 * When the rollback sent all traffic to control, control's own sums are the restored route's, so
 * the state keeps control's sums empty while it is fed and {@link withControlReference} puts
 * control's release-long sums back for each reading: a window of the last N calls then compares
 * them with everything control showed during the release (the release state's `over: N` spans
 * are offsets into control's running sums, which stop at the restore).
 */
import { emptyMoments } from '../../../stats/moments.js';
import { createLatencySketch } from '../../../stats/latency-sketch.js';
import type { CompiledGate } from '../language/gate-compile.js';
import { createGateState, type ArmMoments, type GateState } from './gate-state.js';
import { createRequestIndex } from './request-index.js';
import type { ReleaseGateState } from './release-state.js';
import { restoreReleaseState, serializeReleaseState, type ReleaseStateSnapshot } from './state-snapshot.js';

/** Control's sums per gate at the restore (what {@link withControlReference} reads against). */
export type ControlReference = Record<string, ArmMoments>;

/** Control's sums per gate in a release state. */
export function controlReference(state: ReleaseGateState): ControlReference {
  return Object.fromEntries(Object.entries(state.gates).map(([name, gs]) => [name, gs.moments.control]));
}

/**
 * A fresh verification state from `state` (not changed), starting at `restoredAt`. With
 * `emptyControl` (all traffic went back to control), control's sums start empty too.
 */
export function verificationState(state: ReleaseGateState, restoredAt: Date, emptyControl: boolean): ReleaseGateState {
  const copy = restoreReleaseState(JSON.parse(serializeReleaseState(state)) as ReleaseStateSnapshot);
  const at = restoredAt.toISOString();
  const gates: Record<string, GateState> = {};
  for (const gate of copy.compiled) {
    const gs = copy.gates[gate.name];
    if (gs === undefined) continue;
    const fresh = withEmptyCandidate(gate, gs);
    gates[gate.name] = emptyControl ? { ...fresh, moments: { ...fresh.moments, control: emptyArm() } } : fresh;
  }
  return {
    ...copy,
    startedAt: at,
    stageStartedAt: at,
    gates,
    index: copy.index === null ? null : createRequestIndex(copy.index.capacity),
    applied: { events: 0, ignored: 0, lastSeq: null },
  };
}

/**
 * `gs` with the candidate's aggregates, the gate's clocks, tests and override reset; control kept
 * (for a query gate, control's last value; for an alert gate, the alerts still firing).
 */
function withEmptyCandidate(gate: CompiledGate, gs: GateState): GateState {
  const fresh = createGateState(gate);
  const buckets =
    gs.buckets === null ? null : { ...gs.buckets, candidate: gs.buckets.candidate.map(() => emptyMoments()) };
  const drift =
    gs.drift === null
      ? null
      : Object.fromEntries(
          Object.entries(gs.drift).map(([name, series]) => [
            name,
            {
              ...series,
              pending: { candidate: [], control: series.pending.control },
              counts: { candidate: series.counts.candidate.map(() => 0), control: series.counts.control },
            },
          ]),
        );
  return {
    ...fresh,
    moments: { candidate: fresh.moments.candidate, control: gs.moments.control },
    controlRing: gs.controlRing,
    buckets,
    sketches: gs.sketches === null ? null : { candidate: freshSketches(), control: gs.sketches.control },
    bucketSketches: gs.bucketSketches === null ? null : { candidate: [], control: gs.bucketSketches.control },
    exceedance:
      gs.exceedance === null
        ? null
        : { threshold: gs.exceedance.threshold, candidate: emptyMoments(), control: gs.exceedance.control },
    drift,
    // Outside signals: a query's polls start over (the restored route is polled afresh) but the
    // value control last showed stays, as control's sums do; alerts still firing at the restore stay
    // until they resolve (the verification waits for that).
    query:
      fresh.query === null || gs.query === null
        ? fresh.query
        : { ...fresh.query, values: { candidate: null, control: gs.query.values.control } },
    alerts:
      fresh.alerts === null || gs.alerts === null ? fresh.alerts : { ...fresh.alerts, firing: [...gs.alerts.firing] },
  };
}

/** `state` with control's sums replaced by the reference's, for one reading (gates without one keep theirs). */
export function withControlReference(state: ReleaseGateState, reference: ControlReference): ReleaseGateState {
  const gates: Record<string, GateState> = {};
  for (const [name, gs] of Object.entries(state.gates)) {
    const control = reference[name];
    gates[name] = control === undefined ? gs : { ...gs, moments: { ...gs.moments, control } };
  }
  return { ...state, gates };
}

/** `state` (after a reading) with control's sums of `fed` back: what ingest keeps feeding. */
export function withFedControl(state: ReleaseGateState, fed: ReleaseGateState): ReleaseGateState {
  const gates: Record<string, GateState> = {};
  for (const [name, gs] of Object.entries(state.gates)) {
    const control = fed.gates[name]?.moments.control;
    gates[name] = control === undefined ? gs : { ...gs, moments: { ...gs.moments, control } };
  }
  return { ...state, gates };
}

function emptyArm(): ArmMoments {
  return { release: emptyMoments(), stage: emptyMoments() };
}

function freshSketches() {
  return { release: createLatencySketch(), stage: createLatencySketch() };
}
