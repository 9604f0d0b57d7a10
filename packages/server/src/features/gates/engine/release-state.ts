/**
 * Gate state of one release (per release × arm × gate): created at release start, fed every
 * outcome event and health probe, and evaluated at a tick. `applyEvent` / `applyProbe` /
 * `startStage` mutate the state in place — ingest is the hot path and the state is owned by one
 * release's aggregator — and return what happened as a value. Evaluation and overrides are pure.
 *
 * Idempotent resume: the server dedups by event id; the state also counts the events applied and,
 * when the caller passes its own monotonic sequence number, remembers the last one and ignores
 * anything at or below it. Persist a snapshot, and after a restart replay the log from `lastSeq`.
 */
import type { Arm } from '@ripcord/protocol';
import type { GateSpec, TestMode } from '../language/gate-spec.js';
import { DEFAULT_ALPHA } from '../language/gate-spec.js';
import { compileGate, resolveBound, type CompiledGate, type GateReferences } from '../language/gate-compile.js';
import { createGateState, type DriftSeries, type GateState } from './gate-state.js';
import { freezeDriftEdges } from './gate-observe.js';
import { initialBetting } from './gate-sequential.js';
import { createRequestIndex, type RequestIndex } from './request-index.js';
import { createReleaseFacts, type ReleaseFacts } from './release-facts.js';
import { emptyMoments } from '../../../stats/moments.js';
import { normaliseReference } from '../../../stats/drift.js';
import { createLatencySketch } from '../../../stats/latency-sketch.js';

/** A declared reference distribution for one drift series: inner bin edges and bin proportions. */
export interface ReferenceDistribution {
  edges: number[];
  /** One proportion per bin (edges.length + 1 values). */
  proportions: number[];
}

/** Everything fixed at release start. */
export interface ReleaseGateConfig {
  /** The release's id or name; events naming another release are ignored. */
  release: string;
  gates: readonly GateSpec[];
  /** False-rollback budget (default 0.05). */
  alpha?: number;
  /** Release-level `test:` for gates without their own. */
  test?: TestMode;
  criticality?: 'business-critical' | 'experimental';
  references?: GateReferences;
  /** Reference distributions by series: `prediction` or a feature name. */
  distributions?: Record<string, ReferenceDistribution>;
  /** Features each arm's bundle declares (missing-feature rate when the gate lists none). */
  declaredFeatures?: { control?: string[]; candidate?: string[] };
  /** Bundle versions, to attribute events that carry `bundleVersion` but no arm. */
  bundles?: { control?: string; candidate?: string };
  /** Capacity of the late-label request index (default 100,000). */
  requestIndexCapacity?: number;
  /** Tools the candidate bundle declares with `sideEffects: write` (counted in `facts`). */
  writeTools?: string[];
  /** The ticket's `evidence:` kinds: which fields of the events against a gate are kept (`gate-evidence.ts`). */
  evidence?: string[];
}

/** Counters for idempotent resume and for ingest metrics. */
export interface AppliedCounters {
  /** Events that changed the state. */
  events: number;
  /** Events that were for another release, had no attributable arm, or were stale. */
  ignored: number;
  /** The caller's sequence number of the last event applied or ignored, if it passes one. */
  lastSeq: number | null;
}

/** The live state of a release's gates. JSON form: `snapshotReleaseState` in `state-snapshot.ts`. */
export interface ReleaseGateState {
  config: ReleaseGateConfig;
  alpha: number;
  startedAt: string;
  stageStartedAt: string;
  stage: number;
  /** Compiled gates, in ticket order (not persisted; recompiled from `config.gates`). */
  compiled: CompiledGate[];
  /**
   * Each gate's state by name. To replace a gate's state, build a new record (as evaluation and
   * overrides do) rather than assigning into this one: ingest caches which states it feeds per
   * record (`apply-plan.ts`). Mutating a gate state's contents in place is what ingest does.
   */
  gates: Record<string, GateState>;
  index: RequestIndex | null;
  applied: AppliedCounters;
  /** Blast radius and write side effects of the candidate (`release-facts.ts`). */
  facts: ReleaseFacts;
  /** `config.writeTools` as a set (not persisted; rebuilt from the config). */
  writeTools: ReadonlySet<string>;
}

/** Why an event did or did not change the state. */
export type ApplyResult =
  | { applied: true; arm: Arm }
  | {
      applied: false;
      reason: 'duplicate-seq' | 'other-release' | 'no-arm' | 'unknown-request' | 'stamp-mismatch' | 'not-used';
    };

