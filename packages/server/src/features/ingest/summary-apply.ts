/**
 * An edge summary into a release's gate state (docs/sdk-protocol.md §6.1): every gate is fed as
 * the outcomes the summary stands for would have fed it, one update per distinct value instead of
 * one per request. Metrics the summary carries come from its groups; any other metric observes
 * what a summarised outcome lacks (no features, no tool calls), the same for all of them. Evidence
 * comes from the summary's samples, and the release facts from its counts and keys.
 */
import type { Arm, OutcomeEvent, SummaryEvent, SummaryGroup, SummaryMetric } from '@ripcord/protocol';
import type { CompiledGate } from '../gates/language/gate-compile.js';
import type { GateState } from '../gates/engine/gate-state.js';
import type { ApplyResult, ReleaseGateState } from '../gates/engine/release-state.js';
import { observeOutcome, type Observation } from '../gates/engine/gate-observe.js';
import { applyPlan } from '../gates/engine/apply-plan.js';
import { countsAgainst, evidenceKinds, keepOutcome } from '../gates/engine/gate-evidence.js';
import { eventTimeMs } from '../gates/engine/event-time.js';
import { countSummaryFacts } from './summary-facts.js';
import { applyLatencyN, applyMeasuredN, applyServedN, applyUntiedN } from './summary-windows.js';
import { addToBucket } from '../../stats/key-buckets.js';

const SUMMARY_METRICS: ReadonlySet<string> = new Set<SummaryMetric>([
  'error_rate',
  'schema_failure_rate',
  'safety_block_rate',
  'conversion_rate',
  'primary_metric',
  'cost_per_successful_task',
]);

const scratch: Observation = { x: 0, y: 0 };

/** Applies one summary to every gate of its release (in place). */
export function applySummary(state: ReleaseGateState, s: SummaryEvent): ApplyResult {
  if (s.release !== state.config.release) return { applied: false, reason: 'other-release' };
  const arm = s.arm;
  const atMs = eventTimeMs(s.at);
  const blank: OutcomeEvent = {
    type: 'outcome',
    id: s.id,
    workflow: s.workflow,
    environment: s.environment,
    at: s.at,
    requestId: s.id,
  };
  const declared = state.config.declaredFeatures?.[arm];
  const samples = (s.samples ?? []).map((x) => sampleOutcome(s, x));
  const plan = applyPlan(state);
  // Slowest last: an `over:` window takes an interval's worst latencies as its most recent.
  const latency = plan.latency.some(({ gs }) => gs.ring !== null || gs.controlRing !== null)
    ? [...(s.latency ?? [])].sort((a, b) => a[0] - b[0])
    : (s.latency ?? []);
  for (const { gs } of plan.latency) for (const [ms, n] of latency) applyLatencyN(gs, arm, ms, n, atMs);
  for (const { gate, gs } of plan.measured) {
    const against = SUMMARY_METRICS.has(gate.metric)
      ? applyGroups(gate, gs, arm, s, atMs)
      : applyConstant(gate, gs, {
          arm,
          n: s.count,
          atMs,
          outcome: blank,
          declared,
          buckets: s.buckets,
          keyed: s.keyed ?? 0,
        });
    if (gs.kept != null) keepSamples(state, gate, gs, arm, samples, against);
  }
  for (const { gs } of plan.drift) applyServedN(gs, arm, s.count);
  for (const gs of plan.served) applyServedN(gs, arm, s.count);
  countSummaryFacts(state.facts, s);
  state.applied.events += s.count;
  return { applied: true, arm };
}

/** Sorts groups best first, worst last in the gate's direction (the `over:` window's order). */
function ordered(gate: CompiledGate, groups: readonly SummaryGroup[]): SummaryGroup[] {
  const d = gate.direction;
  return [...groups].sort((a, b) => d * (a[0] - b[0]) || d * (b[1] - a[1]));
}

/** Feeds a summary metric's groups; returns how many observations count against the gate. */
function applyGroups(gate: CompiledGate, gs: GateState, arm: Arm, s: SummaryEvent, atMs: number): number {
  const metric = gate.metric as SummaryMetric;
  let against = 0;
  const groups = s.metrics[metric] ?? [];
  for (const [x, y, n] of gs.ring === null ? groups : ordered(gate, groups)) {
    applyMeasuredN(gs, arm, x, y, n, atMs);
    if (countsAgainst(gate, { x })) against += n;
  }
  addBucketSums(gs, arm, s.buckets?.metrics[metric]);
  if (metric === 'cost_per_successful_task') {
    for (const [x, , n] of s.metrics.cost_without_task ?? []) {
      applyUntiedN(gs, arm, x, n, atMs);
      against += n;
    }
    addBucketSums(gs, arm, s.buckets?.metrics.cost_without_task);
  }
  return against;
}

/** A carried metric's per-key-bucket sums into the gate's heavy-key sums (when it keeps them). */
function addBucketSums(gs: GateState, arm: Arm, sums: { x: number[]; y: number[]; keyed: number } | undefined): void {
  const keys = gs.keys;
  if (keys === null || sums === undefined) return;
  for (let b = 0; b < sums.x.length; b++) addToBucket(keys[arm], b, sums.x[b] ?? 0, sums.y[b] ?? 0);
  keys.keyed += sums.keyed;
}

interface Constant {
  arm: Arm;
  n: number;
  atMs: number;
  outcome: OutcomeEvent;
  declared: readonly string[] | undefined;
  buckets: SummaryEvent['buckets'];
  keyed: number;
}

/** A metric the summary does not carry: every summarised outcome observes the same thing. */
function applyConstant(gate: CompiledGate, gs: GateState, c: Constant): number {
  if (!observeOutcome(gate, c.outcome, c.declared, scratch)) return 0;
  applyMeasuredN(gs, c.arm, scratch.x, scratch.y, c.n, c.atMs);
  const keys = gs.keys;
  if (keys !== null && c.buckets !== undefined) {
    c.buckets.count.forEach((n, b) => n > 0 && addToBucket(keys[c.arm], b, scratch.x * n, scratch.y * n));
    keys.keyed += c.keyed;
  }
  return countsAgainst(gate, scratch) ? c.n : 0;
}

/**
 * Keeps the summary's samples as the gate's evidence (the SDK sends the latest that count against
 * each carried metric, so the gate's most recent ones are among them), and counts every
 * observation of the summary that counted against it, sampled or not.
 */
function keepSamples(
  state: ReleaseGateState,
  gate: CompiledGate,
  gs: GateState,
  arm: Arm,
  samples: readonly OutcomeEvent[],
  against: number,
): void {
  const kept = gs.kept;
  if (kept == null) return;
  const before = kept.counted[arm];
  const kinds = evidenceKinds(state.config);
  for (const e of samples)
    if (observeOutcome(gate, e, state.config.declaredFeatures?.[arm], scratch))
      keepOutcome(gate, kept, arm, e, scratch, kinds);
  kept.counted[arm] = before + against;
}

/** A sample as the outcome it was. */
function sampleOutcome(s: SummaryEvent, x: NonNullable<SummaryEvent['samples']>[number]): OutcomeEvent {
  return { ...x, type: 'outcome', id: x.requestId, workflow: s.workflow, environment: s.environment, arm: s.arm };
}
