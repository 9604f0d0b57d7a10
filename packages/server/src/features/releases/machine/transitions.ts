/**
 * The release machine's transition table and the one function that performs a transition
 * (ADR 0005). Every status change of a release goes through `transition`: it checks the move
 * against the table, writes the status with the state the new status keeps, and records the
 * timeline entry, its audit entry and its notification, all in the caller's transaction.
 */
import { AppError } from '../../../errors.js';
import type { ReleaseRecord, ReleaseStore, StatusFields } from '../release-store.js';
import type { ReleaseStatus, StateOf } from './status-state.js';
import { recordReleaseEvent, type TimelineStores, type Notifier } from './release-timeline.js';

/** Which status may follow which: the whole truth (a test walks every pair). */
export const nextStatuses = {
  pending: ['running', 'aborted'],
  running: ['paused', 'rolling-back', 'promoted', 'aborted'],
  paused: ['running', 'rolling-back', 'promoted', 'aborted'],
  'rolling-back': ['rolled-back', 'paused'],
  'rolled-back': [],
  // Within the cool-down a late breach (or a person) restores the previous bundle kept warm (R1.4).
  promoted: ['rolling-back'],
  aborted: [],
} as const satisfies Record<ReleaseStatus, readonly ReleaseStatus[]>;

/**
 * The machine's events, each with the statuses it may happen in and the status it leads to. A
 * rollback that cannot run (refused, waiting for approvals, nothing to do) holds a running release
 * (`hold`); a run that ends settles a rolling-back one: rolled back when the candidate's traffic
 * ended, else paused (`settle-paused`, also a failed run). A promoted release is claimed only within
 * its cool-down, to restore the previous bundle (promoted-rollback.ts).
 */
export const releaseEvents = {
  start: { from: ['pending'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  hold: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  promote: { from: ['running', 'paused'], to: 'promoted' },
  abort: { from: ['pending', 'running', 'paused'], to: 'aborted' },
  claim: { from: ['running', 'paused', 'promoted'], to: 'rolling-back' },
  'settle-rolled-back': { from: ['rolling-back'], to: 'rolled-back' },
  'settle-paused': { from: ['rolling-back'], to: 'paused' },
} as const satisfies Record<string, { from: readonly ReleaseStatus[]; to: ReleaseStatus }>;

/** One of the machine's events. */
export type ReleaseEventName = keyof typeof releaseEvents;

/** The status an event leads to. */
export type TargetOf<E extends ReleaseEventName> = (typeof releaseEvents)[E]['to'];

/** Whether the table lets `from` be followed by `to`. */
export function allowed(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return (nextStatuses[from] as readonly ReleaseStatus[]).includes(to);
}

/** Refuses (409) an event the release's status does not allow, saying what it would need. */
export function assertEvent(release: Pick<ReleaseRecord, 'name' | 'status'>, event: ReleaseEventName): void {
  const { from, to } = releaseEvents[event];
  if ((from as readonly ReleaseStatus[]).includes(release.status) && allowed(release.status, to)) return;
  throw new AppError(
    'conflict',
    `release ${release.name} is ${release.status}: ${event} needs it ${from.join(' or ')} (it would make it ${to})`,
    [{ path: 'status', message: `${release.status} → ${to} is not a transition of the release machine` }],
  );
}

/** What a transition writes besides the status: the new status's state and the stage fields. */
export interface TransitionWrite<S extends ReleaseStatus> {
  state: StateOf<S>;
  stage?: number;
  startedAt?: Date;
  finishedAt?: Date;
}

/** The timeline entry a transition records (its audit entry and notification follow from it). */
export interface TimelineEntry {
  at: Date;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** The stores a transition writes, bound to the caller's transaction. */
export interface TransitionStores extends TimelineStores {
  releases: Pick<ReleaseStore, 'addEvent' | 'transition'>;
}

/**
 * Performs `event` on `release` in the caller's transaction: checks it against the table, writes
 * the new status with its state (only if the stored status is still the one read: a concurrent
 * move makes this a 409, never a lost write), and records `entry`. Answers the release as written.
 */
export async function transition<E extends ReleaseEventName>(
  stores: TransitionStores,
  notifier: Notifier | undefined,
  release: ReleaseRecord,
  event: E,
  write: TransitionWrite<TargetOf<E>>,
  entry: TimelineEntry,
): Promise<ReleaseRecord> {
  assertEvent(release, event);
  const to = releaseEvents[event].to;
  const fields = {
    status: to,
    state: write.state,
    updatedAt: entry.at,
    ...(write.stage !== undefined ? { stage: write.stage } : {}),
    ...(write.startedAt ? { startedAt: write.startedAt } : {}),
    ...(write.finishedAt ? { finishedAt: write.finishedAt } : {}),
  } as StatusFields;
  if (!(await stores.releases.transition(release.id, release.status, fields)))
    throw new AppError('conflict', `release ${release.name} changed while ${event} was being recorded; try again`);
  await recordReleaseEvent(stores, notifier, release, entry);
  return { ...release, ...fields };
}
