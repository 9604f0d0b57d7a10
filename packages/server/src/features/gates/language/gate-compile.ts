/**
 * Turns a gate as written ({@link GateSpec}) into the normalised form the engine evaluates: one
 * comparison shape, one window, resolved numbers, and the effective test mode. Reference values
 * that only the caller knows (the workflow's SLA, the 7-day baseline) stay symbolic here and are
 * resolved against the release's {@link GateReferences} at evaluation time.
 */
import type { GateSpec, RollbackAction, Severity, TestMode } from './gate-spec.js';
import {
  hasSequentialTest,
  METRIC_INFO,
  metricQuantile,
  type Metric,
  type MetricInfo,
  type WindowDenominator,
} from './metric-catalog.js';
import { parseDuration, parseMultiple, parsePercent, parsePoints } from './gate-values.js';
import { QUERY_DEFAULTS } from './gate-source.js';

/** Default minimum sample for windows without `over:` (GATES.md "Windows"). */
export const DEFAULT_MIN_SAMPLES = 100;

/** Default test mode per severity when neither the gate nor the release sets one (docs/adr/0002). */
export const DEFAULT_TEST_MODE: Readonly<Record<Severity, TestMode>> = {
  immediate: 'both',
  rapid: 'both',
  delayed: 'literal',
};

/** A fixed reference a bound may be a multiple of. */
export type FixedReference = 'sla' | 'slo' | 'approved_estimate' | 'baseline_p95_7d';

/** The value a candidate is compared against when it is not the control arm. */
export type Bound =
  { kind: 'value'; value: number } | { kind: 'reference'; reference: FixedReference; multiple: number };

/** One comparison shape (see `tolerance-test.ts` for the statistics of the first three). */
export type Comparison =
  | { kind: 'absolute'; bound: Bound }
  /** `inclusive` for `worseThanControlBy: "10%"` ("at least"), strict for `above: "1.1x", of: control`. */
  | { kind: 'control-ratio'; multiple: number; inclusive: boolean }
  | { kind: 'control-delta'; delta: number }
  | { kind: 'drift'; against: 'control' | 'reference'; method: 'psi' | 'kl' | 'js'; above: number }
  | { kind: 'health' }
  | { kind: 'count'; atLeast: number; withinMs: number | 'release'; matchingSamples: boolean };

/** Which observations a literal reading looks at. */
export type GateWindow =
  | { kind: 'consecutive'; size: number; denominator: WindowDenominator }
  | { kind: 'stage' }
  | { kind: 'release' }
  | { kind: 'sliding'; ms: number };

/** What a query gate asks its source at each poll (docs/gates.md "Signals"). */
export type QueryForm = { kind: 'counts'; numerator: string; denominator: string } | { kind: 'value'; value: string };

/** Where a gate's numbers come from, resolved (R4.5). */
export type GateSource =
  | { kind: 'events' }
  | {
      kind: 'query';
      system: 'prometheus' | 'datadog';
      /** The server setting's name (`RIPCORD_SIGNAL_SOURCES`). */
      server: string;
      form: QueryForm;
      intervalMs: number;
      lookbackMs: number;
      timeoutMs: number;
    }
  | {
      kind: 'alert';
      name: string;
      matchers: Readonly<Record<string, string>>;
      /** The alert's `severity` label → the gate severity it acts with. */
      severities: Readonly<Record<string, Severity>>;
    };

/** The engine's view of one gate. */
export interface CompiledGate {
  name: string;
  metric: Metric;
  info: MetricInfo;
  /** +1 when higher is worse, −1 when lower is worse. */
  direction: 1 | -1;
  severity: Severity;
  action: RollbackAction | undefined;
  /** Effective mode: the gate's `test`, else the release's, else {@link DEFAULT_TEST_MODE}. */
  test: TestMode;
  comparison: Comparison;
  window: GateWindow;
  minSamples: number;
  sustainedMs: number | undefined;
  /** `control: { below: 0.002 }` as a number and side. */
  controlCondition: { side: 'above' | 'below'; value: number } | undefined;
  /** 0.95 / 0.99 for latency metrics. */
  quantile: number | undefined;
  /** Feature names for drift / missing-feature gates (missing-feature falls back to the bundle's). */
  features: readonly string[] | undefined;
  source: GateSource;
  spec: GateSpec;
}

/** Compiles one validated gate; `releaseTest` is the release-level `test:` if any. */
export function compileGate(spec: GateSpec, releaseTest?: TestMode): CompiledGate {
  const info = METRIC_INFO[spec.metric];
  const sequential = hasSequentialTest(spec.metric);
  const source = compileSource(spec);
  // Value readings and alerts are one state per poll or delivery, not samples: literal only.
  const literalOnly = source.kind === 'alert' || (source.kind === 'query' && source.form.kind === 'value');
  const requested = literalOnly ? 'literal' : (spec.test ?? releaseTest ?? DEFAULT_TEST_MODE[spec.severity]);
  return {
    name: spec.name,
    metric: spec.metric,
    info,
    direction: info.worse === 'higher' ? 1 : -1,
    severity: spec.severity,
    action: spec.action,
    test: sequential ? requested : 'literal',
    comparison: compileComparison(spec),
    window: compileWindow(spec),
    minSamples: spec.minSamples ?? DEFAULT_MIN_SAMPLES,
    sustainedMs: spec.sustained === undefined ? undefined : parseDuration(spec.sustained),
    controlCondition: compileControl(spec),
    quantile: metricQuantile(spec.metric),
    features: spec.features,
    source,
    spec,
  };
}

