/**
 * Literal readings of the forms without a sequential test: drift distances, counts in a window,
 * and health probes (docs/gates.md "Comparisons").
 */
import { driftDistance, smoothedProportions } from '../../../stats/drift.js';
import type { CompiledGate } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import { formatDuration } from '../language/gate-values.js';
import {
  emptyReading as empty,
  windowPhrase,
  type ControlArm,
  type LiteralContext,
  type LiteralReading,
} from './gate-reading.js';

/** Drift: the largest distance over the gate's series, once bins and samples allow. */
export function readDrift(gate: CompiledGate, gs: GateState): LiteralReading {
  const c = gate.comparison;
  const series = Object.entries(gs.drift ?? {});
  const served = {
    candidate: gs.moments.candidate[gate.window.kind === 'release' ? 'release' : 'stage'].n,
    control: gs.moments.control.stage.n,
  };
  if (c.kind !== 'drift' || series.length === 0) return empty(gate, 'no series to compare', served);
  let worst = -Infinity;
  let worstName = '';
  let samples = { candidate: Infinity, control: Infinity as number | null };
  for (const [name, s] of series) {
    if (c.against === 'reference' && s.reference === null)
      return empty(gate, `no reference distribution is declared for ${name}`, served, true);
    if (s.edges === null)
      return empty(
        gate,
        `bins for ${name} are fixed once control has ${gate.minSamples} values (has ${s.pending.control.length})`,
        served,
      );
    const nc = s.counts.candidate.reduce((a, b) => a + b, 0);
    const nk = s.counts.control.reduce((a, b) => a + b, 0);
    samples = {
      candidate: Math.min(samples.candidate, nc),
      control: c.against === 'control' ? Math.min(samples.control ?? Infinity, nk) : null,
    };
    if (nc < gate.minSamples || (c.against === 'control' && nk < gate.minSamples))
      return empty(gate, `${name} has ${nc} candidate values; ${gate.minSamples} needed`, samples);
    const q = c.against === 'reference' ? (s.reference ?? []) : smoothedProportions(s.counts.control);
    const distance = driftDistance(c.method, smoothedProportions(s.counts.candidate), q);
    if (distance > worst) [worst, worstName] = [distance, name];
  }
  const verdict = worst > c.above ? 'breached' : 'passing';
  return {
    verdict,
    statistic: worst,
    threshold: c.above,
    control: null,
    samples,
    window: windowPhrase(gate),
    reason: null,
    blocking: false,
    ...(series.length > 1 ? { series: worstName } : {}),
  };
}

/** Counts: events in the window against `atLeast`. */
export function readCount(gate: CompiledGate, gs: GateState, ctx: LiteralContext): LiteralReading {
  const c = gate.comparison;
  const cs = gs.count;
  const served = gs.moments.candidate.release.n;
  if (c.kind !== 'count' || cs === null) return empty(gate, 'not a count gate', { candidate: served, control: null });
  const withinMs = c.withinMs;
  const since = withinMs === 'release' ? -Infinity : ctx.now.getTime() - withinMs;
  const inWindow = withinMs === 'release' ? cs.total : cs.recent.filter((t) => t > since).length;
  const window = withinMs === 'release' ? 'since the release started' : `within the last ${formatDuration(withinMs)}`;
  const base = {
    statistic: inWindow,
    threshold: c.atLeast,
    control: null,
    samples: { candidate: served, control: null },
    window,
    blocking: false,
  };
  if (inWindow >= c.atLeast) {
    const controlArm = controlCount(gate, gs, since);
    return { ...base, verdict: 'breached', reason: null, ...(controlArm ? { controlArm } : {}) };
  }
  // Zero crashes after no traffic proves nothing: a pass needs the minimum sample served.
  if (served < gate.minSamples)
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `the candidate has served ${served} of ${gate.minSamples} requests`,
    };
  return { ...base, verdict: 'passing', reason: null };
}

