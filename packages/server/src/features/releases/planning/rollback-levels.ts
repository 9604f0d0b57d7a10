/**
 * Rollback levels (R5.3) and what each costs in time. The names are the words of a release's
 * `automatic:` list, so "may ripcord do this by itself?" is a plain membership test.
 */
import type { ComponentName } from '../../bundles/bundle-schema.js';

/** Flag-only (seconds), then levels 1–4 of R5.3. */
export const ROLLBACK_LEVELS = ['flags', 'level1', 'level2', 'level3', 'level4'] as const;
/** One of {@link ROLLBACK_LEVELS}. */
export type RollbackLevel = (typeof ROLLBACK_LEVELS)[number];

/** Position in {@link ROLLBACK_LEVELS}: 0 for flags, N for level N. */
export function levelRank(level: RollbackLevel): number {
  return ROLLBACK_LEVELS.indexOf(level);
}

/** The higher of two levels. */
export function maxLevel(a: RollbackLevel, b: RollbackLevel): RollbackLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** `level: N` of a rollback action as a {@link RollbackLevel}. */
export function numberedLevel(n: 1 | 2 | 3 | 4): RollbackLevel {
  return `level${n}`;
}

/**
 * The "model" of level 1. For an LLM workflow the model is the route *and* its prompt package,
 * which roll back together (R5.5); for a trained model it is the model artifact. Everything else
 * in a bundle is system state and needs level 2 or higher.
 */
export const LEVEL1_COMPONENTS: ReadonlySet<ComponentName> = new Set<ComponentName>(['model', 'modelRoute', 'prompt']);

/**
 * Components that record how a bundle was approved but do not change what is served: restoring
 * them alone protects nobody, so they never make a plan escalate or count as "the difference".
 */
export const RECORD_ONLY_COMPONENTS: ReadonlySet<ComponentName> = new Set<ComponentName>(['evaluation']);

/** The level a restore of `component` needs. */
export function componentLevel(component: ComponentName): RollbackLevel {
  return LEVEL1_COMPONENTS.has(component) ? 'level1' : 'level2';
}

/** Expected time to complete a plan of one level, in seconds. */
export interface LevelTiming {
  typicalSeconds: number;
  upperSeconds: number;
  /** The drills these times were measured by (p50 and p90 of their rollback times); absent for defaults. */
  drills?: string[];
}

/**
 * Defaults until drills measure the workflow (R8.2). Flags are bounded by SDK propagation (R3.3:
 * under 30 s); L1 is a hot-swap to a warm model (MTTR target 5 min); L2 switches the whole manifest
 * (target 15 min); L3 recomputes features (minutes–hours); L4 restores data and retrains
 * (hours–days).
 */
export const DEFAULT_LEVEL_TIMINGS: Readonly<Record<RollbackLevel, LevelTiming>> = {
  flags: { typicalSeconds: 5, upperSeconds: 30 },
  level1: { typicalSeconds: 30, upperSeconds: 300 },
  level2: { typicalSeconds: 300, upperSeconds: 900 },
  level3: { typicalSeconds: 3_600, upperSeconds: 21_600 },
  level4: { typicalSeconds: 86_400, upperSeconds: 259_200 },
};

/** "How long would a rollback take right now?" (R2.3) for one plan. */
export interface TimeEstimate {
  level: RollbackLevel;
  typicalSeconds: number;
  upperSeconds: number;
  /** `switch` for routing and flag changes; `job` for orchestrated work with progress (L3/L4). */
  mode: 'switch' | 'job';
  /** True when human approvals must come first; their wait is not included in the numbers. */
  awaitsApproval: boolean;
  text: string;
  /** The drills the numbers were measured by; absent when they are the defaults. */
  drills?: string[];
}

/** The estimate for a plan of `level`, with measured timings where the caller has them. */
export function estimateFor(level: RollbackLevel, timings?: Partial<Record<RollbackLevel, LevelTiming>>): TimeEstimate {
  const t = timings?.[level] ?? DEFAULT_LEVEL_TIMINGS[level];
  const mode = levelRank(level) >= 3 ? 'job' : 'switch';
  const awaitsApproval = levelRank(level) >= 3;
  const text =
    `${level === 'flags' ? 'flag change' : level.replace('level', 'level ')}: typically ${humanSeconds(t.typicalSeconds)}, ` +
    `at most ${humanSeconds(t.upperSeconds)}${mode === 'job' ? ' as an orchestrated job' : ''}` +
    `${awaitsApproval ? ', after the required approvals' : ''}` +
    `${t.drills ? ` (measured by ${t.drills.length} drill${t.drills.length === 1 ? '' : 's'}: ${t.drills.join(', ')})` : ''}`;
  return {
    level,
    typicalSeconds: t.typicalSeconds,
    upperSeconds: t.upperSeconds,
    mode,
    awaitsApproval,
    text,
    ...(t.drills ? { drills: t.drills } : {}),
  };
}

function humanSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7_200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3_600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
