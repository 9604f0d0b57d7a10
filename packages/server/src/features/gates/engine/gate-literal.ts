/**
 * The literal reading of a gate: its words applied to the numbers in its window, exactly as
 * GATES.md defines them (docs/gates.md records every choice where GATES.md is silent). No
 * statistics beyond the point estimate: that is the sequential test's job (`gate-sequential.ts`).
 * Rates, means and latency are read here; counts, health and drift in `gate-literal-discrete.ts`.
 */
import { emptyMoments, ratioEstimate, type Moments } from '../../../stats/moments.js';
import { cloneSketch, exactQuantile, sketchQuantile } from '../../../stats/latency-sketch.js';
import type { CompiledGate } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import { bucketMoments, liveSlots, ringColumn, ringMoments, ringOldest } from './window-ring.js';
import { emptyReading as empty, windowPhrase, type LiteralContext, type LiteralReading } from './gate-reading.js';
import { readCount, readDrift, readHealth } from './gate-literal-discrete.js';
import { queryBlocker, readAlerts, readQueryValue } from './gate-literal-signal.js';
import { holds, preconditionHolds, thresholdOf } from './gate-compare.js';

export type { Verdict, LiteralReading, LiteralContext } from './gate-reading.js';
export { windowPhrase } from './gate-reading.js';

