/**
 * Reading a validated release: its plan as typed stages, the traffic of a stage, and the checks
 * that need the other documents (the Workflow's owners, the two Bundles). Pure functions; the
 * release service calls them on apply and at readiness.
 */
import type { ErrorDetail } from '../../../errors.js';
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import type { WorkflowSpec } from '../../bundles/workflow-schema.js';
import { parseDuration } from '../../gates/language/gate-values.js';
import { asRoleList } from '../authority/owner-roles.js';
import type { ReleaseSpec, StageSpec } from './release-schema.js';

/** One plan stage, typed by kind, with its bake as milliseconds. */
export type PlanStage =
  | { index: number; kind: 'offline'; tasks: number; dataset: string }
  | { index: number; kind: 'canary'; percent: number; bakeMs: number; segment: string | null }
  | { index: number; kind: 'promote' };

/** The candidate's share of traffic: `percent` of everyone, or of `segment` only. */
export interface Traffic {
  percent: number;
  segment: string | null;
}

/** The plan as typed stages (the schema guarantees exactly one kind per stage). */
export function planStages(release: Pick<ReleaseSpec, 'plan'>): PlanStage[] {
  return release.plan.map((stage, index) => toStage(stage, index));
}

function toStage(stage: StageSpec, index: number): PlanStage {
  if (stage.offline !== undefined) return { index, kind: 'offline', ...stage.offline };
  if (stage.canary !== undefined) {
    const { percent, bake, segment } = stage.canary;
    return { index, kind: 'canary', percent, bakeMs: parseDuration(bake) ?? 0, segment: segment ?? null };
  }
  return { index, kind: 'promote' };
}

/** The candidate's traffic during stage `index` (offline: none; promote: everyone). */
export function stageTraffic(stages: readonly PlanStage[], index: number): Traffic {
  const stage = stages[index];
  if (stage === undefined || stage.kind === 'offline') return { percent: 0, segment: null };
  if (stage.kind === 'promote') return { percent: 100, segment: null };
  return { percent: stage.percent, segment: stage.segment };
}

/** The traffic of the live stage before `index`, or none when `index` is the first live stage. */
export function previousStageTraffic(stages: readonly PlanStage[], index: number): Traffic {
  for (let i = Math.min(index, stages.length) - 1; i >= 0; i -= 1) {
    if (stages[i]?.kind === 'canary') return stageTraffic(stages, i);
  }
  return { percent: 0, segment: null };
}

/**
 * R2.4: until a rollback drill of the workflow passes, the first live stage must be a
 * segment-only stage (e.g. staff) or at most 1 % of production. Apply warns; readiness checks the
 * drills (readiness/drill-port.ts) and blocks when the Workflow declares `drills:`.
 */
export function firstExposureIsLimited(release: Pick<ReleaseSpec, 'plan'>): boolean {
  const first = planStages(release).find((s) => s.kind !== 'offline');
  return first?.kind === 'canary' && (first.segment !== null || first.percent <= 1);
}

/** Definite mistakes (refuse the release) and warnings (accept, but say so). */
export interface ConsistencyReport {
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
}

/** The documents a release refers to. */
export interface ReleaseContext {
  release: ReleaseSpec;
  workflow: WorkflowSpec;
  control: BundleSpec;
  candidate: BundleSpec;
  /**
   * The segments the flag configuration of the release's environment defines now; when given, a
   * plan stage limited to another segment is warned about (a start refuses it until it exists).
   */
  segments?: readonly string[];
}

/** Checks a release against its Workflow and its two Bundles. */
export function releaseConsistency(ctx: ReleaseContext): ConsistencyReport {
  const { release, workflow, control, candidate } = ctx;
  const errors: ErrorDetail[] = [];
  if (release.workflow !== workflow.name)
    errors.push({
      path: 'workflow',
      message: `names workflow "${release.workflow}" but the Workflow is "${workflow.name}"`,
    });
  for (const [field, bundle] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    if (bundle.workflow !== release.workflow || bundle.version !== release[field])
      errors.push({
        path: field,
        message: `expects bundle ${release.workflow}@${release[field]}, got ${bundle.workflow}@${bundle.version}`,
      });
  }
  errors.push(...restoreIssues(release, control, candidate), ...authorityIssues(release, workflow));
  return { errors, warnings: [...segmentWarnings(release, ctx.segments), ...warnings(release, workflow)] };
}

