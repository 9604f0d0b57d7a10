/**
 * The route both arms of a release are served from, for a shared-cause decision (shared-cause.ts):
 * the model route parts the two bundles have in common, the `ai.route.provider` in force, the
 * workflow's fallback order (`ai.route.fallback`, R3.5) and what the ticket lets ripcord do.
 */
import { asRoleList } from '../authority/owner-roles.js';
import type { ReleaseRecord } from '../release-store.js';
import type { MachineContext } from './release-context.js';
import type { RouteContext } from './shared-cause.js';

/** Model route fields compared between the arms (the parts a provider or regional outage follows). */
const ROUTE_FIELDS = ['provider', 'account', 'region', 'deployment', 'inferenceProfile', 'model'] as const;

/** Reads both bundles and the live flags; a bundle that is gone reads as sharing nothing. */
export async function routeContext(ctx: MachineContext, release: ReleaseRecord): Promise<RouteContext> {
  const { spec } = release;
  const [control, candidate, current] = await Promise.all([
    ctx.deps.stores.registry.getBundle(spec.workflow, spec.control),
    ctx.deps.stores.registry.getBundle(spec.workflow, spec.candidate),
    ctx.deps.config.current(spec.environment, spec.workflow),
  ]);
  const shared: Record<string, string> = {};
  const a = control?.spec.components.modelRoute as Record<string, unknown> | undefined;
  const b = candidate?.spec.components.modelRoute as Record<string, unknown> | undefined;
  for (const field of ROUTE_FIELDS) {
    const v = a?.[field];
    if (typeof v === 'string' && v === b?.[field]) shared[field] = v;
  }
  const flags = { ...(candidate?.spec.flags ?? {}), ...liveDefaults(current?.config.flags) };
  const provider = typeof flags['ai.route.provider'] === 'string' ? flags['ai.route.provider'] : null;
  if (provider !== null && control?.spec.flags?.['ai.route.provider'] === candidate?.spec.flags?.['ai.route.provider'])
    shared['ai.route.provider'] = provider;
  const order = flags['ai.route.fallback'];
  const fallback = Array.isArray(order) && order.every((r) => typeof r === 'string') ? order : null;
  return {
    shared,
    provider,
    fallback: fallback !== null && fallback.length > 0 ? fallback : null,
    automatic: spec.automatic.includes('flags'),
    flipFlags: asRoleList(spec.authority.flipFlags),
  };
}

/** The default value of each flag the workflow defines now (its rules per segment aside). */
function liveDefaults(
  defs: Readonly<Record<string, { defaultVariant?: string; variants: Record<string, unknown> }>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(defs ?? {}))
    if (def.defaultVariant !== undefined) out[key] = def.variants[def.defaultVariant];
  return out;
}
