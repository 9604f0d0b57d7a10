/**
 * Reference distributions for `driftFromReference` gates (GATES.md "Comparisons": the distance
 * between the candidate's distribution and "the declared reference's"). ripcord cannot know the
 * distribution a model was trained on — a feature the candidate's pipeline introduces has no
 * history at all — so the team declares it, per series (`prediction` or a feature name), before
 * the release starts: the gate's bins are fixed at release start from the reference (GATES.md), so
 * a reference declared later could not be used. Kept with the release (`references`); at the start
 * the gate configuration takes them (features/ingest/gate-config.ts).
 */
import { z } from 'zod';
import { AppError } from '../../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { ReferenceDistribution } from '../../gates/engine/release-state.js';
import { entryIn, type MachineContext } from '../machine/release-context.js';
import type { ReleaseRecord } from '../release-store.js';

/** At most this many bins per distribution. */
export const MAX_REFERENCE_BINS = 1000;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** One histogram: bin edges (strictly increasing) and one proportion per bin (edges + 1), summing to 1. */
export const referenceDistributionSchema = z
  .strictObject({
    edges: z
      .array(finite)
      .min(1, 'needs at least one edge')
      .max(MAX_REFERENCE_BINS - 1, `at most ${MAX_REFERENCE_BINS - 1} edges (${MAX_REFERENCE_BINS} bins)`),
    proportions: z
      .array(finite.min(0, 'must be 0 or more'))
      .max(MAX_REFERENCE_BINS, `at most ${MAX_REFERENCE_BINS} bins`),
  })
  .superRefine((d, ctx) => {
    for (let i = 1; i < d.edges.length; i++)
      if (!((d.edges[i] ?? 0) > (d.edges[i - 1] ?? 0))) {
        ctx.addIssue({ code: 'custom', path: ['edges', i], message: 'edges must be strictly increasing' });
        return;
      }
    if (d.proportions.length !== d.edges.length + 1)
      ctx.addIssue({
        code: 'custom',
        path: ['proportions'],
        message: `needs ${d.edges.length + 1} values (one per bin: below the first edge, between edges, above the last), got ${d.proportions.length}`,
      });
    const sum = d.proportions.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6)
      ctx.addIssue({ code: 'custom', path: ['proportions'], message: `must sum to 1 (got ${sum})` });
  });

/** The request body: distributions by series. */
export const referencesBodySchema = z.strictObject({
  distributions: z
    .record(z.string().min(1).max(200), referenceDistributionSchema)
    .refine((d) => Object.keys(d).length > 0, 'name at least one series (prediction or a feature)'),
});

/** The series a release's `driftFromReference` gates compare: `prediction` or feature names. */
export function referenceSeries(gates: ReleaseRecord['spec']['gates']): Set<string> {
  const out = new Set<string>();
  if (gates === 'none-accepted') return out;
  for (const gate of gates) {
    if (gate.candidate?.driftFromReference === undefined) continue;
    if (gate.metric === 'prediction_distribution') out.add('prediction');
    for (const feature of gate.features ?? []) out.add(feature);
  }
  return out;
}

/**
 * Declares (replaces, per series) the reference distributions of a pending release. Refuses a
 * release that has started, and series no `driftFromReference` gate of the release compares.
 */
export async function declareReferences(
  ctx: MachineContext,
  release: ReleaseRecord,
  distributions: Record<string, ReferenceDistribution>,
  actor: Principal,
): Promise<ReleaseRecord> {
  if (release.status !== 'pending')
    throw new AppError(
      'conflict',
      `release ${release.name} is ${release.status}: reference distributions are fixed when a release starts (its drift bins come from them), so declare them before \`releases start\``,
    );
  const wanted = referenceSeries(release.spec.gates);
  const unknown = Object.keys(distributions).filter((name) => !wanted.has(name));
  if (unknown.length > 0)
    throw new AppError(
      'validation_failed',
      wanted.size === 0
        ? `release ${release.name} has no driftFromReference gate, so it uses no reference distribution`
        : `no driftFromReference gate of release ${release.name} compares ${unknown.join(', ')}; its gates compare ${[...wanted].join(', ')}`,
    );
  const at = ctx.deps.clock.now();
  const merged = { ...release.references, ...distributions };
  await ctx.deps.transact(async (s) => {
    await s.releases.updateTicket(release.id, { references: merged, updatedAt: at });
    await entryIn(ctx, s, release, at, {
      kind: 'release.references-declared',
      actor,
      details: {
        series: Object.keys(distributions),
        bins: Object.fromEntries(Object.entries(distributions).map(([k, d]) => [k, d.proportions.length])),
        missing: [...wanted].filter((name) => merged[name] === undefined),
      },
    });
  });
  return { ...release, references: merged, updatedAt: at };
}
