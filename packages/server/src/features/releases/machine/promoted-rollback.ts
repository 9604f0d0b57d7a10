/**
 * Rolling a promoted release back within its cool-down (docs/releases.md "After promotion", R1.4,
 * issue 13 part 7). Promotion moved `production` to the candidate and kept the control warm as
 * `previous` until `cooldownEndsAt`; a late breach (or a person, after a review) may restore it.
 * The restore is the production label moved back to the control bundle — which serves every
 * component of it again, as "all traffic to the control bundle" does for a running release — and
 * the release moves `promoted → rolling-back → rolled-back` through the transition table, in one
 * transaction after the label moved (a crash between the two leaves the release promoted with the
 * label restored; the next request or watch tick finds the move done and records the transitions).
 *
 * Authority is the ticket's, exactly as for a running release: an automatic request (a gate that
 * asks for a rollback) runs only within the `automatic` list; beyond it, or for a plan a person
 * must confirm, the request is recorded (`rollback.awaiting-approval` / `rollback.refused`) and
 * the release stays promoted: whoever holds the authority asks for the restore themselves.
 * A plan with job steps (levels 3–4: rebuilding data or indexes) is not a label move and is
 * refused here: the incident commander runs it.
 */
import { AppError } from '../../../errors.js';
import type { Approval } from '../authority/authority.js';
import type { Principal } from '../../auth/principal.js';
import type { ReleaseRecord } from '../release-store.js';
import { entryIn, moveIn, endIn, type MachineContext } from './release-context.js';
import { outcomeDetails } from './rollback-outcomes.js';
import type { RollbackOutcome, RollbackRequest } from './rollback-request.js';
import type { Watch } from './status-state.js';

type Promoted = Extract<ReleaseRecord, { status: 'promoted' }>;

/** How the release machine plans and authorizes a request (release-rollback.ts). */
export interface PromotedRollbackSteps {
  plan(release: ReleaseRecord, request: RollbackRequest): Promise<RollbackOutcome['plan']>;
  authorize(
    release: ReleaseRecord,
    plan: RollbackOutcome['plan'],
    approvals: readonly Approval[],
  ): Promise<RollbackOutcome>;
}

/** Whether the promoted release's previous bundle is still kept warm at `now`. */
export function inCooldown(release: Promoted, now: Date): boolean {
  return Date.parse(release.state.cooldownEndsAt) > now.getTime();
}

/** Plans, authorizes and (within authority) restores the previous bundle of a promoted release. */
export async function rollbackPromoted(
  ctx: MachineContext,
  release: Promoted,
  actor: Principal,
  request: RollbackRequest,
  approvals: readonly Approval[],
  steps: PromotedRollbackSteps,
): Promise<RollbackOutcome> {
  const now = ctx.deps.clock.now();
  const { control, workflow, environment } = release.spec;
  if (!inCooldown(release, now))
    throw new AppError(
      'conflict',
      `release ${release.name} was promoted and its cool-down ended at ${release.state.cooldownEndsAt}: the previous bundle ${control} is no longer kept warm; restoring it is a new release (or \`ripcord labels set ${workflow} production ${control} --env ${environment}\`)`,
    );
  const plan = await steps.plan(release, request);
  const jobs = plan.steps.filter((s) => s.kind === 'job');
  const held: RollbackOutcome =
    jobs.length > 0 && plan.status !== 'refused'
      ? {
          plan,
          executed: [],
          status: 'refused',
          releaseStatus: 'promoted',
          authority: null,
          summary: `after promotion the restore moves the production label only; this plan also needs ${jobs.map((j) => (j.kind === 'job' ? j.job : '')).join(', ')}: the incident commander is needed`,
        }
      : await steps.authorize(release, plan, approvals);
  if (held.status !== 'executed') {
    await ctx.deps.transact((s) =>
      entryIn(ctx, s, release, now, {
        kind: `rollback.${held.status}`,
        actor,
        details: { ...outcomeDetails(held), afterPromotion: true },
      }),
    );
    return { ...held, releaseStatus: 'promoted' };
  }
  return restore(ctx, release, actor, held, request);
}

/** Moves production back to the control bundle, then records both transitions in one transaction. */
async function restore(
  ctx: MachineContext,
  release: Promoted,
  actor: Principal,
  allowed: RollbackOutcome,
  request: RollbackRequest,
): Promise<RollbackOutcome> {
  const { control, workflow, environment } = release.spec;
  const reason = `release ${release.name}: restore the previous bundle after promotion (${request.reason ?? allowed.plan.covers.join(', ')})`;
  const moved = await ctx.deps.registry.setLabel(
    { workflow, environment, label: 'production', version: control, reason },
    actor,
  );
  const step = moved.move
    ? `production: ${moved.move.fromVersion ?? '(unset)'} → ${control} (the previous bundle, kept warm until ${release.state.cooldownEndsAt})`
    : `production already serves ${control}`;
  const at = ctx.deps.clock.now();
  const firstBreachAt = release.state.firstBreachAt;
  const watch: Watch = {
    stage: { startedAt: at.toISOString() },
    gateSince: {},
    ...(firstBreachAt ? { firstBreachAt } : {}),
  };
  const outcome: RollbackOutcome = {
    ...allowed,
    executed: [step],
    status: 'executed',
    releaseStatus: 'rolled-back',
    summary: `${allowed.summary}; ${step}`,
  };
  await ctx.deps.transact(async (s) => {
    const claimed = await moveIn(ctx, s, release, 'claim', { state: watch }, at, {
      kind: 'rollback.started',
      actor,
      details: {
        level: allowed.plan.level,
        afterPromotion: true,
        requestedAt: request.requestedAt ?? at.toISOString(),
      },
    });
    await entryIn(ctx, s, claimed, at, {
      kind: 'rollback.executed',
      actor,
      details: { ...outcomeDetails(outcome), afterPromotion: true },
    });
    await endIn(ctx, s, claimed, 'settle-rolled-back', firstBreachAt ? { firstBreachAt } : {}, at, {
      kind: 'release.rolled-back',
      actor,
      details: { plan: allowed.plan.level, covers: allowed.plan.covers, afterPromotion: true },
    });
  });
  await ctx.deps.gates.stop(release.id);
  return outcome;
}
