import { AppError } from '../../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { Approval, ApprovalRequirement } from './authority.js';
import { holdsAny, rolesOf } from './owner-roles.js';
import type { RollbackOutcome, RollbackRequest } from '../machine/rollback-request.js';
import { pendingOf, teamLeadOf, type PendingRollback } from '../machine/status-state.js';
import type { ReleaseRecord, ReleaseStore } from '../release-store.js';

/** Reads a release's timeline. */
type EventReader = { releases: Pick<ReleaseStore, 'events'> };

/** How long a rollback waits for its approvals before the incident commander is paged. */
export const APPROVAL_DEADLINE_MS = 30 * 60_000;

/**
 * The rollback a request leaves waiting for approvals, or undefined when it waits for none. An
 * approval that does not complete them keeps the request's time, requester and deadline (its
 * earlier approvals still count, and MTTD/MTTR start at the request).
 */
export function pendingAfter(
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  request: RollbackRequest,
  actor: Principal,
  now: Date,
): PendingRollback | undefined {
  const authority = outcome.authority;
  if (outcome.status !== 'awaiting-approval' || authority?.outcome !== 'needs-approvals') return undefined;
  const remaining = authority.remaining.map((r) => r.requirement);
  const waiting = pendingOf(release);
  if (waiting && request.requestedAt === waiting.at) return { ...waiting, level: outcome.plan.level, remaining };
  const { decision: _decision, requestedAt: _at, ...plain } = request;
  const gates = request.gates ?? request.decision?.rollback;
  return {
    at: now.toISOString(),
    expiresAt: new Date(now.getTime() + APPROVAL_DEADLINE_MS).toISOString(),
    requestedBy: actor.subject,
    level: outcome.plan.level,
    remaining,
    request: { ...plain, ...(gates ? { gates: [...gates] } : {}) },
  };
}

/** Approvals granted for the pending rollback (since it was requested), from the release's timeline. */
export async function approvalsFor(stores: EventReader, release: ReleaseRecord): Promise<Approval[]> {
  const pending = pendingOf(release);
  if (!pending) return [];
  const events = await stores.releases.events(release.id);
  return events
    .filter((e) => e.kind === 'approval.granted' && e.at.toISOString() >= pending.at)
    .map((e) => ({ principal: e.details.principal as Principal, at: e.at.toISOString() }));
}

/**
 * Why `actor` has no authority to answer (grant or refuse) the rollback waiting for approval, or
 * null when they may: they must hold one of the roles its approvals need (R6.1), as authority
 * listed them when the rollback started to wait. A second approval by a holder of a filled role
 * is still within authority (it counts once).
 */
export async function approverProblem(
  stores: EventReader,
  release: ReleaseRecord,
  owners: Parameters<typeof holdsAny>[0],
  actor: Principal,
): Promise<string | null> {
  const events = await stores.releases.events(release.id);
  const asked = events.filter((e) => e.kind === 'rollback.awaiting-approval').at(-1);
  const authority = asked?.details.authority as { required?: ApprovalRequirement[] } | undefined;
  const required = authority?.required ?? [];
  if (required.length === 0) return null;
  const roles = [...new Set(required.flatMap((r) => r.roles))];
  if (holdsAny(owners, actor.subject, roles)) return null;
  const held = rolesOf(owners, actor.subject);
  const who = [...new Set(required.flatMap((r) => r.principals))];
  return `${actor.subject} ${held.length > 0 ? `holds only ${held.join(', ')}` : 'holds no role'} in ${release.workflow}; this rollback needs ${required.map((r) => r.requirement).join(' and ')} approval (${roles.join(', ')}${who.length > 0 ? `: ${who.join(', ')}` : ''})`;
}

/** Checks that a release has a pending rollback to approve or refuse. */
export function requirePending(release: ReleaseRecord): PendingRollback {
  const pending = pendingOf(release);
  if (!pending) throw new AppError('conflict', `release ${release.name} has no rollback waiting for approval`);
  return pending;
}

/** Only the workflow's team lead acknowledges a level-2 notification (R6.1). */
export function checkTeamLead(release: ReleaseRecord, owners: Parameters<typeof holdsAny>[0], actor: Principal): void {
  if (teamLeadOf(release) === undefined)
    throw new AppError('conflict', `release ${release.name} has no notification waiting for the team lead`);
  if (!holdsAny(owners, actor.subject, ['teamLead'])) {
    throw new AppError('forbidden', `${actor.subject} is not the team lead of ${release.workflow}`);
  }
}

/** Deadlines a tick must act on. */
export function expiredTimers(release: ReleaseRecord, now: Date): { approval: boolean; teamLead: boolean } {
  const pending = pendingOf(release);
  const notice = teamLeadOf(release);
  return {
    approval: pending !== undefined && Date.parse(pending.expiresAt) <= now.getTime(),
    teamLead: notice?.answer === 'waiting' && Date.parse(notice.ackBy) <= now.getTime(),
  };
}
