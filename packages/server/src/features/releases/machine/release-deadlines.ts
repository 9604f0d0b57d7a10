/**
 * People on a release's rollback: approvals of a rollback waiting for them, the team lead's
 * acknowledgement (R6.1), the incident commander's override (R6.2), and the deadlines that
 * expire and page when nobody answered. Every function that takes a release runs under that
 * release's lock, on a fresh read.
 */
import { AppError } from '../../../errors.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import type { RollbackAction } from '../../gates/language/gate-spec.js';
import { authorizeOverride } from '../authority/authority.js';
import {
  approvalsFor,
  approverProblem,
  checkTeamLead,
  expiredTimers,
  requirePending,
} from '../authority/release-approvals.js';
import { record, reload, transition, type MachineContext } from './release-context.js';
import type { RollbackOutcome } from './release-rollback.js';
import type { ReleaseRecord } from '../release-store.js';
import type { PlanOverride } from '../planning/rollback-plan.js';

/** What an approver's refusal answers. */
export interface RefusedByApprover {
  status: 'refused-by-approver';
  summary: string;
}

/** The incident commander's override (R6.2): refused for anyone else. */
export async function checkOverride(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  action: RollbackAction,
  reason: string,
  level?: 1 | 2 | 3 | 4,
): Promise<PlanOverride> {
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  const verdict = authorizeOverride({
    workflow: { name: release.workflow, owners: workflow?.spec.owners },
    release: release.spec,
    actor,
  });
  if (verdict.outcome !== 'allowed') throw new AppError('forbidden', verdict.reason);
  return { by: actor.subject, reason, action, ...(level ? { level } : {}) };
}

/** An approval (or refusal) of the rollback waiting for one; a grant re-checks authority and runs it when complete. */
export async function approveLocked(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  verdict: 'grant' | 'refuse',
  reason: string,
): Promise<RollbackOutcome | RefusedByApprover> {
  const pending = requirePending(release);
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  const problem = await approverProblem(ctx.deps.stores, release, workflow?.spec.owners, actor);
  if (problem !== null) {
    // Kept for the audit as a denied attempt, never as a grant or a refusal: it counts for nothing.
    await record(ctx, release, 'approval.denied', actor, {
      verdict,
      reason: `${verdict === 'grant' ? 'approval' : 'refusal'} denied: ${problem}`,
      given: reason,
      level: pending.level,
      principal: actor.subject,
    });
    throw new AppError(
      'forbidden',
      `${actor.subject} may not ${verdict === 'grant' ? 'approve' : 'refuse'} the ${pending.level} rollback of ${release.name}: ${problem}`,
    );
  }
  if (verdict === 'refuse') {
    const { pendingRollback: _p, ...timers } = release.timers;
    await transition(ctx, release, { timers }, 'approval.refused', actor, { reason, level: pending.level });
    return {
      status: 'refused-by-approver',
      summary: `${actor.subject} refused the ${pending.level} rollback: ${reason}`,
    };
  }
  await record(ctx, release, 'approval.granted', actor, { reason, level: pending.level, principal: actor });
  const fresh = await reload(ctx, release);
  const approvals = await approvalsFor(ctx.deps.stores, fresh);
  const requester: Principal = pending.requestedBy === systemPrincipal.subject ? systemPrincipal : actor;
  // The request keeps its time (MTTD, MTTR), and its later re-checks keep waiting on the same request.
  return ctx.rollback(fresh, requester, { ...pending.request, requestedAt: pending.at }, approvals);
}

/** The team lead acknowledges a level-2 rollback's notification (R6.1). */
export async function acknowledgeLocked(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
): Promise<ReleaseRecord> {
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  checkTeamLead(release, workflow?.spec.owners, actor);
  const at = ctx.deps.clock.now();
  await transition(
    ctx,
    release,
    { timers: { ...release.timers, teamLeadAckedAt: at.toISOString() } },
    'notify.acknowledged',
    actor,
    { deadline: release.timers.teamLeadAckBy },
  );
  return reload(ctx, release);
}

/** Acts on expired approval and acknowledgement deadlines: recorded, and escalated to the incident commander. */
export async function expireTimers(ctx: MachineContext, now: Date): Promise<void> {
  const candidates = await ctx.deps.stores.releases.list({ statuses: ['running', 'paused', 'rolled-back'] });
  for (const listed of candidates) await ctx.locked(listed, (release) => expireOne(ctx, release, now));
}

async function expireOne(ctx: MachineContext, release: ReleaseRecord, now: Date): Promise<void> {
  const expired = expiredTimers(release, now);
  if (expired.approval) {
    const { pendingRollback, ...timers } = release.timers;
    await transition(ctx, release, { timers }, 'approval.expired', systemPrincipal, {
      level: pendingRollback?.level,
      remaining: pendingRollback?.remaining,
      escalation: 'incident commander paged',
    });
  }
  if (expired.teamLead) {
    const fresh = await reload(ctx, release);
    await transition(
      ctx,
      fresh,
      { timers: { ...fresh.timers, teamLeadMissed: now.toISOString() } },
      'notify.team-lead-missed',
      systemPrincipal,
      { deadline: release.timers.teamLeadAckBy, escalation: 'incident commander paged' },
    );
  }
}
