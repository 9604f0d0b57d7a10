import type { GateEvaluation } from './decision.js';
import type { ReleaseRecord } from '../release-store.js';

/**
 * What the release state machine needs from the gate sessions (the ingest feature implements
 * it): start a release's gates, tell them a stage began, evaluate them, and stop them.
 */
export interface GatePort {
  start(release: ReleaseRecord, at: Date): Promise<void>;
  startStage(releaseId: string, at: Date): Promise<void>;
  evaluate(releaseId: string, now: Date): Promise<GateEvaluation[]>;
  stop(releaseId: string): Promise<void>;
  /** After promotion: keep the session for late labels only, through the cool-down (optional). */
  watchLabels?(releaseId: string): Promise<void>;
  /** Feeds one health-probe result of an arm (optional: ports without health gates skip it). */
  probe?(releaseId: string, arm: 'control' | 'candidate', ok: boolean, at: Date): Promise<void>;
}

/** Gates for releases that run without any (`gates: none-accepted`), and until sessions are wired. */
export const noGates: GatePort = {
  start: () => Promise.resolve(),
  startStage: () => Promise.resolve(),
  evaluate: () => Promise.resolve([]),
  stop: () => Promise.resolve(),
};
