/**
 * Cross-field rules of the gate language: which forms fit which metric, which references need
 * which fields, which windows fit which denominators. Each rule reports the path of the field to
 * fix and says how to write it instead, so an author can correct a ticket from the message alone.
 */
import type { z } from 'zod';
import type { GateFields } from './gate-fields.js';
import { hasSequentialTest, isFractionMetric, METRIC_INFO, TOOL_METRICS } from './metric-catalog.js';
import { parseMultiple, parsePercent, parsePoints } from './gate-values.js';
import { checkSource, sourceOf } from './gate-source-rules.js';

type Ctx = z.RefinementCtx<GateFields>;
type Path = (string | number)[];
type Candidate = NonNullable<GateFields['candidate']>;

const FORMS = ['above', 'below', 'worseThanControlBy', 'driftFromControl', 'driftFromReference', 'failing'] as const;
const REFERENCE_WORDS = new Set(['control', 'baseline_p95_7d', 'approved_estimate', 'sla', 'slo']);

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Runs every cross-field rule on one gate (used as the schema's `superRefine`). */
export function checkGate(gate: GateFields, ctx: Ctx): void {
  checkSource(gate, ctx);
  // An alert gate has no comparison of its own (gate-source-rules.ts says what it may not have).
  if (sourceOf(gate) !== 'alert') checkForm(gate, ctx);
  checkMetricFields(gate, ctx);
  if (gate.candidate !== undefined) checkCandidate(gate, gate.candidate, ctx);
  if (gate.control !== undefined) checkControl(gate, ctx);
  checkWindows(gate, ctx);
  if ((gate.test === 'sequential' || gate.test === 'both') && !hasSequentialTest(gate.metric)) {
    issue(
      ctx,
      ['test'],
      `${gate.metric} is read literally only (counts, health checks and drift have no sequential test)`,
    );
  }
}

function checkForm(gate: GateFields, ctx: Ctx): void {
  const isCount = METRIC_INFO[gate.metric].kind === 'count';
  if (isCount && gate.count === undefined)
    issue(ctx, ['count'], `${gate.metric} is a count: write count: { atLeast: K, within: 5m | release }`);
  if (isCount && gate.candidate !== undefined)
    issue(ctx, ['candidate'], `${gate.metric} is judged by count:, not candidate:`);
  if (!isCount && gate.count !== undefined)
    issue(ctx, ['count'], 'count: applies to confirmed_complaints and oom_crashes only');
  if (!isCount && gate.candidate === undefined) issue(ctx, ['candidate'], 'a gate needs a candidate: condition');
  if (gate.count?.matchingSamples === true && gate.metric !== 'confirmed_complaints') {
    issue(
      ctx,
      ['count', 'matchingSamples'],
      'only complaints name samples; matchingSamples applies to confirmed_complaints',
    );
  }
}

function checkMetricFields(gate: GateFields, ctx: Ctx): void {
  const { metric } = gate;
  if (metric === 'primary_metric' && gate.primaryMetric === undefined)
    issue(ctx, ['primaryMetric'], 'name the workflow metric, e.g. primaryMetric: precision_at_surge');
  if (metric !== 'primary_metric' && gate.primaryMetric !== undefined)
    issue(ctx, ['primaryMetric'], 'primaryMetric applies to metric: primary_metric');
  if (gate.tool !== undefined && !TOOL_METRICS.has(metric))
    issue(ctx, ['tool'], 'tool applies to tool_call_rate, tool_write_rate and unsafe_tool_call_rate');
  if (metric === 'feature_distribution' && gate.features === undefined)
    issue(ctx, ['features'], 'list the input features to watch, e.g. features: [rain_mm]');
  if (gate.features !== undefined && metric !== 'feature_distribution' && metric !== 'missing_feature_rate') {
    issue(ctx, ['features'], 'features applies to feature_distribution and missing_feature_rate');
  }
  if (gate.approvedEstimateUsd !== undefined && metric !== 'cost_per_successful_task')
    issue(ctx, ['approvedEstimateUsd'], 'approvedEstimateUsd applies to cost_per_successful_task');
  if (gate.baselineP95Ms !== undefined && METRIC_INFO[metric].kind !== 'quantile')
    issue(ctx, ['baselineP95Ms'], 'baselineP95Ms applies to latency metrics');
}

function checkCandidate(gate: GateFields, candidate: Candidate, ctx: Ctx): void {
  const forms = FORMS.filter((f) => candidate[f] !== undefined);
  const [form] = forms;
  if (form === undefined || forms.length > 1) {
    const message =
      forms.length === 0
        ? `candidate needs one of ${FORMS.join(', ')}`
        : `one comparison per gate; found ${forms.join(' and ')}`;
    issue(ctx, ['candidate'], message);
    return;
  }
  const kind = METRIC_INFO[gate.metric].kind;
  if (kind === 'health' && form !== 'failing')
    issue(ctx, ['candidate', form], 'health_check gates are written candidate: { failing: true }');
  if (kind !== 'health' && form === 'failing')
    issue(ctx, ['candidate', 'failing'], 'failing: true applies to health_check only');
  const isDriftForm = form === 'driftFromControl' || form === 'driftFromReference';
  if (kind === 'drift' && !isDriftForm)
    issue(ctx, ['candidate', form], `${gate.metric} is judged by driftFromControl or driftFromReference`);
  if (kind !== 'drift' && isDriftForm)
    issue(ctx, ['candidate', form], 'drift applies to prediction_distribution and feature_distribution');
  if (candidate.of !== undefined && form !== 'above' && form !== 'below')
    issue(ctx, ['candidate', 'of'], 'of: qualifies a multiple in above: or below:');
  if (form === 'above' || form === 'below') checkBound(gate, form, candidate, ctx);
  if (form === 'worseThanControlBy' && candidate.worseThanControlBy !== undefined)
    checkWorseBy(gate, candidate.worseThanControlBy, ctx);
}

function checkBound(gate: GateFields, form: 'above' | 'below', candidate: Candidate, ctx: Ctx): void {
  const info = METRIC_INFO[gate.metric];
  const path: Path = ['candidate', form];
  if (info.worse === 'higher' && form === 'below')
    issue(ctx, path, `${gate.metric} is worse when higher; a breach is written above:`);
  if (info.worse === 'lower' && form === 'above')
    issue(ctx, path, `${gate.metric} is worse when lower; a breach is written below:`);
  const value = candidate[form];
  if (value === undefined) return;
  const multiple = typeof value === 'string' ? parseMultiple(value) : undefined;
  if (multiple !== undefined) {
    if (candidate.of === undefined)
      issue(ctx, ['candidate', 'of'], `a multiple needs of: (${[...REFERENCE_WORDS].join(', ')})`);
    else checkReference(gate, candidate.of, ['candidate', 'of'], ctx);
    return;
  }
  if (candidate.of !== undefined)
    issue(ctx, ['candidate', 'of'], 'with of:, write the value as a multiple such as "2x"');
  if (typeof value === 'string' && REFERENCE_WORDS.has(value)) checkReference(gate, value, path, ctx);
  else checkAbsolute(gate, value, path, ctx);
}

function checkAbsolute(gate: GateFields, value: number | string, path: Path, ctx: Ctx): void {
  const info = METRIC_INFO[gate.metric];
  if (typeof value === 'string' && parsePercent(value) !== undefined && !isFractionMetric(gate.metric)) {
    issue(ctx, path, `percentages apply to rates; ${gate.metric} is measured in ${info.unit || 'its own units'}`);
  }
  if (typeof value === 'number' && info.kind === 'rate' && (value < 0 || value > 1)) {
    issue(ctx, path, 'a rate is a fraction between 0 and 1; write 5 % as "5%" or 0.05');
  }
  const fraction = typeof value === 'string' ? parsePercent(value) : undefined;
  if (fraction !== undefined && info.kind === 'rate' && (fraction < 0 || fraction > 1))
    issue(ctx, path, 'a rate lies between 0% and 100%');
}

function checkReference(gate: GateFields, reference: string, path: Path, ctx: Ctx): void {
  const kind = METRIC_INFO[gate.metric].kind;
  if ((reference === 'baseline_p95_7d' || reference === 'sla') && kind !== 'quantile') {
    issue(ctx, path, `${reference} is a latency reference; it applies to latency_p95 / latency_p99`);
  }
  if (reference === 'slo' && gate.slo === undefined)
    issue(ctx, ['slo'], 'the comparison refers to slo: add the gate field slo: <value>');
  if (reference === 'approved_estimate') {
    if (gate.metric !== 'cost_per_successful_task')
      issue(ctx, path, 'approved_estimate applies to cost_per_successful_task');
    else if (gate.approvedEstimateUsd === undefined)
      issue(ctx, ['approvedEstimateUsd'], 'the comparison refers to approved_estimate: add approvedEstimateUsd: <USD>');
  }
}

function checkWorseBy(gate: GateFields, text: string, ctx: Ctx): void {
  const path: Path = ['candidate', 'worseThanControlBy'];
  const points = parsePoints(text);
  if (points !== undefined && !isFractionMetric(gate.metric))
    issue(ctx, path, `percentage points apply to rates; write a percentage of control such as "10%"`);
  const amount = points ?? parsePercent(text);
  if (amount !== undefined && amount < 0)
    issue(ctx, path, 'worse by a negative amount would breach a better candidate; use a positive amount');
}

function checkControl(gate: GateFields, ctx: Ctx): void {
  const control = gate.control;
  if (control === undefined) return;
  if (!hasSequentialTest(gate.metric))
    issue(ctx, ['control'], 'a control precondition applies to rate, mean and latency gates');
  const sides = (['above', 'below'] as const).filter((s) => control[s] !== undefined);
  const [side] = sides;
  if (side === undefined || sides.length > 1) {
    issue(ctx, ['control'], 'control: needs exactly one of above: or below:');
    return;
  }
  const value = control[side];
  if (value !== undefined) checkAbsolute(gate, value, ['control', side], ctx);
}

/**
 * Drift keeps one histogram per series and arm, since the stage began (reset at each stage) or,
 * with `within: release`, since the release started; it keeps no recent-N or sliding window, so a
 * gate asking for one is refused rather than read over a different window than it says.
 */
function checkDriftWindows(gate: GateFields, ctx: Ctx): void {
  const supported = 'since the stage began (no window) or since the release started (within: release)';
  if (gate.over !== undefined)
    issue(ctx, ['over'], `drift gate "${gate.name}" compares distributions ${supported}; over: is not supported`);
  if (gate.within !== undefined && gate.within !== 'release')
    issue(
      ctx,
      ['within'],
      `drift gate "${gate.name}" compares distributions ${supported}; within: ${gate.within} is not supported`,
    );
}

function checkWindows(gate: GateFields, ctx: Ctx): void {
  const info = METRIC_INFO[gate.metric];
  if (info.kind === 'drift') {
    checkDriftWindows(gate, ctx);
    return;
  }
  const literalOnlyCountOrHealth = info.kind === 'count' || info.kind === 'health';
  if (gate.over !== undefined) {
    const keys = (['consecutiveCalls', 'completedTasks', 'reviewedOutputs', 'comparableRequests'] as const).filter(
      (k) => gate.over?.[k] !== undefined,
    );
    const [key] = keys;
    if (info.windows.length === 0) issue(ctx, ['over'], `${gate.metric} has no over: window`);
    else if (key === undefined || keys.length > 1)
      issue(
        ctx,
        ['over'],
        'over: names exactly one denominator (consecutiveCalls, completedTasks, reviewedOutputs, comparableRequests)',
      );
    else if (!info.windows.includes(key))
      issue(ctx, ['over', key], `${key} is not a denominator of ${gate.metric}; use ${info.windows.join(' or ')}`);
    if (gate.minSamples !== undefined) issue(ctx, ['minSamples'], 'an over: window already fixes the sample size');
  }
  if (gate.within !== undefined && gate.over !== undefined)
    issue(ctx, ['within'], 'a gate has one window: over: or within:, not both');
  if (gate.within !== undefined && literalOnlyCountOrHealth)
    issue(
      ctx,
      ['within'],
      info.kind === 'count' ? 'a count gate writes its window inside count: { within }' : 'health_check has no window',
    );
}
