/**
 * The literal reading of a gate: its words applied to the numbers in its window, exactly as
 * GATES.md defines them (docs/gates.md records every choice where GATES.md is silent). No
 * statistics beyond the point estimate: that is the sequential test's job (`gate-sequential.ts`).
 * Rates, means and latency are read here; counts, health and drift in `gate-literal-discrete.ts`.
 */
import { emptyMoments, ratioEstimate, type Moments } from '../../stats/moments.js';
import { cloneSketch, exactQuantile, sketchQuantile } from '../../stats/latency-sketch.js';
import { resolveBound, type CompiledGate, type GateReferences } from './gate-compile.js';
import type { GateState } from './gate-state.js';
import { bucketMoments, liveSlots, ringColumn, ringMoments, ringOldest } from './window-ring.js';
import { emptyReading as empty, windowPhrase, type LiteralContext, type LiteralReading } from './gate-reading.js';
import { readCount, readDrift, readHealth } from './gate-literal-discrete.js';

export type { Verdict, LiteralReading, LiteralContext } from './gate-reading.js';
export { windowPhrase } from './gate-reading.js';

/** The literal reading of one gate. */
export function readLiteral(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading {
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
      return readHealth(gs);
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
  const usesControl = c.kind === 'control-ratio' || c.kind === 'control-delta' || gate.controlCondition !== undefined;
  const samples = { candidate: m.candidate.n, control: usesControl ? m.control.n : null };
  const need = gate.window.kind === 'consecutive' ? gate.window.size : gate.minSamples;
  if (m.candidate.n < need) return empty(gate, `${m.candidate.n} of the ${need} candidate samples needed`, samples);
  const controlNeed = Math.min(need, gate.minSamples);
  if (usesControl && m.control.n < controlNeed)
    return empty(gate, `control has ${m.control.n} of the ${controlNeed} samples needed`, samples);
  const [cand, ctl] = windowValues(gate, gs, nowMs, m);
  const base = {
    statistic: Number.isNaN(cand) ? null : cand,
    control: usesControl && !Number.isNaN(ctl) ? ctl : null,
    samples,
    window: windowPhrase(gate),
  };
  if (Number.isNaN(cand)) return { ...empty(gate, 'no value over the window yet', samples), ...base };
  const threshold = thresholdOf(gate, ctx.references, ctl);
  if (threshold === undefined)
    return { ...base, verdict: 'inconclusive', threshold: null, reason: missingReference(gate), blocking: true };
  const pre = gate.controlCondition;
  if (pre !== undefined && !(pre.side === 'below' ? ctl < pre.value : ctl > pre.value)) {
    return {
      ...base,
      verdict: 'inconclusive',
      threshold,
      reason: `control is not ${pre.side} the precondition, so the comparison is not meaningful`,
      blocking: true,
    };
  }
  return {
    ...base,
    verdict: holds(gate, cand, ctl, threshold) ? 'breached' : 'passing',
    threshold,
    reason: null,
    blocking: false,
  };
}

/** The value compared against, or `undefined` when a reference is unavailable. */
function thresholdOf(gate: CompiledGate, refs: GateReferences, ctl: number): number | undefined {
  const c = gate.comparison;
  if (c.kind === 'absolute') return resolveBound(gate, c.bound, refs);
  if (c.kind === 'control-ratio') return Number.isFinite(ctl) ? c.multiple * ctl : undefined;
  if (c.kind === 'control-delta') return Number.isFinite(ctl) ? ctl + gate.direction * c.delta : undefined;
  return undefined;
}

/** Strict for above/below ("above 5 %"), inclusive for worseThanControlBy ("at least 5pp"). */
function holds(gate: CompiledGate, cand: number, ctl: number, threshold: number): boolean {
  const s = gate.direction;
  if (gate.comparison.kind === 'control-delta') {
    const worse = s * (cand - ctl);
    return worse > 0 && worse >= gate.comparison.delta - 1e-12;
  }
  return s * (cand - threshold) > 0;
}

function missingReference(gate: CompiledGate): string {
  const c = gate.comparison;
  if (c.kind === 'absolute' && c.bound.kind === 'reference') return `no value for ${c.bound.reference} is available`;
  return 'control has no value over the window yet';
}
