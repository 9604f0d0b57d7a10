/**
 * The part of a gate's state that comes from outside ripcord (R4.5): Prometheus or Datadog readings
 * and alerts. A counts reading's cumulative counters become increments of the gate's sums here
 * (docs/adr/0010-counts-from-prometheus.md): the first reading is the baseline, a series seen later
 * counts from zero, a counter that went down was reset and counts from zero again. Pure and
 * in place, like the rest of ingest; the state is plain JSON and bounded by the series and alerts
 * it keeps, never by traffic.
 */
import type { Arm } from '@ripcord/protocol';
import { addEventCounts } from '../../../stats/moments.js';
import type { CompiledGate } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import { bucketFor } from './window-ring.js';
import {
  MAX_FIRING_ALERTS,
  type SeriesValues,
  type CountsCursor,
  type QueryState,
  type FiringAlert,
  type SignalReading,
  type AlertSignal,
} from './signal-gate-state.js';

export type {
  SeriesValues,
  CountsCursor,
  ValueReading,
  QueryState,
  FiringAlert,
  AlertGateState,
  SignalReading,
  AlertSignal,
} from './signal-gate-state.js';

/**
 * The increase of cumulative `now` over `before`, series by series, by Prometheus's counter rule:
 * a series that went down was reset and counts its whole new value; a series not seen before
 * counts from zero. Non-finite or negative values are skipped.
 */
export function increase(before: SeriesValues, now: SeriesValues): number {
  let total = 0;
  for (const key of Object.keys(now)) {
    const v = now[key];
    if (v === undefined || !Number.isFinite(v) || v < 0) continue;
    const prior = before[key];
    total += prior === undefined || v < prior ? v : v - prior;
  }
  return total;
}

/** `before` updated with `now` (series absent now keep their last value, so a return is a reset or a rise). */
function advance(before: SeriesValues, now: SeriesValues): SeriesValues {
  const out: SeriesValues = { ...before };
  for (const key of Object.keys(now)) {
    const v = now[key];
    if (v !== undefined && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}

/** Adds one poll's increments of one arm to every window of the gate (in place). */
function addIncrements(gs: GateState, arm: Arm, k: number, n: number, atMs: number): void {
  const acc = gs.moments[arm];
  addEventCounts(acc.release, k, n);
  addEventCounts(acc.stage, k, n);
  if (gs.buckets === null) return;
  const { slot } = bucketFor(gs.buckets, atMs);
  const bucket = gs.buckets[arm][slot];
  if (bucket !== undefined) addEventCounts(bucket, k, n);
}

/**
 * Applies a counts reading of one arm: the baseline on the first, increments after. Events are
 * clamped so that the arm never has more events than trials (two counters read at one instant can
 * still disagree by a scrape).
 */
function applyArmCounts(gs: GateState, q: QueryState, arm: Arm, now: CountsCursor, atMs: number): void {
  const cursor = q.cursor[arm];
  if (cursor === null) {
    q.cursor[arm] = { numerator: advance({}, now.numerator), denominator: advance({}, now.denominator) };
    return;
  }
  const trials = Math.round(increase(cursor.denominator, now.denominator));
  const total = gs.moments[arm].release;
  const events = Math.max(
    0,
    Math.min(Math.round(increase(cursor.numerator, now.numerator)), total.n + trials - total.sx),
  );
  q.cursor[arm] = {
    numerator: advance(cursor.numerator, now.numerator),
    denominator: advance(cursor.denominator, now.denominator),
  };
  if (trials > 0 || events > 0) addIncrements(gs, arm, events, trials, atMs);
}

/** Applies one poll's reading to a query gate's state (in place). Ignored by other gates. */
export function applyReading(gate: CompiledGate, gs: GateState, reading: SignalReading): void {
  const q = gs.query;
  if (q === null || gate.source.kind !== 'query') return;
  const at = reading.at.toISOString();
  q.polls += 1;
  q.lastPollAt = at;
  if (reading.kind === 'failed') {
    q.failure = reading.reason;
    return;
  }
  q.failure = null;
  q.okPolls += 1;
  q.lastOkAt = at;
  for (const arm of ['candidate', 'control'] as const) {
    if (reading.kind === 'counts') {
      const now = reading.arms[arm];
      if (now !== undefined) applyArmCounts(gs, q, arm, now, reading.at.getTime());
    } else {
      const value = reading.arms[arm];
      if (value !== undefined) q.values[arm] = { value, at };
    }
  }
}

/** Applies one alert delivery to an alert gate's state (in place): fires, refreshes or resolves it. */
export function applyAlertSignal(gs: GateState, signal: AlertSignal): void {
  const a = gs.alerts;
  if (a === null) return;
  const at = signal.at.toISOString();
  a.lastReceivedAt = at;
  const index = a.firing.findIndex((f) => f.fingerprint === signal.fingerprint);
  if (signal.status === 'resolved') {
    if (index < 0) return;
    a.firing.splice(index, 1);
    a.resolved += 1;
    a.lastResolved = { name: signal.name, at };
    return;
  }
  const { status: _status, at: _at, ...alert } = signal;
  const firing: FiringAlert = { ...alert, receivedAt: index < 0 ? at : (a.firing[index]?.receivedAt ?? at) };
  if (index >= 0) a.firing[index] = firing;
  else a.firing.push(firing);
  if (a.firing.length > MAX_FIRING_ALERTS) a.firing.shift();
}
