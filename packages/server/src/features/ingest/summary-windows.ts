/**
 * Weighted versions of the engine's per-observation updates (`gates/engine/gate-observe.ts`): `n`
 * identical observations applied at once, leaving the gate state as `n` single ones would — the
 * sums, buckets, sketches and exceedance counts exactly (for integer-valued observations; for
 * fractional ones up to floating-point rounding), so an edge summary costs the distinct values it
 * carries, not the requests behind it (docs/sdk-protocol.md §6.1).
 *
 * The one place order matters is an `over: { …: N }` window (the N most recent observations): a
 * summary does not say in which order its outcomes came, so its values enter the window best first
 * and worst last — the window then holds an interval's worst observations, never a later breach
 * than any real order would give (docs/sdk.md "Edge summaries").
 */
import type { Arm } from '@ripcord/protocol';
import type { Moments } from '../../stats/moments.js';
import { BETTING_GRID, type BettingState } from '../../stats/betting-mean.js';
import { createLatencySketch } from '../../stats/latency-sketch.js';
import type { GateState } from '../gates/engine/gate-state.js';
import { bucketFor, pushRing, type Ring } from '../gates/engine/window-ring.js';

/** Adds `n` observations (x, y) to `m` in place. */
export function addWeighted(m: Moments, x: number, y: number, n: number): void {
  m.n += n;
  m.sx += x * n;
  m.sy += y * n;
  m.sxx += x * x * n;
  m.syy += y * y * n;
  m.sxy += x * y * n;
}

/** `n` bets of the same observation (the same bound check as `addBet`). */
function addBets(state: BettingState, x: number, y: number, n: number): void {
  const b = state.bound;
  if (!(b > 0) || !(x >= 0) || !Number.isFinite(x) || !(y >= 0 && y <= 1)) return;
  const xi = (x - b * y) / b;
  const w = state.logWealth;
  for (let k = 0; k < w.length; k++) w[k] = (w[k] ?? 0) + n * Math.log1p((BETTING_GRID[k] ?? 0) * xi);
  state.n += n;
}

/** Release, stage and bucket sums; returns the bucket slot and whether it was just reset. */
function addToSums(gs: GateState, arm: Arm, x: number, y: number, n: number, atMs: number): [number, boolean] {
  const acc = gs.moments[arm];
  addWeighted(acc.release, x, y, n);
  addWeighted(acc.stage, x, y, n);
  if (gs.buckets === null) return [-1, false];
  const placed = bucketFor(gs.buckets, atMs);
  const slot = placed.slot;
  const fresh = placed.fresh;
  const bucket = gs.buckets[arm][slot];
  if (bucket !== undefined) addWeighted(bucket, x, y, n);
  return [slot, fresh];
}

/** Rows pushed for `n` observations: only the last `capacity` can stay in the window. */
const rowsFor = (ring: Ring, n: number): number => Math.min(n, ring.capacity);

/** `n` rate/mean/ratio observations (x, y) of one arm, tied to a task or request. */
export function applyMeasuredN(gs: GateState, arm: Arm, x: number, y: number, n: number, atMs: number): void {
  addToSums(gs, arm, x, y, n, atMs);
  if (arm !== 'candidate') return;
  if (gs.ring !== null) {
    const c = gs.moments.control.release;
    for (let i = rowsFor(gs.ring, n); i > 0; i--) pushRing(gs.ring, x, y, c.n, c.sx, c.sy);
  }
  if (gs.sequential.betting !== null) addBets(gs.sequential.betting, x, y, n);
}

/** `n` costs without a task result: sums, the newest `over:` row, and the betting test. */
export function applyUntiedN(gs: GateState, arm: Arm, x: number, n: number, atMs: number): void {
  addToSums(gs, arm, x, 0, n, atMs);
  if (arm !== 'candidate') return;
  const ring = gs.ring;
  const column = ring?.columns[0];
  if (ring != null && ring.size > 0 && column !== undefined) {
    const latest = (ring.head - 1 + ring.capacity) % ring.capacity;
    column[latest] = (column[latest] ?? 0) + x * n;
  }
  if (gs.sequential.betting !== null) addBets(gs.sequential.betting, x, 0, n);
}

/** `n` latencies of `ms`: sums, sketches, rings, bucket sketches and exceedance counts. */
export function applyLatencyN(gs: GateState, arm: Arm, ms: number, n: number, atMs: number): void {
  if (!(ms >= 0) || !Number.isFinite(ms)) return;
  const [slot, fresh] = addToSums(gs, arm, ms, 1, n, atMs);
  gs.sketches?.[arm].release.accept(ms, n);
  gs.sketches?.[arm].stage.accept(ms, n);
  if (arm === 'candidate' && gs.ring !== null) for (let i = rowsFor(gs.ring, n); i > 0; i--) pushRing(gs.ring, ms, 1);
  if (arm === 'control' && gs.controlRing !== null)
    for (let i = rowsFor(gs.controlRing, n); i > 0; i--) pushRing(gs.controlRing, ms);
  if (slot >= 0 && gs.bucketSketches !== null) {
    const sketches = gs.bucketSketches;
    if (fresh || sketches[arm][slot] === undefined) {
      sketches.candidate[slot] = createLatencySketch();
      sketches.control[slot] = createLatencySketch();
    }
    sketches[arm][slot]?.accept(ms, n);
  }
  if (gs.exceedance !== null) addWeighted(gs.exceedance[arm], ms > gs.exceedance.threshold ? 1 : 0, 1, n);
}

/** What the arm served, for gates that only count it (drift, count and health gates). */
export function applyServedN(gs: GateState, arm: Arm, n: number): void {
  gs.moments[arm].release.n += n;
  gs.moments[arm].stage.n += n;
}
