/**
 * A release's machine state, discriminated by its status (ADR 0005): each timer, pending approval
 * and decision lives in the variant of the statuses that use it, so a combination the machine
 * never means (a pause reason on a running release, a pending approval while a run executes, a
 * bake timer on a promoted release) cannot be written. Every time is an ISO string from the clock.
 */
import type { RollbackRequest } from './rollback-request.js';
import type { ReleaseStatus } from './release-status.js';

export { releaseStatuses, terminalStatuses, type ReleaseStatus } from './release-status.js';

/** The current stage's clock. */
export interface StageClock {
  startedAt: string;
  /** When a canary stage's bake is over. */
  bakeEndsAt?: string;
  /** When an offline stage's passing evidence was recorded (the stage may then complete). */
  evidenceAt?: string;
}

/** Since when one gate has been in its state (R4.4: inconclusive for too long blocks advancing). */
export interface GateSince {
  state: string;
  since: string;
}

/** A rollback waiting for approvals (R6), so a restart keeps waiting and the deadline still pages. */
export interface PendingRollback {
  at: string;
  expiresAt: string;
  requestedBy: string;
  level: string;
  remaining: string[];
  request: RollbackRequest;
}

/** The team lead's acknowledgement a level-2+ rollback asks for within 15 minutes (R6.1). */
export type TeamLeadNotice =
  | { ackBy: string; answer: 'waiting' }
  | { ackBy: string; answer: 'acknowledged'; at: string }
  | { ackBy: string; answer: 'missed'; at: string };

/** Why a release is paused, and by whom. */
export interface Pause {
  by: string;
  reason: string;
}

/** What a started release watches while its candidate may serve traffic. */
export interface Watch {
  stage: StageClock;
  /** Per gate, since when it has been in its state (this stage, or carried across stages). */
  gateSince: Record<string, GateSince>;
  /** The last decision recorded (`kind:gates`), so a tick records only changes. */
  lastDecision?: string;
  /** The first breach seen (MTTD). */
  firstBreachAt?: string;
  teamLead?: TeamLeadNotice;
}

/** Running: the current stage bakes; a rollback may wait for approvals. */
export interface RunningState extends Watch {
  pendingRollback?: PendingRollback;
}

/** Paused: stage advance stops; traffic stays where it is. */
export interface PausedState extends RunningState {
  pause: Pause;
}

/** After the release ended by a rollback: what its incident and the team lead's deadline need. */
export interface RolledBackState {
  firstBreachAt?: string;
  teamLead?: TeamLeadNotice;
}

/** After promotion: the previous bundle stays warm until the cool-down ends (R1.4). */
export interface PromotedState {
  cooldownEndsAt: string;
  firstBreachAt?: string;
}

/** A release's status with the state that status keeps. */
export type ReleaseState =
  | { status: 'pending'; state: Record<string, never> }
  | { status: 'running'; state: RunningState }
  | { status: 'paused'; state: PausedState }
  | { status: 'rolling-back'; state: Watch }
  | { status: 'rolled-back'; state: RolledBackState }
  | { status: 'promoted'; state: PromotedState }
  | { status: 'aborted'; state: { firstBreachAt?: string } };

/** The state a status keeps. */
export type StateOf<S extends ReleaseStatus> = Extract<ReleaseState, { status: S }>['state'];

/** The watch of a release whose candidate may serve traffic (running, paused, rolling back). */
export function watchOf(release: ReleaseState): Watch | undefined {
  return release.status === 'running' || release.status === 'paused' || release.status === 'rolling-back'
    ? release.state
    : undefined;
}

/** The rollback waiting for approvals, if any. */
export function pendingOf(release: ReleaseState): PendingRollback | undefined {
  return release.status === 'running' || release.status === 'paused' ? release.state.pendingRollback : undefined;
}

/** The team lead's notice, in whichever status keeps one. */
export function teamLeadOf(release: ReleaseState): TeamLeadNotice | undefined {
  return release.status === 'rolled-back' ? release.state.teamLead : watchOf(release)?.teamLead;
}

/** When the first breach was seen, in whichever status keeps it. */
export function firstBreachOf(release: ReleaseState): string | undefined {
  return release.status === 'pending' ? undefined : release.state.firstBreachAt;
}
