/**
 * The one place that reads the state a release's status keeps (`state`, ADR 0005): stage timing,
 * pause reason, and a rollback waiting for approval. Read defensively, so a change of shape shows
 * less, never breaks the page.
 */
import type { Release, Stage } from './api-types.js';

/** A rollback waiting for approvals. */
export interface PendingRollback {
  level: string;
  at: string | null;
  expiresAt: string | null;
  remaining: string[];
  requestedBy: string | null;
}

/** What the dashboard shows of a release's state. */
export interface ReleaseState {
  stage: { index: number; kind: string; percent: number | null; bake: string | null } | null;
  stageStartedAt: string | null;
  bakeEndsAt: string | null;
  pauseReason: string | null;
  pending: PendingRollback | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function stageOf(release: Release): ReleaseState['stage'] {
  const s: Stage | undefined = release.spec.plan[release.stage];
  if (s === undefined) return null;
  const kind = Object.keys(s)[0] ?? 'stage';
  return { index: release.stage, kind, percent: s.canary?.percent ?? null, bake: s.canary?.bake ?? null };
}

function pendingOf(value: unknown): PendingRollback | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  return {
    level: str(p.level) ?? 'rollback',
    at: str(p.at),
    expiresAt: str(p.expiresAt),
    remaining: Array.isArray(p.remaining) ? p.remaining.filter((r): r is string => typeof r === 'string') : [],
    requestedBy: str(p.requestedBy),
  };
}

/** A release's state, as far as it can be read. */
export function releaseState(release: Release): ReleaseState {
  const t: Record<string, unknown> = release.state ?? {};
  const clock = (typeof t.stage === 'object' && t.stage !== null ? t.stage : {}) as Record<string, unknown>;
  const pause = (typeof t.pause === 'object' && t.pause !== null ? t.pause : {}) as Record<string, unknown>;
  return {
    stage: stageOf(release),
    stageStartedAt: str(clock.startedAt),
    bakeEndsAt: str(clock.bakeEndsAt),
    pauseReason: str(pause.reason),
    pending: pendingOf(t.pendingRollback),
  };
}

/** The level number of `level2` (for `?level=`), if it is one. */
export function levelNumber(level: string): string | null {
  const m = /^level([1-4])$/.exec(level);
  return m?.[1] ?? null;
}

/** Whether a release is still moving (not promoted, rolled back or aborted). */
export function isActive(release: Release): boolean {
  return !['promoted', 'rolled-back', 'aborted'].includes(release.status);
}