function compileSource(spec: GateSpec): GateSource {
  if (spec.source === 'alert' && spec.alert !== undefined)
    return {
      kind: 'alert',
      name: spec.alert.name,
      matchers: spec.alert.matchers ?? {},
      severities: spec.alert.severities ?? {},
    };
  const block = spec.source === 'prometheus' ? spec.prometheus : spec.source === 'datadog' ? spec.datadog : undefined;
  if (block === undefined || (spec.source !== 'prometheus' && spec.source !== 'datadog')) return { kind: 'events' };
  const p = spec.prometheus;
  const form: QueryForm =
    spec.source === 'prometheus' && p?.value === undefined
      ? { kind: 'counts', numerator: p?.numerator ?? '', denominator: p?.denominator ?? '' }
      : { kind: 'value', value: block.value ?? '' };
  const ms = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : (parseDuration(text) ?? fallback);
  return {
    kind: 'query',
    system: spec.source,
    server: block.server,
    form,
    intervalMs: ms(block.interval, QUERY_DEFAULTS.intervalMs),
    lookbackMs: ms(block.lookback, QUERY_DEFAULTS.lookbackMs),
    timeoutMs: ms(block.timeout, QUERY_DEFAULTS.timeoutMs),
  };
}

function compileComparison(spec: GateSpec): Comparison {
  if (spec.count !== undefined) {
    const withinMs = spec.count.within === 'release' ? 'release' : (parseDuration(spec.count.within) ?? 0);
    return {
      kind: 'count',
      atLeast: spec.count.atLeast,
      withinMs,
      matchingSamples: spec.count.matchingSamples === true,
    };
  }
  const c = spec.candidate ?? {};
  if (c.failing === true) return { kind: 'health' };
  if (c.driftFromControl !== undefined) return { kind: 'drift', against: 'control', ...c.driftFromControl };
  if (c.driftFromReference !== undefined) return { kind: 'drift', against: 'reference', ...c.driftFromReference };
  if (c.worseThanControlBy !== undefined) {
    const points = parsePoints(c.worseThanControlBy);
    if (points !== undefined) return { kind: 'control-delta', delta: points };
    // "worse by at least 10 % of control": at or above 1.1× control when higher is worse, at or
    // below 0.9× when lower. The multiple is read as a decimal (1 + "10%" → 1.1), not summed in floats.
    const higher = METRIC_INFO[spec.metric].worse === 'higher';
    return { kind: 'control-ratio', multiple: ratioOfControl(c.worseThanControlBy, higher), inclusive: true };
  }
  return compileBound(c.above ?? c.below ?? 0, c.of);
}

function compileBound(value: number | string, of: string | undefined): Comparison {
  if (typeof value === 'number') return { kind: 'absolute', bound: { kind: 'value', value } };
  const multiple = parseMultiple(value);
  const reference = multiple !== undefined ? of : value;
  if (reference === 'control') return { kind: 'control-ratio', multiple: multiple ?? 1, inclusive: false };
  if (
    reference === 'sla' ||
    reference === 'slo' ||
    reference === 'approved_estimate' ||
    reference === 'baseline_p95_7d'
  ) {
    return { kind: 'absolute', bound: { kind: 'reference', reference, multiple: multiple ?? 1 } };
  }
  return { kind: 'absolute', bound: { kind: 'value', value: parsePercent(value) ?? Number.NaN } };
}

/** `1 ± share` of a `"10%"` tolerance, as the double nearest the decimal (1.1, 0.9, 1.15). */
function ratioOfControl(text: string, higher: boolean): number {
  const share = parsePercent(text) ?? 0;
  const multiple = higher ? 1 + share : 1 - share;
  // Round away the float error of the sum: a percentage has at most ~15 significant digits.
  return Number(multiple.toPrecision(15));
}

function compileWindow(spec: GateSpec): GateWindow {
  const over = spec.over;
  if (over !== undefined) {
    for (const denominator of [
      'consecutiveCalls',
      'completedTasks',
      'reviewedOutputs',
      'comparableRequests',
    ] as const) {
      const size = over[denominator];
      if (size !== undefined) return { kind: 'consecutive', size, denominator };
    }
  }
  if (spec.within === 'release') return { kind: 'release' };
  if (spec.within !== undefined) return { kind: 'sliding', ms: parseDuration(spec.within) ?? 0 };
  return { kind: 'stage' };
}

function compileControl(spec: GateSpec): CompiledGate['controlCondition'] {
  const control = spec.control;
  if (control === undefined) return undefined;
  const side = control.below !== undefined ? 'below' : 'above';
  const raw = control[side];
  const value = typeof raw === 'number' ? raw : parsePercent(raw ?? '');
  return value === undefined ? undefined : { side, value };
}

/** Caller-supplied reference values (GATES.md "Comparisons"), frozen at release start. */
export interface GateReferences {
  /** The workflow's `sla.latencyP99Ms`. */
  slaLatencyMs?: number;
  /** The control route's p95 over the 7 days before the release (if not in the ticket). */
  baselineP95Ms7d?: number;
}

/** The numeric value of a bound, or `undefined` when its reference is not available. */
export function resolveBound(gate: CompiledGate, bound: Bound, refs: GateReferences): number | undefined {
  if (bound.kind === 'value') return bound.value;
  const base = referenceValue(gate, bound.reference, refs);
  return base === undefined ? undefined : bound.multiple * base;
}

function referenceValue(gate: CompiledGate, reference: FixedReference, refs: GateReferences): number | undefined {
  switch (reference) {
    case 'sla':
      return refs.slaLatencyMs;
    case 'slo':
      return gate.spec.slo;
    case 'approved_estimate':
      return gate.spec.approvedEstimateUsd;
    case 'baseline_p95_7d':
      return gate.spec.baselineP95Ms ?? refs.baselineP95Ms7d;
  }
}
