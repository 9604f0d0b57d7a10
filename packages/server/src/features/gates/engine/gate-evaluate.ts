/**
 * Evaluating one gate: literal reading, sequential reading, the combination rule of its test mode,
 * `sustained:` timing and manual overrides, folded into one {@link GateEvaluation}. Pure: takes an
 * injected `now` (never the wall clock) and returns the gate state to store next.
 */
import type { CompiledGate, GateReferences } from '../language/gate-compile.js';
import type { RollbackAction, Severity, TestMode } from '../language/gate-spec.js';
import type { GateOverride, GateState } from './gate-state.js';
import type { Metric } from '../language/metric-catalog.js';
import { hasSequentialTest } from '../language/metric-catalog.js';
import { readLiteral, type LiteralReading, type Verdict } from './gate-literal.js';
import type { ControlArm } from './gate-reading.js';
import { copyKept, type KeptEvidence } from './gate-evidence.js';
import { readSequential, type SequentialReading } from './gate-sequential.js';
import { gateSentence } from './gate-sentence.js';
import { formatDuration, formatNumber } from '../language/gate-values.js';

/** Default evaluation tick (GATES.md). */
export const DEFAULT_TICK_MS = 10_000;
/** A `sustained:` clock restarts when more than this many ticks in a row were missed (see sustainedMaxGapMs). */
export const MAX_MISSED_TICKS = 3;

/** The workflow's criticality (R4.3), carried on every evaluation. */
export type Criticality = 'business-critical' | 'experimental';

/** The outcome of one gate at one tick. */
export interface GateEvaluation {
  gate: string;
  metric: Metric;
  /** Final state (after `sustained:` and any manual override). */
  state: Verdict;
  /** The state the data gives, before a manual override. */
  computedState: Verdict;
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null };
  window: string;
  sentence: string;
  severity: Severity;
  criticality: Criticality | null;
  /** The gate's own action; `null` means the release's `firstRollback` applies. */
  action: RollbackAction | null;
  test: { mode: TestMode; literal: Verdict; sequential: SequentialReading | null };
  sustained: { requiredMs: number; holdingSince: string | null; heldMs: number } | null;
  override: GateOverride | null;
  /** Why the state is what it is, when the numbers alone do not say it. */
  reason: string | null;
  /**
   * Count gates: the ids of the last counted samples (at most 10) and, with `matchingSamples`, how
   * many confirmed complaints did not name a sample the candidate served. Alert gates: the
   * candidate's firing alerts as `name fingerprint`. `null` for other gates.
   */
  evidence: { samples: string[]; unmatched: number } | null;
  /**
   * Absolute gates over ripcord's events: control read against the same words over the matching
   * window (`null` when control has too few samples, and for other gates). The release's decision
   * compares the arms with it before acting (docs/gates.md "Shared causes").
   */
  controlArm: ControlArm | null;
  /** Measured gates: the latest events that counted against it, per arm, with the ticket's evidence fields. */
  kept: KeptEvidence | null;
  /** `error_rate` gates: the error kinds each arm reported since the release started (`null` elsewhere). */
  errorKinds: { candidate: Record<string, number>; control: Record<string, number> } | null;
  evaluatedAt: string;
}

/** What an evaluation needs besides the gate and its state. */
export interface GateEvaluationContext {
  now: Date;
  references: GateReferences;
  /** This gate's share of the release's α (`splitAlpha`). */
  alpha: number;
  criticality?: Criticality;
  tickMs?: number;
}

/** Evaluates one gate (pure): the evaluation and the gate state to store in place of `gs`. */
export function evaluateGate(
  gate: CompiledGate,
  gs: GateState,
  ctx: GateEvaluationContext,
): { evaluation: GateEvaluation; state: GateState } {
  const literal = readLiteral(gate, gs, {
    now: ctx.now,
    references: ctx.references,
    tickMs: ctx.tickMs ?? DEFAULT_TICK_MS,
  });
  const seq =
    gate.test !== 'literal' && hasSequentialTest(gate.metric)
      ? readSequential(gate, gs, ctx.references, ctx.alpha, {
          now: ctx.now,
          wordsHold: literal.verdict === 'breached' && !literal.blocking,
        })
      : null;
  const combined = combine(gate.test, literal, seq?.reading ?? null);
  const timed = applySustained(gate, gs.timers, combined, ctx);
  const override = gs.override;
  const state = override?.force ?? timed.verdict;
  const note = override === null ? timed.note : `forced ${override.force} by ${override.actor}: ${override.reason}`;
  const evaluation: GateEvaluation = {
    gate: gate.name,
    metric: gate.metric,
    state,
    computedState: timed.verdict,
    statistic: literal.statistic,
    threshold: literal.threshold,
    control: literal.control,
    samples: literal.samples,
    window: literal.window,
    sentence: gateSentence(gate, literal, state, note),
    // An alert gate acts with the severity its firing alerts map to (`alert.severities`).
    severity: literal.severity ?? gate.severity,
    criticality: ctx.criticality ?? null,
    action: gate.action ?? null,
    test: { mode: gate.test, literal: literal.verdict, sequential: seq?.reading ?? null },
    sustained: timed.sustained,
    override,
    reason: note,
    evidence: evidenceOf(gs),
    controlArm: literal.controlArm ?? null,
    kept: gs.kept == null ? null : copyKept(gs.kept),
    errorKinds: null,
    evaluatedAt: ctx.now.toISOString(),
  };
  const next: GateState = {
    ...gs,
    timers: timed.timers,
    sequential: seq?.sequential ?? gs.sequential,
    exceedance: seq?.exceedance ?? gs.exceedance,
  };
  return { evaluation, state: next };
}