/** A restore may only name components that the control or the candidate actually has. */
function restoreIssues(release: ReleaseSpec, control: BundleSpec, candidate: BundleSpec): ErrorDetail[] {
  const actions = [{ path: 'firstRollback', action: release.firstRollback }];
  if (Array.isArray(release.gates))
    release.gates.forEach((g, i) => {
      if (g.action !== undefined) actions.push({ path: `gates[${i}].action`, action: g.action });
    });
  const issues: ErrorDetail[] = [];
  for (const { path, action } of actions) {
    action.restore?.forEach((name, j) => {
      if (!(name in control.components) && !(name in candidate.components))
        issues.push({ path: `${path}.restore[${j}]`, message: `neither bundle has component "${name}"` });
    });
  }
  return issues;
}

/**
 * A canary limited to a segment the environment does not define cannot publish its traffic: SDKs
 * reject a split to an unknown segment. Segments are flag configuration, which may be set after
 * the release is applied, so this is a warning here; `releases start` refuses (409) until then.
 */
export function segmentWarnings(release: ReleaseSpec, segments: readonly string[] | undefined): ErrorDetail[] {
  if (segments === undefined) return [];
  const out: ErrorDetail[] = [];
  for (const stage of planStages(release)) {
    if (stage.kind !== 'canary' || stage.segment === null || segments.includes(stage.segment)) continue;
    out.push({
      path: `plan[${stage.index}].canary.segment`,
      message:
        `stage ${stage.index + 1} (canary ${stage.percent}% of ${stage.segment}) names segment ${stage.segment}, ` +
        `which ${release.workflow} does not define in ${release.environment}: releases start refuses until it is ` +
        `defined (ripcord segments set ${release.workflow} ${stage.segment} --env ${release.environment})`,
    });
  }
  return out;
}

function authorityIssues(release: ReleaseSpec, workflow: WorkflowSpec): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  for (const field of ['flipFlags', 'reduceAutomation'] as const) {
    for (const role of asRoleList(release.authority[field])) {
      if (workflow.owners?.[role] === undefined)
        issues.push({
          path: `authority.${field}`,
          message: `names role ${role}, which workflow ${workflow.name} does not declare in owners`,
        });
    }
  }
  return issues;
}

function warnings(release: ReleaseSpec, workflow: WorkflowSpec): ErrorDetail[] {
  const owners = workflow.owners ?? {};
  const out: ErrorDetail[] = [];
  const warn = (path: string, message: string): number => out.push({ path, message });
  if (
    owners.onCall === undefined &&
    owners.engineering === undefined &&
    owners.platform === undefined &&
    owners.incidentCommander === undefined
  )
    warn(
      'workflow.owners',
      'nobody is on call (onCall, engineering, platform or incidentCommander): only automatic rollbacks can run',
    );
  if (owners.teamLead === undefined)
    warn('workflow.owners.teamLead', 'level-2 rollbacks notify the team lead (R6.1); none is declared');
  if (owners.dataEngineeringLead === undefined)
    warn('workflow.owners.dataEngineeringLead', 'level-3 and level-4 rollbacks cannot be approved');
  if (owners.mlEngineeringLead === undefined)
    warn('workflow.owners.mlEngineeringLead', 'level-4 rollbacks cannot be approved');
  if (release.automatic.some((l) => l === 'level3' || l === 'level4'))
    warn(
      'automatic',
      'level 3 and 4 still need their approvals (R6.1); automatic only lets ripcord request them itself',
    );
  if (release.gates === 'none-accepted' && workflow.criticality === 'business-critical')
    warn('gates', 'a business-critical workflow releases without gates: nothing will roll it back automatically');
  if (!firstExposureIsLimited(release))
    warn(
      'plan',
      'the first live stage exceeds 1 % without a segment: R2.4 keeps a change behind a staff-only segment or a 1 % canary until a rollback drill of the workflow passes; releases start refuses it until then when the Workflow declares `drills:` (ripcord drills run WORKFLOW), and warns otherwise',
    );
  return out;
}
