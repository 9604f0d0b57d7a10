/**
 * From one outcome or label to one gate's numbers: what each metric observes in an event
 * (docs/gates.md "Metrics"), and how the observation updates the gate's windows in place. This is
 * the ingest hot path, so it allocates as little as it can and never throws.
 */
import type { Arm, GroundTruthEvent, OutcomeEvent, ReviewEvent } from '@ripcord/protocol';
import { addObservation } from '../../../stats/moments.js';
import { binIndex, quantileEdges } from '../../../stats/drift.js';
import { createLatencySketch } from '../../../stats/latency-sketch.js';
import { addBet } from '../../../stats/betting-mean.js';
import { addToBucket } from '../../../stats/key-buckets.js';
import type { CompiledGate } from '../language/gate-compile.js';
import { CONTROL_RECENT, type CountState, type DriftSeries, type GateState } from './gate-state.js';
import { bucketFor, pushRing, type BucketPlacement, type Ring } from './window-ring.js';

/**
 * One observation of a ratio metric: numerator x over denominator y (y = 1 for rates/means; for
 * cost, y = 1 for a successful task and 0 otherwise; for missing features, y = features declared).
 */
export interface Observation {
  x: number;
  y: number;
  /**
   * True for a cost with no task result: it adds to the sums, but in an `over: { completedTasks }`
   * window it joins the latest completed task instead of being a task of its own.
   */
  untied?: boolean;
}

/** The placement of a gate without buckets. */
const NO_BUCKET: Readonly<BucketPlacement> = Object.freeze({ slot: -1, fresh: false });

/** Number of bins when drift bins are frozen from control values. */
export const DRIFT_BINS = 10;
/** Candidate values buffered per series until control has enough values to fix the bins. */
export const DRIFT_PENDING_FACTOR = 10;
/** Evidence ids kept per count gate. */
export const COUNT_SAMPLE_IDS = 10;

/** Writes a 0/1 flag observation into `out`; true (an observation was made). */
function flag(out: Observation, b: boolean): true {
  out.x = b ? 1 : 0;
  out.y = 1;
  out.untied = false;
  return true;
}

/**
 * Tool-call metrics count requests (every outcome is one): a request counts when one of its calls
 * — of `tool` when the gate names one — is what the metric looks for.
 */
function anyCall(
  e: OutcomeEvent,
  tool: string | undefined,
  is: (call: NonNullable<OutcomeEvent['toolCalls']>[number]) => boolean,
): boolean {
  const calls = e.toolCalls;
  if (calls === undefined) return false;
  for (const c of calls) if ((tool === undefined || c.name === tool) && is(c)) return true;
  return false;
}

/** Writes (x, y) into `out`; true (an observation was made). */
function observed(out: Observation, x: number, y: number, untied = false): true {
  out.x = x;
  out.y = y;
  out.untied = untied;
  return true;
}

/**
 * What a rate/mean/ratio metric observes in an outcome, written into `out`; false when the event
 * has no denominator for it. The caller owns `out` and reuses it: this runs for every outcome and
 * every measured gate, and a result object per call was most of the engine's garbage.
 */
export function observeOutcome(
  gate: CompiledGate,
  e: OutcomeEvent,
  declared: readonly string[] | undefined,
  out: Observation,
): boolean {
  switch (gate.metric) {
    case 'error_rate':
      return flag(out, e.error === true || (e.error === undefined && e.errorKind !== undefined));
    case 'schema_failure_rate':
      return e.schemaValid === undefined ? false : flag(out, !e.schemaValid);
    case 'cost_per_successful_task':
      // Total cost / successful tasks (GATES.md): a completed task adds its cost and 1 if it
      // succeeded; a call that reports a cost but no task result (an errored call, a retry) still
      // cost money, so it adds its cost and no success. x ≥ 0, y ∈ {0, 1}: the betting test holds.
      if (e.taskSuccess !== undefined) return observed(out, e.costUsd ?? 0, e.taskSuccess ? 1 : 0);
      return e.costUsd === undefined ? false : observed(out, e.costUsd, 0, true);
    case 'safety_block_rate':
      return flag(out, e.safetyBlocked === true);
    case 'primary_metric':
      return e.primaryMetric === undefined || !Number.isFinite(e.primaryMetric)
        ? false
        : observed(out, e.primaryMetric, 1);
    case 'conversion_rate':
      return e.converted === undefined ? false : flag(out, e.converted);
    case 'missing_feature_rate':
      return observeMissing(gate.features ?? declared ?? [], e.features, out);
    case 'tool_call_rate':
      return flag(
        out,
        anyCall(e, gate.spec.tool, () => true),
      );
    case 'tool_write_rate':
      return flag(
        out,
        anyCall(e, gate.spec.tool, (c) => c.sideEffects === 'write'),
      );
    case 'unsafe_tool_call_rate':
      return flag(
        out,
        anyCall(e, gate.spec.tool, (c) => c.blocked === true || c.unsafe === true),
      );
    case 'latency_p95':
    case 'latency_p99':
    case 'review_rejection_rate':
    case 'prediction_error_mape':
    case 'confirmed_complaints':
    case 'health_check':
    case 'oom_crashes':
    case 'prediction_distribution':
    case 'feature_distribution':
      // Latency, late labels, counts, probes and drift are observed by their own paths.
      return false;
  }
}

