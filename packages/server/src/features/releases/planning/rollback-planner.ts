/**
 * The rollback planner (R5.2, R5.3, R1.2, R5.4; GATES.md "Actions"): from the breached gates, the
 * control/candidate bundles and what is live, the smallest set of steps that covers every breached
 * gate together, checked for compatibility and escalated when a step would be unsafe. Pure: the
 * executor runs the steps, the CLI shows them as a dry run, the record stores them.
 *
 * Step order is fastest protection first: pause (stop advancing), flags (seconds), traffic, then
 * restores and jobs. `then: firstRollback` ("freeze, then roll back") falls out of that order.
 */
import { bundleTargets, hasTargets } from '../../bundles/bundle-targets.js';
import { resolveFlags } from './plan-flags.js';
import { collectIntent, union, type Intent } from './plan-intent.js';
import { resolveRestore, type RestoreResult } from './plan-restore.js';
import { cannotUndo } from './plan-undo.js';
import { planStages, previousStageTraffic, stageTraffic, type Traffic } from '../ticket/release-model.js';
import { estimateFor, maxLevel, ROLLBACK_LEVELS, type RollbackLevel } from './rollback-levels.js';
import type { Noop, PlanInput, PlanStep, RollbackPlan } from './rollback-plan.js';

/** Plans the rollback for `input.breached` (or, with none, the release's `firstRollback`). */
export function planRollback(input: PlanInput): RollbackPlan {
  const intent = collectIntent(input);
  const restore = resolveRestore({
    control: input.control,
    candidate: input.candidate,
    restore: intent.restore,
    level: intent.level,
    cold: new Set(input.live.cold ?? []),
  });
  const restoreGates = union([...intent.restore.values()].flat(), intent.level?.gates ?? []);
  const traffic = resolveTraffic(input, intent, restore.whole, restoreGates);
  const flags = resolveFlags(intent.flags, input.live, input.candidate.flags ?? {});
  const pause: PlanStep[] =
    intent.pause.length > 0
      ? [{ kind: 'pause', level: null, gates: intent.pause, text: 'pause: stop advancing stages' }]
      : [];
  const restoreSteps = keepGateFlags(restore, intent);
  // A refused restore leaves only what reduces exposure without touching the bundles.
  const steps =
    restore.refused === null
      ? [...pause, ...flags.steps, ...traffic.steps, ...restoreSteps.steps]
      : [...pause, ...flags.steps];
  return assemble(
    input,
    intent,
    steps,
    restore,
    [...restore.noops, ...restoreSteps.noops, ...flags.noops, ...traffic.noops],
    flags,
  );
}

/** A flag a gate sets keeps the gate's value: restoring the control's flag state must not undo it. */
function keepGateFlags(restore: RestoreResult, intent: Intent): { steps: PlanStep[]; noops: Noop[] } {
  const asked = new Map(intent.flags.map((f) => [f.flag, f.gates] as const));
  const noops: Noop[] = [];
  const steps = restore.steps.filter((s) => {
    const gates = s.kind === 'set-flag' ? asked.get(s.flag) : undefined;
    if (s.kind !== 'set-flag' || gates === undefined) return true;
    noops.push({ what: s.text, reason: `${s.flag} keeps the value ${gates.join(', ')} asked for`, gates: s.gates });
    return false;
  });
  return { steps, noops };
}

/**
 * The plan `ripcord readiness` times and `ripcord rollback plan` shows before anything breached:
 * the release's `firstRollback` as it would run against what is live now.
 */
export function planReadiness(input: Omit<PlanInput, 'breached' | 'override' | 'requestedLevel'>): RollbackPlan {
  return planRollback({ ...input, breached: [] });
}

function assemble(
  input: PlanInput,
  intent: Intent,
  steps: PlanStep[],
  restore: RestoreResult,
  noops: Noop[],
  flags: { conflicts: string[]; notes: string[] },
): RollbackPlan {
  const level = steps.reduce<RollbackLevel>((l, s) => maxLevel(l, s.level ?? 'flags'), 'flags');
  const used = new Set(steps.flatMap((s) => (s.level === null ? [] : [s.level])));
  const status = restore.refused !== null ? 'refused' : steps.length === 0 ? 'no-op' : 'planned';
  const targets = { control: bundleTargets(input.control), candidate: bundleTargets(input.candidate) };
  return {
    status,
    reason: restore.refused,
    release: input.release.name,
    workflow: input.release.workflow,
    control: input.control.version,
    candidate: input.candidate.version,
    level,
    steps,
    covers: intent.covers,
    sources: intent.sources,
    automation: ROLLBACK_LEVELS.filter((l) => used.has(l)),
    noops,
    refusals: restore.refusals,
    conflicts: flags.conflicts,
    override: input.override === undefined ? null : { by: input.override.by, reason: input.override.reason },
    cannotUndo: cannotUndo(input.candidate, input.facts),
    estimate: estimateFor(level, input.timings),
    notes: [...intent.notes, ...flags.notes],
    ...(hasTargets(targets.control) || hasTargets(targets.candidate) ? { targets } : {}),
  };
}

interface TrafficResult {
  steps: PlanStep[];
  noops: Noop[];
}

/**
 * A whole-bundle restore routes the candidate's traffic to control (the candidate arm becomes the
 * control bundle); otherwise `rollout:` lowers it to the previous stage or to 0.
 */
function resolveTraffic(input: PlanInput, intent: Intent, whole: boolean, restoreGates: string[]): TrafficResult {
  const stages = planStages(input.release);
  const current = input.live.traffic ?? stageTraffic(stages, input.live.stage);
  const result: TrafficResult = { steps: [], noops: [] };
  if (whole) {
    for (const r of intent.rollout)
      result.noops.push({
        what: `rollout: ${r.to}`,
        reason: `covered by routing all traffic to control bundle ${input.control.version}`,
        gates: r.gates,
      });
    addTraffic(
      result,
      current,
      { percent: 0, segment: null },
      { to: 'control', level: 'level2', gates: restoreGates, version: input.control.version },
    );
    return result;
  }
  if (intent.rollout.length === 0) return result;
  const gates = union(
    [],
    intent.rollout.flatMap((r) => r.gates),
  );
  const toZero = intent.rollout.some((r) => r.to === 0);
  const target = toZero ? { percent: 0, segment: null } : previousStageTraffic(stages, input.live.stage);
  addTraffic(result, current, target, {
    to: toZero ? 'control' : 'previous-stage',
    level: 'flags',
    gates,
    version: input.control.version,
  });
  return result;
}

function addTraffic(
  result: TrafficResult,
  current: Traffic,
  target: Traffic,
  how: { to: 'control' | 'previous-stage'; level: RollbackLevel; gates: string[]; version: string },
): void {
  const where = (t: Traffic): string => `${t.percent} %${t.segment === null ? '' : ` of segment ${t.segment}`}`;
  if (current.percent === 0 || (current.segment === target.segment && target.percent >= current.percent)) {
    result.noops.push({
      what: `lower the candidate's traffic to ${where(target)}`,
      reason: `the candidate already serves ${where(current)}`,
      gates: how.gates,
    });
    return;
  }
  const text =
    target.percent === 0
      ? `route all traffic to control bundle ${how.version} (candidate ${where(current)} → 0 %)`
      : `lower the candidate's traffic to the previous stage: ${where(current)} → ${where(target)}`;
  result.steps.push({
    kind: 'traffic',
    level: how.level,
    to: how.to,
    percent: target.percent,
    segment: target.segment,
    gates: how.gates,
    text,
  });
}
