/**
 * The sequential test restarted when a gate's words begin to hold (docs/adr/0002-sequential-tests.md
 * §9). The release-long test weighs everything since the release started, so a regression that
 * begins after hours of healthy traffic moves it slowly; a test started when the words began to
 * hold reads only what came after, as differences of the gate's cumulative sums. Each restart is a
 * test of its own from a stopping time, valid by Ville's inequality; the union bound over restarts
 * with the spending below keeps the gate's total at its α. Pure.
 */
import { emptyEventShare, type EventShareState } from '../../../stats/event-share-test.js';
import { emptyMoments, subtractMoments, type Moments } from '../../../stats/moments.js';
import type { BettingState } from '../../../stats/betting-mean.js';
import type { CompiledGate } from '../language/gate-compile.js';
import { subtractBucketSums } from '../../../stats/key-buckets.js';
import type { GateState, KeyBucketState, RecentTest } from './gate-state.js';

/**
 * The share of a gate's α spent on tests restarted when its words begin to hold (ADR 0002 §9);
 * the release-long test keeps the rest. The j-th restart spends RECENT_SHARE·α·6/(π²·j²), so all
 * restarts together spend at most RECENT_SHARE·α however many there are.
 */
export const RECENT_SHARE = 0.2;

/**
 * Whether the gate runs restarted tests: only gates whose words read a recent window (`over:` N, or
 * `within:` a duration). Words that read since the stage or the release began are themselves
 * cumulative, so they begin to hold late on a late regression and a restarted test would gain
 * little; those gates keep one test at their whole α.
 */
export function restartsTests(gate: CompiledGate): boolean {
  return gate.window.kind === 'consecutive' || gate.window.kind === 'sliding';
}

/** The α of the gate's release-long test and of its j-th restarted test (0 without restarts). */
export function testAlphas(alpha: number, j: number, restarts = true): { main: number; recent: number } {
  if (!restarts) return { main: alpha, recent: 0 };
  return { main: alpha * (1 - RECENT_SHARE), recent: (alpha * RECENT_SHARE * 6) / (Math.PI * Math.PI * j * j) };
}

/** What a test reads: sums since it started, and its own stateful parts. */
export interface TestData {
  candidate: Moments;
  control: Moments;
  /** Latency gates: candidate exceedances of the frozen threshold (`null` before the freeze). */
  exceedance: Moments | null;
  betting: BettingState | null;
  share: EventShareState | null;
  /** Key-bucket sums since the test started (`null` for gates without them). */
  keys: KeyBucketState | null;
}

/** When the evaluation happens and whether the gate's words hold at it (the restart trigger). */
export interface SequentialContext {
  now: Date;
  wordsHold: boolean;
}

/**
 * The restarted test after this evaluation: started when the words begin to hold, kept while they
 * hold or held within the last window's span (N candidate observations for `over:`, the duration
 * for `within:`), ended after that — so a flicker of the words does not restart it, and a new
 * episode gets a fresh test.
 */
export function nextRecent(
  gate: CompiledGate,
  gs: GateState,
  exceedance: GateState['exceedance'],
  previous: RecentTest | null,
  context: SequentialContext,
): RecentTest | null {
  const n = gs.moments.candidate.release.n;
  if (context.wordsHold)
    return previous === null
      ? startRecent(gs, exceedance, (gs.sequential.restarts ?? 0) + 1, context.now)
      : { ...previous, heldAt: context.now.toISOString(), heldN: n };
  if (previous === null) return null;
  const w = gate.window;
  const idleMs = context.now.getTime() - Date.parse(previous.heldAt);
  const over = w.kind === 'consecutive' ? n - previous.heldN >= w.size : w.kind !== 'sliding' || idleMs >= w.ms;
  return over ? null : previous;
}

/** A restarted test positioned at the gate's sums now. */
function startRecent(gs: GateState, exceedance: GateState['exceedance'], j: number, now: Date): RecentTest {
  const cand = gs.moments.candidate.release;
  const ctl = gs.moments.control.release;
  const betting = gs.sequential.betting;
  return {
    j,
    since: now.toISOString(),
    heldAt: now.toISOString(),
    heldN: cand.n,
    candidate: { ...cand },
    control: { ...ctl },
    exceedance: exceedance === null ? null : { ...exceedance.candidate },
    betting: betting === null ? null : { n: betting.n, logWealth: [...betting.logWealth] },
    // Positioned at the counts now, so it consumes only the blocks that come after.
    share: { ...emptyEventShare(), consumed: { nc: cand.n, kc: cand.sx, nk: ctl.n, kk: ctl.sx } },
    keys: copyKeys(gs.keys),
  };
}

function copyKeys(keys: KeyBucketState | null): KeyBucketState | null {
  if (keys === null) return null;
  const arm = (a: KeyBucketState['candidate']) => ({ x: [...a.x], y: [...a.y] });
  return { candidate: arm(keys.candidate), control: arm(keys.control), keyed: keys.keyed };
}

/** Key-bucket sums since `start` (all of them when the test started before buckets were kept). */
function keysSince(keys: KeyBucketState | null, start: KeyBucketState | null | undefined): KeyBucketState | null {
  if (keys === null || start == null) return keys;
  return {
    candidate: subtractBucketSums(keys.candidate, start.candidate),
    control: subtractBucketSums(keys.control, start.control),
    keyed: keys.keyed - start.keyed,
  };
}

/** What the gate has seen since the restarted test started. */
export function sinceStart(gs: GateState, exceedance: GateState['exceedance'], recent: RecentTest): TestData {
  const betting = gs.sequential.betting;
  return {
    candidate: subtractMoments(gs.moments.candidate.release, recent.candidate),
    control: subtractMoments(gs.moments.control.release, recent.control),
    exceedance: exceedance === null ? null : subtractMoments(exceedance.candidate, recent.exceedance ?? emptyMoments()),
    betting:
      betting === null
        ? null
        : {
            bound: betting.bound,
            n: betting.n - (recent.betting?.n ?? 0),
            logWealth: betting.logWealth.map((w, k) => w - (recent.betting?.logWealth[k] ?? 0)),
          },
    share: recent.share,
    keys: keysSince(gs.keys, recent.keys),
  };
}
