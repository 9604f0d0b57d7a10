/**
 * Judging an offline evaluation (R2.1: "run 1,000 offline tickets" before live traffic). The plan's
 * `offline: { tasks, dataset }` says how many tasks of which dataset; the bar they must clear is
 * the candidate bundle's own evaluation record (`evaluation.thresholds`, the rates that approved
 * it). A task counts as passed only when it passed every check, so the pass rate bounds each
 * per-check rate from below: requiring the highest declared rate (a threshold in (0, 1]) means
 * every declared rate holds. A bundle that declares no rate has no tolerance: every task must pass.
 * Pure; the release lifecycle records the verdict.
 */
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import type { PlanStage } from './release-model.js';

/** The evidence a person records (the route has validated its numbers). */
export interface OfflineEvidence {
  tasks: number;
  passed: number;
  dataset?: string | undefined;
  notes?: string | undefined;
}

/** What the offline stage asks for. */
export interface OfflineRequirement {
  tasks: number;
  dataset: string;
  /** The share of tasks that must pass, 0 < passRate ≤ 1. */
  passRate: number;
  /** Where the pass rate comes from, in words. */
  source: string;
}

/** The verdict on one offline evaluation. */
export interface OfflineJudgement {
  /** `passed`: the stage is complete; `incomplete`: not enough (or other) tasks; `failed`: below the bar. */
  verdict: 'passed' | 'incomplete' | 'failed';
  /** One sentence with the numbers. */
  reason: string;
  required: OfflineRequirement & { passed: number };
  observed: { tasks: number; passed: number; passRate: number; dataset: string | null };
}

/** Why these numbers cannot be evidence at all (→ 400), or null. */
export function offlineEvidenceProblem(e: { tasks?: unknown; passed?: unknown }): string | null {
  const whole = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
  if (!whole(e.tasks, 1)) return `tasks must be a whole number of at least 1 (got ${String(e.tasks)})`;
  if (!whole(e.passed, 0)) return `passed must be a whole number of at least 0 (got ${String(e.passed)})`;
  if (e.passed > e.tasks) return `passed (${e.passed}) cannot exceed tasks (${e.tasks})`;
  return null;
}

/** The evidence as recorded, once {@link offlineEvidenceProblem} found nothing wrong with its numbers. */
export function asOfflineEvidence(e: Record<string, unknown>): OfflineEvidence {
  return {
    tasks: e['tasks'] as number,
    passed: e['passed'] as number,
    ...(typeof e['dataset'] === 'string' ? { dataset: e['dataset'] } : {}),
    ...(typeof e['notes'] === 'string' ? { notes: e['notes'] } : {}),
  };
}

/** The offline stage's requirement, with the pass rate from the candidate bundle's evaluation record. */
export function offlineRequirement(
  stage: Extract<PlanStage, { kind: 'offline' }>,
  candidate: Pick<BundleSpec, 'version' | 'components'> | undefined,
): OfflineRequirement {
  const thresholds = candidate?.components.evaluation?.thresholds ?? {};
  const rates = Object.entries(thresholds).filter(([, v]) => Number.isFinite(v) && v > 0 && v <= 1);
  const strictest = rates.reduce<[string, number] | undefined>(
    (best, r) => (best && best[1] >= r[1] ? best : r),
    undefined,
  );
  if (strictest === undefined || candidate === undefined)
    return {
      tasks: stage.tasks,
      dataset: stage.dataset,
      passRate: 1,
      source: `the candidate bundle declares no evaluation threshold, so every task must pass`,
    };
  return {
    tasks: stage.tasks,
    dataset: stage.dataset,
    passRate: strictest[1],
    source: `the candidate bundle ${candidate.version}'s evaluation.thresholds.${strictest[0]}`,
  };
}

/** The least number of passed tasks out of `tasks` that meets `passRate` (no float drift). */
export function passesNeeded(tasks: number, passRate: number): number {
  return Math.min(tasks, Math.ceil(tasks * passRate - 1e-9));
}

const pct = (r: number): string => `${Number((r * 100).toFixed(2))} %`;

/** Judges one offline evaluation against its stage's requirement. */
export function judgeOfflineEvidence(evidence: OfflineEvidence, req: OfflineRequirement): OfflineJudgement {
  const rate = evidence.passed / evidence.tasks;
  const needed = passesNeeded(evidence.tasks, req.passRate);
  const base = {
    required: { ...req, passed: passesNeeded(req.tasks, req.passRate) },
    observed: { tasks: evidence.tasks, passed: evidence.passed, passRate: rate, dataset: evidence.dataset ?? null },
  };
  const numbers = `${evidence.passed}/${evidence.tasks} tasks passed (${pct(rate)})`;
  if (evidence.dataset !== undefined && evidence.dataset !== req.dataset)
    return {
      ...base,
      verdict: 'incomplete',
      reason: `offline evidence is for dataset ${evidence.dataset}, but the plan's offline stage runs ${req.dataset}: the stage stays incomplete`,
    };
  if (evidence.tasks < req.tasks)
    return {
      ...base,
      verdict: 'incomplete',
      reason: `offline evidence covers ${evidence.tasks} of the ${req.tasks} tasks the plan asks for (${numbers}): the stage stays incomplete until an evaluation of at least ${req.tasks} tasks is recorded`,
    };
  if (evidence.passed < needed)
    return {
      ...base,
      verdict: 'failed',
      reason: `offline evaluation failed: ${numbers}, below the required ${pct(req.passRate)} (${needed}/${evidence.tasks}; ${req.source})`,
    };
  return {
    ...base,
    verdict: 'passed',
    reason: `offline evaluation passed: ${numbers}, at least the required ${pct(req.passRate)} (${req.source})`,
  };
}
