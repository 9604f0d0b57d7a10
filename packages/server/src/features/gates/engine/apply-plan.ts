/**
 * Which gates an event can concern, resolved once per gate-state record instead of per event.
 * Routing an outcome used to walk all of a release's gates, look each one's state up by name in
 * `state.gates` (a keyed load with as many keys as gates, which V8 cannot specialise) and branch
 * on its kind: with 50 gates that was the largest single cost of `applyEvent`. The plan holds the
 * gate states themselves, grouped by what feeds them.
 *
 * Validity: the plan is cached per `state.gates` object. Gate states are replaced only by building
 * a new record (evaluation, overrides, restore all do; see `ReleaseGateState.gates`), so a record
 * seen again still holds the same states; the compiled gates are checked too.
 */
import type { CompiledGate } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import type { ReleaseGateState } from './release-state.js';

/** A gate and its live state. */
export interface GateSlot {
  gate: CompiledGate;
  gs: GateState;
}

/** The gates of a release by what feeds them, each list in ticket order. */
export interface ApplyPlan {
  /** Latency gates (fed by an outcome's `latencyMs`). */
  latency: GateSlot[];
  /** Rate, mean and ratio gates (fed through `observeOutcome`). */
  measured: GateSlot[];
  /** Drift gates (fed by the prediction or features; also count what the arms served). */
  drift: GateSlot[];
  /** OOM/crash count gates with a count comparison (fed by an outcome's `errorKind`). */
  crashes: GateSlot[];
  /** Count and health gates, which only count what the arms served. */
  served: GateState[];
  /** Gates fed by review and ground-truth labels. */
  labels: GateSlot[];
}

interface CachedPlan {
  compiled: readonly CompiledGate[];
  plan: ApplyPlan;
}

/** Keyed by the gate-state record, so a plan is dropped with the record it was built from. */
const plans = new WeakMap<Record<string, GateState>, CachedPlan>();

function buildPlan(compiled: readonly CompiledGate[], gates: Record<string, GateState>): ApplyPlan {
  const plan: ApplyPlan = { latency: [], measured: [], drift: [], crashes: [], served: [], labels: [] };
  for (const gate of compiled) {
    const gs = gates[gate.name];
    // Gates fed from Prometheus, Datadog or alerts never count ripcord's own events.
    if (gs === undefined || gate.source.kind !== 'events') continue;
    const kind = gate.info.kind;
    if (kind === 'quantile') plan.latency.push({ gate, gs });
    else if (kind === 'rate' || kind === 'mean' || kind === 'ratio') plan.measured.push({ gate, gs });
    else if (kind === 'drift') plan.drift.push({ gate, gs });
    else if (kind === 'count' || kind === 'health') plan.served.push(gs);
    if (gate.metric === 'oom_crashes' && gate.comparison.kind === 'count') plan.crashes.push({ gate, gs });
    if (gate.metric === 'review_rejection_rate' || gate.metric === 'prediction_error_mape')
      plan.labels.push({ gate, gs });
  }
  return plan;
}

/** The state's plan, built on first use after its gate-state record was replaced. */
export function applyPlan(state: ReleaseGateState): ApplyPlan {
  const cached = plans.get(state.gates);
  if (cached !== undefined && cached.compiled === state.compiled) return cached.plan;
  const plan = buildPlan(state.compiled, state.gates);
  plans.set(state.gates, { compiled: state.compiled, plan });
  return plan;
}
