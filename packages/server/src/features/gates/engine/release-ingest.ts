/**
 * Ingest into a release's gate state: routes one event to every gate it concerns, in place (the
 * hot path). Outcomes are attributed by `arm` or `bundleVersion`; late labels through the bounded
 * request index or their stamp (ADR 0012); crashes and complaints feed the count gates.
 */
import type { Arm, IngestEvent, OutcomeEvent } from '@ripcord/protocol';
import type { CompiledGate } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import {
  applyControlCount,
  applyCount,
  applyDriftValue,
  applyLatency,
  applyMeasured,
  observeLabel,
  observeOutcome,
  type Observation,
} from './gate-observe.js';
import { applyPlan } from './apply-plan.js';
import { eventTimeMs } from './event-time.js';
import { indexRequest, lookupRequest } from './request-index.js';
import { keyBucket } from '../../../stats/key-buckets.js';
import { countCandidateOutcome, countErrorKind } from './release-facts.js';
import { evidenceKinds, keepOutcome, keepReview } from './gate-evidence.js';
import type { ApplyResult, ReleaseGateState } from './release-state.js';

// The observation every gate writes into and applies at once (see observeOutcome): the engine is
// synchronous and nothing keeps it, so one object serves every gate of every event.
const scratch: Observation = { x: 0, y: 0 };

/**
 * Applies one ingest event to every gate it concerns (in place). `seq` is the caller's monotonic
 * sequence number (e.g. the event log offset); an event at or below the last one is ignored.
 */
export function applyEvent(state: ReleaseGateState, event: IngestEvent, seq?: number): ApplyResult {
  if (seq !== undefined && state.applied.lastSeq !== null && seq <= state.applied.lastSeq)
    return { applied: false, reason: 'duplicate-seq' };
  if (seq !== undefined) state.applied.lastSeq = seq;
  const result = route(state, event);
  if (result.applied) state.applied.events += 1;
  else state.applied.ignored += 1;
  return result;
}

function route(state: ReleaseGateState, event: IngestEvent): ApplyResult {
  if (event.release !== undefined && event.release !== state.config.release)
    return { applied: false, reason: 'other-release' };
  const atMs = eventTimeMs(event.at);
  switch (event.type) {
    case 'outcome':
      return applyOutcome(state, event, atMs);
    case 'crash':
      return applyCrash(state, event.arm ?? armOfBundle(state, event.bundleVersion), atMs, event.id);
    case 'review':
    case 'ground_truth':
      return applyLabel(state, event, atMs);
    case 'complaint':
      return applyComplaint(state, event, atMs);
  }
}

function armOfBundle(state: ReleaseGateState, version: string | undefined): Arm | undefined {
  const bundles = state.config.bundles;
  if (version === undefined || bundles === undefined) return undefined;
  if (version === bundles.candidate) return 'candidate';
  if (version === bundles.control) return 'control';
  return undefined;
}

function applyOutcome(state: ReleaseGateState, e: OutcomeEvent, atMs: number): ApplyResult {
  const arm = e.arm ?? armOfBundle(state, e.bundleVersion);
  if (arm === undefined) return { applied: false, reason: 'no-arm' };
  if (state.index !== null) indexRequest(state.index, e.requestId, { arm, prediction: e.prediction });
  if (arm === 'candidate') countCandidateOutcome(state.facts, e, atMs, state.writeTools);
  countErrorKind(state.facts, arm, e);
  const declared = state.config.declaredFeatures?.[arm];
  // Gate states are independent of one another, so feeding them kind by kind (the plan's order)
  // rather than in ticket order gives the same states.
  const plan = applyPlan(state);
  const latencyMs = e.latencyMs;
  if (latencyMs !== undefined) for (const { gs } of plan.latency) applyLatency(gs, arm, latencyMs, atMs);
  // The key bucket, hashed once per event and only when a gate keeps key buckets (docs/gates.md
  // "Heavy keys"): the bucketing key when the app reports one, else the request id.
  let bucket = -1;
  for (const { gate, gs } of plan.measured)
    if (observeOutcome(gate, e, declared, scratch)) {
      if (gs.keys !== null && bucket < 0) bucket = keyBucket(e.key ?? e.requestId);
      applyMeasured(gs, arm, scratch, atMs, bucket, e.key !== undefined);
      if (gs.kept != null) keepOutcome(gate, gs.kept, arm, e, scratch, evidenceKinds(state.config));
    }
  for (const { gate, gs } of plan.drift) {
    applyDrift(gate, gs, arm, e);
    applyServed(gs, arm);
  }
  if (e.errorKind === 'oom' || e.errorKind === 'crash')
    for (const { gate, gs } of plan.crashes)
      if (gs.count !== null && gate.comparison.kind === 'count') {
        if (arm === 'candidate') applyCount(gs.count, gate.comparison.atLeast, atMs, e.requestId);
        else applyControlCount(gs.count, atMs);
      }
  // Every gate counts what the candidate served, so count/health gates know there was traffic.
  for (const gs of plan.served) applyServed(gs, arm);
  return { applied: true, arm };
}

