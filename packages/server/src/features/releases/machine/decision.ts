/**
 * Decisions (R5.1) from one tick's gate evaluations: `rollback-now`, `investigate`,
 * `do-not-roll-back`, `continue` or `promote`, each with its evidence (the gates' numbers passed
 * through) and one sentence of reasoning. Pure; the release state machine stores the decision and
 * acts on it.
 *
 * - immediate gates act in the same tick they breach; rapid ones when they breach (their window or
 *   `sustained` already gathered minutes of evidence); delayed ones raise a review, never act alone.
 * - inconclusive is never a pass nor a failure (R4.4). An immediate or rapid gate inconclusive for
 *   longer than the limit blocks advancing; promotion needs every immediate and rapid gate passing.
 *   Delayed gates (late labels, 24 h windows) may still be inconclusive at promotion: they keep
 *   watching through the cool-down, and a breach then raises a review.
 * - sensitivity (R4.3): see {@link OUTCOME_METRICS}. The evidence-level difference (how much data a
 *   verdict needs) lives in the gate engine; here criticality decides who acts on an outcome breach.
 * - a human's override to `breached` rolls back now; to `passing` on a gate the data breaches
 *   (`computedState: breached`) is an accepted, intended change: `do-not-roll-back`, recorded with
 *   who accepted it and why.
 */
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import { formatDuration, formatNumber } from '../../gates/language/gate-values.js';
import { toEvidence } from './decision-evidence.js';
import type { GateEvaluation, GateEvidence } from './decision-types.js';

export type { GateEvaluation, GateEvidence, KeptGateEvidence, KeptSample } from './decision-types.js';
import {
  fallbackOffer,
  isSharedBreach,
  sharedCauseOf,
  sharedReasoning,
  type FallbackOffer,
  type RouteContext,
  type SharedCause,
} from './shared-cause.js';

/** Where the release stands. */
export interface StageContext {
  /** The kind of the next stage (`promote` when the current stage is the last canary). */
  next: 'offline' | 'canary' | 'promote' | null;
  /** When the current stage's bake ends (ISO); `null` when it has none (offline). */
  bakeEndsAt: string | null;
  /** The current stage's bake, for the default inconclusive limit. */
  bakeMs?: number;
  /** False while the stage's own evidence is incomplete (e.g. offline tasks still running). */
  evidenceComplete?: boolean;
  /** When the stage began (ISO): an inconclusive gate without `since` counts from here. */
  startedAt?: string;
}

/** Everything a decision needs. */
export interface DecisionInput {
  evaluations: readonly GateEvaluation[];
  criticality?: WorkflowSpec['criticality'];
  stage: StageContext;
  now: Date;
  /** How long an immediate/rapid gate may stay inconclusive before it blocks advancing. */
  inconclusiveLimitMs?: number;
  /** The route both arms are served from and the workflow's fallback order (for shared causes). */
  route?: RouteContext;
}

/** The five decisions of R5.1 plus the two that move a release forward. */
export type DecisionKind = 'rollback-now' | 'investigate' | 'do-not-roll-back' | 'continue' | 'promote';

/** A decision with its evidence and reasoning (R5.1: every decision records both). */
export interface Decision {
  kind: DecisionKind;
  /** For `rollback-now`: `immediate` acts in this tick; `rapid` as soon as the executor can. */
  urgency: 'immediate' | 'rapid' | null;
  /** The gates the decision rests on. */
  gates: string[];
  /** For `rollback-now`: the breaches the plan must cover (input of `planRollback`). */
  rollback: { gate: string; segments: string[] }[];
  /** Breaches that raise a human review instead of acting. */
  reviews: string[];
  /** Why the stage may not advance now. */
  blockers: { gate: string; why: string }[];
  /** True when the stage may advance now (always false for rollback-now and investigate). */
  advance: boolean;
  evidence: GateEvidence[];
  reasoning: string;
  decidedAt: string;
  /** Absolute gates breached on both arms: a cause they share (shared-cause.ts); absent when none. */
  shared?: SharedCause[];
  /** For a shared cause: the first action offered, the workflow's fallback route for both arms. */
  offer?: FallbackOffer | null;
}

/**
 * Metrics an experiment is expected to move. On an `experimental` workflow a *rapid* breach of one
 * of these is investigated, not rolled back, because the change may be intended; every other
 * metric is a guard (errors, latency, schema, safety, complaints, health, crashes, missing
 * features) and rolls back at any criticality. `business-critical` and `standard` roll back on
 * every immediate or rapid breach. Immediate gates always act.
 */