/** Count gates: the counted samples; alert gates: the candidate's firing alerts (`name fingerprint`). */
function evidenceOf(gs: GateState): GateEvaluation['evidence'] {
  if (gs.count !== null) return { samples: [...gs.count.samples], unmatched: gs.count.unmatched };
  if (gs.alerts !== null)
    return {
      samples: gs.alerts.firing.filter((f) => f.arm !== 'control').map((f) => `${f.name} ${f.fingerprint}`),
      unmatched: 0,
    };
  return null;
}

interface Combined {
  verdict: Verdict;
  note: string | null;
}

/**
 * The combination rule (docs/adr/0002-sequential-tests.md): `literal` reads the words, `sequential`
 * the test, `both` breaches only when the words hold and the test agrees — until the test agrees
 * the gate is inconclusive, never passing. A failed precondition or missing reference blocks all.
 */
export function combine(mode: TestMode, literal: LiteralReading, seq: SequentialReading | null): Combined {
  if (literal.blocking || seq === null || mode === 'literal') return { verdict: literal.verdict, note: literal.reason };
  const counted = seq.since === null ? '' : `, counting since the words began to hold at ${seq.since}`;
  const evidence = `e-value ${formatNumber(seq.eValue)} of ${formatNumber(seq.needed)} needed${counted}`;
  if (mode === 'sequential') {
    if (seq.verdict === 'breached')
      return { verdict: 'breached', note: `the candidate is worse than tolerated (${evidence})` };
    return {
      verdict: seq.verdict,
      note: seq.reason ?? `no evidence yet that the candidate is worse than tolerated (${evidence})`,
    };
  }
  if (literal.verdict !== 'breached') return { verdict: literal.verdict, note: literal.reason };
  if (seq.verdict === 'breached') return { verdict: 'breached', note: null };
  return { verdict: 'inconclusive', note: `the words hold but the evidence is not yet conclusive (${evidence})` };
}

interface Timed extends Combined {
  timers: GateState['timers'];
  sustained: GateEvaluation['sustained'];
}

/**
 * Longest gap between two evaluations that a `sustained:` clock bridges: more than
 * {@link MAX_MISSED_TICKS} missed ticks, or 1/20 of the required duration if that is longer (a
 * server restart of a minute does not restart a 24-hour clock).
 */
export function sustainedMaxGapMs(requiredMs: number, tickMs: number): number {
  return Math.max((MAX_MISSED_TICKS + 1) * tickMs, requiredMs / 20);
}

/**
 * `sustained: D`: the condition must have held at every evaluation for D. The clock is the stored
 * timestamp since which it has held. An evaluation where it does not hold (`passing`) restarts it,
 * and so does a gap longer than {@link sustainedMaxGapMs} with no evaluation, when nobody looked.
 * An `inconclusive` evaluation (too little data, e.g. just after a stage change, or the words hold
 * but the test has not agreed yet) neither starts the clock nor restarts it: it does not show that
 * the condition stopped holding.
 */
export function applySustained(
  gate: CompiledGate,
  timers: GateState['timers'],
  combined: Combined,
  ctx: GateEvaluationContext,
): Timed {
  const nowIso = ctx.now.toISOString();
  const required = gate.sustainedMs;
  if (required === undefined)
    return { ...combined, timers: { holdingSince: null, lastEvaluatedAt: nowIso }, sustained: null };
  const nowMs = ctx.now.getTime();
  const maxGap = sustainedMaxGapMs(required, ctx.tickMs ?? DEFAULT_TICK_MS);
  const last = timers.lastEvaluatedAt === null ? null : Date.parse(timers.lastEvaluatedAt);
  const continuing = timers.holdingSince !== null && last !== null && nowMs - last <= maxGap;
  if (combined.verdict !== 'breached') {
    const kept = combined.verdict === 'inconclusive' && continuing ? timers.holdingSince : null;
    return {
      ...combined,
      timers: { holdingSince: kept, lastEvaluatedAt: nowIso },
      sustained: {
        requiredMs: required,
        holdingSince: kept,
        heldMs: kept === null ? 0 : nowMs - Date.parse(kept),
      },
    };
  }
  const since = continuing && timers.holdingSince !== null ? timers.holdingSince : nowIso;
  const heldMs = nowMs - Date.parse(since);
  const sustained = { requiredMs: required, holdingSince: since, heldMs };
  const timersNext = { holdingSince: since, lastEvaluatedAt: nowIso };
  if (heldMs >= required)
    return {
      verdict: 'breached',
      note: `held for ${formatDuration(heldMs)} (sustained ${formatDuration(required)})`,
      timers: timersNext,
      sustained,
    };
  return {
    verdict: 'inconclusive',
    note:
      heldMs === 0
        ? `began to hold at this evaluation; it must hold for ${formatDuration(required)}`
        : `has held for ${formatDuration(heldMs)} of the ${formatDuration(required)} required`,
    timers: timersNext,
    sustained,
  };
}