/** A fresh state at release start (`startedAt` from the injected clock). */
export function createReleaseState(config: ReleaseGateConfig, startedAt: Date): ReleaseGateState {
  const compiled = config.gates.map((g) => compileGate(g, config.test));
  const gates: Record<string, GateState> = {};
  for (const gate of compiled) gates[gate.name] = initialGateState(gate, config);
  const needsIndex = compiled.some((g) => g.info.lateLabels);
  const at = startedAt.toISOString();
  return {
    config,
    alpha: config.alpha ?? DEFAULT_ALPHA,
    startedAt: at,
    stageStartedAt: at,
    stage: 0,
    compiled,
    gates,
    index: needsIndex ? createRequestIndex(config.requestIndexCapacity) : null,
    applied: { events: 0, ignored: 0, lastSeq: null },
    facts: createReleaseFacts(),
    writeTools: new Set(config.writeTools),
  };
}

function initialGateState(gate: CompiledGate, config: ReleaseGateConfig): GateState {
  const gs = createGateState(gate);
  if (gate.source.kind !== 'events') return gs;
  if (gate.comparison.kind === 'absolute' && gate.quantile !== undefined) {
    // Latency tests run on exceedance of a threshold frozen now, at release start (ADR 0002).
    const threshold = resolveBound(gate, gate.comparison.bound, config.references ?? {});
    if (threshold !== undefined) gs.exceedance = { threshold, candidate: emptyMoments(), control: emptyMoments() };
  }
  // Nonnegative means against a fixed bound: the betting test's bound is frozen now too.
  gs.sequential.betting = initialBetting(gate, config.references ?? {});
  if (gs.drift !== null)
    for (const name of driftSeriesNames(gate)) gs.drift[name] = createSeries(gate, config.distributions?.[name]);
  return gs;
}

/** `prediction` for prediction drift, the listed features for feature drift. */
export function driftSeriesNames(gate: CompiledGate): readonly string[] {
  return gate.metric === 'prediction_distribution' ? ['prediction'] : (gate.features ?? []);
}

function createSeries(gate: CompiledGate, ref: ReferenceDistribution | undefined): DriftSeries {
  const series: DriftSeries = {
    edges: null,
    reference: null,
    pending: { candidate: [], control: [] },
    counts: { candidate: [], control: [] },
  };
  const usable = ref !== undefined && ref.proportions.length === ref.edges.length + 1;
  if (usable) {
    freezeDriftEdges(series, [...ref.edges]);
    if (gate.comparison.kind === 'drift' && gate.comparison.against === 'reference')
      series.reference = normaliseReference(ref.proportions);
  }
  return series;
}

/**
 * One probe round of an arm (in place): every endpoint its bundle declares, probed at `at`; `ok`
 * is false if any of them failed. Call it once per round, not once per endpoint: a passing
 * endpoint must not reset another's failures (GATES.md: the endpoint "failed 3 consecutive
 * probes"). The release machine probes once per tick (`release-tick.ts`). Only the candidate's
 * rounds gate.
 */
export function applyProbe(state: ReleaseGateState, probe: { arm: Arm; ok: boolean; at: Date }): void {
  if (probe.arm !== 'candidate') return;
  for (const gate of state.compiled) {
    const health = state.gates[gate.name]?.health;
    if (health === undefined || health === null) continue;
    health.probes += 1;
    health.consecutiveFailures = probe.ok ? 0 : health.consecutiveFailures + 1;
    health.lastOk = probe.ok;
    health.lastProbeAt = probe.at.toISOString();
  }
}

/** A new stage began: stage windows start empty; release windows, rings and tests continue. */
export function startStage(state: ReleaseGateState, at: Date): void {
  state.stage += 1;
  state.stageStartedAt = at.toISOString();
  for (const gate of state.compiled) {
    const gs = state.gates[gate.name];
    if (gs === undefined) continue;
    gs.moments.candidate.stage = emptyMoments();
    gs.moments.control.stage = emptyMoments();
    if (gs.sketches !== null)
      for (const arm of ['candidate', 'control'] as const) gs.sketches[arm].stage = createLatencySketch();
    if (gs.drift !== null && gate.window.kind === 'stage')
      for (const series of Object.values(gs.drift)) resetCounts(series);
  }
}

function resetCounts(series: DriftSeries): void {
  series.counts = { candidate: series.counts.candidate.map(() => 0), control: series.counts.control.map(() => 0) };
}
