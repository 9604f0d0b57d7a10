/**
 * The shapes of a gate's outside-signal state (R4.5): a query's cursors and last values, and the
 * alerts firing. gate-state.ts embeds them; signal-state.ts updates them from readings and alerts.
 */
import type { Arm } from '@ripcord/protocol';

/** A query's result as cumulative values by series (a canonical label string; `''` for a scalar). */
export type SeriesValues = Record<string, number>;

/** Where a counts gate's polls left each arm's counters: the value of each series last seen. */
export interface CountsCursor {
  numerator: SeriesValues;
  denominator: SeriesValues;
}

/** A value reading of one arm. */
export interface ValueReading {
  value: number;
  at: string;
}

/** Polls of a query gate and what the last ones read. */
export interface QueryState {
  polls: number;
  okPolls: number;
  lastPollAt: string | null;
  lastOkAt: string | null;
  /** Why the latest poll gave no reading, in words; `null` when it did. */
  failure: string | null;
  /** Counts form: each arm's cursor, `null` until its baseline reading. */
  cursor: { candidate: CountsCursor | null; control: CountsCursor | null };
  /** Value form: each arm's latest value. */
  values: { candidate: ValueReading | null; control: ValueReading | null };
}

/** One alert firing now, as the gate keeps it. */
export interface FiringAlert {
  fingerprint: string;
  name: string;
  /** The alert's `severity` label, if it has one. */
  severity: string | null;
  /** `control` when the alert names the control arm (it is kept, but does not breach). */
  arm: Arm | null;
  startsAt: string;
  receivedAt: string;
  /** Where it came from: `alertmanager` or the generic webhook's `source`. */
  source: string;
  summary: string | null;
}

/** The alerts of an alert gate. */
export interface AlertGateState {
  firing: FiringAlert[];
  /** Alerts that fired and were resolved since the release started. */
  resolved: number;
  lastReceivedAt: string | null;
  lastResolved: { name: string; at: string } | null;
}

/** At most this many alerts are kept firing per gate (the oldest beyond it are dropped). */
export const MAX_FIRING_ALERTS = 50;

/** A poll's outcome for one gate, as the signal poller delivers it. */
export type SignalReading =
  | { kind: 'counts'; at: Date; arms: Partial<Record<Arm, CountsCursor>> }
  | { kind: 'value'; at: Date; arms: Partial<Record<Arm, number>> }
  | { kind: 'failed'; at: Date; reason: string };

/** An alert delivery for one gate. */
export interface AlertSignal extends Omit<FiringAlert, 'receivedAt'> {
  status: 'firing' | 'resolved';
  at: Date;
}

/** A fresh query state. */
export function emptyQueryState(): QueryState {
  return {
    polls: 0,
    okPolls: 0,
    lastPollAt: null,
    lastOkAt: null,
    failure: null,
    cursor: { candidate: null, control: null },
    values: { candidate: null, control: null },
  };
}

/** A fresh alert state. */
export function emptyAlertState(): AlertGateState {
  return { firing: [], resolved: 0, lastReceivedAt: null, lastResolved: null };
}