export const OUTCOME_METRICS: ReadonlySet<string> = new Set([
  'primary_metric',
  'conversion_rate',
  'prediction_error_mape',
  'prediction_distribution',
  'feature_distribution',
  'cost_per_successful_task',
  'review_rejection_rate',
]);

/** Default inconclusive limit when the stage has no bake (offline stages). */
export const DEFAULT_INCONCLUSIVE_LIMIT_MS = 60 * 60_000;

/** The limit: the given one, else the stage's bake (twice that for experimental workflows). */
export function inconclusiveLimit(input: Pick<DecisionInput, 'inconclusiveLimitMs' | 'criticality' | 'stage'>): number {
  if (input.inconclusiveLimitMs !== undefined) return input.inconclusiveLimitMs;
  const base = input.stage.bakeMs ?? DEFAULT_INCONCLUSIVE_LIMIT_MS;
  return input.criticality === 'experimental' ? 2 * base : base;
}

interface Classified {
  act: GateEvaluation[];
  /** Absolute gates breached on both arms alike: investigated, never rolled back (shared-cause.ts). */
  shared: GateEvaluation[];
  investigate: GateEvaluation[];
  reviews: GateEvaluation[];
  accepted: GateEvaluation[];
  /** Immediate/rapid gates inconclusive beyond the limit, with how long. */
  stale: { e: GateEvaluation; forMs: number }[];
  /** Immediate/rapid gates still inconclusive (within or beyond the limit). */
  pending: GateEvaluation[];
}

const computed = (e: GateEvaluation): GateEvaluation['state'] => e.computedState ?? e.state;
const forcedBreach = (e: GateEvaluation): boolean => e.override?.force === 'breached' && e.state === 'breached';

function classify(input: DecisionInput): Classified {
  const c: Classified = { act: [], shared: [], investigate: [], reviews: [], accepted: [], stale: [], pending: [] };
  const limit = inconclusiveLimit(input);
  const now = input.now.getTime();
  for (const e of input.evaluations) {
    const state = e.state;
    if (state === 'breached') {
      if (isSharedBreach(e)) c.shared.push(e);
      else if (forcedBreach(e) || e.severity === 'immediate') c.act.push(e);
      else if (e.severity === 'delayed') c.reviews.push(e);
      else if (input.criticality === 'experimental' && OUTCOME_METRICS.has(e.metric ?? '')) c.investigate.push(e);
      else c.act.push(e);
    } else if (state === 'passing' && computed(e) === 'breached') c.accepted.push(e);
    else if (state === 'inconclusive' && e.severity !== 'delayed') {
      c.pending.push(e);
      const from = e.since ?? input.stage.startedAt;
      const since = from === undefined ? Number.NaN : Date.parse(from);
      if (Number.isFinite(since) && now - since >= limit) c.stale.push({ e, forMs: now - since });
    }
  }
  return c;
}

/** Decides what to do this tick. */
export function decide(input: DecisionInput): Decision {
  const c = classify(input);
  const base = {
    evidence: input.evaluations.map(toEvidence),
    decidedAt: input.now.toISOString(),
    reviews: c.reviews.map((e) => e.gate),
  };
  const blockers = blockersOf(c, inconclusiveLimit(input));
  const shared = c.shared.map((e) => sharedCauseOf(e, input.route));
  if (shared.length > 0) Object.assign(base, { shared });
  if (c.act.length > 0) {
    const immediate = c.act.some((e) => e.severity === 'immediate' || forcedBreach(e));
    return {
      ...base,
      kind: 'rollback-now',
      urgency: immediate ? 'immediate' : 'rapid',
      gates: c.act.map((e) => e.gate),
      rollback: c.act.map((e) => ({ gate: e.gate, segments: [...(e.segments ?? [])] })),
      blockers,
      advance: false,
      reasoning: `Roll back now: ${c.act.map(actPhrase).join('; ')}.`,
    };
  }
  const ready = stageReady(input.stage, input.now);
  const common = { ...base, urgency: null, rollback: [] };
  if (shared.length > 0) {
    const offer = fallbackOffer(input.route);
    const others = blockers.filter((b) => !c.shared.some((e) => e.gate === b.gate));
    const more = others.length === 0 ? '' : ` Also: ${others.map((b) => `${b.gate} ${b.why}`).join('; ')}.`;
    return {
      ...common,
      kind: 'investigate',
      gates: blockers.map((b) => b.gate),
      blockers,
      advance: false,
      offer,
      reasoning: `${sharedReasoning(shared, offer)}${more}`,
    };
  }
  if (c.investigate.length > 0 || c.reviews.length > 0 || (c.stale.length > 0 && ready)) {
    const reasoning = `Investigate before acting: ${blockers.map((b) => `${b.gate} ${b.why}`).join('; ')}.`;
    return { ...common, kind: 'investigate', gates: blockers.map((b) => b.gate), blockers, advance: false, reasoning };
  }
  return forward(input, c, ready, blockers, common);
}

