/**
 * Plain-JSON snapshots of a release's gate state, for persistence: sketches become compact text
 * (`serializeSketch`: every bin, min, max and sum, so a restored state evaluates exactly like the
 * live one), the request index becomes rows, compiled gates are dropped (recompiled on restore from
 * the gate specs in the config). `restoreReleaseState(snapshotReleaseState(s))` evaluates exactly
 * like `s`, and together with `applied.lastSeq` lets the server resume without double counting.
 *
 * Two ways out: {@link snapshotReleaseState} returns the snapshot as a deep copy (an object), and
 * {@link serializeReleaseState} writes the same snapshot straight to JSON text — byte for byte
 * `JSON.stringify(snapshotReleaseState(s))` — without building the copy. The group commit
 * persists every dirty release's state several times a second and only ever needs the text, so
 * it uses the second: the copy (it was `structuredClone`) cost ~35 ms of the event loop per
 * commit with a full late-label index (BENCHMARKS.md "Ingest").
 */
import { deserializeSketch, serializeSketch, type DDSketch } from '../../../stats/latency-sketch.js';
import { compileGate } from '../language/gate-compile.js';
import type { ArmSketches, GateState, SequentialState } from './gate-state.js';
import {
  requestIndexJson,
  restoreRequestIndex,
  snapshotRequestIndex,
  type RequestIndexSnapshot,
} from './request-index.js';
import type { AppliedCounters, ReleaseGateConfig, ReleaseGateState } from './release-state.js';
import { restoreReleaseFacts, snapshotReleaseFacts, type ReleaseFactsSnapshot } from './release-facts.js';

/** Version of the snapshot format. */
export const SNAPSHOT_VERSION = 1;

type SketchPair = { release: string; stage: string };

/** One gate's state in JSON form. */
export type GateStateSnapshot = Omit<
  GateState,
  'sketches' | 'bucketSketches' | 'sequential' | 'query' | 'alerts' | 'keys'
> & {
  /** Absent in snapshots written before key buckets existed (restored as `null`: no design effect). */
  keys?: GateState['keys'];
  /** Absent in snapshots written before signal sources existed (restored as `null`). */
  query?: GateState['query'];
  alerts?: GateState['alerts'];
  /**
   * `betting`, `recent` and `restarts` are absent in snapshots written before those existed
   * (restored as `null`, `null` and 0).
   */
  sequential: Omit<SequentialState, 'betting' | 'recent' | 'restarts'> & Partial<SequentialState>;
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
  /** Absent in snapshots written before facts were counted (restored as empty). */
  facts?: ReleaseFactsSnapshot;
}

/**
 * A deep copy of plain data (objects, arrays, primitives), as `structuredClone` makes of it —
 * holes stay holes, `NaN`, `±Infinity` and `undefined` stay as they are — at a fraction of the
 * cost: no serialisation, and arrays of numbers (the rings, most of a state) copied by `slice`.
 */
function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = value.slice();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (typeof v === 'object' && v !== null) out[i] = copyPlain(v);
    }
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = copyPlain(source[key]);
    // An own `__proto__` key (a feature may be called that) must stay a key, not set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
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

/**
 * A gate's snapshot that still shares the live state's objects, except for the sketches, which
 * are serialised. Safe only to serialise at once; {@link snapshotGate} copies it.
 */
function gateView(gs: GateState): GateStateSnapshot {
  return {
    ...gs,
    sketches:
      gs.sketches === null ? null : { candidate: pair(gs.sketches.candidate), control: pair(gs.sketches.control) },
    bucketSketches:
      gs.bucketSketches === null
        ? null
        : { candidate: list(gs.bucketSketches.candidate), control: list(gs.bucketSketches.control) },
  };
}

function snapshotGate(gs: GateState): GateStateSnapshot {
  return copyPlain(gateView(gs));
}

function restoreGate(s: GateStateSnapshot): GateState {
  const copy = copyPlain(s);
  return {
    ...copy,
    query: copy.query ?? null,
    alerts: copy.alerts ?? null,
    // Snapshots written before evidence was kept have none.
    kept: copy.kept ?? null,
    keys: copy.keys ?? null,
    // Snapshots written before the betting test have no `betting`: such gates keep the normal mixture.
    sequential: {
      ...copy.sequential,
      betting: copy.sequential.betting ?? null,
      recent: copy.sequential.recent ?? null,
      restarts: copy.sequential.restarts ?? 0,
    },
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
    config: copyPlain(state.config),
    alpha: state.alpha,
    startedAt: state.startedAt,
    stageStartedAt: state.stageStartedAt,
    stage: state.stage,
    gates,
    index: state.index === null ? null : snapshotRequestIndex(state.index),
    applied: { ...state.applied },
    facts: snapshotReleaseFacts(state.facts),
  };
}

/**
 * The snapshot as JSON text: exactly `JSON.stringify(snapshotReleaseState(state))`, same keys in
 * the same order, without the deep copy. Synchronous, so the text is the state at this instant.
 */
export function serializeReleaseState(state: ReleaseGateState): string {
  return serializeReleaseStateWith(state, state.index === null ? 'null' : requestIndexJson(state.index));
}

/**
 * The snapshot as JSON text with `indexJson` as the value of its `index` key: how a store that
 * keeps the request index apart (in chunks, `ingest/gate-state-chunks.ts`) writes the rest.
 */
export function serializeReleaseStateWith(state: ReleaseGateState, indexJson: string): string {
  const gates: Record<string, GateStateSnapshot> = {};
  for (const [name, gs] of Object.entries(state.gates)) gates[name] = gateView(gs);
  return (
    `{"version":${SNAPSHOT_VERSION},"config":${JSON.stringify(state.config)}` +
    `,"alpha":${JSON.stringify(state.alpha)},"startedAt":${JSON.stringify(state.startedAt)}` +
    `,"stageStartedAt":${JSON.stringify(state.stageStartedAt)},"stage":${JSON.stringify(state.stage)}` +
    `,"gates":${JSON.stringify(gates)},"index":${indexJson}` +
    `,"applied":${JSON.stringify(state.applied)},"facts":${JSON.stringify(snapshotReleaseFacts(state.facts))}}`
  );
}

/** Rebuilds a live state from a snapshot (gates recompiled from the config's specs). */
export function restoreReleaseState(snapshot: ReleaseStateSnapshot): ReleaseGateState {
  const gates: Record<string, GateState> = {};
  for (const [name, gs] of Object.entries(snapshot.gates)) gates[name] = restoreGate(gs);
  const config = copyPlain(snapshot.config);
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
    facts: restoreReleaseFacts(snapshot.facts),
    writeTools: new Set(config.writeTools),
  };
}