/**
 * A declared feature counts as missing when absent from the event or `null`. With no declared list
 * (neither the gate's `features` nor the bundle's) there is no denominator: the outcome is recorded
 * as (0, 0), seen but nothing counted, and the reading says no features are declared
 * (`gate-literal.ts`) instead of passing on the keys the event happens to send.
 */
function observeMissing(features: readonly string[], values: OutcomeEvent['features'], out: Observation): boolean {
  if (features.length === 0) return observed(out, 0, 0);
  let missing = 0;
  for (const f of features) {
    const v = values?.[f];
    if (v === undefined || v === null || !Number.isFinite(v)) missing += 1;
  }
  return observed(out, missing, features.length);
}

/** What a late-label metric observes in a review or ground-truth event, written into `out`. */
export function observeLabel(
  gate: CompiledGate,
  e: ReviewEvent | GroundTruthEvent,
  prediction: number | undefined,
  out: Observation,
): boolean {
  if (gate.metric === 'review_rejection_rate' && e.type === 'review') return flag(out, e.verdict === 'rejected');
  if (gate.metric === 'prediction_error_mape' && e.type === 'ground_truth') {
    // MAPE is undefined at actual = 0; such labels are skipped rather than counted as infinite.
    if (prediction === undefined || e.actual === 0 || !Number.isFinite(e.actual)) return false;
    return observed(out, Math.abs(e.actual - prediction) / Math.abs(e.actual), 1);
  }
  return false;
}

/** Release, stage and bucket sums; returns where the bucket placement went (slot −1 if none). */
function addToSums(gs: GateState, arm: Arm, x: number, y: number, atMs: number): Readonly<BucketPlacement> {
  const acc = gs.moments[arm];
  addObservation(acc.release, x, y);
  addObservation(acc.stage, x, y);
  if (gs.buckets === null) return NO_BUCKET;
  const placed = bucketFor(gs.buckets, atMs);
  const bucket = gs.buckets[arm][placed.slot];
  if (bucket !== undefined) addObservation(bucket, x, y);
  return placed;
}

/**
 * Adds a rate/mean/ratio observation to every window of the gate (in place). `bucket` is the
 * observation's hashed key bucket (`keyBucket`), `keyed` whether it came from a bucketing key
 * rather than a request id; only gates with key buckets read them.
 */
export function applyMeasured(
  gs: GateState,
  arm: Arm,
  obs: Observation,
  atMs: number,
  bucket = 0,
  keyed = false,
): void {
  addToSums(gs, arm, obs.x, obs.y, atMs);
  const keys = gs.keys;
  if (keys !== null) {
    addToBucket(keys[arm], bucket, obs.x, obs.y);
    if (keyed) keys.keyed += 1;
  }
  if (arm !== 'candidate') return;
  if (gs.ring !== null) {
    // The control sums at this moment let the window compare with control over the same span.
    const c = gs.moments.control.release;
    if (obs.untied === true) addToLatestRow(gs.ring, obs.x);
    else pushRing(gs.ring, obs.x, obs.y, c.n, c.sx, c.sy);
  }
  // The betting test's wealth needs every observation (six log1p); only its gates have one.
  const betting = gs.sequential.betting;
  if (betting !== null) addBet(betting, obs.x, obs.y);
}

