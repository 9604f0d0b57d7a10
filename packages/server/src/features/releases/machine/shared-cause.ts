/**
 * Shared causes (R5.1 "explainable by external factors", R5.2 "vendor/regional issue → provider
 * route"): before an absolute gate's breach rolls the candidate back, the decision compares the
 * arms. When control, over the same window, is breached too (or is as bad within
 * {@link SHARED_TOLERANCE}) and the candidate is not worse than control beyond that tolerance, the
 * cause is one both arms share — a provider, region or tool backend — and rolling the candidate
 * back to an equally broken route protects no one. The decision is then `investigate`, it names
 * the shared cause, and the first action it offers is the workflow's fallback route for both arms.
 * Pure; docs/gates.md "Shared causes" states the rule and its reason.
 */
import { formatNumber } from '../../gates/language/gate-values.js';
import type { GateEvaluation } from './decision-types.js';

/**
 * The relative tolerance of the comparison (a choice, docs/gates.md): control is as bad when its
 * value reaches the threshold divided by 1.25 (higher-is-worse), and the candidate is worse than
 * control when its value is beyond 1.25 × control's.
 */
export const SHARED_TOLERANCE = 0.25;

/** Metrics where a higher value is better (their gates breach below a bound). */
const LOWER_IS_WORSE: ReadonlySet<string> = new Set(['primary_metric', 'conversion_rate']);

/** `a` is at least as bad as `b` in the metric's worse direction, allowing a relative `slack`. */
function asBad(metric: string | undefined, a: number, b: number, slack: number): boolean {
  return LOWER_IS_WORSE.has(metric ?? '') ? a <= b * (1 + slack) : a * (1 + slack) >= b;
}

/**
 * True when `e` is a breach (by the data, not forced by a person) of an immediate or rapid
 * absolute gate whose control arm is breached or as bad within the tolerance, and whose candidate
 * is not worse than control beyond it.
 */
export function isSharedBreach(e: GateEvaluation): boolean {
  const c = e.controlArm;
  if (e.state !== 'breached' || e.severity === 'delayed' || e.override?.force === 'breached') return false;
  if (c === undefined || c === null || e.statistic === undefined || e.statistic === null) return false;
  const controlBad =
    c.breached ||
    (e.threshold !== null && e.threshold !== undefined && asBad(e.metric, c.value, e.threshold, SHARED_TOLERANCE));
  const candidateWorse = !asBad(e.metric, c.value, e.statistic, SHARED_TOLERANCE);
  return controlBad && !candidateWorse;
}

/** Where both arms are served from: the route parts they share, and the workflow's fallback order. */
export interface RouteContext {
  /** Route parts the two bundles have in common (`provider`, `region`, `model`, …, and the `ai.route.provider` flag). */
  shared: Record<string, string>;
  /** `ai.route.provider` in force now, when known. */
  provider: string | null;
  /** The fallback order the workflow declares (`ai.route.fallback`), `null` when it declares none. */
  fallback: string[] | null;
  /** True when the ticket lets ripcord change flags itself (`automatic` lists `flags`). */
  automatic: boolean;
  /** Who may flip flags besides on-call engineers (the ticket's `authority.flipFlags`). */
  flipFlags: string[];
}

/** The first action a shared-cause decision offers: the fallback route for both arms. */
export interface FallbackOffer {
  set: Record<string, string>;
  scope: 'all';
  arms: 'both';
  /** True when the ticket's authority lets ripcord apply it without a person. */
  withinAuthority: boolean;
  authority: string;
  why: string;
}

/** One gate breached by a cause both arms share, as the decision records it. */
export interface SharedCause {
  gate: string;
  metric: string | null;
  candidate: number | null;
  control: number;
  threshold: number | null;
  samples: { candidate: number | null; control: number };
  /** Error kinds both arms reported (error_rate gates), most frequent first. */
  errorKinds: { kind: string; candidate: number; control: number }[];
  /** The route parts both arms share. */
  route: Record<string, string>;
  /** Since when the gate has been breached on both arms (kept across stages). */
  since: string | null;
}

/** The shared cause behind `e` (which {@link isSharedBreach} accepted). */
export function sharedCauseOf(e: GateEvaluation, route: RouteContext | undefined): SharedCause {
  const c = e.controlArm!;
  const kinds = e.errorKinds ?? { candidate: {}, control: {} };
  const errorKinds = Object.keys(kinds.candidate)
    .filter((k) => (kinds.control[k] ?? 0) > 0)
    .map((k) => ({ kind: k, candidate: kinds.candidate[k] ?? 0, control: kinds.control[k] ?? 0 }))
    .sort((a, b) => b.candidate + b.control - (a.candidate + a.control));
  return {
    gate: e.gate,
    metric: e.metric ?? null,
    candidate: e.statistic ?? null,
    control: c.value,
    threshold: e.threshold ?? null,
    samples: { candidate: e.samples?.candidate ?? null, control: c.samples },
    errorKinds,
    route: { ...(route?.shared ?? {}) },
    since: e.since ?? null,
  };
}

/** The fallback route to offer: the first route of the declared order other than the one in force. */
export function fallbackOffer(route: RouteContext | undefined): FallbackOffer | null {
  if (route === undefined || route.fallback === null) return null;
  const next = route.fallback.find((r) => r !== route.provider);
  if (next === undefined) return null;
  const who = ['an on-call engineer', ...route.flipFlags].join(' or ');
  return {
    set: { 'ai.route.provider': next },
    scope: 'all',
    arms: 'both',
    withinAuthority: route.automatic,
    authority: route.automatic
      ? "within the ticket's automatic authority (flags)"
      : `needs ${who}: the ticket's automatic list does not include flags`,
    why: `the fallback order ${route.fallback.join(' → ')} (ai.route.fallback) names ${next} after ${route.provider ?? 'the route in force'}; control serves from the same broken route, so both arms move`,
  };
}

/** The reasoning sentence of a shared-cause decision. */
export function sharedReasoning(causes: readonly SharedCause[], offer: FallbackOffer | null): string {
  const parts = causes.map((s) => {
    const kinds =
      s.errorKinds.length === 0
        ? ''
        : `; error kinds on both arms: ${s.errorKinds.map((k) => `${k.kind} (candidate ${k.candidate}, control ${k.control})`).join(', ')}`;
    const against = s.threshold === null ? '' : ` against ${formatNumber(s.threshold)}`;
    return `${s.gate} is breached on both arms (candidate ${s.candidate === null ? '?' : formatNumber(s.candidate)}, control ${formatNumber(s.control)}${against})${kinds}`;
  });
  const routeParts = Object.entries(causes[0]?.route ?? {}).map(([k, v]) => `${k} ${v}`);
  const route = routeParts.length === 0 ? '' : ` Both arms share the route ${routeParts.join(', ')}.`;
  const action =
    offer === null
      ? ' The workflow declares no other fallback route (ai.route.fallback): a person must choose one.'
      : ` First action offered: set ai.route.provider to ${offer.set['ai.route.provider']} for both arms (${offer.authority}).`;
  return `Investigate a shared cause, do not roll the candidate back to an equally broken route: ${parts.join('; ')}.${route}${action}`;
}
