/** Measured rollback times per level from recent passing drills (R2.3: "how long would a rollback take?"). */
import { numberedLevel, type LevelTiming, type RollbackLevel } from '../releases/planning/rollback-levels.js';
import type { DrillRecord } from './drill-store.js';

/** Measured times use at most this many recent passing drills per level. */
const RECENT = 10;

/** p50 and p90 of recent passing drills' rollback times, per level, naming the drills used. */
export function measuredTimings(passed: readonly DrillRecord[]): Partial<Record<RollbackLevel, LevelTiming>> {
  const out: Partial<Record<RollbackLevel, LevelTiming>> = {};
  for (const n of [1, 2, 3, 4] as const) {
    const used = passed.filter((d) => d.level === n && d.detail.rollbackMs !== null).slice(0, RECENT);
    if (used.length === 0) continue;
    const seconds = used.map((d) => d.detail.rollbackMs! / 1000).sort((a, b) => a - b);
    out[numberedLevel(n)] = {
      typicalSeconds: roundUp(quantile(seconds, 0.5)),
      upperSeconds: roundUp(quantile(seconds, 0.9)),
      drills: used.map((d) => d.id),
    };
  }
  return out;
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Whole seconds, at least 1 (a drill that took 40 ms is "1 s", never "0 s"). */
function roundUp(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
