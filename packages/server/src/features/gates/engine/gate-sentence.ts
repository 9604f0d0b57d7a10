/**
 * One plain sentence per evaluation, e.g. "candidate schema failures 1.6 % over the last 200 calls
 * vs control 0.1 % (breach above 1.0 % while control below 0.2 %): breached". Written for the
 * on-call engineer reading a notification: value, window, comparison, verdict, and why.
 */
import type { CompiledGate } from '../language/gate-compile.js';
import type { LiteralReading, Verdict } from './gate-literal.js';
import { formatApart, formatNumber, formatPercent } from '../language/gate-values.js';

/** A value in the metric's unit: `1.6 %`, `412 ms`, `0.0053 USD` (`extra` digits to tell values apart). */
export function formatValue(gate: CompiledGate, value: number | null, extra = 0): string {
  if (value === null) return 'n/a';
  switch (gate.info.unit) {
    case '%':
      return formatPercent(value, extra);
    case 'ms':
      return `${formatNumber(value, extra)} ms`;
    case 'USD':
      return `${formatNumber(value, extra)} USD`;
    case '':
      return formatNumber(value, extra);
  }
}

/** What the sentence calls the metric: the workflow metric's own name for `primary_metric`. */
export function metricLabel(gate: CompiledGate): string {
  if (gate.metric === 'primary_metric' && gate.spec.primaryMetric !== undefined) return gate.spec.primaryMetric;
  return gate.spec.tool === undefined ? gate.info.label : `${gate.info.label} (${gate.spec.tool})`;
}

/** The statistic and threshold as text, with enough digits that different values read differently. */
function valueAndThreshold(gate: CompiledGate, literal: LiteralReading): [string, string] {
  const { statistic, threshold } = literal;
  if (statistic === null || threshold === null) return [formatValue(gate, statistic), formatValue(gate, threshold)];
  return formatApart(statistic, threshold, (v, extra) => formatValue(gate, v, extra));
}

/** "(150 so far)" when the numbers shown come from a window that is not yet full. */
function soFar(gate: CompiledGate, literal: LiteralReading): string {
  if (gate.source.kind === 'query' && gate.source.form.kind === 'value') return '';
  const n = literal.samples.candidate;
  const need = gate.window.kind === 'consecutive' ? gate.window.size : gate.minSamples;
  return literal.statistic !== null && n < need ? ` (${n} so far)` : '';
}

function limitPhrase(gate: CompiledGate, t: string): string {
  const c = gate.comparison;
  const side = gate.direction === 1 ? 'above' : 'below';
  let phrase: string;
  if (c.kind === 'absolute')
    phrase =
      c.bound.kind === 'reference'
        ? `breach ${side} ${t} = ${formatNumber(c.bound.multiple)}x ${c.bound.reference}`
        : `breach ${side} ${t}`;
  else if (c.kind === 'control-ratio')
    // worseThanControlBy "10%" means at least 10 % worse: the threshold itself breaches.
    phrase = `breach ${c.inclusive ? `at or ${side}` : side} ${t} = ${formatNumber(c.multiple)}x control`;
  else if (c.kind === 'control-delta')
    phrase = `breach at ${t} = control ${gate.direction === 1 ? '+' : '−'} ${formatNumber(c.delta * 100)}pp`;
  else phrase = `breach at ${t}`;
  const pre = gate.controlCondition;
  return pre === undefined ? phrase : `${phrase} while control ${pre.side} ${formatValue(gate, pre.value)}`;
}

/** The sentence for a literal reading, a final verdict, and an optional note on why. */
export function gateSentence(
  gate: CompiledGate,
  literal: LiteralReading,
  verdict: Verdict,
  note: string | null,
): string {
  const tail = `: ${verdict}${note === null ? '' : ` — ${note}`}`;
  if (gate.source.kind === 'alert') return `candidate ${metricLabel(gate)}: ${literal.detail ?? 'no alert'}${tail}`;
  switch (gate.info.kind) {
    case 'count': {
      const n = literal.statistic ?? 0;
      return `${n} ${countNoun(gate, n)}${matching(gate, n)} ${literal.window} (breach at ${literal.threshold ?? '?'})${tail}`;
    }
    case 'health':
      return `candidate health check: ${healthWords(literal)}${tail}`;
    case 'drift': {
      const c = gate.comparison;
      const method = c.kind === 'drift' ? c.method.toUpperCase() : 'distance';
      const against = c.kind === 'drift' && c.against === 'control' ? 'vs control' : 'vs the reference';
      const above = c.kind === 'drift' ? c.above : 0;
      const [v, t] =
        literal.statistic === null ? ['', formatNumber(above)] : formatApart(literal.statistic, above, formatNumber);
      const of = literal.series === undefined ? '' : ` (largest: ${literal.series})`;
      const value = literal.statistic === null ? '' : ` ${method} ${v}${of}`;
      return `candidate ${gate.info.label}${value} ${against} ${literal.window} (breach above ${t})${tail}`;
    }
    case 'rate':
    case 'mean':
    case 'ratio':
    case 'quantile': {
      const [v, t] = valueAndThreshold(gate, literal);
      const value = literal.statistic === null ? '' : ` ${v}`;
      const control = literal.control === null ? '' : ` vs control ${formatValue(gate, literal.control)}`;
      const limit = literal.threshold === null ? '' : ` (${limitPhrase(gate, t)})`;
      return `candidate ${metricLabel(gate)}${value} ${literal.window}${soFar(gate, literal)}${control}${limit}${tail}`;
    }
  }
}

/** The count's label for `n` events: "1 crash/OOM event", "2 crash/OOM events". */
function countNoun(gate: CompiledGate, n: number): string {
  const label = gate.info.label;
  return n === 1 && label.endsWith('s') ? label.slice(0, -1) : label;
}

function matching(gate: CompiledGate, n: number): string {
  if (gate.comparison.kind !== 'count' || !gate.comparison.matchingSamples) return '';
  return n === 1 ? ' with a matching sample' : ' with matching samples';
}

function healthWords(literal: LiteralReading): string {
  const failures = literal.statistic;
  if (failures === null) return 'no probe yet';
  if (failures === 0) return 'latest probe passed';
  return `${failures} consecutive failed probe${failures === 1 ? '' : 's'}`;
}
