/**
 * Shared by the detection and late-onset benchmarks: control's traffic of a tick added straight to
 * a gate's sums (release and stage), as `n` 0/1 observations of which `k` are events.
 */
import type { GateState } from '../packages/server/src/features/gates/engine/gate-state.js';
import { addEventCounts } from '../packages/server/src/stats/moments.js';

/** Adds `n` control observations with `k` events (or one value) straight to the sums. */
export function addControl(state: GateState, n: number, k: number): void {
  for (const m of [state.moments.control.release, state.moments.control.stage]) addEventCounts(m, k, n);
}
