/**
 * Cross-field rules of a release ticket: the plan's shape, gates or an explicit waiver, and the
 * rollback actions (real component names, known flag values, a level that fits what it restores).
 * Each rule reports the path of the field to fix, so an author can correct the ticket from the
 * message alone. Rules that need the Workflow or the Bundles are in `release-model.ts`.
 */
import type { z } from 'zod';
import { componentNames, flagKeySchema, type ComponentName } from '../../bundles/bundle-schema.js';
import type { RollbackAction } from '../../gates/language/gate-spec.js';
import { flagValueIssue } from '../planning/flag-effects.js';
import type { ReleaseFields, StageSpec } from './release-fields.js';
import { componentLevel, LEVEL1_COMPONENTS } from '../planning/rollback-levels.js';

type Ctx = z.RefinementCtx<ReleaseFields>;
type Path = (string | number)[];

const known: ReadonlySet<string> = new Set(componentNames);

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Runs every cross-field rule on one release (used as the schema's `superRefine`). */
export function checkRelease(release: ReleaseFields, ctx: Ctx): void {
  if (release.control === release.candidate)
    issue(ctx, ['candidate'], `candidate must differ from control (both are "${release.control}")`);
  checkPlan(release.plan, ctx);
  checkGatesOrWaiver(release, ctx);
  checkAction(release.firstRollback, ['firstRollback'], ctx);
  if (release.firstRollback.then !== undefined)
    issue(ctx, ['firstRollback', 'then'], 'then: firstRollback chains the first rollback; it cannot chain itself');
  if (Array.isArray(release.gates))
    release.gates.forEach((gate, i) => {
      if (gate.action !== undefined) checkAction(gate.action, ['gates', i, 'action'], ctx);
    });
  checkUnique(release.automatic, ['automatic'], ctx);
  checkUnique(release.evidence, ['evidence'], ctx);
}

function checkGatesOrWaiver(release: ReleaseFields, ctx: Ctx): void {
  if (release.gates === 'none-accepted' && release.gatesWaiver === undefined)
    issue(ctx, ['gatesWaiver'], 'a release without gates is refused unless gatesWaiver: { reason } accepts it (R2.1)');
  if (release.gates !== 'none-accepted' && release.gatesWaiver !== undefined)
    issue(ctx, ['gatesWaiver'], 'gatesWaiver applies only to gates: none-accepted');
}

/** Offline stages, then segment canaries, then population canaries rising, then promote last. */
function checkPlan(plan: readonly StageSpec[], ctx: Ctx): void {
  const last = plan.length - 1;
  let seenCanary = false;
  let seenPopulation = false;
  const lastPercent = new Map<string, number>();
  plan.forEach((stage, i) => {
    if (stage.promote !== undefined && i !== last)
      issue(ctx, ['plan', i, 'promote'], 'promote: {} must be the last stage');
    if (stage.offline !== undefined && seenCanary)
      issue(ctx, ['plan', i, 'offline'], 'offline stages come before canary stages');
    const canary = stage.canary;
    if (canary === undefined) return;
    seenCanary = true;
    if (canary.segment !== undefined && seenPopulation)
      issue(ctx, ['plan', i, 'canary', 'segment'], 'segment-only stages come before stages on the whole population');
    if (canary.segment === undefined) seenPopulation = true;
    const key = canary.segment ?? '';
    const before = lastPercent.get(key);
    if (before !== undefined && canary.percent <= before)
      issue(ctx, ['plan', i, 'canary', 'percent'], `must be above the previous stage's ${before} %`);
    lastPercent.set(key, canary.percent);
  });
  if (!seenCanary) issue(ctx, ['plan'], 'a plan needs at least one canary stage (R2.1)');
  const final = plan[last];
  if (final !== undefined && final.promote === undefined) issue(ctx, ['plan', last], 'a plan ends with promote: {}');
}

/** Components, flags and level of one rollback action. */
function checkAction(action: RollbackAction, path: Path, ctx: Ctx): void {
  const seen = new Set<string>();
  action.restore?.forEach((name, j) => {
    if (!known.has(name))
      issue(ctx, [...path, 'restore', j], `unknown component "${name}"; components are ${componentNames.join(', ')}`);
    else if (seen.has(name)) issue(ctx, [...path, 'restore', j], `"${name}" is listed twice`);
    seen.add(name);
  });
  for (const [flag, value] of Object.entries(action.set ?? {})) {
    const key = flagKeySchema.safeParse(flag);
    const problem = key.success ? flagValueIssue(flag, value) : key.error.issues[0]?.message;
    if (problem !== undefined) issue(ctx, [...path, 'set', flag], problem);
  }
  if (action.level === 1) {
    const beyond = (action.restore ?? []).filter((c) => known.has(c) && !LEVEL1_COMPONENTS.has(c as ComponentName));
    if (beyond.length > 0)
      issue(
        ctx,
        [...path, 'level'],
        `level 1 restores ${[...LEVEL1_COMPONENTS].join('/')} only; ${beyond.join(', ')} needs ${componentLevel(beyond[0] as ComponentName).replace('level', 'level ')}`,
      );
  }
}

function checkUnique(values: readonly string[], path: Path, ctx: Ctx): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) issue(ctx, [...path, i], `"${v}" is listed twice`);
    seen.add(v);
  });
}
