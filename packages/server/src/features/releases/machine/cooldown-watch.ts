/**
 * Delayed gates keep watching after promotion (docs/releases.md "After promotion"): a release
 * with delayed or late-label gates keeps its gate session through the cool-down, for late labels
 * only (reviews, complaints, ground truth about requests the candidate served during the
 * release). Each tick evaluates those gates; a breach records the decision the ticket asks for —
 * a review for a delayed gate; for an immediate or rapid one, the rollback to the previous bundle
 * kept warm, offered to a person (a promoted release has no status to roll back from, ADR 0005).
 * When the cool-down ends the session stops.
 */
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from '../../auth/principal.js';
import { lateLabels, watchesAfterPromotion } from './promotion-watch.js';
import type { ReleaseRecord } from '../release-store.js';
import { decide, type GateEvaluation } from './decision.js';
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
  // Every breach after promotion is for a person: a review, or the warm previous bundle offered.
  const asReview: GateEvaluation[] = breached.map((e) => ({ ...e, severity: 'delayed' }));
  const decision = decide({ evaluations: asReview, stage: { next: null, bakeEndsAt: null }, now });
  const acting = breached.filter((e) => e.severity !== 'delayed').map((e) => e.gate);
  const restore = `restore the previous bundle ${release.spec.control}, kept warm until ${release.state.cooldownEndsAt}: ripcord labels set ${release.workflow} production ${release.spec.control} --env ${release.environment}`;
  const reasoning =
    `After promotion, in the cool-down: ${breached.map((e) => `${e.gate} breached${e.sentence ? ` (${e.sentence})` : ''}`).join('; ')}. ` +
    (acting.length > 0
      ? `The ticket asks for a rollback on ${acting.join(', ')}: ${restore}.`
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
  return decision.kind;
}
