/**
 * Which components a plan restores, at which level, and whether that is safe (R1.2, R5.3).
 *
 * Only components that differ between control and candidate are restored; an unchanged one is a
 * no-op the plan names. A partial restore is checked against `requires`: if it would run any
 * component on inputs it was not built for, it is refused with the reason and the plan escalates
 * to level 2 — the *whole* control bundle, because a partial mix that no bundle ever contained was
 * never evaluated, whereas the control bundle is a known-good, self-consistent state (ADR 0003).
 * Level 3 and 4 add jobs: recompute features, restore the data snapshot and retrain.
 */
import { componentVersion, diffBundles, type RequirementConflict } from '../../bundles/bundle-model.js';
import { servingConflicts } from '../../bundles/component-requirements.js';
import { componentNames, type ComponentName, type Components } from '../../bundles/bundle-schema.js';
import { isReduction, sameFlagValue } from './flag-effects.js';
import { addJobs } from './plan-jobs.js';
import { union } from './plan-intent.js';
import { componentLevel, levelRank, maxLevel, RECORD_ONLY_COMPONENTS, type RollbackLevel } from './rollback-levels.js';
import type { Noop, PlanStep, Refusal } from './rollback-plan.js';
import type { RestoreContext, RestoreResult } from './restore-types.js';

export type { RestoreContext, RestoreResult } from './restore-types.js';

const known: ReadonlySet<string> = new Set(componentNames);

/** Resolves the restore part of a plan. */
export function resolveRestore(ctx: RestoreContext): RestoreResult {
  const gates = union([...ctx.restore.values()].flat(), ctx.level?.gates ?? []);
  const result: RestoreResult = { whole: false, steps: [], noops: [], refusals: [], refused: null };
  if (ctx.restore.size === 0 && ctx.level === null) return result;
  const changed = new Set(diffBundles(ctx.control, ctx.candidate).changedComponents);
  const runtime = [...changed].filter((c) => !RECORD_ONLY_COMPONENTS.has(c));
  const requested = requestedComponents(ctx, result);
  for (const c of requested) if (!changed.has(c)) result.noops.push(unchangedNoop(ctx, c, ctx.restore.get(c) ?? gates));
  const asked = ctx.level?.level;
  result.whole = asked !== undefined && levelRank(asked) >= 2;
  if (!result.whole) {
    const partial = requested.filter((c) => changed.has(c));
    const escalate = checkPartial(ctx, partial, runtime, asked);
    if (escalate === 'nothing') return result;
    if (escalate === null) {
      result.steps = partial.map((c) => restoreStep(ctx, c, componentLevel(c), ctx.restore.get(c) ?? gates));
      result.steps.unshift(...bundleFlagSteps(ctx, new Set(partial), false, gates));
      addJobs(ctx, result, new Set(partial), gates);
      return result;
    }
    result.refusals.push(escalate);
    result.whole = true;
  }
  restoreWhole(ctx, result, [...changed], gates);
  return result;
}

/** The components asked for, by name; a name that is no component is a no-op. */
function requestedComponents(ctx: RestoreContext, result: RestoreResult): ComponentName[] {
  const out: ComponentName[] = [];
  for (const [name, asking] of ctx.restore) {
    if (known.has(name)) out.push(name as ComponentName);
    else
      result.noops.push({ what: `restore ${name}`, reason: `"${name}" is not a bundle component`, gates: [...asking] });
  }
  return out;
}

function unchangedNoop(ctx: RestoreContext, c: ComponentName, gates: readonly string[]): Noop {
  const version = componentVersion(c, ctx.control.components);
  const reason =
    version === undefined && !(c in ctx.control.components)
      ? `neither bundle has ${c}`
      : `${c} is the same in control and candidate${version === undefined ? '' : ` (${version})`}; restoring it changes nothing`;
  return { what: `restore ${c}`, reason, gates: [...gates] };
}

/**
 * `null` when the partial restore is safe; `'nothing'` when the bundles do not differ where it
 * matters; otherwise the refusal that makes the plan escalate to the whole control bundle.
 */
function checkPartial(
  ctx: RestoreContext,
  partial: ComponentName[],
  runtime: ComponentName[],
  asked: RollbackLevel | undefined,
): Refusal | 'nothing' | null {
  const level = partial.reduce<RollbackLevel>((l, c) => maxLevel(l, componentLevel(c)), asked ?? 'level1');
  if (!partial.some((c) => runtime.includes(c))) {
    if (runtime.length === 0) return partial.length === 0 ? 'nothing' : null;
    const listed = [...ctx.restore.keys()].join(', ') || 'the model';
    const reason = `restoring ${listed} changes nothing that is served; the candidate differs from control in ${runtime.join(', ')}. Escalated to level 2: the whole control bundle ${ctx.control.version}`;
    return { level, reason, conflicts: [], escalatedTo: 'level2' };
  }
  const { conflicts, running } = compatibility(ctx, new Set(partial));
  if (conflicts.length === 0) return null;
  const reason =
    `${level.replace('level', 'level ')} (restore ${partial.join(', ')}) refused: ` +
    `${conflicts.map((c) => conflictText(c, running)).join('; ')}. Escalated to level 2: the whole control bundle ${ctx.control.version}`;
  return { level, reason, conflicts, escalatedTo: 'level2' };
}

