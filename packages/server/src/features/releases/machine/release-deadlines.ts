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
import { record, reload, save, type MachineContext } from './release-context.js';
import type { RollbackOutcome } from './rollback-request.js';
import { pendingOf, teamLeadOf, type ReleaseState, type TeamLeadNotice } from './status-state.js';
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

/** What a denied attempt asked for: to grant or refuse a waiting rollback, or to roll back. */
export type DeniedAsk = 'grant' | 'refuse' | 'rollback';

const deniedWhat: Record<DeniedAsk, string> = {
  grant: 'approval',
  refuse: 'refusal',
  rollback: 'rollback request',
};

/**
 * Records a denied approval attempt on the release's timeline and audit log: kept as a denied
 * attempt, never as a grant or a refusal (it counts for nothing). Also called by the HTTP layer
 * when the token's role or scope refuses the request before the machine sees it, and for a
 * rollback request refused with 403 (role, scope, or an override by someone not the incident
 * commander): `verdict: 'rollback'`.
 */
export async function recordDeniedApproval(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  verdict: DeniedAsk,
  given: string,
  problem: string,
): Promise<void> {
  await record(ctx, release, {
    kind: 'approval.denied',
    actor,
    details: {
      verdict,
      reason: `${deniedWhat[verdict]} denied: ${problem}`,
      given,
      level: pendingOf(release)?.level ?? null,
      principal: actor.subject,
    },
  });
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
    await recordDeniedApproval(ctx, release, actor, verdict, reason, problem);
    throw new AppError(
      'forbidden',
      `${actor.subject} may not ${verdict === 'grant' ? 'approve' : 'refuse'} the ${pending.level} rollback of ${release.name}: ${problem}`,
    );
  }
  if (verdict === 'refuse') {
    await save(ctx, release, withoutPending(release), {
      kind: 'approval.refused',
      actor,
      details: { reason, level: pending.level },
    });
    return {
      status: 'refused-by-approver',
      summary: `${actor.subject} refused the ${pending.level} rollback: ${reason}`,
    };
  }
  await record(ctx, release, {
    kind: 'approval.granted',
    actor,
    details: { reason, level: pending.level, principal: actor },
  });
  const fresh = await reload(ctx, release);
  const approvals = await approvalsFor(ctx.deps.stores, fresh);
  const requester: Principal = pending.requestedBy === systemPrincipal.subject ? systemPrincipal : actor;
  // The request keeps its time (MTTD, MTTR), and its later re-checks keep waiting on the same request.
  return ctx.rollback(fresh, requester, { ...pending.request, requestedAt: pending.at }, approvals);
}

/** The team lead acknowledges a level-2 rollback's notification (R6.1); a second acknowledgement changes nothing. */
export async function acknowledgeLocked(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
): Promise<ReleaseRecord> {
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  checkTeamLead(release, workflow?.spec.owners, actor);
  const notice = teamLeadOf(release)!;
  if (notice.answer === 'acknowledged') return release;
  const at = ctx.deps.clock.now().toISOString();
  return save(ctx, release, withTeamLead(release, { ackBy: notice.ackBy, answer: 'acknowledged', at }), {
    kind: 'notify.acknowledged',
    actor,
    details: { deadline: notice.ackBy },
  });
}

/** Acts on expired approval and acknowledgement deadlines: recorded, and escalated to the incident commander. */
export async function expireTimers(ctx: MachineContext, now: Date): Promise<void> {
  const candidates = await ctx.deps.stores.releases.list({
    statuses: ['running', 'paused', 'rolling-back', 'rolled-back'],
  });
  for (const listed of candidates) await ctx.locked(listed, (release) => expireOne(ctx, release, now));
}

async function expireOne(ctx: MachineContext, given: ReleaseRecord, now: Date): Promise<void> {
  let release = given;
  const expired = expiredTimers(release, now);
  const pending = pendingOf(release);
  if (expired.approval && pending)
    release = await save(ctx, release, withoutPending(release), {
      kind: 'approval.expired',
      actor: systemPrincipal,
      details: { level: pending.level, remaining: pending.remaining, escalation: 'incident commander paged' },
    });
  const notice = teamLeadOf(release);
  if (expired.teamLead && notice)
    await save(ctx, release, withTeamLead(release, { ackBy: notice.ackBy, answer: 'missed', at: now.toISOString() }), {
      kind: 'notify.team-lead-missed',
      actor: systemPrincipal,
      details: { deadline: notice.ackBy, escalation: 'incident commander paged' },
    });
}

/** The release's state without its pending rollback. */
function withoutPending(release: ReleaseRecord): ReleaseState {
  if (release.status !== 'running' && release.status !== 'paused') return release;
  const { pendingRollback: _dropped, ...state } = release.state;
  return { status: release.status, state } as ReleaseState;
}

/** The release's state with `notice` as the team lead's. */
function withTeamLead(release: ReleaseRecord, teamLead: TeamLeadNotice): ReleaseState {
  if (release.status === 'pending' || release.status === 'promoted' || release.status === 'aborted') return release;
  return { status: release.status, state: { ...release.state, teamLead } } as ReleaseState;
}