/**
 * Adds `x` to the newest row's numerator: the window of the N most recent completed tasks spans
 * from the oldest of them to now, so a call's cost after a task belongs with that task, and leaves
 * the window with it. Before the first task there is no row, and the cost is outside every window
 * (it still counts in the stage and release sums and in the sequential test).
 */
function addToLatestRow(ring: Ring, x: number): void {
  const column = ring.columns[0];
  if (ring.size === 0 || column === undefined) return;
  const latest = (ring.head - 1 + ring.capacity) % ring.capacity;
  column[latest] = (column[latest] ?? 0) + x;
}

/** Adds one latency to sums, sketches, rings, buckets and the exceedance counts (in place). */
export function applyLatency(gs: GateState, arm: Arm, latencyMs: number, atMs: number): void {
  if (!(latencyMs >= 0) || !Number.isFinite(latencyMs)) return;
  const { slot, fresh } = addToSums(gs, arm, latencyMs, 1, atMs);
  gs.sketches?.[arm].release.accept(latencyMs);
  gs.sketches?.[arm].stage.accept(latencyMs);
  if (arm === 'candidate' && gs.ring !== null) pushRing(gs.ring, latencyMs, 1, 0, 0, 0);
  if (arm === 'control' && gs.controlRing !== null) pushRing(gs.controlRing, latencyMs);
  if (slot >= 0 && gs.bucketSketches !== null) {
    const sketches = gs.bucketSketches;
    if (fresh || sketches[arm][slot] === undefined) {
      sketches.candidate[slot] = createLatencySketch();
      sketches.control[slot] = createLatencySketch();
    }
    sketches[arm][slot]?.accept(latencyMs);
  }
  if (gs.exceedance !== null) addObservation(gs.exceedance[arm], latencyMs > gs.exceedance.threshold ? 1 : 0, 1);
}

/** Adds one value to a drift series: binned once the edges are frozen, buffered before. */
export function applyDriftValue(series: DriftSeries, arm: Arm, value: number, minSamples: number): void {
  if (!Number.isFinite(value)) return;
  if (series.edges !== null) {
    const counts = series.counts[arm];
    const bin = binIndex(series.edges, value);
    counts[bin] = (counts[bin] ?? 0) + 1;
    return;
  }
  const pending = series.pending[arm];
  if (pending.length < minSamples * DRIFT_PENDING_FACTOR) pending.push(value);
  if (arm === 'control' && pending.length >= minSamples) freezeDriftEdges(series, quantileEdges(pending, DRIFT_BINS));
}

/** Fixes the bins and moves buffered values into counts. */
export function freezeDriftEdges(series: DriftSeries, edges: number[]): void {
  series.edges = edges;
  series.counts = {
    candidate: new Array<number>(edges.length + 1).fill(0),
    control: new Array<number>(edges.length + 1).fill(0),
  };
  const pending = series.pending;
  series.pending = { candidate: [], control: [] };
  for (const arm of ['candidate', 'control'] as const) for (const v of pending[arm]) applyDriftValue(series, arm, v, 1);
}

/** Records one counted event (crash or confirmed complaint) for the candidate. */
export function applyCount(cs: CountState, atLeast: number, atMs: number, evidenceId: string): void {
  cs.total += 1;
  let i = cs.recent.length;
  while (i > 0 && (cs.recent[i - 1] ?? 0) > atMs) i--;
  cs.recent.splice(i, 0, atMs);
  if (cs.recent.length > atLeast) cs.recent.shift();
  cs.samples.push(evidenceId);
  if (cs.samples.length > COUNT_SAMPLE_IDS) cs.samples.shift();
}

/** Records one counted event (crash or confirmed complaint) for control, for the shared-cause comparison. */
export function applyControlCount(cs: CountState, atMs: number): void {
  if (cs.control == null) return;
  const c = cs.control;
  c.total += 1;
  let i = c.recent.length;
  while (i > 0 && (c.recent[i - 1] ?? 0) > atMs) i--;
  c.recent.splice(i, 0, atMs);
  if (c.recent.length > CONTROL_RECENT) c.recent.shift();
}
