/**
 * The aggregated state of one gate in one release, for both arms. Its size depends on the gate
 * (window length N, bucket count, sketch bins), never on the number of events:
 *
 * - rate / mean / ratio: 2 arms × 2 windows × 6 sums; `over: N` adds N × 5 numbers; `within: W`
 *   adds 21 buckets × 2 arms × 6 sums;
 * - latency: the same sums plus 4 DDSketches (a few KB each at 1 % accuracy), N latencies per arm
 *   for `over: N`, 21 × 2 sketches for `within: W`;
 * - drift: per series, bins × 2 arms counts, plus at most `minSamples` values per arm buffered until
 *   the bins are frozen;
 * - counts: the K most recent timestamps and at most 10 sample ids, control's count and at most 1,000
 *   of its times; health: 4 fields; comparisons with control: 2 × 64 × 2 key-bucket sums.
 *
 * Absent parts are `null` (not `undefined`) so that the JSON snapshot round-trips exactly.
 */
import { emptyMoments, type Moments } from '../../../stats/moments.js';
import { createLatencySketch, type DDSketch } from '../../../stats/latency-sketch.js';
import type { EventShareState } from '../../../stats/event-share-test.js';
import type { BettingState } from '../../../stats/betting-mean.js';
import type { CompiledGate } from '../language/gate-compile.js';
import { createBuckets, createRing, type Ring, type TimeBuckets } from './window-ring.js';
import { emptyAlertState, emptyQueryState, type AlertGateState, type QueryState } from './signal-gate-state.js';
import { emptyKept, type KeptEvidence } from './gate-evidence.js';
import { emptyBucketSums, type BucketSums } from '../../../stats/key-buckets.js';

/**
 * Per-arm sums by hashed key bucket (`stats/key-buckets.ts`, ADR 0002 §12), for gates that compare
 * with control: an outcome goes to the bucket of its `key` (the bucketing key), else of its request
 * id; a late label to the bucket of its request id. `keyed` counts observations that carried a
 * key: while it is 0 every observation is its own unit and the tests are exactly the
 * independent-request ones.
 */
export interface KeyBucketState {
  candidate: BucketSums;
  control: BucketSums;
  keyed: number;
}

/** Fresh key-bucket sums. */
export const emptyKeyBuckets = (): KeyBucketState => ({
  candidate: emptyBucketSums(),
  control: emptyBucketSums(),
  keyed: 0,
});

/** Sums since the release started and since the current stage began. */
export interface ArmMoments {
  release: Moments;
  stage: Moments;
}

/** Latency sketches since the release started and since the stage began. */
export interface ArmSketches {
  release: DDSketch;
  stage: DDSketch;
}

/** One drift series (the prediction, or one input feature). */
export interface DriftSeries {
  /** Inner bin edges, frozen once; `null` until known. */
  edges: number[] | null;
  /** Declared reference proportions (driftFromReference), one per bin. */
  reference: number[] | null;
  /** Values buffered (at most `minSamples` per arm) until the edges are frozen from control. */
  pending: { candidate: number[]; control: number[] };
  /** Counts per bin over the gate's window. */
  counts: { candidate: number[]; control: number[] };
}

/** The K most recent event times (ms, ascending) and evidence for a count gate. */
export interface CountState {
  total: number;
  recent: number[];
  /** Up to 10 most recent sample ids (complaints) or event ids (crashes), for the evidence. */
  samples: string[];
  /** Complaints that did not match a sample the candidate served (with matchingSamples). */
  unmatched: number;
  /**
   * The same events counted for control (its crashes, complaints about its samples): the total and
   * at most {@link CONTROL_RECENT} most recent times, so a breach both arms share is told from the
   * candidate's own (docs/gates.md "Shared causes"). Absent in snapshots written before it existed.
   */
  control?: { total: number; recent: number[] } | null;
}

/** Control event times kept per count gate (control serves up to 99 % of the traffic). */
export const CONTROL_RECENT = 1000;

/** Probe results of the candidate's health endpoint. */
export interface HealthState {
  probes: number;
  consecutiveFailures: number;
  lastProbeAt: string | null;
  lastOk: boolean | null;
}

/** A manual override (R4.5): who forced which state, and why. */
export interface GateOverride {
  force: 'breached' | 'passing';
  actor: string;
  reason: string;
  at: string;
}

/** The sequential test's own state. */
export interface SequentialState {
  /** Mixture scale frozen at activation (normal mixtures). */
  level: number | null;
  /** Event-share test (binary metrics against `control` ratios). */
  share: EventShareState | null;
  /**
   * Betting test (nonnegative means and ratios against a fixed bound, `usesBetting`): the bound
   * frozen at release start and the wealth, fed every candidate observation. `null` for other
   * gates, when the bound was not known at start, and in snapshots written before it existed.
   */
  betting: BettingState | null;
  /**
   * The test restarted when the words began to hold (ADR 0002 §9); `null` before, and again once
   * they have not held for a window's span. Absent in snapshots written before it existed.
   */
  recent: RecentTest | null;
  /** How many recent tests this gate has started; the next one is number `restarts + 1`. */
  restarts: number;
}

/**
 * A test started at a tick where the gate's words began to hold: it reads only what came after,
 * as the differences between the gate's cumulative sums now and when it started, so a regression
 * that begins late in a release is not diluted by the healthy hours before it.
 */
