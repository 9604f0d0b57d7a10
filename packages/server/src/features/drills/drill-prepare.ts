/**
 * Checks a drill request and plans its rollback (R8.1): production's rollback path planned by the
 * release planner at the requested level, as workflow readiness plans it; a level the planner
 * escalates or refuses is not drilled. Throws a 4xx AppError when the drill cannot run.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ReleaseSpec } from '../releases/ticket/release-schema.js';
import { productionRelease, rollbackPath } from '../releases/readiness/readiness-workflow.js';
import { numberedLevel } from '../releases/planning/rollback-levels.js';
import { planRollback } from '../releases/planning/rollback-planner.js';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import { DEFAULT_DRILL_SEGMENT, drillableWorkflow, noReleaseInProgress, unsplitConfig } from './drill-checks.js';
import type { DrillRunDeps, DrillSetup } from './drill-run.js';
import type { DrillRecord } from './drill-store.js';

/** What to drill. */
export interface DrillRequest {
  workflow: string;
  environment: string;
  level?: 1 | 2 | 3 | 4;
  reason: string;
  trigger?: DrillRecord['trigger'];
  /** A post-deployment rollback test names the promoted release. */
  release?: { id: string; name: string };
}

/** Checks the request and plans the drill's rollback: throws a 4xx AppError when it cannot run. */
export async function prepareDrill(deps: DrillRunDeps, request: DrillRequest, actor: Principal): Promise<DrillSetup> {
  const { stores } = deps;
  const target = { workflow: request.workflow, environment: request.environment };
  const workflow = await drillableWorkflow(stores, target, actor);
  const level = request.level ?? workflow.spec.drills?.level ?? 1;
  if (level > 2)
    throw new AppError(
      'bad_request',
      `level ${level} drills are not supported: their jobs (recompute features, restore data, retrain) take hours and cannot be confined to a drill segment; drill level 1 or 2`,
    );
  await noReleaseInProgress(stores, target);
  const path = await rollbackPath(stores.registry, target);
  if (!path.production?.bundle || path.target === null || !path.targetBundle)
    throw new AppError(
      'conflict',
      `nothing to drill: ${path.nothingReason ?? `production in ${request.environment} serves nothing`}`,
    );
  const segment = workflow.spec.drills?.segment ?? DEFAULT_DRILL_SEGMENT;
  const before = await unsplitConfig(deps.config, target, path.production.version, segment);
  const spec = productionRelease(target, path.production.version, path.target, level);
  const plan = planRollback({
    release: spec,
    control: path.targetBundle.spec,
    candidate: path.production.bundle.spec,
    breached: [],
    live: { stage: 1, traffic: { percent: 100, segment: null } },
  });
  refuseUndrillable(plan, level, path.production.version, path.target);
  const now = deps.clock.now();
  const id = `drill_${randomBytes(6).toString('hex')}`;
  const drill: DrillRecord = {
    id,
    workflow: request.workflow,
    environment: request.environment,
    level,
    status: 'running',
    trigger: request.trigger ?? 'manual',
    actor: actor.subject,
    reason: request.reason,
    runId: null,
    startedAt: now,
    finishedAt: null,
    detail: {
      segment,
      production: path.production.version,
      target: path.target,
      steps: [],
      rollbackMs: null,
      verification: null,
      restoreVerification: null,
      failure: null,
      flagsBefore: before.config.flags,
      ...(request.release ? { release: request.release } : {}),
    },
  };
  const release = drillRelease(id, `drill-${id.slice(6)}`, spec, actor, now);
  return { drill, release, plan, production: path.production.bundle, target: path.targetBundle, before };
}

/** A level the planner escalates or refuses cannot be drilled. */
function refuseUndrillable(plan: RollbackPlan, level: number, production: string, target: string): void {
  const lvl = numberedLevel(level as 1 | 2 | 3 | 4);
  const refusal = plan.refusals.find((r) => r.level === lvl);
  if (plan.status !== 'planned' || refusal || plan.level !== lvl)
    throw new AppError(
      'conflict',
      `a level-${level} rollback from ${production} to ${target} cannot be drilled: ${refusal?.reason ?? plan.reason ?? `the plan is ${plan.status === 'planned' ? plan.level : plan.status}`}`,
    );
}

/**
 * The release the executor sees for a drill (or chaos run): it reads id, name, workflow,
 * environment and spec. No release row exists, so `resumeRuns` skips its run.
 */
export function drillRelease(id: string, name: string, spec: ReleaseSpec, actor: Principal, now: Date): ReleaseRecord {
  return {
    id,
    workflow: spec.workflow,
    environment: spec.environment,
    name,
    spec: { ...spec, name },
    contentHash: '',
    stage: 0,
    references: {},
    createdAt: now,
    createdBy: actor.subject,
    updatedAt: now,
    startedAt: now,
    finishedAt: null,
    status: 'rolling-back',
    state: {},
  } as unknown as ReleaseRecord;
}
