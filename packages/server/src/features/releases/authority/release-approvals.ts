import type { Stores } from '../../../db/stores.js';
import { AppError } from '../../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { Approval, ApprovalRequirement } from './authority.js';
import { holdsAny, rolesOf } from './owner-roles.js';
import type { RollbackOutcome, RollbackRequest } from '../machine/release-rollback.js';
import type { ReleaseRecord, ReleaseTimers } from '../release-store.js';

/** How long a rollback waits for its approvals before the incident commander is paged. */
export const APPROVAL_DEADLINE_MS = 30 * 60_000;

/** A rollback waiting for approvals, kept in the release's timers so a restart keeps waiting. */
export interface PendingRollback {
  at: string;
  expiresAt: string;
  requestedBy: string;
  level: string;
  remaining: string[];
  request: RollbackRequest;
}

/** The timers after a rollback request waits for approvals or runs with a team-lead notification. */
export function timersAfterRollback(
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  request: RollbackRequest,
  actor: Principal,
  now: Date,
): ReleaseTimers {
  const timers: ReleaseTimers = { ...release.timers };
  const authority = outcome.authority;
  if (outcome.status === 'awaiting-approval' && authority?.outcome === 'needs-approvals') {
    const remaining = authority.remaining.map((r) => r.requirement);
    const waiting = release.timers.pendingRollback;
    if (waiting && request.requestedAt === waiting.at) {
      // An approval that does not complete them: the request keeps its time, requester and
      // deadline (its earlier approvals still count, and MTTD/MTTR start at the request).
      timers.pendingRollback = { ...waiting, level: outcome.plan.level, remaining };
    } else {
      const { decision: _decision, requestedAt: _at, ...plain } = request;
      const gates = request.gates ?? request.decision?.rollback;
      timers.pendingRollback = {
        at: now.toISOString(),
        expiresAt: new Date(now.getTime() + APPROVAL_DEADLINE_MS).toISOString(),
        requestedBy: actor.subject,
        level: outcome.plan.level,
        remaining,
        request: { ...plain, ...(gates ? { gates: [...gates] } : {}) },
      };
    }
  } else if (outcome.status === 'executed') {
    delete timers.pendingRollback;
    const notify = authority?.outcome === 'allowed' ? authority.notify[0] : undefined;
    if (notify) timers.teamLeadAckBy = notify.acknowledgeBy;
  }
  return timers;
}

/** Approvals granted for the pending rollback (since it was requested), from the release's timeline. */
export async function approvalsFor(stores: Stores, release: ReleaseRecord): Promise<Approval[]> {
  const pending = release.timers.pendingRollback;
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
  stores: Stores,
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
  const pending = release.timers.pendingRollback;
  if (!pending) throw new AppError('conflict', `release ${release.name} has no rollback waiting for approval`);
  return pending;
}

/** Only the workflow's team lead acknowledges a level-2 notification (R6.1). */
export function checkTeamLead(release: ReleaseRecord, owners: Parameters<typeof holdsAny>[0], actor: Principal): void {
  if (!release.timers.teamLeadAckBy)
    throw new AppError('conflict', `release ${release.name} has no notification waiting for the team lead`);
  if (!holdsAny(owners, actor.subject, ['teamLead'])) {
    throw new AppError('forbidden', `${actor.subject} is not the team lead of ${release.workflow}`);
  }
}

/** Timer expiries a tick must act on. */
export function expiredTimers(release: ReleaseRecord, now: Date): { approval: boolean; teamLead: boolean } {
  const t = release.timers;
  return {
    approval: t.pendingRollback !== undefined && Date.parse(t.pendingRollback.expiresAt) <= now.getTime(),
    teamLead:
      t.teamLeadAckBy !== undefined &&
      t.teamLeadAckedAt === undefined &&
      t.teamLeadMissed === undefined &&
      Date.parse(t.teamLeadAckBy) <= now.getTime(),
  };
}