/**
 * Control's count over the same window, scaled to the traffic the candidate served (control serves
 * more), read against the gate's `atLeast`: what control would have counted at the candidate's
 * volume (docs/gates.md "Shared causes"). The candidate keeps only its `atLeast` latest times, so
 * whether it is worse than control is judged on both arms' counts since the release started
 * (exact): when the candidate's exceeds control's at its traffic by more than the shared-cause
 * tolerance, there is no control reading and the breach is the candidate's. Absent before control
 * has served `minSamples`.
 */
function controlCount(gate: CompiledGate, gs: GateState, since: number): ControlArm | undefined {
  const c = gate.comparison;
  const cs = gs.count;
  const ctl = cs?.control;
  const served = gs.moments.candidate.release.n;
  const ctlServed = gs.moments.control.release.n;
  if (c.kind !== 'count' || cs == null || ctl == null || served <= 0 || ctlServed < gate.minSamples) return undefined;
  const scale = served / ctlServed;
  if (cs.total > (1 + COUNT_TOLERANCE) * ctl.total * scale) return undefined;
  const counted = since === -Infinity ? ctl.total : ctl.recent.filter((t) => t > since).length;
  const value = counted * scale;
  return { value, samples: counted, breached: value >= c.atLeast };
}

/** The shared-cause tolerance (releases/machine/shared-cause.ts `SHARED_TOLERANCE`), for counts. */
const COUNT_TOLERANCE = 0.25;

/** Consecutive failed probe rounds that make a health gate fail (GATES.md). */
export const HEALTH_FAILURES = 3;

/**
 * A health reading is stale when the latest probe is older than this at evaluation: 6 default
 * ticks. The release machine probes at every tick, at the same `now` it then evaluates at, so a
 * running server's latest probe is 0 s old when read; only a prober that stopped
 * (or an evaluation that nobody probes for) goes stale.
 */
export const HEALTH_STALE_MS = 60_000;

/**
 * Health: consecutive failed probe rounds of the candidate's declared endpoints (a round fails if
 * any endpoint failed; `applyProbe`). Never probed, or not probed for {@link HEALTH_STALE_MS}
 * before `ctx.now`, is inconclusive: a prober that stopped must not look healthy. Without `ctx`
 * the probe's age is not checked.
 */
export function readHealth(gs: GateState, ctx?: Pick<LiteralContext, 'now'>): LiteralReading {
  const h = gs.health;
  const base = {
    threshold: HEALTH_FAILURES,
    control: null,
    samples: { candidate: h?.probes ?? 0, control: null },
    window: 'over the latest probes',
    blocking: false,
  };
  if (h === null || h.probes === 0 || h.lastProbeAt === null)
    return { ...base, verdict: 'inconclusive', statistic: null, reason: 'no probe result yet' };
  const failures = h.consecutiveFailures;
  const ageMs = ctx === undefined ? 0 : ctx.now.getTime() - Date.parse(h.lastProbeAt);
  if (ageMs > HEALTH_STALE_MS) {
    const last =
      failures === 0 ? 'the last one passed' : failures === 1 ? 'the last one failed' : `the last ${failures} failed`;
    return {
      ...base,
      verdict: 'inconclusive',
      statistic: failures,
      reason:
        `no health probe since ${h.lastProbeAt} (${formatDuration(ageMs)} ago; ${last}); ` +
        `a probe older than ${formatDuration(HEALTH_STALE_MS)} is stale`,
    };
  }
  if (failures >= HEALTH_FAILURES) return { ...base, verdict: 'breached', statistic: failures, reason: null };
  const left = HEALTH_FAILURES - failures;
  if (failures > 0)
    return {
      ...base,
      verdict: 'inconclusive',
      statistic: failures,
      reason: left === 1 ? '1 more failed probe fails the gate' : `${left} more failed probes fail the gate`,
    };
  return { ...base, verdict: 'passing', statistic: 0, reason: null };
}
