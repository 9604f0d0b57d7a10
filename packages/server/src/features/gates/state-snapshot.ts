/**
 * Plain-JSON snapshots of a release's gate state, for persistence: sketches become base64
 * protobuf, the request index becomes rows, compiled gates are dropped (recompiled on restore from
 * the gate specs in the config). `restoreReleaseState(snapshotReleaseState(s))` evaluates exactly
 * like `s`, and together with `applied.lastSeq` lets the server resume without double counting.
 */
import { deserializeSketch, serializeSketch, type DDSketch } from '../../stats/latency-sketch.js';
import { compileGate } from './gate-compile.js';
import type { ArmSketches, GateState } from './gate-state.js';
import { restoreRequestIndex, snapshotRequestIndex, type RequestIndexSnapshot } from './request-index.js';
import type { AppliedCounters, ReleaseGateConfig, ReleaseGateState } from './release-state.js';

/** Version of the snapshot format. */
export const SNAPSHOT_VERSION = 1;

type SketchPair = { release: string; stage: string };

/** One gate's state in JSON form. */
export type GateStateSnapshot = Omit<GateState, 'sketches' | 'bucketSketches'> & {
  sketches: { candidate: SketchPair; control: SketchPair } | null;
  bucketSketches: { candidate: (string | null)[]; control: (string | null)[] } | null;
};

/** A release's gate state in JSON form. */
export interface ReleaseStateSnapshot {
  version: typeof SNAPSHOT_VERSION;
  config: ReleaseGateConfig;
  alpha: number;
  startedAt: string;
  stageStartedAt: string;
  stage: number;
  gates: Record<string, GateStateSnapshot>;
  index: RequestIndexSnapshot | null;
  applied: AppliedCounters;
}

const pair = (s: ArmSketches): SketchPair => ({ release: serializeSketch(s.release), stage: serializeSketch(s.stage) });
const unpair = (s: SketchPair): ArmSketches => ({
  release: deserializeSketch(s.release),
  stage: deserializeSketch(s.stage),
});
const list = (xs: DDSketch[]): (string | null)[] =>
  Array.from(xs, (s) => (s === undefined ? null : serializeSketch(s)));
const unlist = (xs: (string | null)[]): DDSketch[] => {
  const out: DDSketch[] = [];
  xs.forEach((s, i) => {
    if (s !== null) out[i] = deserializeSketch(s);
  });
  return out;
};

function snapshotGate(gs: GateState): GateStateSnapshot {
  return structuredClone({
    ...gs,
    sketches:
      gs.sketches === null ? null : { candidate: pair(gs.sketches.candidate), control: pair(gs.sketches.control) },
    bucketSketches:
      gs.bucketSketches === null
        ? null
        : { candidate: list(gs.bucketSketches.candidate), control: list(gs.bucketSketches.control) },
  });
}

function restoreGate(s: GateStateSnapshot): GateState {
  const copy = structuredClone(s);
  return {
    ...copy,
    sketches:
      copy.sketches === null
        ? null
        : { candidate: unpair(copy.sketches.candidate), control: unpair(copy.sketches.control) },
    bucketSketches:
      copy.bucketSketches === null
        ? null
        : { candidate: unlist(copy.bucketSketches.candidate), control: unlist(copy.bucketSketches.control) },
  };
}

/** A deep, plain-JSON copy of the state (safe to `JSON.stringify`). */
export function snapshotReleaseState(state: ReleaseGateState): ReleaseStateSnapshot {
  const gates: Record<string, GateStateSnapshot> = {};
  for (const [name, gs] of Object.entries(state.gates)) gates[name] = snapshotGate(gs);
  return {
    version: SNAPSHOT_VERSION,
    config: structuredClone(state.config),
    alpha: state.alpha,
    startedAt: state.startedAt,
    stageStartedAt: state.stageStartedAt,
    stage: state.stage,
    gates,
    index: state.index === null ? null : snapshotRequestIndex(state.index),
    applied: { ...state.applied },
  };
}

/** Rebuilds a live state from a snapshot (gates recompiled from the config's specs). */
export function restoreReleaseState(snapshot: ReleaseStateSnapshot): ReleaseGateState {
  const gates: Record<string, GateState> = {};
  for (const [name, gs] of Object.entries(snapshot.gates)) gates[name] = restoreGate(gs);
  const config = structuredClone(snapshot.config);
  return {
    config,
    alpha: snapshot.alpha,
    startedAt: snapshot.startedAt,
    stageStartedAt: snapshot.stageStartedAt,
    stage: snapshot.stage,
    compiled: config.gates.map((g) => compileGate(g, config.test)),
    gates,
    index: snapshot.index === null ? null : restoreRequestIndex(snapshot.index),
    applied: { ...snapshot.applied },
  };
}
