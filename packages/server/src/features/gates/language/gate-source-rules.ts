/**
 * Rules between a gate's `source:` and its other words (docs/gates.md "Signals"): which block each
 * source needs, which form fits which metric, and which windows and tests a query or an alert can
 * honour. Like `gate-rules.ts`, each rule names the field to fix and says what to write instead.
 */
import type { z } from 'zod';
import type { GateFields } from './gate-fields.js';
import { METRIC_INFO } from './metric-catalog.js';
import { selectsArm } from './gate-source.js';

type Ctx = z.RefinementCtx<GateFields>;

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** The gate's source, `events` when it does not say. */
export function sourceOf(gate: Pick<GateFields, 'source'>): NonNullable<GateFields['source']> {
  return gate.source ?? 'events';
}

/** Whether a metric's observations are 0/1 (the rates whose counts feed the exact tests). */
export function isBinaryRate(metric: GateFields['metric']): boolean {
  return METRIC_INFO[metric].kind === 'rate' && metric !== 'missing_feature_rate';
}

/** Runs every source rule on one gate (called from `checkGate`). */
export function checkSource(gate: GateFields, ctx: Ctx): void {
  const source = sourceOf(gate);
  for (const block of ['prometheus', 'datadog', 'alert'] as const) {
    if (gate[block] !== undefined && source !== block)
      issue(ctx, [block], `${block}: is read only with source: ${block}`);
    if (gate[block] === undefined && source === block)
      issue(ctx, [block], `source: ${block} needs a ${block}: block (see docs/gates.md "Signals")`);
  }
  if (source === 'alert') checkAlertGate(gate, ctx);
  if (source === 'prometheus' && gate.prometheus !== undefined) {
    const { numerator, denominator, value } = gate.prometheus;
    if (value !== undefined && (numerator !== undefined || denominator !== undefined))
      issue(ctx, ['prometheus'], 'write either value: or numerator: and denominator:, not both forms');
    else if (value !== undefined) checkValueGate(gate, ['prometheus', 'value'], value, ctx);
    else if (numerator === undefined || denominator === undefined)
      issue(ctx, ['prometheus'], 'write numerator: and denominator: (the counts form) or value: (one number per arm)');
    else checkCountsGate(gate, numerator, denominator, ctx);
  }
  if (source === 'datadog' && gate.datadog !== undefined)
    checkValueGate(gate, ['datadog', 'value'], gate.datadog.value, ctx);
}

/**
 * The counts form feeds the same sequential tests as ingested events, so it applies to the 0/1
 * rates only (errors over requests, blocks over requests, …), and reads the windows whose sums
 * it can add to: since the stage or release began, or `within:` a duration. `over:` N counts
 * single calls, which cumulative counters do not show.
 */
function checkCountsGate(gate: GateFields, numerator: string, denominator: string, ctx: Ctx): void {
  if (!isBinaryRate(gate.metric))
    issue(
      ctx,
      ['metric'],
      `the counts form applies to rates of 0/1 outcomes (error_rate, schema_failure_rate, safety_block_rate, review_rejection_rate, conversion_rate); for ${gate.metric} use value:`,
    );
  if (gate.over !== undefined)
    issue(
      ctx,
      ['over'],
      'a Prometheus counts gate reads since the stage began, within: release or within: <duration>; counters do not show the last N calls',
    );
  for (const [field, template] of [
    ['numerator', numerator],
    ['denominator', denominator],
  ] as const)
    if (!selectsArm(template))
      issue(ctx, ['prometheus', field], 'the query must select one arm: use {{arm}} or {{bundle}} in a label matcher');
}

/**
 * A value reading is one number per arm at each poll, not a sample of requests: it is read
 * literally (with `sustained:` for "for 5 minutes"), its window is the query's own range, and it
 * has no minimum sample.
 */
function checkValueGate(gate: GateFields, path: (string | number)[], value: string, ctx: Ctx): void {
  const kind = METRIC_INFO[gate.metric].kind;
  if (kind !== 'rate' && kind !== 'mean' && kind !== 'ratio' && kind !== 'quantile')
    issue(ctx, ['metric'], `a query's value applies to rates, means, ratios and latency; ${gate.metric} is not one`);
  if (gate.over !== undefined || gate.within !== undefined)
    issue(
      ctx,
      [gate.over !== undefined ? 'over' : 'within'],
      "a query's window is in the query itself (e.g. rate(x[{{lookback}}])); add sustained: to ask that it holds for a while",
    );
  if (gate.minSamples !== undefined) issue(ctx, ['minSamples'], 'a value reading has no minimum sample');
  if (gate.test !== undefined && gate.test !== 'literal')
    issue(ctx, ['test'], 'a value reading is one number, not a sample of requests: it is read literally only');
  if (!selectsArm(value))
    issue(ctx, path, 'the query must select one arm: use {{arm}} or {{bundle}} in a label matcher');
}

/** An alert gate's verdict is the alert's state: no comparison, window or test of its own. */
function checkAlertGate(gate: GateFields, ctx: Ctx): void {
  const forbidden = ['candidate', 'control', 'over', 'within', 'count', 'test', 'minSamples', 'slo'] as const;
  for (const field of forbidden)
    if (gate[field] !== undefined)
      issue(ctx, [field], `an alert gate breaches while a matching alert fires; ${field}: does not apply`);
}