export interface RecentTest {
  /** Its number among the gate's restarts (1, 2, …); it spends RECENT_SHARE·α·6/(π²·j²). */
  j: number;
  since: string;
  /** The last evaluation at which the words held, and the candidate's count then. */
  heldAt: string;
  heldN: number;
  /** Cumulative sums of each arm (release window) when it started. */
  candidate: Moments;
  control: Moments;
  /** Latency gates: the candidate's exceedance counts when it started (`null` before the freeze). */
  exceedance: Moments | null;
  /** Betting gates: the bettors' log-wealth and count when it started. */
  betting: { n: number; logWealth: number[] } | null;
  /** Event-share gates: its own event-share test, positioned at the counts when it started. */
  share: EventShareState | null;
  /** Gates with key buckets: the bucket sums when it started (absent in older snapshots). */
  keys?: KeyBucketState | null;
}

/** Everything the engine keeps for one gate. */
export interface GateState {
  moments: { candidate: ArmMoments; control: ArmMoments };
  /** `over: N`: candidate rows [x, y, control n, control Σx, control Σy at that moment]. */
  ring: Ring | null;
  /** `over: N` latency gates: control's last N latencies. */
  controlRing: Ring | null;
  buckets: TimeBuckets | null;
  sketches: { candidate: ArmSketches; control: ArmSketches } | null;
  bucketSketches: { candidate: DDSketch[]; control: DDSketch[] } | null;
  /** Latency exceedance of the threshold frozen at release start (or at activation). */
  exceedance: { threshold: number; candidate: Moments; control: Moments } | null;
  sequential: SequentialState;
  drift: Record<string, DriftSeries> | null;
  count: CountState | null;
  health: HealthState | null;
  /** `sustained:` clock: since when the condition has held, and the last evaluation time. */
  timers: { holdingSince: string | null; lastEvaluatedAt: string | null };
  override: GateOverride | null;
  /** Prometheus / Datadog gates: polls and what they read (`signal-state.ts`). */
  query: QueryState | null;
  /** `source: alert` gates: the matching alerts firing now. */
  alerts: AlertGateState | null;
  /** Measured gates over events: the latest events that counted against it, per arm (`gate-evidence.ts`). */
  kept: KeptEvidence | null;
  /** Comparisons with control over events: sums per hashed key bucket (`null` elsewhere). */
  keys: KeyBucketState | null;
}

const armMoments = (): ArmMoments => ({ release: emptyMoments(), stage: emptyMoments() });
const armSketches = (): ArmSketches => ({ release: createLatencySketch(), stage: createLatencySketch() });

/** A fresh state for `gate` (the parts its kind and window need, `null` elsewhere). */
export function createGateState(gate: CompiledGate): GateState {
  if (gate.source.kind !== 'events') return createSignalGateState(gate);
  const kind = gate.info.kind;
  const measured = kind === 'rate' || kind === 'mean' || kind === 'ratio' || kind === 'quantile';
  const window = gate.window;
  const sliding = measured && window.kind === 'sliding' ? window : null;
  return {
    moments: { candidate: armMoments(), control: armMoments() },
    ring: measured && window.kind === 'consecutive' ? createRing(window.size, 5) : null,
    controlRing: kind === 'quantile' && window.kind === 'consecutive' ? createRing(window.size, 1) : null,
    buckets: sliding ? createBuckets(sliding.ms) : null,
    sketches: kind === 'quantile' ? { candidate: armSketches(), control: armSketches() } : null,
    bucketSketches: kind === 'quantile' && sliding ? { candidate: [], control: [] } : null,
    exceedance: null,
    sequential: { level: null, share: null, betting: null, recent: null, restarts: 0 },
    drift: kind === 'drift' ? {} : null,
    count:
      kind === 'count' ? { total: 0, recent: [], samples: [], unmatched: 0, control: { total: 0, recent: [] } } : null,
    health: kind === 'health' ? { probes: 0, consecutiveFailures: 0, lastProbeAt: null, lastOk: null } : null,
    timers: { holdingSince: null, lastEvaluatedAt: null },
    override: null,
    query: null,
    alerts: null,
    kept: measured ? emptyKept() : null,
    keys: usesKeyBuckets(gate) ? emptyKeyBuckets() : null,
  };
}

/**
 * A gate fed from outside: sums (and sliding buckets) only for the counts form, the poll state
 * for queries, the firing alerts for alert gates; no rings, sketches, drift, counts or probes.
 */
function createSignalGateState(gate: CompiledGate): GateState {
  const source = gate.source;
  const counts = source.kind === 'query' && source.form.kind === 'counts';
  return {
    moments: { candidate: armMoments(), control: armMoments() },
    ring: null,
    controlRing: null,
    buckets: counts && gate.window.kind === 'sliding' ? createBuckets(gate.window.ms) : null,
    sketches: null,
    bucketSketches: null,
    exceedance: null,
    sequential: { level: null, share: null, betting: null, recent: null, restarts: 0 },
    drift: null,
    count: null,
    health: null,
    timers: { holdingSince: null, lastEvaluatedAt: null },
    override: null,
    query: source.kind === 'query' ? emptyQueryState() : null,
    alerts: source.kind === 'alert' ? emptyAlertState() : null,
    kept: null,
    keys: null,
  };
}

/**
 * Whether the gate keeps key buckets: a rate, mean or ratio over events compared with control (a
 * multiple or a difference) — the comparisons that also compare two samples of keys. Fixed bounds
 * ask about the requests the candidate served and keep the independent-request tests.
 */
export function usesKeyBuckets(gate: CompiledGate): boolean {
  const kind = gate.info.kind;
  const c = gate.comparison.kind;
  return (
    gate.source.kind === 'events' &&
    gate.quantile === undefined &&
    (kind === 'rate' || kind === 'mean' || kind === 'ratio') &&
    (c === 'control-ratio' || c === 'control-delta')
  );
}