/** The literal reading of one gate. */
export function readLiteral(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading {
  const source = gate.source;
  if (source.kind === 'alert') return readAlerts(gate, gs);
  if (source.kind === 'query') {
    const blocked = queryBlocker(gate, gs, ctx);
    if (blocked !== null) return blocked;
    if (source.form.kind === 'value') return readQueryValue(gate, gs, ctx);
  }
  switch (gate.info.kind) {
    case 'rate':
    case 'mean':
    case 'ratio':
    case 'quantile':
      return readMeasured(gate, gs, ctx);
    case 'drift':
      return readDrift(gate, gs);
    case 'count':
      return readCount(gate, gs, ctx);
    case 'health':
      return readHealth(gs, ctx);
  }
}

/** Candidate and control moments over the gate's window. */
export function windowMoments(
  gate: CompiledGate,
  gs: GateState,
  nowMs: number,
): { candidate: Moments; control: Moments } {
  const w = gate.window;
  if (w.kind === 'consecutive' && gs.ring !== null) {
    const oldest = ringOldest(gs.ring) ?? [0, 0, 0, 0, 0];
    const c = gs.moments.control.release;
    const control = {
      ...emptyMoments(),
      n: c.n - (oldest[2] ?? 0),
      sx: c.sx - (oldest[3] ?? 0),
      sy: c.sy - (oldest[4] ?? 0),
    };
    return { candidate: ringMoments(gs.ring), control: gate.info.kind === 'quantile' ? controlRingCount(gs) : control };
  }
  if (w.kind === 'sliding' && gs.buckets !== null) {
    return {
      candidate: bucketMoments(gs.buckets, 'candidate', nowMs, w.ms),
      control: bucketMoments(gs.buckets, 'control', nowMs, w.ms),
    };
  }
  const which = w.kind === 'release' ? 'release' : 'stage';
  return { candidate: gs.moments.candidate[which], control: gs.moments.control[which] };
}

function controlRingCount(gs: GateState): Moments {
  return { ...emptyMoments(), n: gs.controlRing?.size ?? 0 };
}

/** Candidate and control values over the window: ratio estimates, or quantiles for latency. */
function windowValues(
  gate: CompiledGate,
  gs: GateState,
  nowMs: number,
  m: { candidate: Moments; control: Moments },
): [number, number] {
  const q = gate.quantile;
  if (q === undefined) return [ratioEstimate(m.candidate), ratioEstimate(m.control)];
  const w = gate.window;
  if (w.kind === 'consecutive' && gs.ring !== null) {
    return [
      exactQuantile(ringColumn(gs.ring, 0), q) ?? NaN,
      gs.controlRing ? (exactQuantile(ringColumn(gs.controlRing, 0), q) ?? NaN) : NaN,
    ];
  }
  if (w.kind === 'sliding' && gs.buckets !== null && gs.bucketSketches !== null) {
    const slots = liveSlots(gs.buckets, nowMs, w.ms);
    const merged = (arm: 'candidate' | 'control'): number => {
      const first = gs.bucketSketches?.[arm][slots[0] ?? -1];
      if (first === undefined) return NaN;
      const sum = cloneSketch(first);
      for (const slot of slots.slice(1)) {
        const s = gs.bucketSketches?.[arm][slot];
        if (s !== undefined && s.count > 0) sum.merge(s);
      }
      return sketchQuantile(sum, q) ?? NaN;
    };
    return [merged('candidate'), merged('control')];
  }
  const which = w.kind === 'release' ? 'release' : 'stage';
  const at = (arm: 'candidate' | 'control'): number => {
    const sketch = gs.sketches?.[arm][which];
    return sketch === undefined ? NaN : (sketchQuantile(sketch, q) ?? NaN);
  };
  return [at('candidate'), at('control')];
}

function readMeasured(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading {
  const nowMs = ctx.now.getTime();
  const m = windowMoments(gate, gs, nowMs);
  const c = gate.comparison;
  const pre = gate.controlCondition;
  const usesControl = c.kind === 'control-ratio' || c.kind === 'control-delta' || pre !== undefined;
  const samples = { candidate: m.candidate.n, control: usesControl ? m.control.n : null };
  const undeclared = undeclaredFeatures(gate, gs, usesControl);
  if (undeclared !== null) return empty(gate, undeclared, samples, true);
  const need = gate.window.kind === 'consecutive' ? gate.window.size : gate.minSamples;
  const controlNeed = Math.min(need, gate.minSamples);
  const [cand, ctl] = windowValues(gate, gs, nowMs, m);
  const known = (n: number, v: number): boolean => n > 0 && !Number.isNaN(v);
  const full = m.candidate.n >= need;
  // A window not yet full is shown only beside the sequential test, which does not wait for it.
  const showCandidate = known(m.candidate.n, cand) && (full || gate.test === 'sequential');
  const base = {
    statistic: showCandidate ? cand : null,
    control: usesControl && known(m.control.n, ctl) ? ctl : null,
    samples,
    window: windowPhrase(gate),
  };
  const threshold = thresholdOf(gate, ctx.references, ctl) ?? null;
  // A control precondition gates every mode, whether or not the candidate's window is full: a
  // comparison that is not meaningful (or not yet known to be) never breaches (GATES.md).
  if (pre !== undefined) {
    if (m.control.n < controlNeed || Number.isNaN(ctl))
      return {
        ...base,
        verdict: 'inconclusive',
        threshold,
        reason: `control has ${m.control.n} of the ${controlNeed} samples needed to check the precondition`,
        blocking: true,
      };
    if (!preconditionHolds(pre, ctl))
      return {
        ...base,
        verdict: 'inconclusive',
        threshold,
        reason: `control is not ${pre.side} the precondition, so the comparison is not meaningful`,
        blocking: true,
      };
  }
  if (!full) return notYet(gate, base, threshold, `${m.candidate.n} of the ${need} candidate samples needed`);
  if (usesControl && m.control.n < controlNeed)
    return notYet(gate, base, threshold, `control has ${m.control.n} of the ${controlNeed} samples needed`);
  if (Number.isNaN(cand)) return { ...empty(gate, 'no value over the window yet', samples), ...base };
  if (threshold === null)
    return { ...base, verdict: 'inconclusive', threshold: null, reason: missingReference(gate), blocking: true };
  const reading: LiteralReading = {
    ...base,
    verdict: holds(gate, cand, ctl, threshold) ? 'breached' : 'passing',
    threshold,
    reason: null,
    blocking: false,
  };
  // An absolute gate reads control against the same words too (docs/gates.md "Shared causes").
  if (c.kind === 'absolute' && m.control.n >= controlNeed && Number.isFinite(ctl))
    reading.controlArm = { value: ctl, samples: m.control.n, breached: holds(gate, ctl, ctl, threshold) };
  return reading;
}

/** Too little data: the numbers so far beside the sequential test, an empty reading otherwise. */
function notYet(
  gate: CompiledGate,
  base: Pick<LiteralReading, 'statistic' | 'control' | 'samples' | 'window'>,
  threshold: number | null,
  reason: string,
): LiteralReading {
  if (gate.test !== 'sequential') return empty(gate, reason, base.samples);
  return { ...base, verdict: 'inconclusive', threshold, reason, blocking: false };
}

/**
 * `missing_feature_rate` needs a declared feature list (the gate's `features`, else the arm
 * bundle's): without one an absent feature cannot be told from one the model never used, so there
 * is no denominator. `gate-observe.ts` records such outcomes as (0, 0) — seen, nothing to count —
 * and the gate is inconclusive, like a gate whose reference is missing. `null` when declared.
 */
function undeclaredFeatures(gate: CompiledGate, gs: GateState, usesControl: boolean): string | null {
  if (gate.metric !== 'missing_feature_rate' || gate.features !== undefined) return null;
  const none = (arm: 'candidate' | 'control'): boolean => {
    const r = gs.moments[arm].release;
    return r.n > 0 && r.sy === 0;
  };
  const where = none('candidate') ? 'the candidate' : usesControl && none('control') ? 'control' : null;
  if (where === null) return null;
  return `no features are declared for ${where}: list them in the gate's features: or in the bundle's feature list`;
}

function missingReference(gate: CompiledGate): string {
  const c = gate.comparison;
  if (c.kind === 'absolute' && c.bound.kind === 'reference') return `no value for ${c.bound.reference} is available`;
  return 'control has no value over the window yet';
}
