/**
 * Delayed gates keep watching after promotion (docs/releases.md "After promotion"): a release
 * with delayed or late-label gates keeps its gate session through the cool-down, for late labels
 * only (reviews, complaints, ground truth about requests the candidate served during the
 * release). Each tick evaluates those gates; a breach records the decision the ticket asks for —
 * a review for a delayed gate (a person may then restore the previous bundle); for an immediate or
 * rapid one, the rollback to the previous bundle kept warm, requested at once and run within the
 * ticket's authority (promoted-rollback.ts: `promoted → rolling-back → rolled-back`, or recorded as
 * awaiting approval). When the cool-down ends the session stops.
 */
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from '../../auth/principal.js';
import { lateLabels, watchesAfterPromotion } from './promotion-watch.js';
import type { ReleaseRecord } from '../release-store.js';
import { decide } from './decision.js';
import { entryIn, type MachineContext } from './release-context.js';

type Promoted = Extract<ReleaseRecord, { status: 'promoted' }>;

/** One tick over the promoted releases still in their cool-down; returns the decisions recorded. */
export async function watchCooldowns(ctx: MachineContext, now: Date): Promise<{ release: string; decision: string }[]> {
  if (ctx.deps.gates.watchLabels === undefined) return [];
  const promoted = (await ctx.deps.stores.releases.list({ statuses: ['promoted'] })).filter(
    (r): r is Promoted => r.status === 'promoted' && watchesAfterPromotion(r),
  );
  const out: { release: string; decision: string }[] = [];
  for (const release of promoted) {
    try {
      if (Date.parse(release.state.cooldownEndsAt) <= now.getTime()) {
        await ctx.deps.gates.stop(release.id);
        continue;
      }
      const kind = await watchOne(ctx, release, now);
      if (kind !== null) out.push({ release: release.id, decision: kind });
    } catch (error) {
      ctx.deps.logger.error({ err: error, release: release.id }, 'cool-down watch failed');
    }
  }
  return out;
}

async function watchOne(ctx: MachineContext, release: Promoted, now: Date): Promise<string | null> {
  const watched = (await ctx.deps.gates.evaluate(release.id, now)).filter(
    (e) => e.severity === 'delayed' || lateLabels(e.metric),
  );
  const breached = watched.filter((e) => e.state === 'breached');
  if (breached.length === 0) return null;
  // A delayed breach raises a review; an immediate or rapid one asks for the rollback (the same
  // rules as before promotion, shared causes included), here the previous bundle kept warm.
  const decision = decide({ evaluations: breached, stage: { next: null, bakeEndsAt: null }, now });
  const acting = decision.kind === 'rollback-now' ? decision.rollback.map((r) => r.gate) : [];
  const restore = `restore the previous bundle ${release.spec.control}, kept warm until ${release.state.cooldownEndsAt}: ripcord labels set ${release.workflow} production ${release.spec.control} --env ${release.environment}`;
  const reasoning =
    `After promotion, in the cool-down: ${breached.map((e) => `${e.gate} breached${e.sentence ? ` (${e.sentence})` : ''}`).join('; ')}. ` +
    (acting.length > 0
      ? `The ticket asks for a rollback on ${acting.join(', ')}: ${restore}, within the ticket's authority.`
      : `A human review is needed; if it confirms the regression, ${restore}.`);
  const key = `${decision.kind}:${decision.gates.join(',')}`;
  const last = (await ctx.deps.stores.releases.decisions(release.id)).at(-1);
  if (last !== undefined && `${last.kind}:${((last.evidence.gates as string[] | undefined) ?? []).join(',')}` === key)
    return null;
  const recorded = { ...decision, reasoning, afterPromotion: true };
  await ctx.deps.transact(async (s) => {
    await s.releases.addDecision({
      id: `dec_${randomBytes(6).toString('hex')}`,
      releaseId: release.id,
      at: now,
      kind: decision.kind,
      reasoning,
      evidence: { ...recorded },
      actor: systemPrincipal.subject,
    });
    await entryIn(ctx, s, release, now, {
      kind: 'decision',
      actor: systemPrincipal,
      details: { kind: decision.kind, gates: decision.gates, reasoning, afterPromotion: true },
    });
  });
  if (decision.kind === 'rollback-now')
    await ctx.rollback(release, systemPrincipal, { decision: recorded, requestedAt: now.toISOString() });
  return decision.kind;
}