function applyServed(gs: GateState, arm: Arm): void {
  gs.moments[arm].release.n += 1;
  gs.moments[arm].stage.n += 1;
}

function applyDrift(gate: CompiledGate, gs: GateState, arm: Arm, e: OutcomeEvent): void {
  const drift = gs.drift;
  if (drift === null) return;
  const predictionGate = gate.metric === 'prediction_distribution';
  // for…in rather than Object.entries: same keys in the same order, without an array per event.
  for (const name in drift) {
    const series = drift[name];
    const value = name === 'prediction' && predictionGate ? e.prediction : e.features?.[name];
    if (series !== undefined && typeof value === 'number') applyDriftValue(series, arm, value, gate.minSamples);
  }
}

function applyCrash(state: ReleaseGateState, arm: Arm | undefined, atMs: number, id: string): ApplyResult {
  if (arm === undefined) return { applied: false, reason: 'no-arm' };
  let used = false;
  for (const gate of state.compiled) {
    const gs = state.gates[gate.name];
    if (gate.metric !== 'oom_crashes' || gs?.count == null || gate.comparison.kind !== 'count') continue;
    used = true;
    if (arm === 'candidate') applyCount(gs.count, gate.comparison.atLeast, atMs, id);
    else applyControlCount(gs.count, atMs);
  }
  return used ? { applied: true, arm } : { applied: false, reason: 'not-used' };
}

/**
 * Where a late label belongs (ADR 0012). The request index, when it still holds the request, is
 * authoritative: the server saw the outcome. Otherwise the label's stamp from the request's handle
 * (`arm`, and the `bundleVersion` that served it) attributes it however late it arrives; a stamp
 * whose bundle is not the one this release runs on that arm is refused (`stamp-mismatch`) rather
 * than counted on the wrong arm. `verified` says the candidate's serving the request is known —
 * from the index or from a stamp naming the candidate's bundle — which `matchingSamples` requires.
 */
export function attributeLabel(
  state: ReleaseGateState,
  requestId: string,
  stamp: { arm?: Arm | undefined; bundleVersion?: string | undefined; prediction?: number | undefined },
): { arm: Arm; prediction: number | undefined; verified: boolean } | { reason: 'unknown-request' | 'stamp-mismatch' } {
  const known = state.index === null ? undefined : lookupRequest(state.index, requestId);
  if (known !== undefined) return { arm: known.arm, prediction: known.prediction, verified: true };
  const arm = stamp.arm;
  if (arm === undefined) return { reason: 'unknown-request' };
  const expected = state.config.bundles?.[arm];
  const version = stamp.bundleVersion;
  if (version !== undefined && expected !== undefined && version !== expected) return { reason: 'stamp-mismatch' };
  return { arm, prediction: stamp.prediction, verified: version !== undefined && version === expected };
}

function applyLabel(
  state: ReleaseGateState,
  e: Extract<IngestEvent, { type: 'review' | 'ground_truth' }>,
  atMs: number,
): ApplyResult {
  const where = attributeLabel(state, e.requestId, {
    arm: e.arm,
    bundleVersion: e.bundleVersion,
    prediction: e.type === 'ground_truth' ? e.prediction : undefined,
  });
  if ('reason' in where) return { applied: false, reason: where.reason };
  const arm = where.arm;
  let used = false;
  let bucket = -1;
  for (const { gate, gs } of applyPlan(state).labels) {
    if (!observeLabel(gate, e, where.prediction, scratch)) continue;
    // A label knows its request, not the request's key: it is bucketed by the request id.
    if (gs.keys !== null && bucket < 0) bucket = keyBucket(e.requestId);
    applyMeasured(gs, arm, scratch, atMs, Math.max(bucket, 0));
    if (e.type === 'review' && gs.kept != null) keepReview(gs.kept, arm, e, evidenceKinds(state.config));
    used = true;
  }
  return used ? { applied: true, arm } : { applied: false, reason: 'not-used' };
}

function applyComplaint(
  state: ReleaseGateState,
  e: Extract<IngestEvent, { type: 'complaint' }>,
  atMs: number,
): ApplyResult {
  const sampleId = e.sampleId;
  const where = attributeLabel(state, sampleId, { arm: e.arm, bundleVersion: e.bundleVersion });
  if ('reason' in where) return { applied: false, reason: where.reason };
  const arm = where.arm;
  if (!e.confirmed) return { applied: false, reason: 'not-used' };
  for (const gate of state.compiled) {
    const gs = state.gates[gate.name];
    const c = gate.comparison;
    if (gate.metric !== 'confirmed_complaints' || gs?.count == null || c.kind !== 'count') continue;
    if (arm === 'control') {
      // Control's complaints count for the shared-cause comparison, only for samples it is known to have served.
      if (!c.matchingSamples || where.verified) applyControlCount(gs.count, atMs);
      continue;
    }
    // With matchingSamples the sample must be one the candidate is known to have served: the index
    // saw it, or the stamp names the candidate's bundle.
    if (c.matchingSamples && !where.verified) gs.count.unmatched += 1;
    else applyCount(gs.count, c.atLeast, atMs, sampleId);
  }
  return { applied: true, arm };
}