/** What keeps the stage from advancing, short of a rollback. */
function blockersOf(c: Classified, limit: number): Decision['blockers'] {
  return [
    ...c.shared.map((e) => ({
      gate: e.gate,
      why: `breached on both arms${numbers(e)}, control ${formatNumber(e.controlArm?.value ?? Number.NaN)}${e.since ? ` since ${e.since}` : ''}: a shared cause, not the candidate's`,
    })),
    ...c.investigate.map((e) => ({
      gate: e.gate,
      why: `${e.metric ?? 'outcome'} breached on an experimental workflow, where the change may be intended`,
    })),
    ...c.reviews.map((e) => ({ gate: e.gate, why: `delayed gate breached${numbers(e)} and needs a human review` })),
    ...c.stale.map(({ e, forMs }) => ({
      gate: e.gate,
      why: `inconclusive for ${formatDuration(forMs)}, beyond the ${formatDuration(limit)} limit`,
    })),
  ];
}

type Common = Pick<Decision, 'evidence' | 'decidedAt' | 'reviews' | 'urgency' | 'rollback'>;

/** No breach acts: accept, promote, advance or keep baking. */
function forward(
  input: DecisionInput,
  c: Classified,
  ready: boolean,
  blockers: Decision['blockers'],
  common: Common,
): Decision {
  const next = input.stage.next;
  const waitingForVerdict = next === 'promote' && c.pending.length > 0;
  const all = [
    ...blockers,
    ...(waitingForVerdict
      ? c.pending.map((e) => ({ gate: e.gate, why: 'inconclusive: promotion needs a verdict' }))
      : []),
  ];
  const advance = ready && next !== null && all.length === 0;
  const kind: DecisionKind =
    c.accepted.length > 0 ? 'do-not-roll-back' : advance && next === 'promote' ? 'promote' : 'continue';
  const gates = kind === 'do-not-roll-back' ? c.accepted.map((e) => e.gate) : all.map((b) => b.gate);
  return { ...common, kind, gates, blockers: all, advance, reasoning: forwardReason(input, c, kind, advance, all) };
}

function forwardReason(
  input: DecisionInput,
  c: Classified,
  kind: DecisionKind,
  advance: boolean,
  blockers: Decision['blockers'],
): string {
  const then = advance ? `; the stage may advance to ${input.stage.next ?? 'the next stage'}` : '';
  if (kind === 'do-not-roll-back')
    return `Do not roll back: ${c.accepted.map((e) => `${e.gate} breached${numbers(e)} but ${e.override?.actor ?? 'a human'} accepted it (${e.override?.reason ?? 'intended change'})`).join('; ')}${then}.`;
  if (kind === 'promote') return `Promote: every immediate and rapid gate passes and the bake has ended.`;
  if (advance) {
    const open = c.pending.length > 0 ? ` (${c.pending.length} gate(s) still inconclusive within the limit)` : '';
    return `Continue to the next ${input.stage.next ?? ''} stage: no gate breached and the bake has ended${open}.`;
  }
  if (blockers.length > 0)
    return `Keep watching: no gate breached, but ${blockers.map((b) => `${b.gate} is ${b.why}`).join('; ')}.`;
  if (input.stage.next === null) return 'Continue: no gate breached; the release has no further stage.';
  const bake =
    input.stage.bakeEndsAt === null
      ? 'the stage evidence is still being gathered'
      : `the bake ends at ${input.stage.bakeEndsAt}`;
  return `Keep baking: no gate breached; ${bake}.`;
}

function stageReady(stage: StageContext, now: Date): boolean {
  if (stage.evidenceComplete === false) return false;
  return stage.bakeEndsAt === null || now.getTime() >= Date.parse(stage.bakeEndsAt);
}

function actPhrase(e: GateEvaluation): string {
  if (forcedBreach(e) && e.override)
    return `${e.gate} was forced breached by ${e.override.actor} (${e.override.reason})`;
  return `${e.severity} gate ${e.gate} breached${numbers(e)}`;
}

/** " (0.072 vs 0.05, control 0.01)" when the numbers are known. */
function numbers(e: GateEvaluation): string {
  if (e.statistic === undefined || e.statistic === null) return '';
  const against = e.threshold === undefined || e.threshold === null ? '' : ` vs ${formatNumber(e.threshold)}`;
  const control = e.control === undefined || e.control === null ? '' : `, control ${formatNumber(e.control)}`;
  return ` (${formatNumber(e.statistic)}${against}${control})`;
}
