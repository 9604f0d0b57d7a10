/**
 * Literal readings of gates fed from outside ripcord (R4.5, docs/gates.md "Signals"): a query that
 * failed, has not answered yet or went stale reads `inconclusive` with the reason — never passing
 * (R4.4); a value reading is compared as written; an alert gate is breached while a matching alert
 * fires for the candidate.
 */
import type { CompiledGate } from '../language/gate-compile.js';
import type { Severity } from '../language/gate-spec.js';
import { formatDuration } from '../language/gate-values.js';
import type { GateState } from './gate-state.js';
import { emptyReading as empty, windowPhrase, type LiteralContext, type LiteralReading } from './gate-reading.js';
import { holds, preconditionHolds, thresholdOf } from './gate-compare.js';
import type { FiringAlert, QueryState } from './signal-gate-state.js';

/** A reading older than this many intervals (and ticks) no longer says anything about now. */
export const STALE_AFTER = 3;

function usesControl(gate: CompiledGate): boolean {
  const c = gate.comparison;
  return c.kind === 'control-ratio' || c.kind === 'control-delta' || gate.controlCondition !== undefined;
}

/** Why a query gate has no usable reading now (blocking every test mode), or `null` when it has one. */
export function queryBlocker(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading | null {
  const source = gate.source;
  const q = gs.query;
  if (source.kind !== 'query' || q === null) return null;
  const samples = {
    candidate: gs.moments.candidate.release.n,
    control: usesControl(gate) ? gs.moments.control.release.n : null,
  };
  if (q.failure !== null) return empty(gate, `no ${source.system} reading: ${q.failure}`, samples, true);
  if (q.lastOkAt === null) return empty(gate, `no ${source.system} reading yet`, samples, true);
  const ageMs = ctx.now.getTime() - Date.parse(q.lastOkAt);
  const staleMs = STALE_AFTER * Math.max(source.intervalMs, ctx.tickMs ?? 0);
  if (ageMs > staleMs)
    return empty(
      gate,
      `no ${source.system} reading for ${formatDuration(ageMs)} (last at ${q.lastOkAt})`,
      samples,
      true,
    );
  const baselineOnly = q.okPolls < 2 || q.cursor.candidate === null || (usesControl(gate) && q.cursor.control === null);
  if (source.form.kind === 'counts' && baselineOnly)
    return empty(
      gate,
      `the first ${source.system} reading is the baseline; counting starts at the next`,
      samples,
      true,
    );
  return null;
}

/** The value form: the latest reading of each arm against the gate's threshold. */
export function readQueryValue(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading {
  const q = gs.query as QueryState;
  const control = usesControl(gate);
  const cand = q.values.candidate?.value;
  const ctl = q.values.control?.value ?? Number.NaN;
  const samples = { candidate: q.okPolls, control: control ? q.okPolls : null };
  if (cand === undefined) return empty(gate, 'no candidate value yet', samples, true);
  if (control && Number.isNaN(ctl)) return empty(gate, 'no control value yet', samples, true);
  const threshold = thresholdOf(gate, ctx.references, ctl) ?? null;
  const base = { statistic: cand, control: control ? ctl : null, samples, window: windowPhrase(gate), threshold };
  const pre = gate.controlCondition;
  if (pre !== undefined && !preconditionHolds(pre, ctl))
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `control is not ${pre.side} the precondition, so the comparison is not meaningful`,
      blocking: true,
    };
  if (threshold === null)
    return { ...base, verdict: 'inconclusive', reason: 'no value for the reference is available', blocking: true };
  const reading: LiteralReading = {
    ...base,
    verdict: holds(gate, cand, ctl, threshold) ? 'breached' : 'passing',
    reason: null,
    blocking: false,
  };
  // An absolute gate reads control's value against the same words (docs/gates.md "Shared causes").
  const controlValue = q.values.control?.value;
  if (gate.comparison.kind === 'absolute' && controlValue !== undefined && Number.isFinite(controlValue))
    reading.controlArm = {
      value: controlValue,
      samples: q.okPolls,
      breached: holds(gate, controlValue, controlValue, threshold),
    };
  return reading;
}

const SEVERITY_ORDER: readonly Severity[] = ['delayed', 'rapid', 'immediate'];

/** The most urgent severity the firing alerts map to (the gate's own for unmapped ones). */
function mappedSeverity(gate: CompiledGate, firing: readonly FiringAlert[]): Severity {
  const map = gate.source.kind === 'alert' ? gate.source.severities : {};
  let worst: Severity | undefined;
  for (const f of firing) {
    const s = (f.severity !== null ? map[f.severity] : undefined) ?? gate.severity;
    if (worst === undefined || SEVERITY_ORDER.indexOf(s) > SEVERITY_ORDER.indexOf(worst)) worst = s;
  }
  return worst ?? gate.severity;
}

function describeAlert(f: FiringAlert): string {
  const severity = f.severity === null ? '' : `severity ${f.severity}, `;
  const summary = f.summary === null ? '' : `: ${f.summary}`;
  return `${f.name} firing since ${f.startsAt} (${severity}fingerprint ${f.fingerprint}, via ${f.source})${summary}`;
}

/**
 * An alert gate: breached while an alert matching it fires for the candidate (an alert without an
 * arm label is about the release, hence the candidate); passing otherwise — ripcord cannot tell
 * an alerting pipeline that is down from one with nothing to say, which readiness reports instead.
 * An alert naming the control arm is shown but does not breach: rolling back would not help it.
 */
export function readAlerts(gate: CompiledGate, gs: GateState): LiteralReading {
  const a = gs.alerts;
  const name = gate.source.kind === 'alert' ? gate.source.name : gate.name;
  const firing = a?.firing ?? [];
  const candidate = firing.filter((f) => f.arm !== 'control');
  const base = {
    threshold: 1,
    control: null,
    samples: { candidate: candidate.length, control: null },
    window: windowPhrase(gate),
    blocking: false,
  };
  // Alerts labelled for control (same gate, same rule): the arms can be compared.
  const control = firing.filter((f) => f.arm === 'control');
  if (candidate.length > 0)
    return {
      ...base,
      verdict: 'breached',
      statistic: candidate.length,
      reason: null,
      detail: `alert ${candidate.map(describeAlert).join('; ')}${control.length > 0 ? `; also firing for control: ${control.map(describeAlert).join('; ')}` : ''}`,
      severity: mappedSeverity(gate, candidate),
      // A matching alert firing for control as well is a cause both arms share (docs/gates.md
      // "Shared causes"); an alert without an arm label is the candidate's and says nothing of control.
      ...(control.length > 0 ? { controlArm: { value: control.length, samples: control.length, breached: true } } : {}),
    };
  const resolved = a === null || a.resolved === 0 ? '' : `; ${a.resolved} resolved since the release started`;
  const onControl =
    firing.length > 0 ? `; firing for control only (${firing.length}), which a rollback would not help` : '';
  return {
    ...base,
    verdict: 'passing',
    statistic: 0,
    reason: null,
    detail: `alert ${name} not firing for the candidate${onControl}${resolved}`,
  };
}