/** What would run after restoring `restored`, and every `requires` it breaks. */
export function compatibility(
  ctx: Pick<RestoreContext, 'control' | 'candidate'>,
  restored: ReadonlySet<ComponentName>,
): { conflicts: RequirementConflict[]; running: Components } {
  const running: Components = { ...ctx.candidate.components };
  for (const c of restored) {
    const value = ctx.control.components[c];
    if (value === undefined) delete running[c];
    else Object.assign(running, { [c]: value });
  }
  const kept = new Set((Object.keys(running) as ComponentName[]).filter((c) => !restored.has(c)));
  // A restored component brings the control's requirements; a kept one keeps the candidate's.
  // Only serving requirements refuse: a model's training snapshot is provenance, not an input.
  const conflicts = [
    ...servingConflicts(ctx.control.requires, running, restored),
    ...servingConflicts(ctx.candidate.requires, running, kept),
  ];
  return { conflicts, running };
}

/** "model 41 requires featurePipeline fp-12 but the live featurePipeline would be fp-13". */
export function conflictText(c: RequirementConflict, running: Components): string {
  const version = componentVersion(c.component, running);
  return `${c.component}${version === undefined ? '' : ` ${version}`} requires ${c.needs} ${c.required} but the live ${c.needs} would be ${c.actual ?? 'absent'}`;
}

function restoreWhole(ctx: RestoreContext, result: RestoreResult, changed: ComponentName[], gates: string[]): void {
  // The candidate arm becomes the control bundle: every component, changed or not, runs under the
  // control's `requires`, so this is the control's own consistency.
  const { conflicts, running } = compatibility(ctx, new Set(componentNames));
  if (conflicts.length > 0) {
    result.refused = `the control bundle ${ctx.control.version} is not self-consistent, so no rollback to it is safe: ${conflicts.map((c) => conflictText(c, running)).join('; ')}`;
    return;
  }
  result.steps = [
    ...bundleFlagSteps(ctx, new Set(changed), true, gates),
    ...changed.map((c) => restoreStep(ctx, c, 'level2', gates)),
  ];
  addJobs(ctx, result, new Set(changed), gates);
}

function restoreStep(ctx: RestoreContext, c: ComponentName, level: RollbackLevel, gates: readonly string[]): PlanStep {
  const from = componentVersion(c, ctx.candidate.components) ?? null;
  const to = componentVersion(c, ctx.control.components) ?? null;
  const text =
    to === null && !(c in ctx.control.components)
      ? `remove ${c} (the control bundle has none)`
      : `restore ${c}: ${from ?? 'absent'} → ${to ?? 'as in control'}`;
  return { kind: 'restore', level, component: c, from, to, gates: [...gates], text };
}

/** The bundle flags (R3.1) that select each component, so restoring it also restores them. */
const FLAG_COMPONENTS: Readonly<Record<string, readonly ComponentName[]>> = {
  'ai.route.provider': ['modelRoute', 'model'],
  'ai.route.fallback': ['modelRoute', 'model'],
  'ai.prompt.version': ['prompt'],
  'ai.tools.enabled': ['tools'],
  'ai.route.mode': ['serving', 'batch'],
};

/**
 * The control's flag state where it differs from the candidate's: every such flag for a whole
 * restore (the flags are part of the manifest, R1.1), only the restored components' for a partial.
 */
function bundleFlagSteps(
  ctx: RestoreContext,
  restored: ReadonlySet<ComponentName>,
  whole: boolean,
  gates: readonly string[],
): PlanStep[] {
  const from = ctx.candidate.flags ?? {};
  const steps: PlanStep[] = [];
  for (const [flag, value] of Object.entries(ctx.control.flags ?? {})) {
    if (sameFlagValue(from[flag], value)) continue;
    const owners = FLAG_COMPONENTS[flag] ?? [];
    const level = whole
      ? 'level2'
      : owners
          .filter((c) => restored.has(c))
          .reduce<RollbackLevel | null>((l, c) => maxLevel(l ?? 'level1', componentLevel(c)), null);
    if (level === null) continue;
    const text = `restore flag ${flag}: ${JSON.stringify(from[flag] ?? null)} → ${JSON.stringify(value)} (control bundle's flag state)`;
    const reducesAutomation =
      typeof value !== 'object' || Array.isArray(value) ? isReduction(flag, from[flag], value) : false;
    steps.push({ kind: 'set-flag', level, flag, value, segments: null, reducesAutomation, gates: [...gates], text });
  }
  return steps;
}
